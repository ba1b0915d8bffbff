import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** test/fixtures/dlp/labelled.yaml in the source tree (this file runs from dist/bench/dlp/). */
export const LABELLED_FILE = fileURLToPath(new URL('../../../test/fixtures/dlp/labelled.yaml', import.meta.url));

const Case = z.object({
  /** The detector the case was written for (or `mixed`), for grouping in reports. */
  group: z.string(),
  text: z.string(),
  /** Detector ids that must find something in `text`; every other detector must find nothing. */
  expect: z.array(z.string()),
  source: z.string().min(1),
});

/** One labelled example. */
export type LabelledCase = z.infer<typeof Case>;

/** Reads and checks the labelled set; an unknown detector id in `expect` is an error, not a silent miss. */
export function loadLabelledSet(knownIds: readonly string[], file = LABELLED_FILE): LabelledCase[] {
  const { cases } = z.object({ cases: z.array(Case).min(1) }).parse(parse(readFileSync(file, 'utf8')));
  for (const c of cases) {
    const unknown = c.expect.filter((id) => !knownIds.includes(id));
    if (unknown.length > 0) throw new Error(`${file}: case "${c.text.slice(0, 40)}" expects unknown detector(s) ${unknown.join(', ')}`);
  }
  return cases;
}

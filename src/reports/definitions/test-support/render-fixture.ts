import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import { tempDir } from '../../../../test/support/temp-dir.js';
import { loadOrCreateSigningKey, type SigningKey } from '../../../integrity/signing-key.js';
import { renderReport, type RenderedReport } from '../../render-report.js';
import type { ReportData, ReportParameters } from '../../report-data.js';
import { loadReportDefinitions } from '../load-report-definitions.js';
import type { ReportDefinition } from '../report-definition.js';
import { REPORT_SPECS } from '../../sources/embedded-sources.js';

const shipped = join(new URL('../../../../../', import.meta.url).pathname, 'reports');

/** March 2024, as a monthly report covers it; "now" is the day after. */
export const MARCH_2024: ReportParameters = {
  period: { from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-04-01T00:00:00Z') },
  now: new Date('2024-04-01T06:00:00Z'),
};
export const GENERATED_AT = new Date('2024-04-01T06:30:00Z');

/** A temp directory for the test and an appliance key in it, removed when the test ends. */
export function renderFixture(t: TestContext): {
  dir: string;
  key: SigningKey;
  otherKey: () => SigningKey;
  definition: (id: string) => Promise<ReportDefinition>;
  render: (definition: ReportDefinition, data: ReportData, parameters?: ReportParameters) => Promise<{ file: string; pdf: Buffer; rendered: RenderedReport }>;
} {
  const dir = tempDir('render-report');
  t.after(dir.remove);
  const key = loadOrCreateSigningKey(join(dir.path, 'keys', 'appliance.pem'));
  let counter = 0;
  return {
    dir: dir.path,
    key,
    otherKey: () => loadOrCreateSigningKey(join(dir.path, 'keys', `other-${counter++}.pem`)),
    definition: async (id) => {
      const found = (await loadReportDefinitions({ directories: [shipped], specs: REPORT_SPECS })).get(id);
      if (!found) throw new Error(`no shipped definition ${id}`);
      return found;
    },
    render: async (definition, data, parameters = MARCH_2024) => {
      const chunks: Buffer[] = [];
      const out = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      const rendered = await renderReport({ definition, data, parameters, generatedBy: 'auditor@corp.example', generatedAt: GENERATED_AT, appliance: { name: 'archive-1.corp.example', key } }, out);
      const pdf = Buffer.concat(chunks);
      const file = join(dir.path, `${definition.id}-${counter++}.pdf`);
      writeFileSync(file, pdf);
      return { file, pdf, rendered };
    },
  };
}

/** The PDF's text by page (`pdftotext -layout`: a table row stays on one line). */
export function pdfPages(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** bench/RESULTS.md in the source tree (this file runs from dist/bench/support/). */
export const RESULTS_FILE = fileURLToPath(new URL('../../../bench/RESULTS.md', import.meta.url));

const PREAMBLE = `# Custodian benchmarks

Each section is rewritten by its benchmark (\`npm run bench:<name>\`); the text between the
markers is generated, so edit the scripts, not the figures. Machines differ and shared machines
are noisy: compare figures within one run, and always with the machine line beside them.
`;

/**
 * Replaces (or appends) one benchmark's section of RESULTS.md, leaving the others as they are, so
 * the three benchmarks can be run in any order and each keeps its latest figures. The file is
 * written to a temporary name and renamed, so an interrupted run never leaves half a file.
 */
export function writeResultsSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : PREAMBLE;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const from = current.indexOf(begin);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from
    ? current.slice(0, from) + section + current.slice(to + end.length)
    : `${current.trimEnd()}\n\n${section}\n`;
  const temporary = `${RESULTS_FILE}.tmp`;
  writeFileSync(temporary, next);
  renameSync(temporary, RESULTS_FILE);
}

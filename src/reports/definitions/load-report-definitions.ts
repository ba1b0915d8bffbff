import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { issueProblems, readYamlSource } from '../../yaml/yaml-source.js';
import type { ReportDataSpec } from '../report-data.js';
import { checkAgainstSpec } from './check-against-spec.js';
import { definitionFileSchema } from './definition-schema.js';
import { ReportDefinitionError, type ReportDefinitionProblem } from './report-definition-error.js';
import type { ReportDefinition } from './report-definition.js';

export interface LoadReportDefinitionsOptions {
  /**
   * Directories of `*.yaml` / `*.yml` definitions, read in order, files in name order. A later
   * directory's definition replaces an earlier one with the same id (the site's over the shipped
   * ones); two with the same id in one directory are an error, as is a directory that cannot be read.
   */
  directories: string[];
  /** The data sources' specs by source name: what a definition may name. */
  specs: Record<string, ReportDataSpec>;
}

/**
 * Reads every report definition and checks it against its data source's spec.
 *
 * @throws ReportDefinitionError listing `file:line: reason` for every problem: syntax, schema,
 *   unknown source, figure, table, field or series, duplicate id. Nothing is half-loaded.
 */
export async function loadReportDefinitions(options: LoadReportDefinitionsOptions): Promise<Map<string, ReportDefinition>> {
  const problems: ReportDefinitionProblem[] = [];
  const definitions = new Map<string, ReportDefinition>();
  for (const directory of options.directories.map((path) => resolve(path))) {
    let names: string[] = [];
    try {
      names = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort();
    } catch (error) {
      problems.push({ file: directory, line: null, message: `cannot read the report definitions directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix the path in the configuration` });
    }
    const inThisDirectory = new Map<string, string>();
    for (const name of names) {
      const file = join(directory, name);
      const loaded = await loadDefinitionFile(file, options.specs, problems);
      if (!loaded) continue;
      const earlier = inThisDirectory.get(loaded.definition.id);
      if (earlier) {
        problems.push({ file, line: loaded.idLine, message: `duplicate report id "${loaded.definition.id}", first defined at ${earlier}; ids are unique within a directory` });
        continue;
      }
      inThisDirectory.set(loaded.definition.id, `${file}:${loaded.idLine}`);
      definitions.set(loaded.definition.id, loaded.definition);
    }
  }
  if (problems.length > 0) throw new ReportDefinitionError(problems);
  return definitions;
}

async function loadDefinitionFile(
  file: string,
  specs: Readonly<Record<string, ReportDataSpec>>,
  problems: ReportDefinitionProblem[],
): Promise<{ definition: ReportDefinition; idLine: number } | null> {
  const source = await readYamlSource(file, problems);
  if (!source) return null;
  const parsed = definitionFileSchema.safeParse(source.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueProblems(issue, source));
    return null;
  }
  const mismatches = checkAgainstSpec(parsed.data, specs);
  for (const mismatch of mismatches) problems.push({ file, line: source.lineOf(mismatch.path), message: `${mismatch.path.join('.')}: ${mismatch.message}` });
  if (mismatches.length > 0) return null;
  return { definition: { ...parsed.data, file }, idLine: source.lineOf(['id']) };
}

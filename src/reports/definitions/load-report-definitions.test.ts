import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.js';
import { loadReportDefinitions } from './load-report-definitions.js';
import { ReportDefinitionError } from './report-definition-error.js';
import type { ReportDefinition } from './report-definition.js';
import { REPORT_SPECS } from '../sources/embedded-sources.js';

const shipped = join(new URL('../../../../', import.meta.url).pathname, 'reports');

/** Writes definition files (name → YAML) into a fresh directory per test. */
function writeDefinitions(t: TestContext, files: Record<string, string>, sub = 'site'): string {
  const dir = tempDir('report-definitions');
  t.after(dir.remove);
  const path = join(dir.path, sub);
  mkdirSync(path);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  return path;
}

async function refused(directories: string[]): Promise<ReportDefinitionError> {
  try {
    await loadReportDefinitions({ directories, specs: REPORT_SPECS });
  } catch (error) {
    assert.ok(error instanceof ReportDefinitionError, `expected ReportDefinitionError, got ${String(error)}`);
    return error;
  }
  assert.fail('the definitions loaded, but they should have been refused');
}

function assertProblem(error: ReportDefinitionError, file: string, line: number, pattern: RegExp): void {
  const found = error.problems.find((p) => p.file.endsWith(file) && p.line === line && pattern.test(p.message));
  assert.ok(found, `no problem ${file}:${line} ${pattern} in:\n${error.message}`);
  assert.ok(error.message.includes(`${file}:${line}: `), error.message);
}

const MINIMAL = `id: dlp-incidents
title: Incidents
description: Incidents in the period.
source: dlp
sections:
  - heading: Summary
    figures:
      - { figure: incidentsInPeriod, label: Incidents }
`;

/** What each shipped report must show, per the issue: its source and the charts it draws. */
const SHIPPED: Array<{ id: string; source: string; charts: string[]; tables: string[] }> = [
  { id: 'retention', source: 'retention', charts: ['bar:expiriesByMonth', 'line:deletionsByWeek'], tables: ['policies', 'deletions', 'blockingHolds'] },
  { id: 'case', source: 'case', charts: ['bar:messagesByMonth'], tables: ['custodians', 'holds', 'searches', 'reviewTags', 'exports', 'timeline'] },
  { id: 'dlp-incidents', source: 'dlp', charts: ['line:incidentsByWeek', 'bar:topRules'], tables: ['byRule', 'bySeverity', 'byWeek', 'bySender', 'byDomain'] },
  { id: 'audit', source: 'audit', charts: ['bar:entriesByDay'], tables: ['unusual', 'byActor', 'byAction', 'exports', 'deletions'] },
  { id: 'integrity', source: 'integrity', charts: ['line:ledgerEntriesByWeek'], tables: ['runs', 'findings', 'checkpoints'] },
];

describe('loadReportDefinitions', () => {
  it('loads the five shipped definitions against the data sources\' specs', async () => {
    const definitions = await loadReportDefinitions({ directories: [shipped], specs: REPORT_SPECS });
    assert.deepEqual([...definitions.keys()].sort(), SHIPPED.map((s) => s.id).sort());
  });

  for (const expected of SHIPPED) {
    it(`ships the ${expected.id} report with its charts, its tables and an explanation for every section but short tables`, async () => {
      const definition = (await loadReportDefinitions({ directories: [shipped], specs: REPORT_SPECS })).get(expected.id) as ReportDefinition;
      assert.equal(definition.source, expected.source);
      assert.match(definition.file, new RegExp(`reports/${expected.id}\\.yaml$`));
      const charts = definition.sections.flatMap((s) => ('chart' in s ? [`${s.chart.kind}:${s.chart.series}`] : []));
      const tables = definition.sections.flatMap((s) => ('table' in s ? [s.table.data] : []));
      assert.deepEqual(charts.sort(), [...expected.charts].sort());
      assert.deepEqual(tables.sort(), [...expected.tables].sort());
      assert.ok('figures' in (definition.sections[0] ?? {}), 'the first section gives the key figures');
      const unexplained = definition.sections.filter((s) => s.text === undefined && !('table' in s && s.table.columns.length <= 2));
      assert.deepEqual(unexplained.map((s) => s.heading), []);
    });
  }

  it('refuses a typo in a table field with file, line and the field meant', async (t) => {
    const dir = writeDefinitions(t, {
      'dlp.yaml': `${MINIMAL}  - heading: By rule
    table:
      data: byRule
      columns:
        - { field: rule, title: Rule }
        - { field: incidnets, title: Incidents }
`,
    });
    const error = await refused([dir]);
    assert.equal(error.problems.length, 1);
    assertProblem(error, 'dlp.yaml', 14, /sections\.1\.table\.columns\.1\.field: unknown field of table byRule: "incidnets"; did you mean "incidents"\?/);
  });

  it('refuses an unknown source, figure, table and series, each at its line', async (t) => {
    const dir = writeDefinitions(t, {
      'a.yaml': MINIMAL.replace('source: dlp', 'source: dlpp'),
      'b.yaml': `${MINIMAL.replace('id: dlp-incidents', 'id: b').replace('incidentsInPeriod', 'incidentsInPeriode')}  - heading: T
    table: { data: byRuleset, columns: [{ field: rule, title: Rule }] }
  - heading: C
    chart: { kind: bar, series: weekly, title: Weekly }
`,
    });
    const error = await refused([dir]);
    assertProblem(error, 'a.yaml', 4, /^source: unknown data source: "dlpp"; did you mean "dlp"\?/);
    assertProblem(error, 'b.yaml', 8, /figure in data source dlp: "incidentsInPeriode"; did you mean "incidentsInPeriod"/);
    assertProblem(error, 'b.yaml', 10, /unknown table in data source dlp: "byRuleset"; did you mean "byRule"/);
    assertProblem(error, 'b.yaml', 12, /unknown series in data source dlp: "weekly"; it has incidentsByWeek, topRules/);
  });

  it('refuses a section with both a table and a chart, an unknown key and a bad chart kind, at their lines', async (t) => {
    const dir = writeDefinitions(t, {
      'x.yaml': `${MINIMAL}  - heading: Both
    table: { data: byRule, columns: [{ field: rule, title: Rule }] }
    chart: { kind: pie, series: topRules, title: Top }
  - heading: Typo
    txt: explained
    figures: [{ figure: openIncidents, label: Open }]
`,
    });
    const error = await refused([dir]);
    assertProblem(error, 'x.yaml', 11, /sections\.1\.chart\.kind: /);
    assertProblem(error, 'x.yaml', 13, /sections\.2\.txt: unknown key "txt"; allowed here: heading, text, figures, table, chart/);
  });

  it('says which one of figures, table or chart a section lacks or has too many of', async (t) => {
    const dir = writeDefinitions(t, {
      'x.yaml': `${MINIMAL}  - heading: Both
    table: { data: byRule, columns: [{ field: rule, title: Rule }] }
    chart: { kind: bar, series: topRules, title: Top }
  - heading: Nothing
    text: explained
`,
    });
    const error = await refused([dir]);
    assertProblem(error, 'x.yaml', 9, /sections\.1: a section shows exactly one of figures, table or chart, this one has table and chart/);
    assertProblem(error, 'x.yaml', 12, /sections\.2: a section shows one of `figures:`, `table:` or `chart:`; add one/);
  });

  it('reports YAML syntax errors and duplicate ids in one directory with their lines', async (t) => {
    const dir = writeDefinitions(t, {
      'a.yaml': MINIMAL,
      'b.yaml': MINIMAL,
      'c.yaml': 'id: c\ntitle: [unclosed\n',
    });
    const error = await refused([dir]);
    assertProblem(error, 'b.yaml', 1, /duplicate report id "dlp-incidents", first defined at .*a\.yaml:1/);
    assert.ok(error.problems.some((p) => p.file.endsWith('c.yaml') && p.line !== null && p.message.startsWith('YAML syntax: ')), error.message);
  });

  it('lets a site definition replace a shipped one with the same id', async (t) => {
    const site = writeDefinitions(t, { 'mine.yaml': MINIMAL.replace('title: Incidents', 'title: Our incidents') });
    const definitions = await loadReportDefinitions({ directories: [shipped, site], specs: REPORT_SPECS });
    assert.equal(definitions.get('dlp-incidents')?.title, 'Our incidents');
    assert.equal(definitions.get('retention')?.title, 'Retention report');
    assert.equal(definitions.size, 5);
  });

  it('refuses a directory that cannot be read', async () => {
    const error = await refused(['/nonexistent/report-definitions']);
    assert.match(error.message, /\/nonexistent\/report-definitions: cannot read the report definitions directory \(ENOENT\)/);
  });
});

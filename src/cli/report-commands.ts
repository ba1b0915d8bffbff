import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliSource } from '../audit/audit-source.js';
import type { Config } from '../config/schema.js';
import { CaseNotFoundError } from '../holds/holds-errors.js';
import { InvalidReportRequestError, UnknownReportError } from '../reports/report-errors.js';
import { reportDateSchema } from '../reports/report-request-schema.js';
import type { ReportService } from '../reports/report-service.js';

/** The report service on the data directory, composed by the application (it owns the adapters). */
export interface OpenedReports {
  service: Pick<ReportService, 'reports' | 'generate'>;
  /** Closes the database and writer; call after the report is written. */
  close(): Promise<void>;
}

export type OpenReports = (config: Readonly<Config>) => Promise<OpenedReports>;

interface RunOptions {
  from?: string;
  to?: string;
  case?: string;
  out?: string;
}

/** Exit statuses: 2 for a request that cannot be right (usage), 1 for a failure while rendering. */
const EXIT_USAGE = 2;

/**
 * `custodian report …`, a command with subcommands:
 * - `custodian report <name> --from <date> --to <date> [--case <id>] --out <file.pdf>` (also
 *   spelled `custodian report run <name> …`): renders the report now, writing `<file.pdf>` and
 *   `<file.pdf>.sig.json`; audited as `report.generate` with actor and source `cli:<os user>`.
 *   Dates are ISO-8601 (`2024-01-31`, midnight UTC, or a date-time with offset); `--to` is
 *   exclusive.
 * - `custodian report list`: the reports on offer.
 * - `custodian report verify …` is added by `addReportVerifyCommand` on the returned command.
 *
 * A report name that is also a subcommand's (`list`, `run`, `verify`) must be run as
 * `custodian report run <name>`. Returns the `report` command so other areas can add
 * subcommands to it.
 */
export function addReportCommands(program: Command, configOrExit: () => Readonly<Config>, open: OpenReports): Command {
  const report = program
    .command('report')
    .description('PDF reports: render one now (custodian report <name> --from … --to … --out file.pdf), list them, verify a copy')
    .argument('[name]', 'report id (see `custodian report list`)');
  withRunOptions(report).action(async (name: string | undefined, options: RunOptions) => {
    if (name === undefined) return report.help();
    await run(report, configOrExit, open, name, options);
  });

  withRunOptions(report.command('run').description('render a report now into --out (and --out.sig.json)').argument('<name>', 'report id'))
    // The parent takes the same options (for the short form) and commander hands it any it knows, wherever they stand.
    .action(async (name: string, _options: RunOptions, command: Command) => run(command, configOrExit, open, name, command.optsWithGlobals<RunOptions>()));

  report
    .command('list')
    .description('list the reports on offer')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const opened = await open(configOrExit());
      try {
        const reports = opened.service.reports();
        if (options.json) {
          console.log(JSON.stringify(reports, null, 2));
          return;
        }
        const width = Math.max(...reports.map((r) => r.id.length), 2);
        for (const r of reports) console.log(`${r.id.padEnd(width)}  ${r.title}${r.needsCase ? '  (needs --case)' : ''}\n${' '.repeat(width)}  ${r.description}`);
      } finally {
        await opened.close();
      }
    });

  return report;
}

function withRunOptions(command: Command): Command {
  return command
    .option('--from <date>', 'start of the period, inclusive: ISO-8601 date (2024-01-01, UTC) or date-time with offset')
    .option('--to <date>', 'end of the period, exclusive: ISO-8601 date or date-time with offset')
    .option('--case <id>', 'the case (case reports only)')
    .option('-o, --out <file.pdf>', 'where to write the PDF; its signature goes to <file.pdf>.sig.json');
}

async function run(command: Command, configOrExit: () => Readonly<Config>, open: OpenReports, name: string, options: RunOptions): Promise<void> {
  const from = dateOption(command, '--from', options.from);
  const to = dateOption(command, '--to', options.to);
  if (from >= to) command.error(`--to (${options.to}) must be after --from (${options.from}): the period is [from, to)`, { exitCode: EXIT_USAGE });
  if (options.out === undefined) command.error('--out <file.pdf> is required', { exitCode: EXIT_USAGE });
  const out = resolve(options.out);
  const opened = await open(configOrExit());
  try {
    const source = cliSource();
    const written = await opened.service.generate({ report: name, period: { from, to }, ...(options.case === undefined ? {} : { caseId: options.case }), actor: source, source }, out);
    console.error(`wrote ${written.file} (${written.size} bytes, SHA-256 ${written.sha256}) and its signature ${written.signatureFile}`);
  } catch (error) {
    if (error instanceof UnknownReportError || error instanceof InvalidReportRequestError || error instanceof CaseNotFoundError) {
      command.error(`report ${name}: ${error.message}`, { exitCode: EXIT_USAGE });
    }
    throw error;
  } finally {
    await opened.close();
  }
}

function dateOption(command: Command, flag: string, text: string | undefined): Date {
  if (text === undefined) command.error(`${flag} <date> is required`, { exitCode: EXIT_USAGE });
  const parsed = reportDateSchema.safeParse(text);
  if (!parsed.success) command.error(`${flag} ${text}: must be an ISO-8601 date (2024-01-31) or date-time with offset (2024-01-31T09:00:00Z)`, { exitCode: EXIT_USAGE });
  return parsed.data;
}

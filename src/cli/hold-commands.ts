import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { cliSource } from '../audit/audit-source.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import type { Config } from '../config/schema.js';
import { GroupCommit } from '../db/group-commit.js';
import { openDatabase } from '../db/open-database.js';
import { caseCriteriaOf, newCaseSchema, reasonSchema } from '../holds/case-request-schemas.js';
import { InvalidCaseError } from '../holds/holds-errors.js';
import { SqliteLegalHolds } from '../holds/sqlite/sqlite-legal-holds.js';
import { validateCase } from '../holds/validate-case.js';
import { QuerySyntaxError } from '../query/query-syntax-error.js';

interface CaseCreateOptions {
  name: string;
  description?: string;
  custodian?: string[];
  query?: string;
  sentFrom?: string;
  sentBefore?: string;
  all?: boolean;
}

/**
 * `custodian case create|list|show` and `custodian hold place|release`, on the data directory's
 * database (safe while the appliance runs: SQLite serialises the writes, and the appliance reads
 * holds from the database on every check). Changes are audited before they are applied, with the
 * operating-system user as actor. `hold place` and `hold release` finish their background work
 * (backfill, purge) before exiting; if interrupted, the hold is in force regardless and the
 * appliance completes the work at its next start.
 */
export function addHoldCommands(program: Command, loadConfig: () => Readonly<Config>): void {
  const withHolds = async <T>(action: (stores: Stores) => Promise<T>): Promise<T> => {
    const stores = openStores(loadConfig());
    try {
      return await action(stores);
    } finally {
      await stores.close();
    }
  };
  const fail = (message: string): never => program.error(message, { exitCode: 2 });
  const reasonOf = (reason: string): string => {
    const parsed = reasonSchema.safeParse({ reason });
    return parsed.success ? parsed.data.reason : fail('--reason must say why (1 to 4000 characters)');
  };

  const legalCase = program.command('case').description('legal cases: custodians, query and date range that holds apply to');
  legalCase
    .command('create')
    .description('open a case and print it (JSON)')
    .requiredOption('--name <name>', 'the matter, e.g. "Acme v. Corp"')
    .option('--description <text>', 'what the matter is about')
    .option('--custodian <address...>', 'addresses whose mail the case covers, in any role (From, To, Cc, Bcc, journal, envelope)')
    .option('--query <query>', 'a search-language query the messages must also match')
    .option('--sent-from <iso>', 'only messages sent (Date header, else received) on or after this ISO-8601 time')
    .option('--sent-before <iso>', 'only messages sent before this ISO-8601 time')
    .option('--all', 'cover every message (only without --custodian and --query)')
    .action((options: CaseCreateOptions) =>
      withHolds(async ({ holds, audit, actor }) => {
        const parsed = newCaseSchema.safeParse({
          name: options.name, description: options.description, custodians: options.custodian, query: options.query,
          sentFrom: options.sentFrom, sentBefore: options.sentBefore, scope: options.all ? 'all' : 'criteria',
        });
        if (!parsed.success) return fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
        const request = parsed.data;
        const criteria = caseCriteriaOf(request);
        try {
          validateCase(criteria);
        } catch (error) {
          if (error instanceof InvalidCaseError || error instanceof QuerySyntaxError) fail(error.message);
          throw error;
        }
        const id = randomUUID();
        await audit.append({
          actor, source: actor, action: 'case.create',
          detail: { caseId: id, name: request.name, description: request.description, ...criteria },
        });
        const created = await holds.createCase({ id, name: request.name, description: request.description, ...criteria, createdBy: actor });
        console.log(JSON.stringify(created, null, 2));
      }),
    );

  legalCase
    .command('list')
    .description('list cases, newest first: id, created, name')
    .option('--limit <n>', 'how many', '100')
    .action((options: { limit: string }) =>
      withHolds(async ({ holds, audit, actor }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1) fail('--limit must be a positive integer');
        const cases = await holds.listCases({ limit, offset: 0 });
        await audit.append({ actor, source: actor, action: 'case.list', detail: { limit, offset: 0, returnedIds: cases.map((c) => c.id) } });
        for (const c of cases) console.log([c.id, c.createdAt, c.name].join('\t'));
      }),
    );

  legalCase
    .command('show')
    .description('print a case with its holds and held-message count (JSON)')
    .argument('<id>', 'the case id')
    .action((id: string) =>
      withHolds(async ({ holds, audit, actor }) => {
        const detail = (await holds.getCase(id)) ?? fail(`no case ${id}`);
        await audit.append({ actor, source: actor, action: 'case.read', detail: { caseId: id } });
        console.log(JSON.stringify(detail, null, 2));
      }),
    );

  const hold = program.command('hold').description('legal holds: preserve every message of a case until released');
  hold
    .command('place')
    .description('place a hold on a case (in force at once), then attach the archived messages and print the hold id')
    .argument('<caseId>', 'the case id')
    .requiredOption('--reason <text>', 'why, in words a court could read')
    .action((caseId: string, options: { reason: string }) =>
      withHolds(async ({ holds, audit, actor }) => {
        const reason = reasonOf(options.reason);
        if ((await holds.getCase(caseId)) === null) fail(`no case ${caseId}`);
        const id = randomUUID();
        await audit.append({ actor, source: actor, action: 'hold.place', detail: { holdId: id, caseId, reason } });
        await holds.placeHold({ id, caseId, placedBy: actor, reason });
        console.log(id);
        console.error(`hold ${id} in force; attaching archived messages (interrupting is safe: the appliance resumes it)`);
        await holds.idle();
        const detail = await holds.getCase(caseId);
        console.error(`done: ${detail?.heldMessageCount ?? 0} messages held by the case's holds`);
      }),
    );

  hold
    .command('release')
    .description('release a hold; its messages fall back under their retention policies')
    .argument('<holdId>', 'the hold id')
    .requiredOption('--reason <text>', 'why, in words a court could read')
    .action((holdId: string, options: { reason: string }) =>
      withHolds(async ({ holds, audit, actor }) => {
        const reason = reasonOf(options.reason);
        const current = (await holds.getHold(holdId)) ?? fail(`no hold ${holdId}`);
        if (current.releasedAt !== null) fail(`hold ${holdId} was already released at ${current.releasedAt}`);
        await audit.append({ actor, source: actor, action: 'hold.release', detail: { holdId, caseId: current.caseId, reason } });
        await holds.releaseHold({ id: holdId, releasedBy: actor, reason });
        await holds.idle();
        console.error(`hold ${holdId} released`);
      }),
    );
}

type Stores = ReturnType<typeof openStores>;

function openStores(config: Readonly<Config>) {
  const db = openDatabase(join(resolve(config.dataDir), 'custodian.db'));
  const writer = new GroupCommit(db);
  const holds = new SqliteLegalHolds(db, writer, {
    onProgress: (progress) => {
      if (progress.done) console.error(`${progress.phase} of hold ${progress.holdId} complete`);
    },
    onError: (error, holdId) => console.error(`background work of hold ${holdId} failed (the appliance resumes it):`, error),
  });
  return {
    holds,
    audit: createSqliteAuditLog(db),
    actor: cliSource(),
    async close() {
      await holds.stop();
      await writer.close();
      db.close();
    },
  };
}

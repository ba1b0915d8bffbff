import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { createSqliteTokenStore } from '../auth/sqlite-token-store.js';
import { isRole, ROLES, type TokenStore } from '../auth/token-store.js';
import type { AuditLog } from '../audit/audit-log.js';
import { openClusterStores } from '../app/cluster/cluster-stores.js';
import { connectSearchEngine } from '../search-engine/connect-search-engine.js';
import { createLogger } from '../logging.js';
import type { Config } from '../config/schema.js';
import { openDatabase } from '../db/open-database.js';

/**
 * `custodian token create|list|revoke`: API tokens for officers and auditors, managed on the
 * data directory's database (safe while the appliance runs: SQLite serialises the writes) or, on
 * the cluster profile, in the search cluster.
 * Every change is written to the audit log with the operating-system user as the actor.
 */
export function addTokenCommands(program: Command, loadConfig: () => Readonly<Config>): void {
  const token = program.command('token').description('manage API tokens (roles: admin, officer, auditor)');

  const withStore = async <T>(action: (stores: TokenStores) => Promise<T>): Promise<T> => {
    const stores = await openStores(loadConfig());
    try {
      return await action(stores);
    } finally {
      await stores.close();
    }
  };

  token
    .command('create')
    .description('mint a token and print it once (only its hash is kept)')
    .argument('<name>', 'who or what the token is for; recorded as the actor in the audit log')
    .requiredOption('-r, --role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (name: string, options: { role: string }) => {
      if (!isRole(options.role)) program.error(`--role must be one of ${ROLES.join(', ')}`, { exitCode: 2 });
      const role = options.role;
      await withStore(async ({ tokens, audit, actor }) => {
        const created = await tokens.create(name, role);
        try {
          await audit.append({ actor, source: actor, action: 'token.create', detail: { id: created.id, name, role } });
        } catch (error) {
          // A token nobody saw made and nothing recorded is worse than none: take it back, then fail.
          await tokens.revoke(created.id);
          throw error;
        }
        console.log(created.token);
        console.error(`token ${created.id} (${role}) created for ${name}; it is shown only this once`);
      });
    });

  token
    .command('list')
    .description('list tokens: id, role, name, created')
    .action(() =>
      withStore(async ({ tokens }) => {
        for (const t of await tokens.list()) console.log([t.id, t.role, t.name, t.createdAt].join('\t'));
      }),
    );

  token
    .command('revoke')
    .description('delete a token; requests bearing it are refused from then on')
    .argument('<id>', 'the token id shown by `custodian token list`')
    .action((id: string) =>
      withStore(async ({ tokens, audit, actor }) => {
        const revoked = await tokens.revoke(id);
        if (!revoked) program.error(`no token with id ${id}`, { exitCode: 1 });
        await audit.append({ actor, source: actor, action: 'token.revoke', detail: { id } });
        console.error(`token ${id} revoked`);
      }),
    );
}

interface TokenStores {
  tokens: TokenStore;
  audit: AuditLog;
  actor: string;
  close(): Promise<void>;
}

/** The token store and audit log of the configured profile: the data directory's database, or the search cluster. */
async function openStores(config: Readonly<Config>): Promise<TokenStores> {
  const actor = `cli:${userInfo().username}`;
  if (config.profile === 'cluster') {
    const engine = await connectSearchEngine(config.cluster.search, { logger: createLogger('warn') });
    const stores = await openClusterStores(engine, config.cluster.search.indexPrefix);
    return { tokens: stores.tokens, audit: stores.audit, actor, close: () => engine.close() };
  }
  const db = openDatabase(join(resolve(config.dataDir), 'custodian.db'));
  return {
    tokens: createSqliteTokenStore(db),
    audit: createSqliteAuditLog(db),
    actor,
    close: async () => {
      db.close();
    },
  };
}

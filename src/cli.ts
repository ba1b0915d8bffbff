#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from './config/load-config.js';
import { printableConfig } from './config/print-config.js';
import { startEmbeddedAppliance } from './app/embedded-appliance.js';
import { CLUSTER_ROLES, type ClusterRole } from './app/cluster/cluster-roles.js';
import { startClusterRoles } from './app/cluster/start-cluster-roles.js';
import { openComplianceOnDataDir, openDiscoveryOnDataDir } from './app/open-compliance.js';
import { addAuditCommands } from './cli/audit-commands.js';
import { addBayesCommands } from './cli/bayes-commands.js';
import { addExportCommands } from './cli/export-commands.js';
import { addHoldCommands } from './cli/hold-commands.js';
import { addProofCommands } from './cli/proof-commands.js';
import { addReportCommands } from './cli/report-commands.js';
import { addReportVerifyCommand } from './cli/report-verify-command.js';
import { addRetentionCommands } from './cli/retention-commands.js';
import { addVerifyCommands } from './cli/verify-commands.js';
import { addTokenCommands } from './cli/token-commands.js';
import { createLogger } from './logging.js';
import { BayesModelError } from './rules/bayes/index.js';
import { ReportDefinitionError } from './reports/definitions/report-definition-error.js';
import { RetentionPolicyLoadError } from './retention/policies/retention-policy-load-error.js';
import { RuleLoadError } from './rules/pack/rule-load-error.js';
import { hashPassword } from './smtp/password-hash.js';

// Everything this program creates (database, blobs, tokens) holds mail or keys: owner only.
process.umask(0o077);

const program = new Command()
  .name('custodian')
  .description('Email compliance archive: journaling SMTP sink, byte-exact archive, search API.')
  .option('-c, --config <file>', 'YAML configuration file (default: ./custodian.yaml if present; env CUSTODIAN_CONFIG)')
  .option('--print-config', 'print the merged configuration (secrets masked) and exit')
  .showHelpAfterError();

program
  .command('start')
  .description('run the whole appliance in one process: SMTP sink, pipeline, API and scheduler (either profile)')
  .action(() => runRoles(CLUSTER_ROLES));

for (const [role, description] of [
  ['smtp', 'cluster profile: run only the journaling SMTP sink (spool on the shared data directory, jobs to Redis)'],
  ['worker', 'cluster profile: run only pipeline workers (parse, unjournal, classify, archive, index)'],
  ['api', 'cluster profile: run only the HTTP API'],
  ['scheduler', 'cluster profile: run only the scheduler (the spool sweep that hands Redis again what it lost)'],
] as const) {
  program.command(role).description(description).action(() => runRoles([role]));
}

/** Starts the given roles (all of them: `start`) on the configured profile and runs until a signal. */
async function runRoles(roles: readonly ClusterRole[]): Promise<void> {
  const config = configOrExit();
  if (program.opts().printConfig) return printConfig(config);
  if (config.profile === 'embedded' && roles.length < CLUSTER_ROLES.length) {
    console.error(`custodian ${roles.join(' ')} runs one role of the cluster profile; this configuration's profile is embedded: use custodian start, or set profile: cluster`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  // A signal while start-up still waits (for the search cluster) ends the wait and exits cleanly.
  const starting = new AbortController();
  const abortStart = (signal: string) => starting.abort(new Error(`${signal} during start-up`));
  process.once('SIGTERM', abortStart).once('SIGINT', abortStart);
  const start = config.profile === 'embedded'
    ? startEmbeddedAppliance(config, logger)
    : startClusterRoles(config, logger, roles, { signal: starting.signal });
  const appliance = await start.catch((error: unknown) => {
    if (starting.signal.aborted) {
      logger.info({ reason: (starting.signal.reason as Error).message }, 'stopped before start-up finished');
      process.exit(0);
    }
    if (!isConfigurationFileError(error)) throw error;
    console.error(error.message);
    process.exit(78); // EX_CONFIG: rule packs, the Bayes model, retention policies and report definitions are configuration
  });
  process.off('SIGTERM', abortStart).off('SIGINT', abortStart);
  // SIGHUP reloads the rule packs (and, embedded, the retention policies); a set with problems is refused (and logged), the old one stays.
  process.on('SIGHUP', () => {
    appliance.reload().catch((error: unknown) => logger.error({ err: error }, 'reload failed'));
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down: no new mail accepted, finishing jobs in flight');
    appliance.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

program
  .command('hash-password')
  .description('read a password on standard input and print the hash to put in smtp.auth.users[].passwordHash')
  .action(async () => {
    const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
    if (!password) {
      console.error('hash-password: no password on standard input');
      process.exit(2);
    }
    console.log(await hashPassword(password));
  });

addTokenCommands(program, configOrExit);
addBayesCommands(program);
addAuditCommands(program, embeddedConfigOrExit);
addHoldCommands(program, embeddedConfigOrExit);
addProofCommands(program, embeddedConfigOrExit);
addVerifyCommands(program, embeddedConfigOrExit);
addRetentionCommands(program, embeddedConfigOrExit, async (config) => {
  const opened = await openComplianceOnDataDir(config, createLogger(config.logLevel));
  return { sweeper: opened.compliance.sweeper, close: () => opened.close() };
});

addExportCommands(program);
const reportCommand = addReportCommands(program, embeddedConfigOrExit, async (config) => {
  const opened = await openDiscoveryOnDataDir(config, createLogger(config.logLevel));
  return { service: opened.discovery.reports, close: () => opened.close() };
});
addReportVerifyCommand(reportCommand);

program.action(() => {
  const config = configOrExit();
  if (program.opts().printConfig) return printConfig(config);
  program.help();
});

function configOrExit() {
  try {
    return loadConfig({ file: program.opts().config as string | undefined });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * The configuration of a command that works on the embedded profile's database (tokens, audit,
 * holds, proofs, verification, retention, reports); on the cluster profile it exits with a clear
 * message instead of opening an unrelated SQLite file in the shared data directory.
 */
function embeddedConfigOrExit() {
  const config = configOrExit();
  if (config.profile !== 'embedded') {
    console.error(`custodian ${process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? ''} works on the embedded profile's database; the cluster profile does not run it in this version`);
    process.exit(2);
  }
  return config;
}

/** An invalid file of the configuration's family (rule packs, Bayes model, policies, report definitions): exit 78 with its message. */
function isConfigurationFileError(error: unknown): error is Error {
  return error instanceof RuleLoadError || error instanceof BayesModelError || error instanceof RetentionPolicyLoadError || error instanceof ReportDefinitionError;
}

function printConfig(config: ReturnType<typeof loadConfig>): void {
  process.stdout.write(stringify(printableConfig(config)));
}

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

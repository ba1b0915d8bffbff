#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { ConfigError, loadConfig } from './config/load-config.js';
import { printableConfig } from './config/print-config.js';
import { startEmbeddedAppliance } from './app/embedded-appliance.js';
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
  .description('run the whole appliance in one process (embedded profile: SMTP sink, pipeline, API)')
  .action(async () => {
    const config = configOrExit();
    if (program.opts().printConfig) return printConfig(config);
    const logger = createLogger(config.logLevel);
    const appliance = await startEmbeddedAppliance(config, logger).catch((error: unknown) => {
      if (!isConfigurationFileError(error)) throw error;
      console.error(error.message);
      process.exit(78); // EX_CONFIG: rule packs, the Bayes model, retention policies and report definitions are configuration
    });
    // SIGHUP reloads the rule packs and retention policies; a set with problems is refused (and logged), the old one stays.
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
  });

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
addAuditCommands(program, configOrExit);
addHoldCommands(program, configOrExit);
addProofCommands(program, configOrExit);
addVerifyCommands(program, configOrExit);
addRetentionCommands(program, configOrExit, async (config) => {
  const opened = await openComplianceOnDataDir(config, createLogger(config.logLevel));
  return { sweeper: opened.compliance.sweeper, close: () => opened.close() };
});

addExportCommands(program);
const reportCommand = addReportCommands(program, configOrExit, async (config) => {
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

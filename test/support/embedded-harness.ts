import { pino } from 'pino';
import { startEmbeddedAppliance, type RunningAppliance } from '../../src/app/embedded-appliance.js';
import { loadConfig } from '../../src/config/load-config.js';
import { applianceHarness, type ApplianceHarness } from './appliance-harness.js';
import { tempDir } from './temp-dir.js';

export interface Harness extends ApplianceHarness {
  appliance: RunningAppliance;
}

/** Starts a real embedded appliance in this process on free ports and a fresh data directory. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = tempDir('e2e');
  const config = loadConfig({
    env: {
      CUSTODIAN_DATA_DIR: dir.path,
      CUSTODIAN_SMTP__PORT: '0',
      CUSTODIAN_API__PORT: '0',
      CUSTODIAN_LOG_LEVEL: 'error',
      ...env,
    },
  });
  const appliance = await startEmbeddedAppliance(config, pino({ level: 'error' }));
  const harness = applianceHarness({
    smtpPort: appliance.smtpPort,
    apiUrl: appliance.apiUrl,
    dataDir: dir.path,
    stop: async () => {
      await appliance.close();
      dir.remove();
    },
  });
  return { ...harness, appliance };
}

import { startApplianceProcess, type ApplianceProcess } from '../../test/support/appliance-process.js';
import { stopChild } from './child-process.js';
import type { Cleanup } from './run-bench.js';

/**
 * Starts `custodian start` (sink, pipeline, API) as a child process on a fresh data directory, as
 * an operator would run it, with durability as shipped; `cleanup` stops it however the benchmark
 * ends. A separate process keeps the benchmark's own client work off the appliance's event loop
 * and lets us read its peak RSS from /proc.
 */
export async function startApplianceChild(cleanup: Cleanup, dataDir: string, env: Record<string, string> = {}): Promise<ApplianceProcess> {
  const appliance = await startApplianceProcess(dataDir, env);
  cleanup.add(`stop custodian (pid ${appliance.pid})`, () => stopChild(appliance.child));
  return appliance;
}

/**
 * The measured part of bench:verify, in a child process of its own so that its peak RSS is the
 * verification's alone (not the archive build's). `node measure-verification.js <dataDir> [--skip-blobs]`
 * prints one JSON `VerificationFigures` line on stdout.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load-config.js';
import { openDataDirVerification } from '../../src/integrity/verify/data-dir-verification.js';
import { runVerification } from '../../src/integrity/verify/run-verification.js';

export interface VerificationFigures {
  state: string;
  findings: number;
  seconds: number;
  /** Seconds each check took, in run order (skipped checks absent). */
  checks: Array<{ check: string; checked: number; seconds: number }>;
  /** ru_maxrss of this process, MiB: includes the database pages SQLite maps (mmap_size, up to 1 GiB), which the OS can drop at will. */
  peakRssMiB: number;
  /** Highest anonymous resident memory sampled (RssAnon, every 100 ms), MiB: the heap and buffers the verification itself holds. */
  peakAnonMiB: number;
}

/** RssAnon from /proc/self/status, MiB (0 off Linux). */
function anonMiB(): number {
  try {
    const kib = /^RssAnon:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : 0;
  } catch {
    return 0;
  }
}

const [dataDir, flag] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: measure-verification.js <dataDir> [--skip-blobs]');
const opened = openDataDirVerification(loadConfig({ env: { CUSTODIAN_DATA_DIR: dataDir } }));
let peakAnonMiB = anonMiB();
const sampler = setInterval(() => (peakAnonMiB = Math.max(peakAnonMiB, anonMiB())), 100);
try {
  const started = performance.now();
  let checkStarted = started;
  const checks: VerificationFigures['checks'] = [];
  const summary = await runVerification(opened.deps, {
    trigger: 'cli', actor: 'bench', skipBlobs: flag === '--skip-blobs',
    onProgress: (progress) => {
      for (const entry of progress) {
        if (entry.state !== 'done' || checks.some((c) => c.check === entry.check)) continue;
        const now = performance.now();
        checks.push({ check: entry.check, checked: entry.checked, seconds: (now - checkStarted) / 1000 });
        checkStarted = now;
      }
    },
  });
  const figures: VerificationFigures = {
    state: summary.state,
    findings: summary.findings,
    seconds: (performance.now() - started) / 1000,
    checks,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    peakAnonMiB: Math.max(peakAnonMiB, anonMiB()),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  clearInterval(sampler);
  await opened.close();
}

import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';

/** What a benchmark ran on; figures from different machines are not comparable, so each result names its machine. */
export interface MachineInfo {
  /** Logical CPUs the process may use (what `nproc` prints). */
  nproc: number;
  /** `model name` from /proc/cpuinfo (falls back to os.cpus()). */
  cpuModel: string;
  /** Total RAM in GiB, one decimal. */
  ramGiB: number;
  nodeVersion: string;
  /** ISO-8601 time the benchmark started. */
  date: string;
}

/** Reads the machine description from /proc and the Node runtime. */
export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    nodeVersion: process.version,
    date: new Date().toISOString(),
  };
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    const model = line?.split(':')[1]?.trim();
    if (model) return model;
  } catch {
    // Not Linux: fall through to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** One Markdown line describing the machine, for RESULTS.md. */
export function describeMachine(info: MachineInfo): string {
  return `${info.nproc} CPUs (nproc), ${info.cpuModel}, ${info.ramGiB} GiB RAM, Node ${info.nodeVersion}, run ${info.date}`;
}

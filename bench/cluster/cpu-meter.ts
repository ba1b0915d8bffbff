import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux build that matters). */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far: all threads, and its main thread alone. */
export interface ProcessCpu {
  totalS: number;
  /** The thread whose tid is the pid: Node's event loop (JS on the main thread, HTTP, JSON). */
  mainThreadS: number;
}

/**
 * Reads utime + stime of a live process and of its main thread from /proc. Every other thread of
 * a Node process is a worker thread, a libuv pool thread (fs, zlib, crypto) or a V8 helper (GC,
 * compiler). Null once the process is gone.
 */
export function processCpu(pid: number): ProcessCpu | null {
  try {
    return { totalS: cpuOfStat(`/proc/${pid}/stat`), mainThreadS: cpuOfStat(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return null;
  }
}

/** Number of threads of a live process (0 once it is gone). */
export function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

function cpuOfStat(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The whole machine's CPU time so far (every process, every tenant), from the first line of /proc/stat. */
export interface MachineCpu {
  busyS: number;
  totalS: number;
}

export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busyS: busy / TICKS_PER_SECOND, totalS: (busy + idle + iowait) / TICKS_PER_SECOND };
}

/** `after - before` of a process reading (null when either is missing). */
export function cpuDelta(before: ProcessCpu | null, after: ProcessCpu | null): ProcessCpu | null {
  if (before === null || after === null) return null;
  return { totalS: after.totalS - before.totalS, mainThreadS: after.mainThreadS - before.mainThreadS };
}

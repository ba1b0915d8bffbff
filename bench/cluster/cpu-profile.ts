import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock `process.hrtime` reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the monotonic clock, in µs (`process.hrtime.bigint() / 1000n`). */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

/** Functions that block a thread waiting for work: idle, though V8 samples them as running. */
const WAITING = new Set(['atomicsWaitLoop']);

/**
 * Where profiled processes spent their time, from the V8 CPU profiles `node --cpu-prof` wrote to
 * `dir` (one file per thread: `CPU.<date>.<time>.<pid>.<threadId>.<seq>.cpuprofile`, thread 0 the
 * main thread), counting only samples inside `window` (so start-up is left out). Each sample is
 * charged to the pipeline stage on its stack (`src/pipeline/stages/<stage>/`, the outermost one),
 * else to the deepest `src/<folder>` frame, else to the package or Node internals of its leaf
 * frame; GC, idle and piscina's wait for work are their own lines. The profiler samples wall time
 * of a running thread, so on an oversubscribed machine the figures include time spent runnable but
 * descheduled: read them as shares. The two costliest stages are then broken down by the code
 * they ran (a package, or a src file and function). Text for the terminal and RESULTS.md.
 */
export function summariseCpuProfiles(dir: string, window: ProfileWindow | null = null, top = 14): string {
  if (!existsSync(dir)) return `no CPU profiles in ${dir}`;
  const byThreadKind = new Map<string, Map<string, number>>();
  /** Inside each pipeline stage: time by the code it ran (package, or src file and function). */
  const insideStage = new Map<string, Map<string, number>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
    const kind = file.split('.')[4] === '0' ? 'main threads' : 'worker threads';
    const totals = byThreadKind.get(kind) ?? new Map<string, number>();
    byThreadKind.set(kind, totals);
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const charge = chargeOf(profile);
    let at = profile.startTime;
    profile.samples.forEach((nodeId, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      if (window !== null && (at < window.fromUs || at > window.toUs)) return;
      const { key, code } = charge.get(nodeId) ?? { key: 'unknown', code: 'unknown' };
      add(totals, key, delta / 1000);
      if (key.startsWith('stage: ')) {
        const inside = insideStage.get(key) ?? new Map<string, number>();
        insideStage.set(key, inside);
        add(inside, code, delta / 1000);
      }
    });
  }
  const idle = (key: string) => key === '(idle)' || key === '(waiting for work)';
  const lines: string[] = [`V8 CPU profiles${window ? ', measured window only' : ''}: sampled ms, summed over processes and threads`];
  const ranked = (totals: Map<string, number>, n: number, busy: number) =>
    [...totals].filter(([k]) => !idle(k)).sort((a, b) => b[1] - a[1]).slice(0, n)
      .map(([key, ms]) => `${key.padEnd(50)} ${ms.toFixed(0).padStart(8)} ms  ${((100 * ms) / busy).toFixed(1).padStart(5)} %`);
  for (const [kind, totals] of byThreadKind) {
    const busy = [...totals].filter(([key]) => !idle(key)).reduce((sum, [, ms]) => sum + ms, 0);
    const waiting = [...totals].filter(([key]) => idle(key)).reduce((sum, [, ms]) => sum + ms, 0);
    lines.push(`${kind}: ${busy.toFixed(0)} ms running, ${waiting.toFixed(0)} ms idle or waiting for work`);
    lines.push(...ranked(totals, top, busy).map((line) => `  ${line}`));
  }
  const stages = [...insideStage].sort((a, b) => sum(b[1]) - sum(a[1]));
  for (const [stage, inside] of stages.slice(0, 2)) {
    lines.push(`inside ${stage} (${sum(inside).toFixed(0)} ms):`);
    lines.push(...ranked(inside, 8, sum(inside)).map((line) => `  ${line}`));
  }
  return lines.join('\n');
}

function add(totals: Map<string, number>, key: string, ms: number): void {
  totals.set(key, (totals.get(key) ?? 0) + ms);
}

function sum(totals: Map<string, number>): number {
  let total = 0;
  for (const ms of totals.values()) total += ms;
  return total;
}

/** What each profile node's samples are charged to (see {@link summariseCpuProfiles}). */
function chargeOf(profile: CpuProfile): Map<number, { key: string; code: string }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const charge = new Map<number, { key: string; code: string }>();
  for (const node of profile.nodes) {
    const leaf = node.callFrame;
    if (WAITING.has(leaf.functionName)) {
      charge.set(node.id, { key: '(waiting for work)', code: '' });
      continue;
    }
    if (leaf.url === '' && leaf.functionName.startsWith('(')) {
      charge.set(node.id, { key: leaf.functionName, code: leaf.functionName });
      continue;
    }
    let stage: string | null = null;
    let deepestSource: string | null = null;
    let code: string | null = null;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      const url = frame?.url ?? '';
      const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
      if (code === null && modules?.[1]) code = modules[1];
      if (url.includes('/node_modules/')) continue;
      const file = /\/(src\/.+)\.js$/.exec(url);
      if (code === null && file?.[1]) code = `${file[1]} ${frame?.functionName || '(anonymous)'}`.trim();
      const stageMatch = /\/src\/pipeline\/stages\/([^/]+)\//.exec(url);
      if (stageMatch?.[1]) stage = `stage: ${stageMatch[1]}`;
      const source = /\/src\/((?:archive|pipeline|search-engine|queue|spool|smtp|app|rules|extract)(?:\/[^/.]+(?=\/))?|[^/.]+(?=\/))/.exec(url);
      if (deepestSource === null && source?.[1]) deepestSource = `src/${source[1]}`;
    }
    const key = stage ?? deepestSource ?? leafCategory(leaf);
    charge.set(node.id, { key, code: code ?? leafCategory(leaf) });
  }
  return charge;
}

function leafCategory({ functionName, url }: ProfileNode['callFrame']): string {
  if (url === '') return `(native) ${functionName}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`;
  return url.split('/').slice(-2).join('/');
}

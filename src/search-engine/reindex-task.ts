import { errorDetails, isObject, toEngineError, type EngineRequest, type EngineTransport } from './engine-transport.js';
import type { Json } from './search-engine.js';

/** How long one poll of a running reindex task waits on the server. */
const TASK_POLL_MS = 20_000;

export interface ReindexCounts {
  /** Documents written that the destination did not have. */
  created: number;
  /** Documents written over one the destination had. */
  updated: number;
}

/**
 * Copies the documents of `from` that `query` matches (all by default) into `to`, overwriting
 * what `to` holds under the same id (`op_type: index`: the copy equals the source), as a
 * background task polled until done, so a large index outlasts the request timeout. Any failed
 * document fails the whole call (nothing is skipped silently).
 *
 * The start request is sent once (`maxRetries: 0`): a retry after a lost answer would start a
 * second task nobody waits for. When it rejects, a task may or may not be running; `onStarted`
 * tells the caller the id of the one it waits for.
 */
export async function reindex(
  transport: EngineTransport,
  copy: { from: string; to: string; query?: Json },
  onStarted?: (taskId: string) => void,
): Promise<ReindexCounts> {
  const request: EngineRequest = {
    method: 'POST',
    path: '/_reindex',
    querystring: { wait_for_completion: false },
    body: { source: { index: copy.from, ...(copy.query === undefined ? {} : { query: copy.query }) }, dest: { index: copy.to, op_type: 'index' } },
    maxRetries: 0,
  };
  const { body: started } = await transport.request<{ task: string }>(request);
  onStarted?.(started.task);
  const task = await waitForTask(transport, started.task);
  if (task.error !== undefined) throw toEngineError({ kind: 'response', status: 500, body: { error: task.error } }, request, undefined);
  const failure = task.response?.failures?.[0];
  if (failure !== undefined) {
    const status = isObject(failure) && typeof failure.status === 'number' ? failure.status : 500;
    throw toEngineError({ kind: 'response', status, body: { error: isObject(failure) ? failure.cause : failure } }, request, undefined);
  }
  if (typeof task.response?.canceled === 'string') {
    throw toEngineError({ kind: 'response', status: 500, body: { error: { type: 'task_cancelled_exception', reason: task.response.canceled } } }, request, undefined);
  }
  return { created: task.response?.created ?? 0, updated: task.response?.updated ?? 0 };
}

/** Cancels a task and waits until it has stopped (its last batch written); nothing when it has ended already. */
export async function cancelTask(transport: EngineTransport, taskId: string): Promise<void> {
  await transport.request({ method: 'POST', path: `/_tasks/${encodeURIComponent(taskId)}/_cancel`, ignore: [404] });
  await waitForTask(transport, taskId, { unknownIsDone: true });
}

interface RawTask {
  completed?: boolean;
  error?: unknown;
  response?: { created?: number; updated?: number; failures?: unknown[]; canceled?: string };
}

/** Polls until the task has completed; `unknownIsDone`: a task the cluster does not know (404) has ended. */
async function waitForTask(transport: EngineTransport, taskId: string, options: { unknownIsDone?: boolean } = {}): Promise<RawTask> {
  for (;;) {
    const poll: EngineRequest = {
      method: 'GET',
      path: `/_tasks/${encodeURIComponent(taskId)}`,
      querystring: { wait_for_completion: true, timeout: `${TASK_POLL_MS}ms` },
      // A task still running after the wait answers 408 (Elasticsearch) or 500 timeout_exception (OpenSearch).
      ignore: [404, 408, 500],
      timeoutMs: TASK_POLL_MS + 30_000,
    };
    const { status, body: task } = await transport.request<RawTask>(poll);
    if (status === 404 && options.unknownIsDone === true) return { completed: true };
    if (status === 408 || (status === 500 && /timeout_exception$/.test(errorDetails(task).type))) continue;
    if (status !== 200) throw toEngineError({ kind: 'response', status, body: task }, poll, undefined);
    if (task.completed === true) return task;
  }
}

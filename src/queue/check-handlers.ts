import { JOB_NAMES, type JobHandlers } from './catalogue.js';

/** The registry check: refuse to consume when a catalogued job has no handler. */
export function checkHandlers(handlers: JobHandlers): void {
  const missing = JOB_NAMES.filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new Error(`no handler registered for job(s): ${missing.join(', ')}`);
  const unknown = Object.keys(handlers).filter((name) => !(JOB_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`handlers registered for unknown job(s): ${unknown.join(', ')}`);
}

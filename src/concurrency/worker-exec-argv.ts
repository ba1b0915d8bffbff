/**
 * Node options for the piscina worker threads. piscina loads a worker file with `require()` first
 * and falls back to `import()`; on Node 20.19+, `require()` of an ES module can race an `import()`
 * of a shared dependency and abort the whole process ("v8::Module::IsGraphAsync must be used on
 * an instantiated module", nodejs/node#55782). With require(esm) off in the workers, `require()`
 * fails at once and piscina takes its `import()` path, as on older Node.
 */
export const WORKER_EXEC_ARGV: readonly string[] = [...process.execArgv, '--no-experimental-require-module'];

/**
 * BullMQ refuses some custom job ids: one that reads as an integer (`42`), and one with a colon
 * unless it has exactly two (its own repeat-job form). The catalogue's ids use colons
 * (`export:<exportId>`, `notify:<archiveId>:<ruleId>`), so ids are percent-encoded on the way in:
 * `%` and `:` always, and the first character of an id that would still read as an integer.
 * Decoding is exact, so dead letters and handlers see the port's own ids.
 */
export function toBullmqJobId(id: string): string {
  // An empty id would make BullMQ invent one, and a duplicate enqueue would then add a second job.
  if (id.length === 0) throw new TypeError('a job id must not be empty');
  const escaped = id.replace(/[%:]/g, percent);
  return `${parseInt(escaped, 10)}` === escaped ? percent(escaped.charAt(0)) + escaped.slice(1) : escaped;
}

/** The port's id of a BullMQ job id made by {@link toBullmqJobId}. */
export function fromBullmqJobId(jobId: string): string {
  return jobId.replace(/%([0-9A-F]{2})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

function percent(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

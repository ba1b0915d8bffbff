/** Longest evidence sample kept for a text match. */
export const MAX_SAMPLE_CHARS = 60;
/** Most samples kept per piece of evidence, and most pieces of evidence per condition. */
export const MAX_SAMPLES = 5;

/** A text match as evidence: whitespace collapsed, cut to {@link MAX_SAMPLE_CHARS} with an ellipsis. */
export function clipSample(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_SAMPLE_CHARS ? flat : `${flat.slice(0, MAX_SAMPLE_CHARS - 1)}…`;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * `10K`, `2M`, `1.5G`, `512`, `10KB` → bytes (possibly fractional, the caller rounds towards
 * the comparison). Units are binary because that is what mail clients and quota UIs show; a
 * trailing `B` is tolerated. Null when it is not a size.
 */
export function parseSizeValue(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)B?$/i.exec(text);
  if (!match) return null;
  const [, number, unit] = match;
  const bytes = Number(number) * (UNITS[(unit ?? '').toUpperCase()] ?? 1);
  return Number.isFinite(bytes) && bytes <= Number.MAX_SAFE_INTEGER ? bytes : null;
}

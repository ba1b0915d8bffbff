/** An axis scale with round tick values. */
export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/**
 * A scale covering `values` and zero with about `targetTicks` intervals whose step is 1, 2, 2.5 or
 * 5 times a power of ten (never below 1 when every value is a whole number, so counts get whole
 * ticks). An all-zero or empty series gets the scale 0..1.
 */
export function niceScale(values: readonly number[], targetTicks = 5): NiceScale {
  const finite = values.filter((v) => Number.isFinite(v));
  const low = Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  const whole = finite.every((v) => Number.isInteger(v));
  const span = high - low || 1;
  const rough = span / targetTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  let step = ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  if (whole && step < 1) step = 1;
  if (whole && !Number.isInteger(step)) step = Math.ceil(step);
  const min = Math.floor(low / step) * step;
  const max = Math.max(Math.ceil(high / step) * step, min + step);
  const ticks: number[] = [];
  for (let i = 0; min + i * step <= max + step / 1e9; i += 1) ticks.push(round(min + i * step));
  return { min, max, step, ticks };
}

/** Removes binary floating-point noise (0.30000000000000004 → 0.3). */
function round(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/** A number as a label: thousands separated, at most two decimals. */
export function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

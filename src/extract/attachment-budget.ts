import type { ExtractionLimits } from './extraction.js';

/** Thrown when expanding archive data would pass `maxExpandedBytes`. */
export class ExpandedBytesExceeded extends Error {
  override readonly name = 'ExpandedBytesExceeded';
}

/**
 * What one attachment may still expand: archive entries read and bytes inflated are counted across
 * every nesting level, so a bomb's fan-out (16 × 16 × 16 … entries) meets one shared bound.
 */
export class AttachmentBudget {
  private expanded = 0;
  private files = 0;

  constructor(readonly limits: Readonly<ExtractionLimits>) {}

  get expandedBytes(): number {
    return this.expanded;
  }

  /** Bytes that may still be inflated. */
  get remainingBytes(): number {
    return Math.max(0, this.limits.maxExpandedBytes - this.expanded);
  }

  /** Counts inflated bytes; throws once the total would pass the limit. */
  spendBytes(count: number): void {
    if (this.expanded + count > this.limits.maxExpandedBytes) {
      this.expanded = this.limits.maxExpandedBytes;
      throw new ExpandedBytesExceeded(`expanding would pass maxExpandedBytes (${this.limits.maxExpandedBytes} bytes) for this attachment`);
    }
    this.expanded += count;
  }

  /** Takes one archive entry from the file allowance; false when none is left. */
  takeFile(): boolean {
    if (this.files >= this.limits.maxArchiveFiles) return false;
    this.files++;
    return true;
  }
}

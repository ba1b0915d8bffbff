import { truncateUtf8 } from '../pipeline/stages/parse/utf8-truncate.js';

/**
 * Collects one file's text up to a byte budget. Extractors push pieces as they find them and stop
 * as soon as `full` is true, so a 500-page PDF is not read to the end for a 1 MiB budget.
 */
export class TextSink {
  private readonly parts: string[] = [];
  private bytes = 0;
  private cut = false;

  constructor(private readonly maxBytes: number) {}

  /** True once the budget is spent: further pushes are dropped. */
  get full(): boolean {
    return this.cut || this.bytes >= this.maxBytes;
  }

  /** Whether text was dropped for lack of budget. */
  get truncated(): boolean {
    return this.cut;
  }

  push(text: string): void {
    if (text === '') return;
    if (this.full) {
      // Separators pushed after the last piece that fitted lose nothing.
      if (text.trim() !== '') this.cut = true;
      return;
    }
    const size = Buffer.byteLength(text, 'utf8');
    if (this.bytes + size <= this.maxBytes) {
      this.parts.push(text);
      this.bytes += size;
      return;
    }
    const kept = truncateUtf8(text, this.maxBytes - this.bytes);
    this.parts.push(kept);
    this.bytes = this.maxBytes;
    this.cut = true;
  }

  /** Records that the source had more text than was pushed (a prefix was read). */
  markTruncated(): void {
    this.cut = true;
  }

  /** The text collected, trimmed of surrounding blank space. */
  text(): string {
    return this.parts.join('').trim();
  }
}

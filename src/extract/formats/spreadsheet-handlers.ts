import type { TextSink } from '../text-sink.js';
import type { XmlTextHandler } from './xml-text.js';

/**
 * Collects `xl/sharedStrings.xml`: one string per `<si>`, from its `<t>` runs, leaving out
 * phonetic guides (`<rPh>`). At most `maxChars` characters are kept in all; `truncated` says
 * whether strings were dropped (cells pointing at them then show nothing).
 */
export function sharedStringsHandler(strings: string[], maxChars: number): XmlTextHandler & { truncated: () => boolean } {
  let current: string[] | null = null;
  let inText = 0;
  let inPhonetic = 0;
  let kept = 0;
  let dropped = false;
  return {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 't') inText++;
      else if (name === 'rPh') inPhonetic++;
    },
    close(name) {
      if (name === 't') inText = Math.max(0, inText - 1);
      else if (name === 'rPh') inPhonetic = Math.max(0, inPhonetic - 1);
      else if (name === 'si' && current !== null) {
        const value = current.join('');
        // Indexes must stay aligned with the cells' references, so a dropped string leaves a hole.
        if (kept + value.length <= maxChars) {
          strings.push(value);
          kept += value.length;
        } else {
          strings.push('');
          dropped = true;
        }
        current = null;
      }
    },
    text(value) {
      if (current !== null && inText > 0 && inPhonetic === 0) current.push(value);
    },
    truncated: () => dropped,
  };
}

/**
 * Text of a worksheet: each cell's value (shared strings resolved, inline strings, numbers,
 * booleans, formula results — not the formulas), tab between cells, newline between rows.
 */
export function worksheetHandler(sink: TextSink, sharedStrings: readonly string[]): XmlTextHandler {
  let cellType: string | undefined;
  let inValue = 0;
  let value: string[] = [];
  return {
    open(name, attributes) {
      if (name === 'c') {
        cellType = attributes.t;
        value = [];
      } else if (name === 'v' || name === 't') {
        inValue++;
      }
    },
    close(name) {
      if (name === 'v' || name === 't') inValue = Math.max(0, inValue - 1);
      else if (name === 'c') {
        const raw = value.join('');
        const text = cellType === 's' ? (sharedStrings[Number(raw)] ?? '') : cellType === 'b' ? (raw === '1' ? 'TRUE' : 'FALSE') : raw;
        if (text !== '') sink.push(`${text}\t`);
        cellType = undefined;
        value = [];
      } else if (name === 'row') sink.push('\n');
    },
    text(text) {
      if (inValue > 0) value.push(text);
    },
  };
}

import type { TextSink } from '../text-sink.js';
import type { XmlTextHandler } from './xml-text.js';

/**
 * Text of a WordprocessingML or DrawingML part (DOCX document, headers, notes; PPTX slides):
 * the content of text-run elements (`w:t`, `a:t`, and `w:delText`, because deleted tracked
 * changes still travel with the file), with tabs, line breaks, paragraph ends and table cells
 * turned into whitespace so words and numbers stay apart.
 */
export function paragraphTextHandler(sink: TextSink): XmlTextHandler {
  let inText = 0;
  // Text boxes and other drawings come twice: as DrawingML in `mc:Choice` and again as VML in
  // `mc:Fallback` for older readers. Only the first is read, so nothing is counted twice.
  let inFallback = 0;
  return {
    open(name) {
      if (name === 'Fallback') inFallback++;
      if (inFallback > 0) return;
      if (name === 't' || name === 'delText') inText++;
      else if (name === 'tab') sink.push('\t');
      else if (name === 'br' || name === 'cr') sink.push('\n');
    },
    close(name) {
      if (name === 'Fallback') inFallback = Math.max(0, inFallback - 1);
      if (inFallback > 0) return;
      if (name === 't' || name === 'delText') inText = Math.max(0, inText - 1);
      else if (name === 'p') sink.push('\n');
      else if (name === 'tc') sink.push('\t');
    },
    text(value) {
      if (inText > 0 && inFallback === 0) sink.push(value);
    },
  };
}

/**
 * What a reader of the HTML would see, roughly: tags, comments and the content of `<style>` and
 * `<script>` removed, entities and whitespace left as they are. One pass, linear in the input —
 * checks only need the amount of visible text, not a rendering.
 */
export function htmlVisibleText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    let end: string = '>';
    if (lower.startsWith('<!--', lt)) end = '-->';
    else if (lower.startsWith('<style', lt)) end = '</style>';
    else if (lower.startsWith('<script', lt)) end = '</script>';
    const close = lower.indexOf(end, lt + 1);
    if (close < 0) break;
    i = close + end.length;
  }
  return out;
}

/** Non-whitespace characters of the visible text (entities count as one each, near enough). */
export function visibleCharCount(html: string): number {
  const text = htmlVisibleText(html).replace(/&[a-z0-9#]+;/gi, 'x');
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) n++;
  return n;
}

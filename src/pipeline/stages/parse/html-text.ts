import { simpleParser } from 'mailparser';

const HTML_HEAD = Buffer.from('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'latin1');

/**
 * Plain text of an HTML document, or null when it cannot be converted safely.
 *
 * Calling html-to-text directly is not safe on hostile input: its HTML parser is quadratic in
 * element nesting depth, so a few megabytes of `<b><b><b>…` stall a worker for minutes. mailparser
 * guards its own conversion with a linear nesting pre-check and a length limit; wrapping the HTML
 * in a one-part message reuses that guard instead of writing a second HTML scanner here.
 */
export async function htmlToTextGuarded(html: string, maxHtmlChars: number): Promise<string | null> {
  const parsed = await simpleParser(Buffer.concat([HTML_HEAD, Buffer.from(html, 'utf8')]), {
    maxHtmlLengthToParse: maxHtmlChars,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    keepCidLinks: true,
    checksumAlgo: false,
  });
  if (parsed.textConversionError) return null;
  return parsed.text ?? '';
}

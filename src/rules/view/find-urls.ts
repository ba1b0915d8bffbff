/** Most URLs kept per message: enough for any real mail, bounded for a page of ten thousand links. */
const MAX_URLS = 1000;

/**
 * A URL: scheme or `www.` start, then characters that can't end a link in running text. No
 * nested quantifiers, so the match time is linear in the input.
 */
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^\][]+/gi;

/** URLs in plain text and HTML (hrefs and visible links alike), trailing punctuation trimmed, deduplicated. */
export function findUrls(...texts: string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(URL_PATTERN)) {
      const url = match[0].replace(/[.,;:!?)]+$/, '').replace(/&amp;/g, '&');
      if (url.length > 4) found.add(url);
      if (found.size >= MAX_URLS) return [...found];
    }
  }
  return [...found];
}

/**
 * The part of fontkit (pdfkit's font engine, which ships no types) that the font fallback uses:
 * asking a font whether it has a glyph for a code point.
 */
declare module 'fontkit' {
  export interface FontkitFont {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type FontkitFont } from 'fontkit';

/** Weight of a text run. */
export type FontWeight = 'regular' | 'bold';

/** One font of the fallback chain, as registered with a document under `name`. */
export interface FallbackFont {
  /** The name the font is registered under in every report document, e.g. `sans-bold`. */
  name: string;
  /** The font file's bytes (handed to pdfkit, which subsets and embeds them). */
  bytes: Buffer;
  /** The same file opened with fontkit, asked which code points it covers. */
  coverage: FontkitFont;
  /** Written right to left (fontkit reverses the glyphs of such a run when it shapes it). */
  rtl: boolean;
}

const require = createRequire(import.meta.url);

/**
 * Fallback order: Noto Sans (Latin, Greek, Cyrillic), then Noto Sans SC (CJK, kana), then Noto Sans
 * Arabic. Resolved through the npm packages so the paths hold from `src/` and from `dist/`.
 * All three are under the SIL Open Font License 1.1.
 */
const FILES: Record<FontWeight, Array<{ name: string; module: string; rtl?: boolean }>> = {
  regular: [
    { name: 'sans', module: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf' },
    { name: 'sans-cjk', module: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf' },
    { name: 'sans-arabic', module: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf', rtl: true },
  ],
  bold: [
    { name: 'sans-bold', module: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf' },
    { name: 'sans-cjk-bold', module: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf' },
    { name: 'sans-arabic-bold', module: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf', rtl: true },
  ],
};

const loaded = new Map<FontWeight, FallbackFont[]>();

/**
 * The fallback chain of a weight, read from disk once per process (the CJK font is 10 MB; every
 * document shares the bytes and the parsed coverage tables).
 */
export function fallbackFonts(weight: FontWeight): FallbackFont[] {
  let fonts = loaded.get(weight);
  if (fonts === undefined) {
    fonts = FILES[weight].map(({ name, module, rtl }) => {
      const bytes = readFileSync(require.resolve(module));
      return { name, bytes, coverage: create(bytes), rtl: rtl === true };
    });
    loaded.set(weight, fonts);
  }
  return fonts;
}

/** Every font of both weights, for registering with a new document. */
export function allFallbackFonts(): FallbackFont[] {
  return [...fallbackFonts('regular'), ...fallbackFonts('bold')];
}

/** Whether the registered font `name` is one written right to left. */
export function isRightToLeftFont(name: string): boolean {
  return allFallbackFonts().some((font) => font.name === name && font.rtl);
}

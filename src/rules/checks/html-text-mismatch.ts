import type { HeuristicCheck } from './check.js';
import { visibleCharCount } from './html-visible-text.js';

/** Fewer visible characters than this is "a picture with a caption". */
const MIN_VISIBLE = 300;
const IMG = /<img\b/gi;

/**
 * HTML that is mostly images with little text: the words are in the picture so a text filter
 * can't read them (SpamAssassin's HTML_IMAGE_ONLY rules).
 */
export const htmlTextMismatch: HeuristicCheck = {
  id: 'html-text-mismatch',
  description: `HTML with images and fewer than ${MIN_VISIBLE} visible characters`,
  test(view) {
    if (view.html === '') return null;
    const images = view.html.match(IMG)?.length ?? 0;
    if (images === 0) return null;
    const visible = visibleCharCount(view.html);
    return visible < MIN_VISIBLE ? `${images} image(s) and ${visible} visible characters` : null;
  },
};

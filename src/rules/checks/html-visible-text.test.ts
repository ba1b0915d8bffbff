import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlVisibleText, visibleCharCount } from './html-visible-text.js';

test('tags, comments, styles and scripts are not visible text', () => {
  const html = '<html><head><style>p { color: red }</style><script>var x = "<b>";</script></head><body><!-- hidden <p> --><p>Hello <b>world</b></p></body></html>';
  assert.equal(htmlVisibleText(html), 'Hello world');
});

test('visible characters are counted without whitespace, an entity as one', () => {
  assert.equal(visibleCharCount('<p>a b&nbsp;c</p>\n'), 4);
});

test('an unclosed tag ends the visible text instead of looping', () => {
  assert.equal(htmlVisibleText('text <a href="x'), 'text ');
});

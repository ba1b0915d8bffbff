import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReportCanvas } from './report-canvas.js';
import { layoutText } from './text-layout.js';
import { splitRuns } from './text-runs.js';

const canvas = new ReportCanvas({ title: 'layout' });
const lineText = (runs: Array<{ text: string }>): string => runs.map((r) => r.text).join('');

describe('splitRuns', () => {
  it('puts Latin, Greek and Cyrillic in Noto Sans, CJK in Noto Sans SC and Arabic in Noto Sans Arabic', () => {
    assert.deepEqual(splitRuns('Hello Γειά Привет 東京 مرحبا بك ok', 'regular'), [
      { font: 'sans', text: 'Hello Γειά Привет ' },
      { font: 'sans-cjk', text: '東京' },
      { font: 'sans', text: ' ' },
      { font: 'sans-arabic', text: 'مرحبا بك' },
      { font: 'sans', text: ' ok' },
    ]);
  });

  it('uses the bold fonts for bold text', () => {
    assert.deepEqual(splitRuns('Bold 粗体', 'bold').map((r) => r.font), ['sans-bold', 'sans-cjk-bold']);
  });
});

describe('layoutText', () => {
  it('never makes a line wider than the width and keeps every character of an unbroken address', () => {
    const address = 'first.middle.last.with.a.long.name@subdomain.department.company.example';
    const lines = layoutText(canvas.measure, `Send to ${address} today`, { width: 120, size: 9, weight: 'regular' });
    assert.ok(lines.length > 2);
    for (const line of lines) assert.ok(line.width <= 120 + 0.01, `line "${lineText(line.runs)}" is ${line.width} wide`);
    assert.equal(lines.map((l) => lineText(l.runs)).join('').replace(/ /g, ''), `Sendto${address}today`);
  });

  it('breaks a long address after a separator rather than mid-label where it can', () => {
    const lines = layoutText(canvas.measure, 'someone.with.a.long.address@example-company.example.org', { width: 100, size: 9, weight: 'regular' });
    for (const line of lines.slice(0, -1)) assert.match(lineText(line.runs), /[.@-]$/);
  });

  it('breaks CJK text between characters', () => {
    const text = '東京の会議は明日の午前十時から始まります。資料を事前に確認してください。';
    const lines = layoutText(canvas.measure, text, { width: 80, size: 9, weight: 'regular' });
    assert.ok(lines.length > 1);
    assert.equal(lines.map((l) => lineText(l.runs)).join(''), text);
  });

  it('keeps hard line breaks and the indentation after them', () => {
    const lines = layoutText(canvas.measure, 'one\n  two\n\nthree', { width: 400, size: 9, weight: 'regular' });
    assert.deepEqual(lines.map((l) => lineText(l.runs)), ['one', '  two', '', 'three']);
  });

  it('orders Arabic words right to left inside a left-to-right line, with numbers kept left to right', () => {
    const [line] = layoutText(canvas.measure, 'Total: في عام 2024 done', { width: 400, size: 9, weight: 'regular' });
    assert.deepEqual(line?.runs.map((r) => r.text), ['Total: ', '2024', ' ', 'عام', ' ', 'في', ' done']);
  });
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { clip, paint, Pen, visibleLength, wrap } from '../../../src/tui/screen/paint.js';
import { mergeColorRuns } from '../../../src/tui/screen/chart.js';

const ESC = '\x1b';

test('styles become SGR escapes; NO_COLOR keeps all but the colours; a pipe gets no escape', () => {
  assert.equal(paint([['x', { bold: true, color: 'red' }], ' y'], 'color'), `${ESC}[1;31mx${ESC}[0m y`);
  assert.equal(paint([['x', { bold: true, color: 'red' }], ' y'], 'mono'), `${ESC}[1mx${ESC}[0m y`);
  assert.equal(paint([['x', { color: 'red' }]], 'mono'), 'x');
  const chart = `${ESC}[32m-${ESC}[0m`;
  assert.equal(paint([chart, ['z', { inverse: true }]], 'mono'), `-${ESC}[7mz${ESC}[0m`);
  assert.equal(paint([chart, ['z', { inverse: true }]], 'plain'), '-z');
  assert.equal(visibleLength(`${ESC}[1;31mab${ESC}[0m`), 2);
});

test('clip keeps the first visible characters and every escape before the cut, then resets', () => {
  const styled = `${ESC}[1mabc${ESC}[0mdef`;
  assert.equal(clip(styled, 10), styled);
  assert.equal(clip(styled, 6), styled, 'escapes take no column');
  assert.equal(clip(styled, 2), `${ESC}[1mab${ESC}[0m`);
  assert.equal(clip(styled, 4), `${ESC}[1mabc${ESC}[0md${ESC}[0m`);
  assert.equal(clip('0123456789', 4), '0123');
  assert.equal(visibleLength(clip(`${ESC}[32m${'x'.repeat(50)}`, 20)), 20);
});

test('a pen draws a line cut to its width, or a paragraph wrapped at it', () => {
  const pen = new Pen('color');
  assert.equal(pen.line('abcdef', { bold: true }, 3), `${ESC}[1mabc${ESC}[0m`);
  assert.equal(new Pen('plain').line([['ab', { bold: true }], 'cd']), 'abcd');
  assert.deepEqual(new Pen('plain').text('one two three four', undefined, 9), ['one two ', 'three ', 'four']);
  for (const l of wrap(`${ESC}[33m${'word '.repeat(30)}${ESC}[0m`, 24)) assert.ok(visibleLength(l) <= 24, l);
});

test('chart lines keep one escape per run of the same colour', () => {
  const g = (c: string) => `${ESC}[32m${c}${ESC}[0m`;
  const merged = mergeColorRuns(`  1.0 ┤ ${g('╭')}${g('─')}${g('╮')} ${ESC}[34m╰${ESC}[0m`);
  assert.equal(merged, `  1.0 ┤ ${ESC}[32m╭─╮${ESC}[0m ${ESC}[34m╰${ESC}[0m`);
  assert.equal(mergeColorRuns('plain ┤'), 'plain ┤');
});

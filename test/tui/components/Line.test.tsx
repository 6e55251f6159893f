import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { ColorContext, Line, paint, visibleLength } from '../../../src/tui/components/Line.js';
import { mergeColorRuns } from '../../../src/tui/components/HistoryChart.js';

const ESC = '\x1b';

function frame(node: React.ReactNode, color = true): string {
  const { lastFrame, unmount } = render(<ColorContext.Provider value={color}>{node}</ColorContext.Provider>);
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

test('a Line draws its text in place of the placeholder, one line per Line', () => {
  const out = frame(
    <Box flexDirection="column">
      <Line>first line</Line>
      <Line>{['a ', ['b', { bold: true }], ' c']}</Line>
      <Line>{''}</Line>
      <Line>last</Line>
    </Box>,
    false,
  );
  assert.deepEqual(out.split('\n'), ['first line', 'a b c', '', 'last']);
});

test('styles become SGR escapes; without colour every escape is stripped', () => {
  assert.equal(paint([['x', { bold: true, color: 'red' }], ' y'], true), `${ESC}[1;31mx${ESC}[0m y`);
  assert.equal(paint([`${ESC}[32m-${ESC}[0m`, ['z', { inverse: true }]], false), '-z');
  assert.equal(visibleLength(`${ESC}[1;31mab${ESC}[0m`), 2);
});

test('a Line never lays out wider than its width (a wrapped placeholder would draw it twice)', () => {
  const out = frame(
    <Box width={10} flexDirection="column">
      <Line width={10}>{'0123456789'}</Line>
      <Line>end</Line>
    </Box>,
    false,
  );
  assert.deepEqual(out.split('\n'), ['0123456789', 'end']);
});

test('chart lines keep one escape per run of the same colour', () => {
  const g = (c: string) => `${ESC}[32m${c}${ESC}[0m`;
  const merged = mergeColorRuns(`  1.0 ┤ ${g('╭')}${g('─')}${g('╮')} ${ESC}[34m╰${ESC}[0m`);
  assert.equal(merged, `  1.0 ┤ ${ESC}[32m╭─╮${ESC}[0m ${ESC}[34m╰${ESC}[0m`);
  assert.equal(mergeColorRuns('plain ┤'), 'plain ┤');
});

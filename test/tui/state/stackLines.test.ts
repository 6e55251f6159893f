import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Key } from '../../../src/tui/state/keymap.js';
import { layoutOf } from '../../../src/tui/screen/screen.js';
import { keyToResult } from '../../../src/tui/state/keymap.js';
import { stackLines } from '../../../src/tui/state/stackLines.js';
import { initialViewState, reduce, type ViewState } from '../../../src/tui/state/viewState.js';
import { fixedSnapshot } from '../screen/fixtures.js';

const snapshot = fixedSnapshot();
const noKey = {} as Key;

/** Types keys like the app does: the key context comes from the lines on screen at that moment. */
function type(s: ViewState, ...keys: string[]): ViewState {
  for (const input of keys) {
    const layout = layoutOf(snapshot, s);
    const ctx = {
      rows: layout.rows.length,
      selectedPrefix: layout.selection.prefix,
      instanceRows: layout.instanceRows,
      page: 10,
      keys: layout.keys,
    };
    s = keyToResult(s, input, noKey, ctx).actions.reduce(reduce, s);
  }
  return s;
}

const selectedName = (s: ViewState): string => {
  const line = layoutOf(snapshot, s).selection.line;
  return line?.kind === 'stack' ? `stack ${line.stackId}` : `${line?.kind} ${line?.prefix}`;
};

test('the selection stays on the same stack when the list is re-sorted', () => {
  // rows: 07 all, stack 0, stack 1, 08 all; j j selects stack 1
  let s = type(initialViewState(), 'j', 'j');
  assert.equal(selectedName(s), 'stack 1');
  // sort by rx (stack 1 has twice stack 0's rx), descending: stack 1 moves up one row
  s = type(s, 's', 's', 'S');
  const order = layoutOf(snapshot, s).rows.map((l) => (l.kind === 'stack' ? `stack ${l.stackId}` : l.kind));
  assert.deepEqual(order, ['instance', 'stack 1', 'stack 0', 'instance']);
  assert.equal(selectedName(s), 'stack 1');
  // and moving goes on from where the stack is now: down is stack 0, up again stack 1
  assert.equal(selectedName(type(s, 'j')), 'stack 0');
  assert.equal(selectedName(type(s, 'j', 'k')), 'stack 1');
  // back to ascending: still stack 1
  assert.equal(selectedName(type(s, 'S')), 'stack 1');
  // h/l jump from the stack's current place
  assert.equal(selectedName(type(s, 'l')), 'instance 08');
});

test('a selected stack hidden by the filter selects its instance; clearing the filter finds it again', () => {
  let s = type(initialViewState(), 'j', 'j');
  s = reduce(s, { type: 'filterText', text: '4711' });
  assert.equal(selectedName(s), 'instance 07');
  s = reduce(s, { type: 'filterText', text: '' });
  assert.equal(selectedName(s), 'stack 1');
});

test('the filter matches the row as it reads: "stack 1" (and "stack1")', () => {
  const sort = { column: 'stack', order: 'asc' as const };
  const stacks = (filter: string) =>
    stackLines(snapshot.instances, sort, filter)
      .filter((l) => l.kind === 'stack')
      .map((l) => l.stackId);
  assert.deepEqual(stacks('stack 1'), [1]);
  assert.deepEqual(stacks('Stack 0'), [0]);
  assert.deepEqual(stacks('stack1'), [1]);
  assert.deepEqual(stacks(''), [0, 1]);
});

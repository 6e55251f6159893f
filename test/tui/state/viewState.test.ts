import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { Key } from '../../../src/tui/state/keymap.js';
import { keyToResult, type KeyContext } from '../../../src/tui/state/keymap.js';
import { initialViewState, reduce, type ViewState } from '../../../src/tui/state/viewState.js';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
} as Key;
const ctx: KeyContext = { rows: 6, selectedPrefix: '07', instanceRows: [0, 4], page: 10 };

/** Types keys one after another, like a person. */
function type(s: ViewState, ...keys: Array<string | Partial<Key>>): ViewState {
  for (const k of keys) {
    const [input, key] = typeof k === 'string' ? [k, noKey] : ['', { ...noKey, ...k }];
    s = keyToResult(s, input, key, ctx).actions.reduce(reduce, s);
  }
  return s;
}

test('flags set the starting view, sort and filter', () => {
  const s = initialViewState({ view: 'connections', sort: 'recvQ:desc', filter: 'ESTAB', intervalMs: 2000 });
  assert.equal(s.view, 'connections');
  assert.deepEqual(s.sort.connections, { column: 'recvQ', order: 'desc' });
  assert.equal(s.filter.connections, 'ESTAB');
  assert.equal(s.intervalMs, 2000);
});

test('Tab and digits switch views', () => {
  const s = initialViewState();
  assert.equal(type(s, { tab: true }).view, 'connections');
  assert.equal(type(s, { tab: true, shift: true }).view, 'threads');
  assert.equal(type(s, '3').view, 'snmp');
  assert.equal(type(s, 'd').view, 'threads');
  assert.equal(type(s, '6').view, 'threads');
});

test('arrows and j/k move the selection within bounds; h/l jump between instances', () => {
  const s = initialViewState();
  assert.equal(type(s, 'j', 'j', { downArrow: true }).selected, 3);
  assert.equal(type(s, 'k').selected, 0);
  assert.equal(type(s, ...Array(10).fill('j')).selected, 5);
  assert.equal(type(s, 'l').selected, 4);
  assert.equal(type(s, 'j', 'l', 'l').selected, 0);
  assert.equal(type(s, 'h').selected, 4);
});

test('s cycles the sort column, S flips the order', () => {
  const s = type(initialViewState(), 's', 's', 'S');
  assert.deepEqual(s.sort.stacks, { column: 'rx', order: 'desc' });
});

test('/ edits the filter live; Enter keeps it, Esc clears it', () => {
  const kept = type(initialViewState(), '/', '4', '2', { backspace: true }, '3', { return: true });
  assert.equal(kept.filter.stacks, '43');
  assert.equal(kept.prompt, null);
  const cleared = type(initialViewState(), '/', 'x', { escape: true });
  assert.equal(cleared.filter.stacks, '');
  // while the prompt is open, letters are text, not commands
  assert.equal(type(initialViewState(), '/', 'q').filter.stacks, 'q');
});

test('p pauses, +/- change the interval within limits, u switches units', () => {
  const s = type(initialViewState(), 'p', '+', 'u');
  assert.equal(s.paused, true);
  assert.equal(s.intervalMs, 500);
  assert.equal(s.unit, 'bytes');
  assert.equal(type(initialViewState(), '+', '+', '+', '+').intervalMs, 250);
  assert.equal(type(initialViewState(), ...Array(12).fill('-')).intervalMs, 60_000);
});

test('L asks for a level, then confirmation, then sets it', () => {
  let s = type(initialViewState(), 'L', 'x', 'd');
  assert.deepEqual(s.prompt, { kind: 'confirm-loglevel', prefix: '07', level: 'debug' });
  const r = keyToResult(s, 'y', noKey, ctx);
  assert.deepEqual(r.effect, { type: 'loglevel', prefix: '07', level: 'debug' });
  s = r.actions.reduce(reduce, s);
  assert.equal(s.prompt, null);
  assert.equal(type(initialViewState(), 'L', 'e', 'n').prompt, null);
});

test('q and Ctrl-C quit; ? toggles help and any key closes it', () => {
  assert.deepEqual(keyToResult(initialViewState(), 'q', noKey, ctx).effect, { type: 'quit' });
  assert.deepEqual(keyToResult(initialViewState(), 'c', { ...noKey, ctrl: true }, ctx).effect, {
    type: 'quit',
  });
  assert.equal(type(initialViewState(), '?').help, true);
  assert.equal(type(initialViewState(), '?', 'j').help, false);
});

test('m measures latency only in the latency view', () => {
  assert.equal(keyToResult(initialViewState(), 'm', noKey, ctx).effect, undefined);
  const s = type(initialViewState(), '4', ']');
  assert.deepEqual(keyToResult(s, 'm', noKey, ctx).effect, { type: 'latency', prefix: '07', seconds: 6 });
});

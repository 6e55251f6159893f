import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fitColumns, type Column } from '../../../src/tui/screen/columns.js';
import { initialViewState } from '../../../src/tui/state/viewState.js';
import { screenFrame } from './screen-frame.js';

function frame(columns: number): string[] {
  // eslint-disable-next-line no-control-regex
  const sgr = /\x1b\[[0-9;]*m/g;
  return screenFrame(initialViewState(), columns).replace(sgr, '').split('\n');
}

const header = (lines: string[]): string => lines.find((l) => l.startsWith('INSTANCE/STACK')) ?? '';
const stack0 = (lines: string[]): string => lines.find((l) => /^\s+stack 0/.test(l)) ?? '';

test('stacks view at 120 columns: every column fits, WAKEUPS last and whole', () => {
  const lines = frame(120);
  const h = header(lines);
  assert.ok(h.length <= 120, h);
  for (const title of [
    'TID',
    'CORE',
    'CPU%',
    'LP',
    'RX/s',
    'TX/s',
    'RX bit/s',
    'TX bit/s',
    'AFAIL',
    'CONN',
    'MBUF',
  ])
    assert.ok(h.includes(title), `${title} missing in ${h}`);
  assert.match(h, /WAKEUPS$/);
  // stack 0's wakeup counter is 77 * 25 = 1925, the last cell of its row
  assert.match(stack0(lines), /\s1925$/);
  assert.match(stack0(lines), /stack 0\s+4711\s+3\s+99\.5\s+off\s+9000\s+3600/);
});

test('stacks view at 80 columns: byte rates, TID and ALLOCFAIL give way; CPU and WAKEUPS stay', () => {
  const lines = frame(80);
  const h = header(lines);
  assert.ok(h.length <= 80, h);
  for (const gone of ['TID', 'bit/s', 'AFAIL', 'ALLOCFAIL']) assert.ok(!h.includes(gone), `${gone} in ${h}`);
  for (const kept of ['CORE', 'CPU%', 'LP', 'RX/s', 'TX/s', 'DROP/s', 'CONN', 'MBUF'])
    assert.ok(h.includes(kept), kept);
  assert.match(h, /WAKEUPS$/);
  assert.match(stack0(lines), /stack 0\s+3\s+99\.5\s+off\s+9000\s+3600\s.*\s1925$/);
  for (const l of lines) assert.ok(l.length <= 80, `line wider than 80: ${l}`);
});

test('fitColumns: as they are when they fit, narrowed next, then dropped lowest first', () => {
  const cols: Column[] = [
    { title: 'A', width: 10 },
    { title: 'B', width: 10, narrow: { title: 'b', width: 5 }, drop: 2 },
    { title: 'C', width: 10, drop: 1 },
  ];
  assert.deepEqual(fitColumns(cols, 32).keep, [0, 1, 2]);
  assert.equal(fitColumns(cols, 32).columns[1].title, 'B');
  assert.deepEqual(fitColumns(cols, 27).keep, [0, 1, 2]);
  assert.equal(fitColumns(cols, 27).columns[1].width, 5);
  assert.deepEqual(fitColumns(cols, 20).keep, [0, 1]);
  assert.deepEqual(fitColumns(cols, 5).keep, [0]);
});

test('stacks view at 80 columns: the column sorted by stays, the next in the drop order goes instead', () => {
  const titles: Record<string, string> = {
    tid: 'TID',
    rxBytes: 'RX bit/s',
    txBytes: 'TX bit/s',
    allocFail: 'AFAIL',
  };
  for (const [sort, title] of Object.entries(titles)) {
    const lines = screenFrame(initialViewState({ sort: `${sort}:desc` }), 80)
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n');
    const h = header(lines);
    assert.ok(h.includes(title), `sorted by ${sort}: ${title} missing in ${h}`);
    assert.match(h, /WAKEUPS$/);
    for (const l of lines) assert.ok(l.length <= 80, `line wider than 80: ${l}`);
  }
});

test('fitColumns: the sort column is never dropped', () => {
  const cols: Column[] = [
    { title: 'A', width: 10 },
    { title: 'B', width: 10, drop: 2, sortKey: 'b' },
    { title: 'C', width: 10, drop: 1, sortKey: 'c' },
  ];
  assert.deepEqual(fitColumns(cols, 21, 'c').keep, [0, 2]);
  assert.deepEqual(fitColumns(cols, 21, 'b').keep, [0, 1]);
  assert.deepEqual(fitColumns(cols, 21).keep, [0, 1]);
  assert.deepEqual(fitColumns(cols, 5, 'c').keep, [0, 2]);
});

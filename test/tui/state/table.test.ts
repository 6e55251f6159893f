import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { compareCells, filterRows, sortRows } from '../../../src/tui/state/table.js';

type Row = { name: string; n: number | null };
const rows: Row[] = [
  { name: '10.0.0.10', n: 3 },
  { name: '10.0.0.9', n: null },
  { name: '10.0.0.2', n: 1 },
];
const cell = (r: Row, c: string) => (c === 'name' ? r.name : r.n);

test('strings sort naturally, numbers numerically, nulls last in both orders', () => {
  assert.deepEqual(
    sortRows(rows, { column: 'name', order: 'asc' }, cell).map((r) => r.name),
    ['10.0.0.2', '10.0.0.9', '10.0.0.10'],
  );
  assert.deepEqual(
    sortRows(rows, { column: 'n', order: 'asc' }, cell).map((r) => r.n),
    [1, 3, null],
  );
  assert.deepEqual(
    sortRows(rows, { column: 'n', order: 'desc' }, cell).map((r) => r.n),
    [3, 1, null],
  );
  assert.equal(compareCells(2n, 10), -1);
});

test('filter matches any text, case-insensitively; empty keeps all', () => {
  assert.equal(filterRows(rows, '', (r) => [r.name]).length, 3);
  assert.deepEqual(
    filterRows(rows, '.1', (r) => [r.name]).map((r) => r.name),
    ['10.0.0.10'],
  );
  assert.equal(filterRows([{ s: 'ESTABLISHED' }], 'establ', (r) => [r.s]).length, 1);
});

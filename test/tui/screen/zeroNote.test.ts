import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { initialViewState, reduce, type Action, type ViewName } from '../../../src/tui/state/viewState.js';
import { screenFrame } from './screen-frame.js';

const frame = (...actions: Action[]) =>
  stripVTControlCharacters(screenFrame(actions.reduce(reduce, initialViewState())));
const positionLine = (out: string) => out.split('\n').find((l) => /\d+ rows/.test(l)) ?? '';

for (const view of ['snmp', 'nic'] as ViewName[]) {
  test(`${view} view: the note says what is shown and what z does`, () => {
    const hiding = positionLine(frame({ type: 'view', view }));
    assert.match(hiding, /1 rows {2}non-zero only · z shows all(\s|$)/);
    const all = positionLine(frame({ type: 'view', view }, { type: 'nonZero' }));
    assert.match(all, /2 rows {2}all counters · z hides zeros(\s|$)/);
  });
}

test('help: z says which views and both ways', () => {
  assert.match(frame({ type: 'help' }), /z\s+snmp, nic: hide \/ show the zero counters/);
});

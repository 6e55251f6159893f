import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { initialViewState, reduce, type Action } from '../../../src/tui/state/viewState.js';
import { screenFrame } from './screen-frame.js';

const frame = screenFrame;

const withActions = (...actions: Action[]) => actions.reduce(reduce, initialViewState());

test('stacks view: header, one line per stack, aggregate and total lines, history', () => {
  const out = frame(initialViewState());
  assert.match(out, /07\s+lstack\s+v1\.0\.3\s+2\s+info\s+off\s+connected/);
  assert.match(out, /08\s+-\s+v1\.0\.3\s+.*disconnected: lstack is not running/);
  // t=4 -> 5: rx of stack 0 grows by 1000*(25-16) per second, stack 1 twice that
  // CORE, CPU% and low power beside the counters; a thread /proc does not know shows '-'
  assert.match(out, /stack 0\s+4711\s+3\s+99\.5\s+off\s+9000\s+3600/);
  assert.match(out, /stack 1\s+4712\s+-\s+off\s+18\.0k/);
  assert.match(out, /07 all\s+99\.5\s+off\s+27\.0k\s+7200/);
  assert.match(out, /TOTAL\s+99\.5\s+27\.0k/);
  assert.match(out, /history: 07 all/);
});

test('stacks view: sorting by rx descending puts stack 1 first; filter hides the others', () => {
  const sorted = frame(withActions({ type: 'sortNext' }, { type: 'sortNext' }, { type: 'sortOrder' }));
  assert.ok(sorted.indexOf('stack 1') < sorted.indexOf('stack 0'));
  const filtered = frame(withActions({ type: 'filterText', text: '4712' }));
  assert.ok(filtered.includes('stack 1') && !filtered.includes('stack 0'));
});

test('units switch byte rates between bits and bytes', () => {
  assert.match(frame(initialViewState()), /RX bit\/s/);
  assert.match(frame(withActions({ type: 'unit' })), /RX B\/s\s/);
});

test('connections view: rows, sort, filter and the truncated total', () => {
  const out = frame(withActions({ type: 'view', view: 'connections' }));
  assert.match(out, /10\.0\.0\.1:80\s+10\.0\.0\.2:5001\s+ESTABLISHED/);
  assert.match(out, /lists 3 of 40000 connections/);
  const byQueue = frame(
    withActions(
      { type: 'view', view: 'connections' },
      { type: 'sortNext' },
      { type: 'sortNext' },
      { type: 'sortNext' },
      { type: 'sortNext' },
      { type: 'sortNext' },
      { type: 'sortOrder' },
    ),
  );
  assert.ok(byQueue.indexOf(':5002') < byQueue.indexOf(':5003'));
  const waiting = frame(
    withActions({ type: 'view', view: 'connections' }, { type: 'filterText', text: 'time_wait' }),
  );
  assert.ok(waiting.includes(':5002') && !waiting.includes(':5001'));
});

test('snmp view: per-second deltas and the non-zero toggle', () => {
  const out = frame(withActions({ type: 'view', view: 'snmp' }));
  assert.match(out, /tcp_in_seg\s+150\s+50/);
  assert.ok(!out.includes('ip_inhdr_err'));
  assert.match(frame(withActions({ type: 'view', view: 'snmp' }, { type: 'nonZero' })), /ip_inhdr_err/);
});

test('latency and nic views', () => {
  assert.match(
    frame(withActions({ type: 'view', view: 'latency' })),
    /recv t0->t1 \(into mbox\)\s+4\s+2\s+10\.00\s+30/,
  );
  const nic = frame(withActions({ type: 'view', view: 'nic' }));
  assert.match(nic, /rx_good_packets\s+123/);
  assert.ok(!nic.includes('rx_errors'));
  assert.match(nic, /tx-tcp-checksum\s+on/);
  assert.match(nic, /rx-vlan-strip\s+off/);
});

test('help overlay lists the keys; a small terminal gets a clear message', () => {
  assert.match(frame(withActions({ type: 'help' })), /set loglevel of the selected instance/);
  assert.match(frame(initialViewState(), 60, 10), /Terminal too small \(60x10\)/);
});

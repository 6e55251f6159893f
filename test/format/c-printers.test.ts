/**
 * The C printers beyond the recordings: every command of every era runs on zero-filled and on
 * random structs (v2024.09 has no recordings at all), and the quirks the fixtures do not reach.
 */
import type { Daemon } from '../../src/model/daemon.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GazelleCommand } from '../../src/model/command.js';
import { parseWords } from '../../src/cli/grammar.js';
import type { StepContext } from '../../src/format/printer.js';
import { decodeDfx, decodeLtran, encodeDfx, encodeLtran, type Decoded } from '../../src/protocol/codec.js';
import { conversationFor, type Step } from '../../src/protocol/conversations.js';
import { PROFILE_NAMES, wireFor, type ProfileName, type Wire } from '../../src/protocol/profiles.js';
import { cPrinter, usageText } from '../../src/format/c/index.js';

const IP = 0x0a01a8c0; // 192.168.1.10 as the codec reads it
const ctxOf = (daemon: Daemon): StepContext => ({
  daemon,
  request: { stat_mode: 0, ip: IP, pid: 0 },
  at: 0,
});
const clock = () => 1_700_000_000_123_456n;

/** Deterministic bytes: a xorshift32 stream. */
function randomBytes(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b.writeUInt32LE(x, i);
  }
  return b;
}

/** A decoded struct of `kind` from raw bytes, with eof forced so loops end as they would. */
function structOf(wire: Wire, step: Step, kind: string, raw: Buffer, eof: number): Decoded {
  raw.writeUInt32LE(eof, kind === 'latencyStream' ? 4 : 0);
  if (kind === 'dfx') return decodeDfx(wire, raw, 0, step.mode);
  if (kind === 'latencyStream')
    return { addr: raw.readUInt32LE(0), total: decodeLtran(wire, 'lstackTotal', raw, 4) };
  return decodeLtran(wire, kind as 'ltranTotal', raw, 0);
}

function sizeOf(wire: Wire, kind: string): number {
  if (kind === 'latencyStream') return wire.layouts.inAddr.size + wire.layouts.lstackTotal.size;
  return wire.layouts[kind as 'dfx'].size;
}

const COMMANDS: Record<ProfileName, string[]> = {
  'v1.0.3': [],
  'v2024.09': [],
  'v1.0.2': [],
};
const ALL = [
  'ltran show',
  'ltran show -r',
  'ltran show -b',
  'ltran show -i',
  'ltran show -t socktable',
  'ltran show -t conntable',
  'ltran show -l 2',
  'ltran quit',
  'ltran set loglevel info',
  'lstack show 192.168.1.10',
  'lstack show 192.168.1.10 -r',
  'lstack show 192.168.1.10 -s',
  'lstack show 192.168.1.10 -c',
  'lstack show 192.168.1.10 -l',
  'lstack show 192.168.1.10 -a 2',
  'lstack show 192.168.1.10 -x',
  'lstack show 192.168.1.10 -k',
  'lstack show 192.168.1.10 -p TCP',
  'lstack show 192.168.1.10 -I',
  'lstack show 192.168.1.10 -v',
  'lstack set 192.168.1.10 loglevel debug',
  'lstack set 4242 lowpower 1',
];
/** 1.0.2 had no -k, -p, -I, -v (their union members do not exist in its dfx struct). */
const V102_MISSING = /-(k|p|I|v)\b/;
for (const p of PROFILE_NAMES) COMMANDS[p] = ALL.filter((c) => p !== 'v1.0.2' || !V102_MISSING.test(c));

/** Feeds two rounds of structs (first-sample rules need a second one) through every step. */
function run(
  profile: ProfileName,
  cmd: GazelleCommand,
  daemon: Daemon,
  fill: (size: number) => Buffer,
): string {
  const wire = wireFor(profile);
  const conv = conversationFor(cmd, daemon, profile);
  if (!conv) return '';
  const printer = cPrinter(cmd, wire, { now: clock });
  const ctx = ctxOf(daemon);
  let out = '';
  for (let round = 0; round < (conv.repeat ? 2 : 1); round++) {
    for (const step of conv.steps) {
      if (!wire.profile.modes.has(step.mode)) return out; // the era's client cannot send it
      for (const seg of step.reply) {
        const count = seg.until === 'one' ? 1 : 2;
        for (let i = 0; i < count; i++) {
          const eof = i === count - 1 ? 1 : 0;
          if (seg.struct === 'latencyStream' && eof) break; // the end marker is never printed
          const value = structOf(wire, step, seg.struct, fill(sizeOf(wire, seg.struct)), eof);
          out += printer.onStruct(step, seg.struct, value, ctx);
        }
      }
      out += printer.onStepEnd?.(step, ctx) ?? '';
    }
  }
  return out;
}

for (const profile of PROFILE_NAMES) {
  test(`every ${profile} printer runs on zero-filled and random structs`, () => {
    let seed = 7;
    for (const line of COMMANDS[profile]) {
      const { command } = parseWords(line.split(' '));
      for (const daemon of ['lstack', 'ltran'] as Daemon[]) {
        const zero = run(profile, command, daemon, (n) => Buffer.alloc(n));
        const random = run(profile, command, daemon, (n) => randomBytes(n, seed++));
        assert.equal(typeof zero, 'string', line);
        assert.equal(typeof random, 'string', line);
        const silent = /quit|set .*loglevel/.test(line);
        if (silent) assert.equal(zero + random, '', `${line} prints nothing`);
      }
    }
  });
}

test('v2024.09 prints its own labels', () => {
  const { command } = parseWords(['lstack', 'show', '1.2.3.4']);
  const out = run('v2024.09', command, 'lstack', (n) => Buffer.alloc(n));
  assert.match(out, /read_lwip: 0 {18}read_lwip_drop/);
  assert.match(out, /mbuf_pool_freecnt: 0 {10}\n/);
  assert.match(out, /sock_tx_merge: 0 {16}\n/);
  const lat = run('v2024.09', parseWords(['lstack', 'show', '1.2.3.4', '-l']).command, 'lstack', (n) =>
    Buffer.alloc(n),
  );
  assert.match(lat, /range: t3--->t4\n/);
  assert.match(lat, /t2: into recvring t3: app read start {2}t4: app read end\n/);
  const agg = run('v2024.09', parseWords(['lstack', 'show', '1.2.3.4', '-a']).command, 'lstack', (n) =>
    Buffer.alloc(n),
  );
  assert.match(agg, /app_tx_size_8193_max byte: 0\n/);
});

function dfxStep(mode: Step['mode']): Step {
  return { mode, reply: [{ struct: 'dfx', until: 'eof' }], sleepAfter: 0 };
}

test('lstack latency: a type whose 4096-byte buffer is nearly full refuses rows (1.0.3 era)', () => {
  const wire = wireFor('v1.0.3');
  const cmd = parseWords(['lstack', 'show', '1.2.3.4', '-l']).command;
  const printer = cPrinter(cmd, wire, { now: clock });
  const step = dfxStep('LSTACK_SHOW_LATENCY');
  const entry = { latency_max: 900n, latency_min: 5n, latency_pkts: 100n, latency_total: 4000n };
  let out = '';
  for (let s = 0; s < 60; s++) {
    const buf = encodeDfx(wire, {
      eof: s === 59 ? 1 : 0,
      tid: 1000 + s,
      stack_id: s,
      data: { latency: { latency: Array(10).fill(entry) } },
    });
    out += printer.onStruct(step, 'dfx', decodeDfx(wire, buf, 0, step.mode), ctxOf('lstack'));
  }
  out += printer.onStepEnd!(step, ctxOf('lstack'));
  const refused = out
    .split('\n')
    .filter((l) => l === 'too many threads show latency result, out of memory bounds');
  assert.ok(refused.length > 0 && refused.length % 10 === 0, `refused ${refused.length}`);
  assert.ok(out.includes('total latency result show failed, out of memory bounds\n'));
  // Refusals are printed while collecting, before the table.
  assert.ok(out.indexOf('too many threads') < out.indexOf('Statistics of lstack latency'));
});

test('lstack rate: a stack_id >= 32 ends the processing of that reply; baselines survive rounds', () => {
  const wire = wireFor('v1.0.3');
  const cmd = parseWords(['lstack', 'show', '1.2.3.4', '-r']).command;
  const printer = cPrinter(cmd, wire, { now: clock });
  const step = dfxStep('LSTACK_SHOW_RATE');
  const dfx = (stack: number, rx: bigint, eof = 0) =>
    decodeDfx(
      wire,
      encodeDfx(wire, {
        eof,
        tid: 77 + stack,
        stack_id: stack,
        data: { pkts: { stack_stat: { rx }, aggregate_stats: { rx_bytes: 128n } } },
      }),
      0,
      step.mode,
    );
  const round = (structs: Decoded[]) =>
    structs.map((s) => printer.onStruct(step, 'dfx', s, ctxOf('lstack'))).join('') +
    printer.onStepEnd!(step, ctxOf('lstack'));
  assert.equal(round([dfx(0, 10n), dfx(1, 10n, 1)]), '');
  const second = round([dfx(0, 30n), dfx(32, 0n), dfx(1, 50n, 1)]);
  assert.match(second, /stack tid: {5}77 ------\nrx_pkts: 10 {14}rx_bytes: 1024.00b\/s/);
  assert.doesNotMatch(second, /tid: {5}78/, 'stack 1 comes after the out-of-range index');
  const third = round([dfx(1, 70n, 1)]);
  assert.match(third, /stack tid: {5}78 ------\nrx_pkts: 30 /, 'stack 1 still compares with round 1');
});

test('xstats with a bonding mode but no slaves prints slaves[-1], i.e. primary_port_id', () => {
  const wire = wireFor('v1.0.3');
  const cmd = parseWords(['lstack', 'show', '1.2.3.4', '-x']).command;
  const step: Step = { mode: 'LSTACK_SHOW_XSTATS', reply: [{ struct: 'dfx', until: 'one' }], sleepAfter: 0 };
  const buf = encodeDfx(wire, {
    eof: 1,
    data: {
      nic_xstats: {
        port_id: 2,
        len: 0,
        bonding: { mode: 1, miimon: 100, primary_port_id: 5, slave_count: 0 },
      },
    },
  });
  const out = cPrinter(cmd, wire, { now: clock }).onStruct(
    step,
    'dfx',
    decodeDfx(wire, buf, 0, step.mode),
    ctxOf('lstack'),
  );
  assert.match(out, /Slaves\(0\): \[5\]\nPrimary: \[5\]\n/);
  assert.match(out, /xstats item\(0\) num error!\n$/);
});

test('v1.0.2 connection table stamps microseconds since the epoch', () => {
  const wire = wireFor('v1.0.2');
  const cmd = parseWords(['lstack', 'show', '1.2.3.4', '-c']).command;
  const step = dfxStep('LSTACK_SHOW_CONN');
  const buf = encodeDfx(wire, { eof: 1, tid: 9 });
  const out = cPrinter(cmd, wire, { now: clock }).onStruct(
    step,
    'dfx',
    decodeDfx(wire, buf, 0, step.mode),
    ctxOf('lstack'),
  );
  assert.match(out, /------ stack tid: {6}9 ------time=1700000000123456\n/);
});

test('ltran latency stream with only its end marker prints the title and a zero total', () => {
  const wire = wireFor('v1.0.3');
  const cmd = parseWords(['ltran', 'show', '-l']).command;
  const step: Step = {
    mode: 'LTRAN_SHOW_LATENCY',
    reply: [{ struct: 'latencyStream', until: 'eof' }],
    sleepAfter: 0,
  };
  const out = cPrinter(cmd, wire, { now: clock }).onStepEnd!(step, ctxOf('ltran'));
  assert.match(out, /^Statistics of ltran latency: {2}t0--->t1 {10}\(t0:read form nic/);
  assert.match(out, /\n {26}total: {6}0\n$/);
});

test('ltran rate: a port missing from the previous sample compares with zeros', () => {
  const wire = wireFor('v1.0.3');
  const cmd = parseWords(['ltran', 'show', '-r']).command;
  const printer = cPrinter(cmd, wire, { now: clock });
  const step: Step = {
    mode: 'LTRAN_SHOW_RATE',
    reply: [{ struct: 'ltranTotal', until: 'one' }],
    sleepAfter: 0,
  };
  const total = (ports: number) =>
    decodeLtran(
      wire,
      'ltranTotal',
      encodeLtran(wire, 'ltranTotal', { port_num: ports, port_list: [{ rx: 5n }, { rx: 9n }] }),
      0,
    );
  assert.equal(printer.onStruct(step, 'ltranTotal', total(1), ctxOf('ltran')), 'Statistics of ltran rate:\n');
  const out = printer.onStruct(step, 'ltranTotal', total(2), ctxOf('ltran'));
  assert.match(out, /Bond port 0:\nrx_pkts: 0 /);
  assert.match(out, /Bond port 1:\nrx_pkts: 9 /);
});

test('usage text per era', () => {
  assert.match(usageText('v1.0.3'), /-k, nic-features/);
  assert.equal(usageText('v2024.09'), usageText('v1.0.3'));
  assert.doesNotMatch(usageText('v1.0.2'), /nic-features|virtio|protocol/);
  assert.match(usageText('v1.0.2'), /UNIX_PREFIX\]\n \n {2}quit/);
  assert.ok(usageText('v1.0.2').endsWith('maximum 30mins \n'));
});

test('v1.0.2 via ltran: LSTACK_SHOW carries lstack_total then dfx, LSTACK_SHOW_RATE lstack_total', () => {
  const wire = wireFor('v1.0.2');
  const show = cPrinter(parseWords(['lstack', 'show', '1.2.3.4']).command, wire, { now: clock });
  const step: Step = {
    mode: 'LSTACK_SHOW',
    reply: [
      { struct: 'lstackTotal', until: 'eof' },
      { struct: 'dfx', until: 'eof' },
    ],
    sleepAfter: 0,
  };
  const total = (index: number, rx: bigint, eof: number) =>
    decodeLtran(
      wire,
      'lstackTotal',
      encodeLtran(wire, 'lstackTotal', { eof, tid: 40 + index, index, rx }),
      0,
    );
  let out = show.onStruct(step, 'lstackTotal', total(0, 1n, 1), ctxOf('ltran'));
  const dfx = decodeDfx(wire, encodeDfx(wire, { eof: 1, tid: 41, loglevel: 8 }), 0, step.mode);
  out += show.onStruct(step, 'dfx', dfx, ctxOf('ltran'));
  assert.match(out, /^Statistics of lstack:\n\n------ stack tid: {5}40 ------\nrx_pkts: 1 /);
  assert.match(out, /\n\n\nStatistics of lstack in app:\nlow_power_mode: OFF\nloglevel: debug\n/);
  assert.match(out, /mempool_freecnt: 0 {12}\n$/);

  const rate = cPrinter(parseWords(['lstack', 'show', '1.2.3.4', '-r']).command, wire, { now: clock });
  const rateStep: Step = {
    mode: 'LSTACK_SHOW_RATE',
    reply: [{ struct: 'lstackTotal', until: 'eof' }],
    sleepAfter: 0,
  };
  assert.equal(rate.onStruct(rateStep, 'lstackTotal', total(0, 10n, 1), ctxOf('ltran')), '');
  rate.onStepEnd!(rateStep, ctxOf('ltran'));
  assert.match(
    rate.onStruct(rateStep, 'lstackTotal', total(0, 25n, 1), ctxOf('ltran')),
    /rx_pkts: 15 {14}rx_bytes: {4}0\.00b\/s {2}rx_err: 0 /,
  );
});

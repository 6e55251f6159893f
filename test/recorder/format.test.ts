import { strict as assert } from 'node:assert';
import * as nodeFs from 'node:fs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeSample, encodeSample, type DeltaState } from '../../src/recorder/codec.js';
import { FILE_MAGIC, RecordType, frame } from '../../src/recorder/frame.js';
import { readRecording, readSegment } from '../../src/recorder/reader.js';
import type { Sample } from '../../src/recorder/sample.js';
import { header, synthetic, writerIn } from './fixtures.js';
import { tempDir } from '../support/run-dir.js';

const H = header(['a_', 'b_']);

function segment(samples: Sample[], keyEvery = 10, deflate = false): { buf: Buffer; ends: number[] } {
  const parts: Buffer[] = [FILE_MAGIC, frame(RecordType.Header, Buffer.from(JSON.stringify(H)))];
  const state: DeltaState = new Map();
  samples.forEach((s, i) => {
    const r = encodeSample(s, H, state, { key: i % keyEvery === 0, deflate });
    parts.push(frame(r.type, r.payload));
  });
  const ends: number[] = [];
  let at = 0;
  for (const p of parts) ends.push((at += p.length));
  return { buf: Buffer.concat(parts), ends };
}

const samplesOf = (buf: Uint8Array, notes: string[] = []): Sample[] =>
  [...readSegment(buf, (n) => notes.push(n))].flatMap((i) => (i.kind === 'sample' ? [i.sample] : []));

const someSamples = (count: number): Sample[] => {
  const out = [...synthetic({ instances: 2, stacks: 3, count, snmpEvery: 4 })];
  // one instance down with its error now and then, and a restart (counters back to small values)
  out[5].instances[1] = { up: false, error: 'connect ECONNREFUSED', stacks: [] };
  out[9].instances[0].stacks = out[9].instances[0].stacks.map((r) => r.map((v, k) => (k > 1 ? v % 97 : v)));
  out[11].instances[0].connStates = [{ ESTABLISHED: 3, LISTEN: 1 }, {}, { TIME_WAIT: 2 }];
  return out;
};

test('samples read back exactly, key and delta, with and without deflate', () => {
  const samples = someSamples(30);
  for (const deflate of [false, true]) {
    assert.deepEqual(samplesOf(segment(samples, 7, deflate).buf), samples);
  }
});

test('decoding a delta against the wrong base gives other numbers (deltas are really used)', () => {
  const [a, b, , c] = someSamples(12);
  const st: DeltaState = new Map();
  encodeSample(a, H, st, { key: true, deflate: false });
  const afterA = new Map(st);
  const rec = encodeSample(b, H, st, { key: false, deflate: false });
  assert.deepEqual(decodeSample(rec.type, rec.payload, H, afterA), b);
  const wrong: DeltaState = new Map();
  encodeSample(c, H, wrong, { key: true, deflate: false });
  assert.notDeepEqual(decodeSample(rec.type, rec.payload, H, wrong), b);
  // and without any base a delta is refused rather than read as absolute values
  assert.throws(() => decodeSample(rec.type, rec.payload, H, new Map()), /without its base/);
});

test('a recording cut at every byte offset of its last record reads back with only that record lost', () => {
  const samples = someSamples(12);
  const { buf, ends } = segment(samples, 5);
  const lastStart = ends[ends.length - 2];
  for (let cut = lastStart; cut < buf.length; cut++) {
    const notes: string[] = [];
    const got = samplesOf(buf.subarray(0, cut), notes);
    assert.deepEqual(got, samples.slice(0, -1), `cut at ${cut}`);
    if (cut > lastStart) assert.match(notes.join('\n'), /torn record at byte \d+/, `cut at ${cut}`);
    else assert.deepEqual(notes, []);
  }
  assert.deepEqual(samplesOf(buf), samples);
});

test('a damaged record in the middle costs the samples up to the next key sample, with a note', () => {
  const samples = someSamples(20);
  const { buf, ends } = segment(samples, 5);
  // flip a byte in the payload of sample 7 (records: magic, header, then samples)
  const copy = Buffer.from(buf);
  copy[ends[1 + 7] + 15] ^= 0xff;
  const notes: string[] = [];
  const got = samplesOf(copy, notes);
  assert.match(notes.join('\n'), /damaged bytes/);
  // samples 7, 8, 9 need record 7 (7 is lost, 8 and 9 are deltas on it); 10 is a key sample
  assert.deepEqual(got, [...samples.slice(0, 7), ...samples.slice(10)]);
});

test('rotation keeps the directory under --max-size, removing the oldest segments first', () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const lines: string[] = [];
    const maxSize = 64 * 1024;
    const w = writerIn(dir, { maxSize, log: (l) => lines.push(l) });
    let firstNames: string[] = [];
    for (const s of synthetic({ instances: 2, stacks: 4, count: 700, snmpEvery: 10 })) {
      w.append(s, H);
      const onDisk = readdirSync(dir);
      const total = onDisk.reduce((a, n) => a + statSync(join(dir, n)).size, 0);
      assert.ok(total <= maxSize, `${total} bytes on disk`);
      if (firstNames.length === 0 && onDisk.length > 1) firstNames = onDisk.sort();
    }
    w.close();
    const names = readdirSync(dir).sort();
    assert.ok(!names.includes(firstNames[0]), 'the oldest segment was removed');
    assert.ok(names.length >= 4);
    assert.deepEqual(lines, []);
    // what is left reads back as one continuous stretch ending with the last sample
    const got = [...readRecording(dir, () => assert.fail('no notes expected'))].filter(
      (i) => i.kind === 'sample',
    );
    const times = got.map((i) => (i.kind === 'sample' ? i.sample.t : 0));
    assert.equal(times[times.length - 1], 1_795_000_000_000 + 699 * 1000);
    assert.ok(times.every((t, i) => i === 0 || t - times[i - 1] === 1000));
  } finally {
    done();
  }
});

test('a --max-size too small for one record is one line, not one per sample', () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const lines: string[] = [];
    const w = writerIn(dir, { maxSize: 200, log: (l) => lines.push(l) });
    for (const s of synthetic({ instances: 2, stacks: 4, count: 20 })) w.append(s, H);
    w.close();
    assert.equal(lines.length, 1);
    assert.match(lines[0], /does not fit in --max-size 200; dropped/);
    assert.equal(w.dropped, 20);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    done();
  }
});

test('--retain removes segments whose newest record is older than the limit', () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    let now = 1_795_000_000_000;
    const w = writerIn(dir, { retainMs: 60_000, now: () => now });
    for (const s of synthetic({ instances: 1, stacks: 2, count: 300 })) {
      now = s.t;
      w.append(s, header(['a_']));
    }
    w.close();
    const got = [...readRecording(dir, () => assert.fail('no notes expected'))].flatMap((i) =>
      i.kind === 'sample' ? [i.sample.t] : [],
    );
    assert.ok(got[0] >= now - 60_000 - w.segmentMs, `oldest kept ${now - got[0]} ms old`);
    assert.ok(now - got[0] >= 60_000 - 1000, 'keeps at least the retained stretch');
  } finally {
    done();
  }
});

test('a full disk is one line, samples are dropped, and recording resumes with a key sample and a gap event', () => {
  const { dir, cleanup: done } = tempDir('gzrec-');
  try {
    const lines: string[] = [];
    let full = false;
    const fs = { ...nodeFs };
    const realWrite = fs.writeSync;
    fs.writeSync = ((fd: number, buf: Buffer, off: number, len: number, pos: number) => {
      if (full) {
        // half of the record reaches the disk, then ENOSPC
        realWrite(fd, buf, off, Math.floor(len / 2), pos);
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      }
      return realWrite(fd, buf, off, len, pos);
    }) as typeof fs.writeSync;
    const w = writerIn(dir, { keyEvery: 1000, log: (l) => lines.push(l), fs });
    const samples = someSamples(30);
    samples.forEach((s, i) => {
      full = i >= 10 && i < 20;
      w.append(s, H);
    });
    w.close();
    assert.equal(lines.length, 1);
    assert.match(lines[0], /ENOSPC \(disk full\)/);
    const notes: string[] = [];
    const items = [...readRecording(dir, (n) => notes.push(n))];
    assert.deepEqual(notes, []);
    const got = items.flatMap((i) => (i.kind === 'sample' ? [i.sample] : []));
    assert.deepEqual(got, [...samples.slice(0, 10), ...samples.slice(20)]);
    const ev = items.find((i) => i.kind === 'event');
    assert.ok(ev && ev.kind === 'event');
    assert.equal(ev.event.from, samples[10].t);
    assert.equal(ev.event.to, samples[20].t);
    assert.match(ev.event.reason, /ENOSPC: 10 samples dropped/);
    assert.equal(
      readFileSync(join(dir, readdirSync(dir)[0]))
        .subarray(0, 8)
        .toString(),
      FILE_MAGIC.toString(),
    );
  } finally {
    done();
  }
});

/** The frame reader without a socket: bytes pushed or landed, replies taken by sinks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIRECT_READ_BYTES,
  ExactFrame,
  FRAME_TAIL_BYTES,
  FrameReader,
} from '../../src/transport/frameReader.js';
import { FrameSkimmer } from '../../src/monitor/frameSkimmer.js';

const bytes = (n: number, seed: number): Buffer => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
};

/** Simulates a socket's reads of `stream`, at most `max` bytes each, into wherever the reader says. */
function land(reader: FrameReader, stream: Buffer, max = Infinity): { direct: number; scratch: number } {
  let at = 0;
  const seen = { direct: 0, scratch: 0 };
  while (at < stream.length) {
    const into = reader.landing();
    const n = Math.min(into.length, max, stream.length - at);
    stream.copy(into, 0, at, at + n);
    if (reader.awaiting instanceof ExactFrame && into.buffer === reader.awaiting.buffer.buffer)
      seen.direct += n;
    else seen.scratch += n;
    reader.landed(n);
    at += n;
  }
  return seen;
}

test('pushed bytes at any chunking: exact frames come back whole, the rest stays queued', () => {
  const a = bytes(1000, 1);
  const b = bytes(70_000, 2);
  const extra = bytes(17, 3);
  const stream = Buffer.concat([a, b, extra]);
  for (const piece of [1, 7, 999, 4096, 65_536, stream.length]) {
    const reader = new FrameReader(Buffer.allocUnsafe(64 * 1024));
    const first = new ExactFrame(a.length);
    reader.begin(first);
    let at = 0;
    while (!first.done) reader.push(stream.subarray(at, (at += piece)));
    reader.end();
    assert.ok(first.buffer.equals(a), `piece ${piece}`);
    const second = new ExactFrame(b.length);
    reader.begin(second);
    while (at < stream.length) reader.push(stream.subarray(at, (at += piece)));
    reader.end();
    assert.ok(second.done && second.buffer.equals(b), `piece ${piece}`);
    assert.equal(reader.pendingBytes, extra.length, `piece ${piece}`);
    assert.ok(reader.take(extra.length).equals(extra));
  }
});

test('an awaited frame is read straight into its own buffer, except its tail, which comes with what follows', () => {
  const frame = bytes(3_168_040, 9);
  const beyond = bytes(100, 4);
  const reader = new FrameReader(Buffer.allocUnsafe(64 * 1024));
  const sink = new ExactFrame(frame.length);
  reader.begin(sink);
  const seen = land(reader, Buffer.concat([frame, beyond]));
  assert.ok(sink.done && sink.buffer.equals(frame));
  assert.equal(seen.direct, frame.length - FRAME_TAIL_BYTES, 'all but the tail landed in the frame');
  assert.equal(seen.scratch, FRAME_TAIL_BYTES + beyond.length, 'one read took the tail and the surplus');
  assert.equal(reader.pendingBytes, beyond.length);
  // and no direct read is larger than net's own
  const again = new ExactFrame(DIRECT_READ_BYTES * 4);
  reader.end();
  reader.take(beyond.length);
  reader.begin(again);
  assert.ok(reader.landing().length <= DIRECT_READ_BYTES);
});

test('skimming sinks share one scratch area: interleaved readers each get their own structs', () => {
  const scratch = Buffer.allocUnsafe(256 * 1024);
  const seg = { size: 100_000, keep: 8, until: 'eof' as const, max: 32 };
  const struct = (eof: number, tag: number): Buffer => {
    const b = bytes(seg.size, tag);
    b.writeUInt32LE(eof, 0);
    b.writeUInt32LE(tag, 4);
    return b;
  };
  const streams = [0, 1].map((r) => Buffer.concat([struct(0, 10 + r), struct(0, 20 + r), struct(1, 30 + r)]));
  const readers = [0, 1].map(() => new FrameReader(scratch));
  const skimmers = [0, 1].map(() => new FrameSkimmer([seg]));
  readers.forEach((r, i) => r.begin(skimmers[i]));
  const at = [0, 0];
  // reads of the two connections alternate, both landing in the same scratch
  while (at.some((a, i) => a < streams[i].length)) {
    for (const i of [0, 1]) {
      if (at[i] >= streams[i].length) continue;
      const into = readers[i].landing();
      assert.equal(into.buffer, scratch.buffer, 'skimmed bytes land in the shared scratch');
      const n = Math.min(into.length, 50_000, streams[i].length - at[i]);
      streams[i].copy(into, 0, at[i], (at[i] += n));
      readers[i].landed(n);
    }
  }
  for (const i of [0, 1]) {
    assert.ok(skimmers[i].done);
    assert.deepEqual(
      skimmers[i].results[0].map((h) => h.readUInt32LE(4)),
      [10 + i, 20 + i, 30 + i],
    );
    assert.equal(readers[i].pendingBytes, 0);
  }
});

test('queued bytes go to the next sink first; a frame that broke off can be put back', () => {
  const reader = new FrameReader(Buffer.allocUnsafe(64 * 1024));
  reader.push(bytes(500, 1));
  const sink = new ExactFrame(800);
  reader.begin(sink);
  assert.equal(sink.received, 500);
  reader.end();
  reader.unshift(sink.partial);
  assert.equal(reader.pendingBytes, 500);
  assert.ok(reader.take(500).equals(bytes(500, 1)));
});

test('a frame that keeps its head: the rest is read into a shared area, not its buffer, and counted', () => {
  const frame = bytes(3_168_040, 5);
  const beyond = bytes(40, 6);
  const keep = 3_000;
  for (const max of [1, 999, 70_000, Infinity]) {
    const reader = new FrameReader(Buffer.allocUnsafe(64 * 1024));
    const sink = new ExactFrame(frame.length, { keep });
    reader.begin(sink);
    const stream = Buffer.concat([frame, beyond]);
    if (max === 1) for (let at = 0; !sink.done; at += 997) reader.push(stream.subarray(at, at + 997));
    else land(reader, stream, max);
    assert.ok(sink.done, `max ${max}`);
    assert.equal(sink.buffer.length, keep);
    assert.ok(sink.buffer.equals(frame.subarray(0, keep)), `max ${max}`);
    if (max !== 1) assert.equal(reader.pendingBytes, beyond.length, `max ${max}`);
  }
});

test('a head-keeping frame that broke off puts back as many bytes as arrived', () => {
  const reader = new FrameReader(Buffer.allocUnsafe(64 * 1024));
  const sink = new ExactFrame(100_000, { keep: 10 });
  reader.begin(sink);
  reader.push(bytes(30_000, 7));
  reader.end();
  reader.unshift(sink.partial);
  assert.equal(reader.pendingBytes, 30_000);
  assert.ok(reader.take(10).equals(bytes(10, 7)));
});

test('a frame read into a given buffer keeps its bytes there', () => {
  const into = Buffer.alloc(5_000);
  const reader = new FrameReader(Buffer.allocUnsafe(64 * 1024));
  const sink = new ExactFrame(4_000, { into });
  reader.begin(sink);
  land(reader, bytes(4_000, 8), 1_500);
  assert.ok(sink.done && sink.buffer.buffer === into.buffer);
  assert.ok(into.subarray(0, 4_000).equals(bytes(4_000, 8)));
});

import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { FrameSkimmer } from '../../../src/monitor/frameSkimmer.js';
import { backoffMs, MAX_BACKOFF_MS } from '../../../src/monitor/backoff.js';

function frame(size: number, eof: number, mark: number): Buffer {
  const b = Buffer.alloc(size, mark);
  b.writeUInt32LE(eof, 0);
  return b;
}

test('keeps the prefix of each struct until eof, whatever the chunking', () => {
  const stream = Buffer.concat([frame(100, 0, 1), frame(100, 0, 2), frame(100, 1, 3), Buffer.from('extra')]);
  for (let cut = 1; cut < stream.length; cut += 7) {
    const sk = new FrameSkimmer([{ size: 100, keep: 6, until: 'eof', max: 32 }]);
    let extra = 0;
    for (let i = 0; i < stream.length; i += cut) extra += sk.feed(stream.subarray(i, i + cut));
    assert.ok(sk.done);
    assert.equal(extra, 5);
    assert.deepEqual(
      sk.results[0].map((b) => [b.length, b[5]]),
      [
        [6, 1],
        [6, 2],
        [6, 3],
      ],
    );
  }
});

test('segments follow each other; "one" ignores eof', () => {
  const sk = new FrameSkimmer([
    { size: 8, keep: 8, until: 'one', max: 32 },
    { size: 20, keep: 4, until: 'eof', max: 32 },
  ]);
  sk.feed(Buffer.concat([frame(8, 0, 9), frame(20, 1, 7)]));
  assert.ok(sk.done);
  assert.equal(sk.results[0][0].length, 8);
  assert.equal(sk.results[1].length, 1);
});

test('max structs without eof, or a garbage eof, fail the reply', () => {
  const sk = new FrameSkimmer([{ size: 8, keep: 8, until: 'eof', max: 2 }]);
  assert.throws(
    () => sk.feed(Buffer.concat([frame(8, 0, 0), frame(8, 0, 0)])),
    /more than 2 structs without eof/,
  );
  // the max-th struct may still end the reply
  const last = new FrameSkimmer([{ size: 8, keep: 8, until: 'eof', max: 2 }]);
  last.feed(Buffer.concat([frame(8, 0, 0), frame(8, 1, 0)]));
  assert.ok(last.done);
  assert.throws(
    () => new FrameSkimmer([{ size: 8, keep: 8, until: 'eof', max: 2 }]).feed(frame(8, 77, 0)),
    /eof=77/,
  );
});

test('backoff doubles from the interval and is capped', () => {
  assert.equal(backoffMs(0, 1000), 1000);
  assert.equal(backoffMs(1, 1000), 1000);
  assert.equal(backoffMs(3, 1000), 4000);
  assert.equal(backoffMs(10, 1000), MAX_BACKOFF_MS);
  assert.equal(backoffMs(2, 30_000), MAX_BACKOFF_MS);
});

test('a skimmed prefix decodes like the whole struct, in every era', async () => {
  const { decodeDfx, encodeDfx } = await import('../../../src/protocol/codec.js');
  const { wireFor } = await import('../../../src/protocol/profiles.js');
  const { decodeSkimmed } = await import('../../../src/monitor/instanceClient.js');
  for (const profile of ['v1.0.3', 'v2024.09', 'v1.0.2'] as const) {
    const wire = wireFor(profile);
    const ss = { rx: 123456789n, tx: 42n, rx_drop: 7n };
    const pkts =
      profile === 'v1.0.3' ? { stack_stat: { ...ss, conn_num: 3 } } : { stack_stat: ss, conn_num: 3 };
    const whole = encodeDfx(wire, { eof: 1, tid: 4711, loglevel: 7, data: { pkts } });
    for (const keep of [400, 2000]) {
      // decoding one prefix must not change another's result
      decodeSkimmed(wire, Buffer.alloc(keep, 0xff), 'LSTACK_SHOW');
      const decoded = decodeSkimmed(wire, whole.subarray(0, keep), 'LSTACK_SHOW');
      const expected = decodeDfx(wire, whole, 0, 'LSTACK_SHOW');
      assert.deepEqual(decoded, expected, `${profile} keep ${keep}`);
      // nor may a later decode change what an earlier one returned
      decodeSkimmed(wire, Buffer.alloc(keep, 0xee), 'LSTACK_SHOW');
      assert.deepEqual(decoded, expected, `${profile} keep ${keep}, after another decode`);
    }
  }
});

/** Every recorded fixture response, split at many offsets, reads back identical (./fixtures.ts). */
import { test } from 'node:test';
import { StreamServer } from './frames.js';
import { boundaryCuts, recordedResponses, replayPieces, replaySplit } from './fixtures.js';

test('fixture responses through a socket, cut at 1, 7, every struct boundary +-1 and at random', async () => {
  const server = await StreamServer.start();
  let x = 12345;
  const random = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  try {
    for (const r of recordedResponses()) {
      await replaySplit(server, r, { cuts: boundaryCuts(r, random) });
      await replaySplit(server, r, { fixed: 1 + Math.floor(random() * 200_000) });
    }
  } finally {
    await server.close();
  }
});

test('small fixture responses fed 1 and 7 bytes at a time (the 3 MB ones: npm run fuzz)', async () => {
  const server = await StreamServer.start();
  try {
    for (const r of recordedResponses().filter((r) => r.body.length < 100_000))
      for (const piece of [1, 7]) await replayPieces(server, r, piece);
  } finally {
    await server.close();
  }
});

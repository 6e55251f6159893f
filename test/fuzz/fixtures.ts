/**
 * Every recorded response of shared/protocol/fixtures* fed through a real socket to
 * Connection.readExact, split at many offsets: each struct the manifest lists must come back
 * byte-identical, whatever the chunking. Shared by fixtures.test.ts and `npm run fuzz`.
 */
import { join } from 'node:path';
import { Connection } from '../../src/transport/connection.js';
import { protocolDir } from '../shared.js';
import { loadFixtures } from '../replay/replay.js';
import { chunkLengths, injectPieces, type StreamServer } from './frames.js';

export interface RecordedResponse {
  name: string;
  body: Buffer;
  /** Struct sizes in arrival order (manifest response_structs). */
  reads: number[];
}

export function recordedResponses(): RecordedResponse[] {
  const out: RecordedResponse[] = [];
  for (const dir of ['fixtures', 'fixtures-v1.0.2-real'])
    for (const f of loadFixtures(join(protocolDir, dir))) {
      const conns = f.manifest.connections as { response_structs?: { bytes: number; count: number }[] }[];
      f.responses.forEach((body, i) => {
        if (!body.length) return;
        const reads = (conns[i]?.response_structs ?? []).flatMap((s) => Array<number>(s.count).fill(s.bytes));
        const listed = reads.reduce((a, b) => a + b, 0);
        if (listed < body.length) reads.push(body.length - listed);
        out.push({ name: `${dir}/${f.name}/resp-${i + 1}`, body, reads });
      });
    }
  return out;
}

/** Cut points: 1 and 7 bytes in, around every struct boundary, and a few random ones. */
export function boundaryCuts(r: RecordedResponse, random: () => number): number[] {
  const cuts = [1, 7];
  let at = 0;
  for (const n of r.reads) {
    at += n;
    cuts.push(at - 1, at + 1, at - 7);
  }
  for (let i = 0; i < 8; i++) cuts.push(Math.floor(random() * r.body.length));
  return cuts.map((c) => c / r.body.length);
}

async function readAll(conn: Connection, r: RecordedResponse): Promise<void> {
  let at = 0;
  for (const n of r.reads) {
    const got = await conn.readExact(n);
    if (!got.equals(r.body.subarray(at, at + n))) throw new Error(`${r.name}: struct at ${at} differs`);
    at += n;
  }
  if (conn.pendingBytes !== 0) throw new Error(`${r.name}: ${conn.pendingBytes} bytes left over`);
}

/** Through the socket, cut as told. */
export async function replaySplit(
  server: StreamServer,
  r: RecordedResponse,
  how: { fixed: number } | { cuts: number[] },
): Promise<void> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const n of chunkLengths(r.body.length, how)) chunks.push(r.body.subarray(at, (at += n)));
  server.next((s) => {
    s.on('error', () => undefined);
    let i = 0;
    const next = (): void => {
      while (i < chunks.length && !s.destroyed) if (!s.write(chunks[i++])) return void s.once('drain', next);
      if (!s.destroyed) s.end();
    };
    next();
  });
  const conn = await Connection.connect(server.path, { daemon: 'lstack', timeoutMs: 5000 });
  try {
    await readAll(conn, r);
  } finally {
    conn.close();
  }
}

/** Fed piece by piece straight into the reader (pieces of 1 or 7 bytes reach it unmerged). */
export async function replayPieces(server: StreamServer, r: RecordedResponse, piece: number): Promise<void> {
  server.next(() => undefined);
  const conn = await Connection.connect(server.path, { daemon: 'lstack', timeoutMs: 5000 });
  try {
    let at = 0;
    for (const n of r.reads) {
      const got = await injectPieces(conn, r.body.subarray(at, at + n), piece);
      if (!got.equals(r.body.subarray(at, at + n))) throw new Error(`${r.name}: struct at ${at} differs`);
      at += n;
    }
  } finally {
    conn.close();
  }
}

/**
 * The replay daemon of shared/protocol/fixtures*: listens where the recorded daemon listened,
 * counts empty "probe" connections, answers request connection N with resp-N and records what the
 * client sent (fixtures/README.md "How a test replays a scenario").
 */
import { createServer, type Server, type Socket } from 'node:net';
import { linkSync, renameSync, unlinkSync, existsSync } from 'node:fs';

export interface Scenario {
  socketPath: string | null;
  requestSize: number;
  responses: Buffer[];
  closesWithoutReply: boolean[];
  closesRightAfterReply: boolean[];
  /** ltran closes after answering; lstack waits for the client. */
}

export interface Recording {
  probes: number;
  requests: Buffer[];
}

export interface FakeDaemon {
  recording: Recording;
  close(): Promise<void>;
}

export async function startFakeDaemon(s: Scenario): Promise<FakeDaemon> {
  const recording: Recording = { probes: 0, requests: [] };
  if (!s.socketPath) return { recording, close: async () => undefined };
  const path = s.socketPath;
  const server: Server = createServer();
  const sockets = new Set<Socket>();
  let closedListener = false;

  // Close the listener but keep the socket file, so a later connect gets ECONNREFUSED (README step 4).
  const closeListenerKeepFile = () => {
    if (closedListener) return;
    closedListener = true;
    const keep = `${path}.keep`;
    linkSync(path, keep);
    server.close();
    if (existsSync(path)) unlinkSync(path);
    renameSync(keep, path);
  };

  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    let buf = Buffer.alloc(0);
    let n = -1;
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (n === -1 && buf.length >= s.requestSize) {
        n = recording.requests.length;
        recording.requests.push(buf.subarray(0, s.requestSize));
        if (n >= s.responses.length - 1) closeListenerKeepFile();
        if (s.closesWithoutReply[n]) {
          sock.destroy();
          return;
        }
        const resp = s.responses[n] ?? Buffer.alloc(0);
        if (resp.length) sock.write(resp);
        if (s.closesRightAfterReply[n]) sock.end();
      }
    });
    sock.on('end', () => {
      if (n === -1 && buf.length === 0) recording.probes++;
      sock.end();
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    recording,
    close: async () => {
      for (const sock of sockets) sock.destroy();
      if (!closedListener) await new Promise<void>((r) => server.close(() => r()));
      if (existsSync(path)) unlinkSync(path);
    },
  };
}

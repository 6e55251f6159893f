/** A unix-socket server standing in for a daemon: listening before it resolves, closed by the test. */
import { createServer, type Server, type Socket } from 'node:net';

export interface UnixServer {
  readonly server: Server;
  readonly path: string;
  /** Stops listening and ends every connection still open. */
  close(): Promise<void>;
}

export async function serveUnix(
  path: string,
  onConnection: (sock: Socket) => void,
  opts: { pauseOnConnect?: boolean } = {},
): Promise<UnixServer> {
  const open = new Set<Socket>();
  const server = createServer({ pauseOnConnect: !!opts.pauseOnConnect }, (sock) => {
    open.add(sock);
    sock.once('close', () => open.delete(sock));
    // a client that goes away mid-answer is the test's business, not a crash
    sock.on('error', () => undefined);
    onConnection(sock);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return {
    server,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

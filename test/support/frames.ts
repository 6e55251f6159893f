/** Reply bytes for tests that play a daemon. */
import type { Socket } from 'node:net';

/** Writes `frame` again and again while the client reads (a daemon that never ends its reply). */
export function flood(sock: Socket, frame: Buffer): void {
  const pump = (): void => {
    while (!sock.destroyed && sock.write(frame));
    if (!sock.destroyed) sock.once('drain', pump);
  };
  pump();
}

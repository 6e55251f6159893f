/**
 * A simulated primary's dpdk_telemetry.v2: SOCK_SEQPACKET through node-unix-socket, a greeting on
 * accept, one reply message per command, and DPDK's limit of 10 clients (the 11th is accepted and
 * closed at once).
 */
import { rmSync } from 'node:fs';
import type { SeqpacketServer, SeqpacketSocket } from 'node-unix-socket';
import type { SeqpacketAddon } from '../../dpdk/seqpacket.js';
import { answer, greeting, MAX_OUTPUT_LEN, type SimGroupFacts } from './telemetry-answers.js';

const MAX_CLIENTS = 10;

export class SimTelemetryServer {
  private readonly server: SeqpacketServer;
  private readonly clients = new Set<SeqpacketSocket>();

  constructor(
    addon: SeqpacketAddon,
    readonly path: string,
    facts: () => SimGroupFacts,
  ) {
    rmSync(path, { force: true });
    this.server = new addon.SeqpacketServer();
    this.server.on('error', () => undefined);
    this.server.on('connection', (sock: SeqpacketSocket) => {
      sock.on('error', () => undefined);
      if (this.clients.size >= MAX_CLIENTS) {
        setImmediate(() => sock.destroy());
        return;
      }
      this.clients.add(sock);
      sock.on('close', () => this.clients.delete(sock));
      sock.on('end', () => setImmediate(() => sock.destroy()));
      sock.write(Buffer.from(greeting(facts())));
      sock.on('data', (b: Buffer) => {
        let text = JSON.stringify(answer(facts(), b.toString('utf8')));
        if (text.length > MAX_OUTPUT_LEN) text = JSON.stringify({ error: 'output too large' });
        sock.write(Buffer.from(text));
      });
    });
    this.server.listen(path, 16);
  }

  close(): void {
    this.server.close();
    for (const c of this.clients) setImmediate(() => c.destroy());
    this.clients.clear();
    rmSync(this.path, { force: true });
  }
}

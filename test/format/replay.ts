/**
 * Socket-free replay of a recorded scenario through a Printer: the conversation of the parsed
 * argv, the recorded responses split into structs by the step's segments, decoded and printed in
 * arrival order, exactly as src/client/run.ts would feed them.
 */
import type { Daemon } from '../../src/model/daemon.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Printer, StepContext } from '../../src/format/printer.js';
import { decodeDfx, decodeLtran, decodeRequest, type Decoded } from '../../src/protocol/codec.js';
import type { Conversation } from '../../src/protocol/conversations.js';
import type { Wire } from '../../src/protocol/profiles.js';

export interface ReplayResult {
  text: string;
  /** A response ended inside a struct (the recording's daemon died or closed mid-reply). */
  truncated: boolean;
  connections: number;
}

export function replay(
  dir: string,
  conv: Conversation,
  daemon: Daemon,
  wire: Wire,
  printer: Printer,
): ReplayResult {
  let text = '';
  let n = 0;
  const files = (k: number) => ({ req: join(dir, `req-${k}.bin`), resp: join(dir, `resp-${k}.bin.gz`) });
  for (;;) {
    for (const step of conv.steps) {
      const f = files(n + 1);
      if (!existsSync(f.req)) return { text, truncated: false, connections: n };
      n++;
      const request = decodeRequest(wire, readFileSync(f.req));
      const expectedMode = wire.profile.modes.number(step.mode);
      if (request.stat_mode !== expectedMode) {
        throw new Error(
          `${dir} req-${n}: stat_mode ${request.stat_mode}, conversation expects ${expectedMode}`,
        );
      }
      const resp = gunzipSync(readFileSync(f.resp));
      const ctx: StepContext = { daemon, request, at: 0 };
      let off = 0;
      const take = (size: number): Buffer | null => {
        if (off + size > resp.length) return null;
        const b = resp.subarray(off, off + size);
        off += size;
        return b;
      };
      for (const seg of step.reply) {
        for (;;) {
          let value: Decoded;
          let eof: number;
          if (seg.struct === 'latencyStream') {
            const addr = take(wire.layouts.inAddr.size);
            const total = addr && take(wire.layouts.lstackTotal.size);
            if (!addr || !total) return { text, truncated: true, connections: n };
            value = { addr: addr.readUInt32LE(0), total: decodeLtran(wire, 'lstackTotal', total, 0) };
            eof = value.total.eof;
          } else {
            const size = wire.layouts[seg.struct].size;
            const buf = take(size);
            if (!buf) return { text, truncated: true, connections: n };
            value =
              seg.struct === 'dfx'
                ? decodeDfx(wire, buf, 0, step.mode)
                : decodeLtran(wire, seg.struct, buf, 0);
            eof = value.eof;
          }
          // The latency stream's end marker is consumed but never printed (PROTOCOL.md §5.4).
          if (!(seg.struct === 'latencyStream' && eof !== 0))
            text += printer.onStruct(step, seg.struct, value, ctx);
          if (seg.until === 'one' || eof !== 0) break;
        }
      }
      if (step.reply.length > 0 && off !== resp.length) {
        throw new Error(`${dir} resp-${n}: ${resp.length - off} bytes left after the reply to ${step.mode}`);
      }
      text += printer.onStepEnd?.(step, ctx) ?? '';
    }
    if (!conv.repeat) return { text, truncated: false, connections: n };
  }
}

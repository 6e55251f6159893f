/**
 * Applies a loglevel / lowpower change to every selected instance at once and checks it where the
 * daemons allow: lowpower from the answer's low_power_info, loglevel by reading the level back from
 * the header of the first struct of a show answer (lstack, and lstack behind ltran) or from ltran's
 * port statistics. Every instance gets its own row; one failing does not stop the others.
 */
import { errorLine, GazelleError, EXIT, ProtocolError } from '../errors.js';
import { decodeDfx, decodeDfxHeader, decodeLtran, dfxHeaderSize, encodeRequest } from '../protocol/codec.js';
import { statRequest } from '../protocol/requests.js';
import type { ModeName } from '../protocol/modes.js';
import { wireFor, type Arch, type ProfileName, type Wire } from '../protocol/profiles.js';
import { detectProfile, type Detection, DEFAULT_IDLE_MS } from '../discovery/detect.js';
import { listInstances } from '../discovery/list.js';
import { STATE_TEXT } from '../discovery/table.js';
import { exchange } from '../discovery/exchange.js';
import { Discard, ExactFrame, type FrameSink } from '../transport/frameReader.js';
import { FrameSkimmer, type StructRun } from '../monitor/frameSkimmer.js';
import { MAX_STRUCTS_PER_REPLY } from '../protocol/rules.js';
import { LOG_LEVEL_VALUES } from '../model/loglevel.js';
import { actionText, planFor, type FleetAction, type Send } from './plan.js';

export interface FleetOptions {
  runDir: string;
  /** unix_prefixes to change; undefined = every instance in the run dir (--all). */
  prefixes?: readonly string[];
  only?: readonly ProfileName[];
  arch?: Arch;
  cacheLine?: number;
  timeoutMs: number;
  idleMs?: number;
  dryRun: boolean;
}

export type RowStatus = 'ok' | 'sent' | 'planned' | 'skipped' | 'failed';

export interface FleetRow {
  readonly prefix: string;
  readonly daemon: 'ltran' | 'lstack' | null;
  readonly target: Send['target'] | null;
  readonly pid?: number;
  readonly ip?: string;
  readonly profile: ProfileName | null;
  readonly action: string;
  readonly status: RowStatus;
  readonly detail: string;
  /** For failed rows: the exit code of the error. */
  readonly exitCode?: number;
}

interface Selected {
  prefix: string;
  detection?: Detection;
  /** Why the instance cannot be changed. */
  problem?: { status: 'skipped' | 'failed'; detail: string; exitCode?: number };
}

async function select(o: FleetOptions): Promise<Selected[]> {
  const d = { arch: o.arch, cacheLine: o.cacheLine, timeoutMs: o.timeoutMs, idleMs: o.idleMs, only: o.only };
  if (o.prefixes) {
    return Promise.all(
      o.prefixes.map(async (prefix): Promise<Selected> => {
        try {
          return { prefix, detection: await detectProfile(o.runDir, prefix, d) };
        } catch (e) {
          if (!(e instanceof GazelleError)) throw e;
          return { prefix, problem: { status: 'failed', detail: errorLine(e), exitCode: e.exitCode } };
        }
      }),
    );
  }
  // --all: dead sockets and unsupported eras in the run dir are listed but are no failure
  const rows = await listInstances(o.runDir, d);
  return rows.map((r): Selected => {
    if (r.state !== 'alive')
      return {
        prefix: r.prefix,
        problem: { status: 'skipped', detail: `${r.socket}: ${STATE_TEXT[r.state]}` },
      };
    if (r.profile === null) {
      const unsupported = r.note?.includes('not supported');
      return {
        prefix: r.prefix,
        problem: unsupported
          ? { status: 'skipped', detail: `${r.socket}: ${r.note}` }
          : { status: 'failed', detail: r.note ?? 'unknown profile', exitCode: EXIT.protocol },
      };
    }
    return {
      prefix: r.prefix,
      detection: {
        path: r.path,
        socket: { file: r.socket, daemon: r.daemon, era: r.era as never, profiles: r.candidates },
        daemon: r.daemon,
        profile: r.profile,
        candidates: r.candidates,
        stacks: r.stacks,
        clients: r.clients,
      },
    };
  });
}

function request(wire: Wire, s: Send, action: FleetAction, mode: ModeName = s.mode): Buffer {
  const req = statRequest(wire, mode, { pid: s.pid });
  if (mode.endsWith('LOG_LEVEL_SET') && action.kind === 'loglevel') req.log_level = action.level;
  if (mode === 'LSTACK_LOW_POWER_MDF' && action.kind === 'lowpower') req.low_power_mod = action.mod;
  return encodeRequest(wire, req);
}

/**
 * Writes `req` and reads the whole reply into `answer`; a daemon that closes or goes quiet ends it
 * too. Never closes while the daemon is still writing. With no answer wanted (a Discard), quiet
 * right after the write ends it (set modes: lstack stays silent, ltran closes).
 */
async function ask(
  path: string,
  daemon: 'ltran' | 'lstack',
  req: Buffer,
  answer: FrameSink,
  o: FleetOptions,
): Promise<void> {
  await exchange(path, req, answer, {
    daemon,
    timeoutMs: o.timeoutMs,
    idleMs: Math.min(o.idleMs ?? DEFAULT_IDLE_MS, o.timeoutMs),
    settledAtStart: answer instanceof Discard,
  });
}

/** A run of structs until eof, keeping the first `keep` bytes of each. */
const run = (size: number, keep: number): StructRun => ({
  size,
  keep,
  until: 'eof',
  max: MAX_STRUCTS_PER_REPLY,
});

/** The loglevel in the header of the first dfx struct of a show answer, or null if none came. */
async function readBackLevel(
  path: string,
  daemon: 'ltran' | 'lstack',
  wire: Wire,
  s: Send,
  o: FleetOptions,
): Promise<number | null> {
  const header = dfxHeaderSize(wire); // enough for loglevel (decodeDfxHeader reads the whole header)
  const dfx = run(wire.layouts.dfx.size, header);
  const mode = s.target === 'lstack' ? 'LSTACK_SHOW' : 'LTRAN_SHOW_LSTACK';
  if (mode === 'LTRAN_SHOW_LSTACK' && !wire.profile.modes.has(mode)) return null;
  // LTRAN_SHOW_LSTACK: lstack_total structs until eof, then the lstack's dfx structs until eof
  const runs = mode === 'LSTACK_SHOW' ? [dfx] : [run(wire.layouts.lstackTotal.size, 4), dfx];
  const reply = new FrameSkimmer(runs);
  await ask(path, daemon, request(wire, s, { kind: 'lowpower', mod: 0 }, mode), reply, o);
  const first = reply.results[runs.length - 1][0];
  return first ? decodeDfxHeader(wire, first, 0).loglevel : null;
}

async function applyOne(
  d: Detection,
  s: Send,
  action: FleetAction,
  o: FleetOptions,
): Promise<{ status: RowStatus; detail: string }> {
  const wire = wireFor(d.profile, o.arch ?? 'x86_64', o.cacheLine);
  if (s.mode === 'LSTACK_LOW_POWER_MDF') {
    const reply = new ExactFrame(wire.layouts.dfx.size);
    await ask(d.path, d.daemon, request(wire, s, action), reply, o);
    if (!reply.done) {
      throw new ProtocolError(
        `no answer to ${s.mode}${s.pid ? ` for pid ${s.pid}` : ''} (${reply.received} of ${reply.buffer.length} bytes)`,
      );
    }
    const got = decodeDfx(wire, reply.buffer, 0, s.mode).low_power_info.low_power_mod;
    if (action.kind === 'lowpower' && got !== action.mod)
      return { status: 'failed', detail: `low_power_mod is ${got}` };
    return { status: 'ok', detail: `low_power_mod ${got}` };
  }
  // loglevel: lstack answers one struct, ltran closes; neither says whether the word was taken
  const answer = s.target === 'lstack' ? new ExactFrame(wire.layouts.dfx.size) : new Discard();
  await ask(d.path, d.daemon, request(wire, s, action), answer, o);
  const want = action.kind === 'loglevel' ? LOG_LEVEL_VALUES[action.level] : 0;
  let level: number | null = null;
  if (s.target === 'ltran') {
    const reply = new ExactFrame(wire.layouts.ltranTotal.size);
    await ask(d.path, d.daemon, request(wire, s, action, 'LTRAN_SHOW'), reply, o);
    const t = reply.done ? decodeLtran(wire, 'ltranTotal', reply.buffer, 0) : null;
    level = t && t.port_num > 0 ? t.port_list[0].loglevel : null;
  } else {
    level = await readBackLevel(d.path, d.daemon, wire, s, o);
  }
  if (level === null) return { status: 'sent', detail: 'sent; the daemon cannot report its level' };
  if (level !== want)
    return { status: 'failed', detail: `sent, but the daemon reports loglevel ${level} (want ${want})` };
  return { status: 'ok', detail: `loglevel ${level}` };
}

export async function applyFleet(action: FleetAction, o: FleetOptions): Promise<FleetRow[]> {
  const selected = await select(o);
  const text = actionText(action);
  const perInstance = await Promise.all(
    selected.map(async (sel): Promise<FleetRow[]> => {
      const base = { prefix: sel.prefix, action: text };
      if (!sel.detection) {
        return [
          {
            ...base,
            daemon: null,
            target: null,
            profile: null,
            status: sel.problem!.status,
            detail: sel.problem!.detail,
            exitCode: sel.problem!.exitCode,
          },
        ];
      }
      const d = sel.detection;
      const sends = planFor(d, action);
      const row = { ...base, daemon: d.daemon, profile: d.profile };
      if (sends.length === 0) {
        return [
          { ...row, target: null, status: 'skipped', detail: 'no registered lstack behind this ltran' },
        ];
      }
      if (o.dryRun) {
        return sends.map((s) => ({
          ...row,
          target: s.target,
          pid: s.pid || undefined,
          ip: s.ip,
          status: 'planned',
          detail: `would send ${s.mode}${s.pid ? ` for pid ${s.pid}` : ''}`,
        }));
      }
      // one after another per instance: ltran handles its control connections one at a time
      const out: FleetRow[] = [];
      for (const s of sends) {
        const r = { ...row, target: s.target, pid: s.pid || undefined, ip: s.ip };
        try {
          const res = await applyOne(d, s, action, o);
          out.push({ ...r, ...res, ...(res.status === 'failed' ? { exitCode: EXIT.protocol } : {}) });
        } catch (e) {
          if (!(e instanceof GazelleError)) throw e;
          out.push({ ...r, status: 'failed', detail: errorLine(e), exitCode: e.exitCode });
        }
      }
      return out;
    }),
  );
  return perInstance.flat();
}

/** 0 when nothing failed, else the exit code of the first failed row. */
/** Did any row reach a daemon (or, with --dry-run, would it)? A run that changed nothing is no success. */
export const fleetActed = (rows: readonly FleetRow[]): boolean =>
  rows.some((r) => r.status === 'ok' || r.status === 'sent' || r.status === 'planned');

export const fleetExitCode = (rows: readonly FleetRow[]): number =>
  rows.find((r) => r.status === 'failed')?.exitCode ??
  (rows.some((r) => r.status === 'failed') ? EXIT.internal : fleetActed(rows) ? EXIT.ok : EXIT.notRunning);

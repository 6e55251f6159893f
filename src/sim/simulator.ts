/**
 * startSimulator(): several simulated daemons at once, each on its own control socket under one run
 * dir. Used by `gazellectl sim`, the README demo, the TUI's demo mode and the end-to-end tests.
 */
import { mkdir } from 'node:fs/promises';
import { PermissionDeniedError, UsageError } from '../errors.js';
import { DEFAULT_PROFILE, wireFor, type Arch, type ProfileName, type Wire } from '../protocol/profiles.js';
import { resolveRunDir, socketPath } from '../transport/paths.js';
import { DEFAULT_INSTANCE, type InstanceSpec } from './instance-spec.js';
import { lstackDaemon } from './lstack.js';
import { LOG_LEVEL_VALUES } from '../model/loglevel.js';
import { SimLstackProcess } from './lstack-process.js';
import { ltranDaemon } from './ltran.js';
import type { LtranState } from './ltran-answers.js';
import { deriveSeed } from './rng.js';
import { DaemonLog } from './daemon-log.js';
import { ControlServer } from './server.js';
import type { TrafficConfig } from './traffic.js';

export interface SimulatorOptions {
  /** Default: env GAZELLE_RUN_DIR, else /var/run/gazelle/. Created (0755) if missing, never removed. */
  runDir?: string;
  profile?: ProfileName;
  arch?: Arch;
  /** Overrides the arch's RTE_CACHE_LINE_SIZE. */
  cacheLine?: number;
  instances?: readonly InstanceSpec[];
  /** Seed of the traffic models; the same seed and clock give the same counters. Default 1. */
  seed?: number;
  /** Mean received packets per second per stack. */
  pps?: number;
  /** Further traffic model settings (drop rate, connection rate, tick, ...). */
  traffic?: Partial<Omit<TrafficConfig, 'seed' | 'stacks' | 'local'>>;
  /** Milliseconds; default Date.now. Tests pass a fake clock. */
  clock?: () => number;
  /** ltran's pause between answering and closing (default 100 ms). */
  ltranCloseDelayMs?: number;
  /** How often the traffic models are brought up to date in the background (default 1000 ms, 0 = never). */
  advanceEveryMs?: number;
  /** TIDs of the stack threads of the k-th lstack process (src/sim/dpdk gives real ones). */
  stackTids?: (k: number) => readonly number[] | undefined;
  /**
   * lstack's control thread as strict as the real one (PROTOCOL.md §11.6, control-loop.ts): default
   * true. false keeps the lenient server (answers every request as it arrives).
   */
  strict?: boolean;
  /** Strict loop: ms before the control thread gets to an event (default 2). */
  reactionMs?: number;
  /** Leave the socket files behind when stopped, as killed or exited daemons do (stale sockets). */
  leaveSockets?: boolean;
}

export interface SimInstance {
  readonly spec: InstanceSpec;
  readonly socketPath: string;
  /** lstack mode: the one application process; ltran mode: ltran's registered lstack processes. */
  readonly processes: readonly SimLstackProcess[];
  /** ltran's own state (loglevel, bond ports); null for lstack instances. */
  readonly ltran: LtranState | null;
  readonly running: boolean;
  /** What the daemon wrote to its log (tests count its ERR lines). */
  readonly log: DaemonLog;
  /** Resolves when the instance has stopped (close(), or LTRAN_QUIT). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

export interface Simulator {
  readonly runDir: string;
  readonly wire: Wire;
  readonly instances: readonly SimInstance[];
  readonly socketPaths: readonly string[];
  /** Brings every traffic model up to the clock's now and returns that time. */
  advance(): number;
  /** Stops every instance and removes its socket file. */
  close(): Promise<void>;
}

/** Fake identities: IPs from 192.0.2.0/24 (TEST-NET-1), PIDs near the top of the default pid_max. */
const FIRST_HOST = 10;
const FAKE_PID_BASE = 4_190_001;
const PID_STRIDE = 100; // room for the stack threads' TIDs
const DEFAULT_REACTION_MS = 2;

interface ServeOptions {
  ltranCloseDelayMs: number;
  strict: boolean;
  reactionMs: number;
  leaveSocket: boolean;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const wire = wireFor(opts.profile ?? DEFAULT_PROFILE, opts.arch ?? 'x86_64', opts.cacheLine);
  const runDir = resolveRunDir(opts.runDir);
  const clock = opts.clock ?? Date.now;
  const specs = opts.instances?.length ? opts.instances : [DEFAULT_INSTANCE];
  const seed = opts.seed ?? 1;
  await mkdir(runDir, { recursive: true, mode: 0o755 }).catch(explainPermission(runDir));

  const startMs = clock();
  let processCount = 0;
  const newProcess = (stacks: number): SimLstackProcess => {
    const k = processCount++;
    if (FIRST_HOST + k > 254) throw new UsageError('at most 245 simulated lstack processes (one IP each)');
    return new SimLstackProcess({
      ip: `192.0.2.${FIRST_HOST + k}`,
      pid: FAKE_PID_BASE + k * PID_STRIDE,
      stacks,
      startMs,
      tids: opts.stackTids?.(k),
      traffic: {
        ...opts.traffic,
        ...(opts.pps !== undefined ? { pps: opts.pps } : {}),
        seed: deriveSeed(seed, k),
      },
    });
  };

  const instances: Instance[] = [];
  try {
    for (const spec of specs) {
      const processes = Array.from({ length: spec.mode === 'ltran' ? spec.clients : 1 }, () =>
        newProcess(spec.stacks),
      );
      const fileName = wire.profile.sockets[spec.mode];
      const path = socketPath(runDir, spec.prefix, fileName);
      const start = Instance.start(spec, path, processes, wire, clock, {
        ltranCloseDelayMs: opts.ltranCloseDelayMs ?? 100,
        strict: opts.strict ?? true,
        reactionMs: opts.reactionMs ?? DEFAULT_REACTION_MS,
        leaveSocket: opts.leaveSockets ?? false,
      });
      instances.push(await start.catch(explainPermission(path)));
    }
  } catch (err) {
    await Promise.all(instances.map((i) => i.stop()));
    throw err;
  }

  const advance = (): number => {
    const now = clock();
    for (const i of instances) for (const p of i.processes) p.advance(now);
    return now;
  };
  const every = opts.advanceEveryMs ?? 1000;
  const timer = every > 0 ? setInterval(advance, every).unref() : null;

  return {
    runDir,
    wire,
    instances,
    socketPaths: instances.map((i) => i.socketPath),
    advance,
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all(instances.map((i) => i.stop()));
    },
  };
}

/** EACCES/EPERM on the run dir or a socket become the CLI's one-line permission error. */
function explainPermission(path: string): (err: NodeJS.ErrnoException) => never {
  return (err) => {
    if (err.code !== 'EACCES' && err.code !== 'EPERM') throw err;
    throw new PermissionDeniedError(
      `permission denied on ${path}`,
      path,
      err.errno ? -err.errno : 13,
      'use --run-dir (or GAZELLE_RUN_DIR) with a directory you can write, or run as root',
    );
  };
}

class Instance implements SimInstance {
  running = true;
  readonly stopped: Promise<void>;
  private server: ControlServer | null = null;
  private markStopped!: () => void;
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly spec: InstanceSpec,
    readonly socketPath: string,
    readonly processes: readonly SimLstackProcess[],
    readonly ltran: LtranState | null,
    readonly log: DaemonLog,
  ) {
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
  }

  static async start(
    spec: InstanceSpec,
    path: string,
    processes: SimLstackProcess[],
    wire: Wire,
    clock: () => number,
    serve: ServeOptions,
  ): Promise<Instance> {
    const ltran: LtranState | null =
      spec.mode === 'ltran' ? { loglevel: LOG_LEVEL_VALUES.info, ports: 1, clients: processes } : null;
    const log = new DaemonLog(ltran ? 'LTRAN' : 'LSTACK');
    const inst = new Instance(spec, path, processes, ltran, log);
    inst.server = await ControlServer.listen({
      path,
      requestSize: wire.layouts.request.size,
      closeAfterAnswerMs: ltran ? serve.ltranCloseDelayMs : null,
      answer: ltran
        ? ltranDaemon(wire, ltran, { clock, quit: () => void inst.stop() })
        : lstackDaemon(wire, processes[0], clock, log),
      strict: serve.strict ? { log, reactionMs: serve.reactionMs } : undefined,
      leaveSocket: serve.leaveSocket,
    });
    return inst;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.running = false;
      await this.server?.close();
      this.markStopped();
    })();
    return this.stopping;
  }
}

/**
 * What each command says to the daemon (PROTOCOL.md §6, §11.5): the request connections in order,
 * what the client reads on each, and the pauses. Pure data; src/client runs it over a socket and
 * the simulator's tests use it to know what to expect.
 */
import type { Daemon } from '../model/daemon.js';
import type { GazelleCommand } from '../model/command.js';
import type { ModeName } from './modes.js';
import { PROFILES, type ProfileName } from './profiles.js';

/** What the client reads on a connection. */
export type ReplyPart =
  /** gazelle_stack_dfx_data, one or until eof != 0 */
  | { struct: 'dfx'; until: 'eof' | 'one' }
  | { struct: 'lstackTotal'; until: 'eof' }
  | { struct: 'ltranTotal' | 'ltranClient' | 'forwardTable'; until: 'one' }
  /** ltran's LTRAN_SHOW_LATENCY stream: (in_addr, lstack_total) pairs until eof (§5.4). */
  | { struct: 'latencyStream'; until: 'eof' };

export interface Step {
  mode: ModeName;
  reply: ReplyPart[];
  /** Seconds the client sleeps after this reply, before closing ('time' = the [time] argument). */
  sleepAfter: number | 'time';
}

export interface Conversation {
  steps: Step[];
  /** Rate commands repeat the steps forever; `pauseBeforeRepeat` seconds between rounds. */
  repeat: { pauseBeforeRepeat: number } | null;
}

const none: ReplyPart[] = [];
const dfxAll: ReplyPart[] = [{ struct: 'dfx', until: 'eof' }];
const dfxOne: ReplyPart[] = [{ struct: 'dfx', until: 'one' }];
const step = (mode: ModeName, reply: ReplyPart[], sleepAfter: Step['sleepAfter'] = 0): Step => ({
  mode,
  reply,
  sleepAfter,
});
const once = (...steps: Step[]): Conversation => ({ steps, repeat: null });

/**
 * The conversation of a parsed command in a daemon mode. `null` means the era's client refuses
 * it in this mode before sending anything (v1.0.2's `-r` without ltran).
 */
export function conversationFor(
  cmd: GazelleCommand,
  mode: Daemon,
  profile: ProfileName,
): Conversation | null {
  // START/STOP: lstack answers nothing to the client; in 1.0.2 lstack mode the same.
  const startStop = (time: boolean): Step[] => [
    step('LTRAN_START_LATENCY', none, time ? 'time' : 1),
    step('LTRAN_STOP_LATENCY', none, 1),
  ];
  if (cmd.target === 'ltran') {
    switch (cmd.kind) {
      case 'show':
        return once(step('LTRAN_SHOW', [{ struct: 'ltranTotal', until: 'one' }]));
      case 'rate':
        return {
          steps: [step('LTRAN_SHOW_RATE', [{ struct: 'ltranTotal', until: 'one' }])],
          repeat: { pauseBeforeRepeat: 1 },
        };
      case 'burst':
        return {
          steps: [step('LTRAN_SHOW_BURST', [{ struct: 'ltranTotal', until: 'one' }])],
          repeat: { pauseBeforeRepeat: 1 },
        };
      case 'instance':
        return once(step('LTRAN_SHOW_INSTANCE', [{ struct: 'ltranClient', until: 'one' }]));
      case 'table':
        return once(
          step(cmd.table === 'socktable' ? 'LTRAN_SHOW_SOCKTABLE' : 'LTRAN_SHOW_CONNTABLE', [
            { struct: 'forwardTable', until: 'one' },
          ]),
        );
      case 'latency':
        return once(
          ...startStop(true),
          step('LTRAN_SHOW_LATENCY', [{ struct: 'latencyStream', until: 'eof' }]),
        );
      case 'quit':
        return once(step('LTRAN_QUIT', none, 1));
      case 'set-loglevel':
        return once(step('LTRAN_LOG_LEVEL_SET', none, 1));
    }
  }
  const ltran = mode === 'ltran';
  switch (cmd.kind) {
    case 'show':
      return ltran
        ? once(step('LTRAN_SHOW_LSTACK', [{ struct: 'lstackTotal', until: 'eof' }, ...dfxAll]))
        : once(step('LSTACK_SHOW', dfxAll));
    case 'rate':
      if (ltran)
        return {
          steps: [step('LTRAN_SHOW_LB_RATE', [{ struct: 'lstackTotal', until: 'eof' }])],
          repeat: { pauseBeforeRepeat: 1 },
        };
      if (PROFILES[profile].lstackRate === 'refused') return null;
      // START, 1 s, STOP, 1 s, RATE; the next round starts at once (§7.1).
      return {
        steps: [...startStop(false), step('LSTACK_SHOW_RATE', dfxAll)],
        repeat: { pauseBeforeRepeat: 0 },
      };
    case 'snmp':
      return once(step('LSTACK_SHOW_SNMP', dfxAll));
    case 'connect':
      return once(step('LSTACK_SHOW_CONN', dfxAll));
    case 'latency':
      return once(
        ...startStop(true),
        step('LSTACK_SHOW_LATENCY', dfxAll),
        ...(ltran
          ? [step('LTRAN_SHOW_LATENCY', [{ struct: 'latencyStream', until: 'eof' } as ReplyPart])]
          : []),
      );
    case 'aggregate':
      return once(...startStop(true), step('LSTACK_SHOW_AGGREGATE', dfxAll));
    case 'xstats':
      return once(step('LSTACK_SHOW_XSTATS', dfxOne));
    case 'nic-features':
      return once(step('LSTACK_SHOW_NIC_FEATURES', dfxOne));
    case 'virtio':
      return once(step('LSTACK_SHOW_VIRTIO', dfxOne));
    case 'intr':
      return once(step('LSTACK_SHOW_INTR', dfxAll));
    case 'protocol':
      return once(step('LSTACK_SHOW_PROTOCOL', dfxAll));
    case 'set-loglevel':
      return once(step('LSTACK_LOG_LEVEL_SET', none, 1));
    case 'set-lowpower':
      return once(step('LSTACK_LOW_POWER_MDF', dfxOne));
  }
}

/**
 * The C option of a command whose requests the era does not have (v1.0.2 has no -p, -v, -I, -k),
 * in either daemon mode or, when `mode` is known, in that one; null when the era can run it.
 */
export function optionMissingInEra(cmd: GazelleCommand, profile: ProfileName, mode?: Daemon): string | null {
  const modes = PROFILES[profile].modes;
  const lacks = (m: Daemon): boolean =>
    conversationFor(cmd, m, profile)?.steps.some((s) => !modes.has(s.mode)) ?? false;
  const missing = mode ? lacks(mode) : lacks('lstack') && lacks('ltran');
  if (!missing) return null;
  return cmd.target === 'lstack' ? (LSTACK_SHORT[cmd.kind] ?? cmd.kind) : cmd.kind;
}

const LSTACK_SHORT: Partial<Record<GazelleCommand['kind'], string>> = {
  rate: '-r',
  snmp: '-s',
  connect: '-c',
  latency: '-l',
  xstats: '-x',
  'nic-features': '-k',
  aggregate: '-a',
  protocol: '-p',
  intr: '-I',
  virtio: '-v',
  'set-lowpower': 'set lowpower',
  'set-loglevel': 'set loglevel',
};

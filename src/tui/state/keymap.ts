/** Keys to actions (pure). The help overlay is generated from KEY_HELP so the two never drift. */
import { VIEWS, type Action, type Loglevel, type ViewState } from './viewState.js';

/** A key as the terminal reported it, decoded (terminal/keys.ts): which special key, which modifiers. */
export interface Key {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
}

/** What a replay key asks of the replay (carried out by its controller). */
export type ReplayOp =
  | { op: 'toggle' }
  | { op: 'step'; by: 1 | -1 }
  | { op: 'jump'; ms: number }
  | { op: 'goto'; text: string }
  | { op: 'speed'; faster: boolean }
  | { op: 'edge'; end: boolean };

export const NOT_IN_REPLAY = 'not in replay: that acts on a running daemon';

export type Effect =
  | { type: 'quit' }
  | { type: 'replay'; op: ReplayOp }
  | { type: 'loglevel'; prefix: string; level: Loglevel }
  | { type: 'latency'; prefix: string; seconds: number };

export interface KeyResult {
  actions: Action[];
  effect?: Effect;
}

export interface KeyContext {
  /** Selectable rows in the stacks view. */
  rows: number;
  selectedPrefix: string | null;
  /** Indices (among the selectable rows) of the instance aggregate lines, ascending. */
  instanceRows: readonly number[];
  /** Rows a page moves in scrollable tables. */
  page: number;
  /** Keys of the selectable rows in screen order (stackLines.ts lineKey), so moves follow a re-sorted line. */
  keys?: readonly string[];
  /** `top --replay`: the replay keys instead of the live-only ones. */
  replay?: boolean;
}

/** Jumps to the previous/next instance's aggregate line (wrapping), whatever row is selected. */
function selectInstance(s: ViewState, ctx: KeyContext, step: 1 | -1): KeyResult {
  const rows = ctx.instanceRows;
  if (!rows.length) return none;
  const keyed = ctx.keys && s.selectedKey !== null ? ctx.keys.indexOf(s.selectedKey) : -1;
  const from = keyed >= 0 ? keyed : s.selected;
  const current = rows.reduce((at, r, i) => (r <= from ? i : at), 0);
  const next = rows[(current + step + rows.length) % rows.length];
  return { actions: [{ type: 'move', by: next - from, rows: ctx.rows, keys: ctx.keys }] };
}

export const KEY_HELP: ReadonlyArray<[string, string]> = [
  ['? ', 'this help'],
  ['q, Ctrl-C', 'quit'],
  ['Tab, 1-6', 'switch view (stacks, connections, snmp, latency, nic, threads)'],
  ['d', 'threads view: DPDK group, stack threads, ports, mempools'],
  ['Up/Down, j/k', 'select stack or instance (scroll in tables)'],
  ['Left/Right, h/l', 'previous / next instance'],
  ['PgUp/PgDn', 'scroll tables'],
  ['s / S', 'sort column / order'],
  ['/', 'filter (Enter keeps, Esc clears)'],
  ['p', 'pause / resume (the frame freezes; rates start over on resume)'],
  ['+ / -', 'faster / slower polling'],
  ['u', 'byte units (bits, bytes)'],
  ['z', 'snmp, nic: hide / show the zero counters'],
  ['g', 'unfold / fold the stale sockets (daemon gone)'],
  ['L', 'set loglevel of the selected instance'],
  ['m', 'latency: measure; [ ] change seconds'],
];

/** The keys of `top --replay` that differ from live (the others work as live). */
export const REPLAY_KEY_HELP: ReadonlyArray<[string, string]> = [
  ['Space, p', 'replay: play / pause'],
  [', / .', 'replay: one sample back / forward'],
  ['[ / ]', 'replay: one minute back / forward'],
  ['{ / }', 'replay: one hour back / forward'],
  ['Home / End', 'replay: start / end of the recording'],
  ['g', 'replay: go to a time (HH:MM[:SS] UTC, ISO, +5m)'],
  ['+ / -', 'replay: faster / slower (1x .. 300x)'],
  ['L, m', 'live only (nothing is sent in replay)'],
];

const MINUTE = 60_000;
const HOUR = 3_600_000;

const replay = (op: ReplayOp): KeyResult => ({ actions: [], effect: { type: 'replay', op } });

/** Keys that mean something else, or nothing, in replay; null: as live. */
function replayKey(input: string, key: Key): KeyResult | null {
  if (key.home) return replay({ op: 'edge', end: false });
  if (key.end) return replay({ op: 'edge', end: true });
  switch (input) {
    case ' ':
    case 'p':
      return replay({ op: 'toggle' });
    case ',':
      return replay({ op: 'step', by: -1 });
    case '.':
      return replay({ op: 'step', by: 1 });
    case '[':
      return replay({ op: 'jump', ms: -MINUTE });
    case ']':
      return replay({ op: 'jump', ms: MINUTE });
    case '{':
      return replay({ op: 'jump', ms: -HOUR });
    case '}':
      return replay({ op: 'jump', ms: HOUR });
    case '+':
    case '=':
      return replay({ op: 'speed', faster: true });
    case '-':
      return replay({ op: 'speed', faster: false });
    case 'g':
      return { actions: [{ type: 'prompt', prompt: { kind: 'goto', text: '' } }] };
    case 'L':
    case 'm':
      return { actions: [{ type: 'message', text: NOT_IN_REPLAY }] };
    default:
      return null;
  }
}

const LEVEL_KEYS: Record<string, Loglevel> = { e: 'error', i: 'info', d: 'debug' };
const none: KeyResult = { actions: [] };

/** A prompt's text after one key: backspace/delete take a character off, printable input is added. */
function editedText(text: string, input: string, key: Key): string {
  if (key.backspace || key.delete) return text.slice(0, -1);
  return input && !key.ctrl && !key.meta ? text + input : text;
}

function promptKey(s: ViewState, input: string, key: Key): KeyResult {
  const p = s.prompt!;
  if (key.escape) {
    return p.kind === 'filter'
      ? {
          actions: [
            { type: 'filterText', text: '' },
            { type: 'prompt', prompt: null },
          ],
        }
      : { actions: [{ type: 'prompt', prompt: null }] };
  }
  switch (p.kind) {
    case 'goto': {
      // typed quickly (or by tmux send-keys), Enter arrives in the same chunk as the text
      if (key.return || input === '\r' || input === '\n')
        return {
          actions: [{ type: 'prompt', prompt: null }],
          effect: { type: 'replay', op: { op: 'goto', text: p.text } },
        };
      const text = editedText(p.text, input, key);
      return { actions: [{ type: 'prompt', prompt: { kind: 'goto', text } }] };
    }
    case 'filter': {
      if (key.return) return { actions: [{ type: 'prompt', prompt: null }] };
      const text = editedText(p.text, input, key);
      return {
        actions: [
          { type: 'prompt', prompt: { kind: 'filter', text } },
          { type: 'filterText', text },
        ],
      };
    }
    case 'loglevel': {
      const level = LEVEL_KEYS[input];
      return level
        ? { actions: [{ type: 'prompt', prompt: { kind: 'confirm-loglevel', prefix: p.prefix, level } }] }
        : none;
    }
    case 'confirm-loglevel':
      if (input === 'y' || input === 'Y')
        return {
          actions: [
            { type: 'prompt', prompt: null },
            { type: 'message', text: `setting loglevel to ${p.level}...` },
          ],
          effect: { type: 'loglevel', prefix: p.prefix, level: p.level },
        };
      if (input === 'n' || input === 'N') return { actions: [{ type: 'prompt', prompt: null }] };
      return none;
  }
}

export function keyToResult(s: ViewState, input: string, key: Key, ctx: KeyContext): KeyResult {
  if (key.ctrl && input === 'c') return { actions: [], effect: { type: 'quit' } };
  if (s.prompt) return promptKey(s, input, key);
  if (s.help)
    return input === 'q' ? { actions: [], effect: { type: 'quit' } } : { actions: [{ type: 'help' }] };
  if (ctx.replay) {
    const r = replayKey(input, key);
    if (r) return r;
  }
  const table = s.view !== 'stacks';
  if (key.tab) return { actions: [{ type: 'nextView', step: key.shift ? -1 : 1 }] };
  if (key.upArrow || input === 'k')
    return {
      actions: [
        table ? { type: 'scroll', by: -1 } : { type: 'move', by: -1, rows: ctx.rows, keys: ctx.keys },
      ],
    };
  if (key.downArrow || input === 'j')
    return {
      actions: [table ? { type: 'scroll', by: 1 } : { type: 'move', by: 1, rows: ctx.rows, keys: ctx.keys }],
    };
  if (key.pageUp) return { actions: [{ type: 'scroll', by: -ctx.page }] };
  if (key.pageDown) return { actions: [{ type: 'scroll', by: ctx.page }] };
  if (key.leftArrow || input === 'h') return selectInstance(s, ctx, -1);
  if (key.rightArrow || input === 'l') return selectInstance(s, ctx, 1);
  const digit = Number(input);
  if (Number.isInteger(digit) && digit >= 1 && digit <= VIEWS.length)
    return { actions: [{ type: 'view', view: VIEWS[digit - 1] }] };
  switch (input) {
    case 'q':
      return { actions: [], effect: { type: 'quit' } };
    case '?':
      return { actions: [{ type: 'help' }] };
    case 's':
      return { actions: [{ type: 'sortNext' }] };
    case 'S':
      return { actions: [{ type: 'sortOrder' }] };
    case '/':
      return { actions: [{ type: 'prompt', prompt: { kind: 'filter', text: s.filter[s.view] } }] };
    case 'p':
      return { actions: [{ type: 'pause' }] };
    case '+':
    case '=':
      return { actions: [{ type: 'interval', faster: true }] };
    case '-':
      return { actions: [{ type: 'interval', faster: false }] };
    case 'u':
      return { actions: [{ type: 'unit' }] };
    case 'g':
      return { actions: [{ type: 'gone' }] };
    case 'd':
      return { actions: [{ type: 'view', view: 'threads' }] };
    case 'z':
      return { actions: [{ type: 'nonZero' }] };
    case '[':
      return { actions: [{ type: 'latencySeconds', by: -1 }] };
    case ']':
      return { actions: [{ type: 'latencySeconds', by: 1 }] };
    case 'L':
      return ctx.selectedPrefix === null
        ? none
        : { actions: [{ type: 'prompt', prompt: { kind: 'loglevel', prefix: ctx.selectedPrefix } }] };
    case 'm':
      return s.view === 'latency' && ctx.selectedPrefix !== null
        ? { actions: [], effect: { type: 'latency', prefix: ctx.selectedPrefix, seconds: s.latencySeconds } }
        : none;
    default:
      return none;
  }
}

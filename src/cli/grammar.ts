/**
 * The C gazellectl command grammar (PROTOCOL.md §8), as a pure function from words to a command.
 * Words are positional: target, command, then options; trailing extra words are ignored, exactly
 * like the C client. Anything it would answer with its usage text becomes a UsageError that names
 * the offending word.
 */
import { UsageError } from '../errors.js';
import { inetAton, strtol, strtoul } from './cnum.js';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '../model/loglevel.js';
import {
  MAX_LATENCY_TIME,
  PROTOCOLS,
  type GazelleCommand,
  type LstackId,
  type LstackCommand,
  type LstackShowKind,
  type LtranCommand,
  type ProtocolName,
} from '../model/command.js';

export const CLAMP_NOTICE = 'Exceeds the maximum(30mins) latency time, will be set to maximum(30mins)';
export const LOWPOWER_NOTICE = 'low_power_mod input invaild';

export interface Parsed {
  command: GazelleCommand;
  /** Lines the C client prints on stdout while parsing (the [time] clamp notice). */
  notices: string[];
}

/** Option words per lstack show kind: the short option and its long word. */
const LSTACK_OPTIONS: Record<string, LstackShowKind> = {
  '-r': 'rate',
  rate: 'rate',
  '-s': 'snmp',
  snmp: 'snmp',
  '-c': 'connect',
  connect: 'connect',
  '-l': 'latency',
  latency: 'latency',
  '-x': 'xstats',
  xstats: 'xstats',
  '-k': 'nic-features',
  'nic-features': 'nic-features',
  '-a': 'aggregate',
  aggragate: 'aggregate', // sic: the C client's spelling
  aggregate: 'aggregate', // ours too
  '-p': 'protocol',
  protocol: 'protocol',
  '-I': 'intr',
  intr: 'intr',
  '-v': 'virtio',
  virtio: 'virtio',
};

const LTRAN_OPTIONS: Record<string, 'rate' | 'instance' | 'burst' | 'table' | 'latency'> = {
  '-r': 'rate',
  rate: 'rate',
  '-i': 'instance',
  instance: 'instance',
  '-b': 'burst',
  burst: 'burst',
  '-t': 'table',
  table: 'table',
  '-l': 'latency',
  latency: 'latency',
};

export interface GrammarOptions {
  /** Option kinds the selected era's client knows (older clients lack -k, -p, -I, -v, ...). */
  lstackKinds?: ReadonlySet<LstackShowKind>;
  /** Accept `aggregate` besides the C spelling `aggragate` (ours: yes; strict C: no). */
  acceptAggregateSpelling?: boolean;
}

/** A usage error; `cLines` = what the C client printed before its usage text (if anything). */
const usage = (message: string, hint: string, cLines: string[] = []): UsageError => {
  const err = new UsageError(message, hint);
  err.cLines = cLines;
  return err;
};

/** Parses [time]: strtol base 10 of the whole word, >= 1; above 1800 clamps with a notice. */
function parseTime(word: string | undefined, notices: string[], where: string): number {
  if (word === undefined) return 1;
  const r = strtol(word);
  if (r.end !== word.length || word.length === 0 || r.value < 1n) {
    throw usage(`invalid [time] '${word}' for ${where}`, 'give whole seconds from 1 to 1800');
  }
  if (r.value > BigInt(MAX_LATENCY_TIME)) {
    notices.push(CLAMP_NOTICE);
    return MAX_LATENCY_TIME;
  }
  return Number(r.value);
}

function parseLevel(word: string | undefined, target: string): LogLevel {
  if (isLogLevel(word)) return word;
  throw usage(
    word === undefined ? `missing log level for ${target} set loglevel` : `invalid log level '${word}'`,
    `use one of: ${LOG_LEVELS.join(', ')}`,
  );
}

export function parseId(word: string): LstackId {
  if (word.includes('.')) {
    const ip = inetAton(word);
    if (!ip)
      throw usage(`invalid IP address '${word}'`, 'give the IPv4 address or the PID of the lstack process');
    return { text: word, ip, pid: 0 };
  }
  if (word.includes(':'))
    throw usage(`IPv6 address '${word}' is not supported as an ID`, 'give the IPv4 address or the PID');
  const r = strtoul(word, 0);
  if (r.end !== word.length && word.length !== 0) {
    throw usage(
      `invalid IP or PID '${word}'`,
      'give the IPv4 address (a.b.c.d) or the PID (decimal or 0x hex)',
    );
  }
  return { text: word, ip: null, pid: Number(BigInt.asUintN(32, r.value)) };
}

/** `words` = the C argv after argv[0] and after the -u pair was taken out. */
export function parseWords(words: readonly string[], opts: GrammarOptions = {}): Parsed {
  const notices: string[] = [];
  const [target, verb] = words;
  if (target === 'ltran') return { command: parseLtran(words, notices), notices };
  if (target === 'lstack') return { command: parseLstack(words, notices, opts), notices };
  if (target === undefined)
    throw usage('missing target', "use 'gazellectl ltran ...' or 'gazellectl lstack ...'");
  void verb;
  throw usage(`unknown target '${target}'`, "use 'ltran' or 'lstack' (see gazellectl --help)");
}

function parseLtran(words: readonly string[], notices: string[]): LtranCommand {
  const verb = words[1];
  if (verb === 'quit') return { target: 'ltran', kind: 'quit' };
  if (verb === 'set') {
    if (words[2] !== 'loglevel' || words.length < 4) {
      throw usage(
        words[2] === undefined ? 'missing setting for ltran set' : `unknown ltran setting '${words[2]}'`,
        "use 'gazellectl ltran set loglevel {error|info|debug}'",
      );
    }
    return { target: 'ltran', kind: 'set-loglevel', level: parseLevel(words[3], 'ltran') };
  }
  if (verb !== 'show') {
    throw usage(
      verb === undefined ? 'missing ltran command' : `unknown ltran command '${verb}'`,
      'use quit, show or set',
    );
  }
  const opt = words[2];
  if (opt === undefined) return { target: 'ltran', kind: 'show' };
  const kind = LTRAN_OPTIONS[opt];
  if (!kind)
    throw usage(
      `unknown ltran show option '${opt}'`,
      'use -r, -i, -b, -t {socktable|conntable} or -l [time]',
    );
  if (kind === 'table') {
    const table = words[3];
    if (table !== 'socktable' && table !== 'conntable') {
      throw usage(
        table === undefined ? 'missing table name' : `unknown table '${table}'`,
        'use socktable or conntable',
      );
    }
    return { target: 'ltran', kind: 'table', table };
  }
  if (kind === 'latency')
    return { target: 'ltran', kind: 'latency', seconds: parseTime(words[3], notices, 'ltran show -l') };
  return { target: 'ltran', kind };
}

function parseLstack(words: readonly string[], notices: string[], opts: GrammarOptions): LstackCommand {
  const verb = words[1];
  if (verb !== 'show' && verb !== 'set') {
    throw usage(
      verb === undefined ? 'missing lstack command' : `unknown lstack command '${verb}'`,
      'use show or set',
    );
  }
  if (words.length < 3)
    throw usage(`missing IP or PID for lstack ${verb}`, `use 'gazellectl lstack ${verb} IP|PID ...'`);
  const id = parseId(words[2]);
  if (verb === 'set') {
    const what = words[3];
    if (words.length < 5 || (what !== 'loglevel' && what !== 'lowpower')) {
      throw usage(
        what === undefined
          ? 'missing setting for lstack set'
          : what === 'loglevel' || what === 'lowpower'
            ? `missing value for ${what}`
            : `unknown lstack setting '${what}'`,
        "use 'lstack set ID loglevel {error|info|debug}' or 'lstack set ID lowpower {0|1}'",
      );
    }
    if (what === 'loglevel')
      return { target: 'lstack', id, kind: 'set-loglevel', level: parseLevel(words[4], 'lstack') };
    const r = strtol(words[4]);
    if (r.end !== words[4].length || words[4].length === 0) {
      throw usage(`invalid lowpower value '${words[4]}'`, 'use 0 (off) or 1 (on)');
    }
    // The C client stores the long in a u16 before checking it.
    const lowPower = Number(BigInt.asUintN(16, r.value));
    if (lowPower > 1)
      throw usage(`invalid lowpower value '${words[4]}'`, 'use 0 (off) or 1 (on)', [LOWPOWER_NOTICE]);
    return { target: 'lstack', id, kind: 'set-lowpower', lowPower };
  }
  const opt = words[3];
  if (opt === undefined) return { target: 'lstack', id, kind: 'show' };
  let kind = LSTACK_OPTIONS[opt];
  if (opt === 'aggregate' && opts.acceptAggregateSpelling === false) kind = undefined as never;
  if (!kind || (opts.lstackKinds && !opts.lstackKinds.has(kind))) {
    throw usage(`unknown lstack show option '${opt}'`, "see 'gazellectl lstack show --help' for the options");
  }
  if (kind === 'latency' || kind === 'aggregate') {
    return { target: 'lstack', id, kind, seconds: parseTime(words[4], notices, `lstack show ${opt}`) };
  }
  if (kind === 'protocol') {
    const p = words[4];
    if (p === undefined || !(PROTOCOLS as readonly string[]).includes(p)) {
      throw usage(
        p === undefined ? 'missing protocol name' : `unknown protocol '${p}'`,
        'use UDP, TCP, ICMP, IP or ETHARP',
      );
    }
    return { target: 'lstack', id, kind, protocol: p as ProtocolName };
  }
  return { target: 'lstack', id, kind };
}

/**
 * The C client's treatment of -u: the first `-u` anywhere takes the next word as unix_prefix and
 * both are removed; a trailing `-u` is dropped; later ones stay as ordinary words.
 */
export function extractUnixPrefix(words: readonly string[]): { words: string[]; prefix: string | undefined } {
  const i = words.indexOf('-u');
  if (i === -1) return { words: [...words], prefix: undefined };
  const rest = [...words];
  const taken = rest.splice(i, 2);
  return { words: rest, prefix: taken[1] };
}

/**
 * One simulated application process running lstack: its IP and PID (what `gazellectl lstack show ID`
 * names), its stack threads and the daemon-side settings the control protocol can change.
 */
import { isLogLevel, LOG_LEVEL_VALUES } from '../model/loglevel.js';
import { parseIpv4, docIpv6, ipv4Wire, type Addr } from './addr.js';
import { TrafficModel, TRAFFIC_DEFAULTS, type TrafficConfig } from './traffic.js';

/** The level for a `set loglevel` word, or null for a word the daemons ignore. */
export function logLevelOf(word: string): number | null {
  return isLogLevel(word) ? LOG_LEVEL_VALUES[word] : null;
}

/** struct gazelle_stat_low_power_info, with lstack.conf's defaults for the lpm_* parameters. */
export interface LowPowerInfo {
  low_power_mod: number;
  lpm_rx_pkts: number;
  lpm_detect_ms: number;
  lpm_pkts_in_detect: number;
}

export interface LstackProcessOptions {
  ip: string;
  pid: number;
  stacks: number;
  startMs: number;
  traffic: Partial<TrafficConfig> & { seed: number };
  /** Real TIDs for the stack threads (simulated DPDK groups, src/sim/dpdk); default pid + 2 + i. */
  tids?: readonly number[];
}

export class SimLstackProcess {
  readonly ip: string;
  readonly addr: Addr;
  /** `ip` as gazelle_stat_msg_request.ip.s_addr carries it. */
  readonly ipWire: number;
  readonly pid: number;
  /** Linux TIDs of the stack threads, stack_id order. */
  readonly tids: readonly number[];
  /** Replaced by a scripted restart (sim/script.ts): counters start again from zero. */
  traffic: TrafficModel;
  /** Scripted outage: the daemon closes every connection without answering. */
  down = false;
  loglevel: number = LOG_LEVEL_VALUES.info;
  readonly lowPower: LowPowerInfo = {
    low_power_mod: 0,
    lpm_rx_pkts: 20,
    lpm_detect_ms: 1000,
    lpm_pkts_in_detect: 1000,
  };

  constructor(opts: LstackProcessOptions) {
    this.ip = opts.ip;
    this.addr = parseIpv4(opts.ip);
    this.ipWire = ipv4Wire(this.addr);
    this.pid = opts.pid;
    this.tids = opts.tids ?? Array.from({ length: opts.stacks }, (_, i) => opts.pid + 2 + i);
    const local = { v4: this.addr, v6: docIpv6(0, this.addr.bytes[3]) };
    this.traffic = new TrafficModel(
      { ...TRAFFIC_DEFAULTS, ...opts.traffic, stacks: opts.stacks, local },
      opts.startMs,
    );
  }

  /** `set loglevel WORD`; unknown words are ignored, as lstack does. Returns whether it applied. */
  setLogLevel(word: string): boolean {
    const level = logLevelOf(word);
    if (level !== null) this.loglevel = level;
    return level !== null;
  }

  /** LSTACK_LOW_POWER_MDF applies request.data.low_power_mod as it comes. */
  setLowPower(mod: number): void {
    this.lowPower.low_power_mod = mod;
  }

  advance(nowMs: number): void {
    this.traffic.advanceTo(nowMs);
  }
}

/**
 * PURE: telemetry v2 messages (DPDK.md §4) into checked values. Whatever the server sends, these
 * return a value or throw a TelemetryError with one line; nothing else.
 */
import type { DpdkHeap, DpdkMempool, DpdkPort } from './model.js';
import { TelemetryError } from './telemetry-error.js';

export interface Greeting {
  readonly version: string;
  readonly pid: number;
  readonly maxOutputLen: number;
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new TelemetryError(`telemetry sent something that is not JSON as ${what}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TelemetryError(`telemetry sent a ${what} that is not a JSON object`);
  }
  return v as Record<string, unknown>;
}

export function parseGreeting(text: string): Greeting {
  const o = parseObject(text, 'greeting');
  const { version, pid, max_output_len: max } = o;
  if (typeof version !== 'string' || !isCount(pid) || !isCount(max)) {
    throw new TelemetryError('telemetry greeting lacks version, pid or max_output_len');
  }
  return { version, pid, maxOutputLen: max };
}

/** The body of the reply to `command`: null when DPDK does not know the command or its parameter. */
export function parseReply(command: string, text: string): unknown {
  const o = parseObject(text, `reply to ${command}`);
  const key = command.split(',')[0]!;
  if (!Object.hasOwn(o, key)) throw new TelemetryError(`telemetry answered ${command} about something else`);
  return o[key];
}

export const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Ids of /ethdev/list or /eal/heap_list; at most `max` of them. */
export function parseIdList(body: unknown, max: number): number[] {
  return Array.isArray(body) ? body.filter(isCount).slice(0, max) : [];
}

export function parseNameList(body: unknown, max: number): string[] {
  return Array.isArray(body)
    ? body.filter((n): n is string => typeof n === 'string' && n !== '' && !n.includes(',')).slice(0, max)
    : [];
}

/** Scalar counters of /ethdev/stats or /ethdev/xstats (per-queue arrays are left out). */
export function parseCounters(body: unknown): Record<string, number> | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

export function parseLink(body: unknown): DpdkPort['link'] {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as Record<string, unknown>;
  if (typeof o.status !== 'string') return null;
  return {
    status: o.status,
    speed: isCount(o.speed) ? o.speed : null,
    duplex: typeof o.duplex === 'string' ? o.duplex : null,
  };
}

export function parseMempool(name: string, body: unknown): DpdkMempool {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const num = (k: string): number | null => (isCount(o[k]) ? o[k] : null);
  const populated = num('populated_size');
  const common = num('common_pool_count');
  const cached = num('total_cache_count');
  const free = common !== null && cached !== null ? common + cached : null;
  return {
    name,
    size: num('size'),
    cacheSize: num('cache_size'),
    eltSize: num('elt_size'),
    inUse: populated !== null && free !== null && free <= populated ? populated - free : null,
  };
}

export function parseHeap(id: number, body: unknown): DpdkHeap {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return {
    id,
    totalBytes: isCount(o.Heap_size) ? o.Heap_size : null,
    allocBytes: isCount(o.Alloc_size) ? o.Alloc_size : null,
  };
}

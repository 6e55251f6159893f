/**
 * dpdk-proc-info, DPDK's own secondary, against a real hugepage testpmd primary (DPDK.md §5):
 * while it runs we list it as the group's secondary (pid, role, the config it maps), and the port
 * counters it prints equal the ones we read from the primary's telemetry. Root and hugepages only;
 * everything it makes (processes, runtime dir, hugepage files, nr_hugepages) is put back.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { dpdkView } from '../../src/dpdk/view.js';
import {
  BASE,
  NULL_PORTS_PRIMARY,
  isRoot,
  reserveHugepages,
  skipNoDpdk,
  uniquePrefix,
  testpmdFile,
  freezeCounters,
} from './testpmd.js';

const hasProcInfo = spawnSync('sh', ['-c', 'command -v dpdk-proc-info']).status === 0;
const skip =
  skipNoDpdk ||
  (hasProcInfo ? false : 'dpdk-proc-info is not installed (CI installs dpdk-dev): proc-info test skipped') ||
  (isRoot ? false : 'not root: a hugepage primary and its secondaries need root (CI runs as root)');

const dpdk = testpmdFile();

/** Per port, the counters dpdk-proc-info --stats prints ("RX-packets: N  RX-errors: N  RX-bytes: N" ...). */
function procInfoStats(text: string): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  const sections = text.split(/#+\s*NIC statistics for port (\d+)\s*#+/);
  for (let i = 1; i + 1 < sections.length; i += 2) {
    const body = sections[i + 1]!.split(/#{8,}/)[0]!;
    const values: Record<string, number> = {};
    // the port's totals come first; the per-queue "Stats reg N" lines after them repeat the names
    for (const m of body.matchAll(/([A-Za-z-]+):\s*(\d+)/g)) values[m[1]!] ??= Number(m[2]);
    out.set(Number(sections[i]), values);
  }
  return out;
}

const maps = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/maps`, 'utf8');
  } catch {
    return '';
  }
};

test(
  'dpdk-proc-info secondary of a hugepage testpmd primary: listed as secondary, same port counters',
  { skip, timeout: 120_000 },
  async (t) => {
    const huge = await reserveHugepages(48);
    if (typeof huge === 'string') return t.skip(`no hugepages: ${huge}`);
    dpdk.cleanup(() => huge.release());
    const prefix = uniquePrefix('procinfo');
    const primary = await dpdk.primary(['--huge-dir', huge.dir, ...NULL_PORTS_PRIMARY], prefix, {
      hugeDir: huge.dir,
    });
    await freezeCounters(primary);

    // proc-info runs and exits: caught (and held with SIGSTOP) once it is attached — it maps the
    // group's config and has its mp_socket_<pid>_* (what makes us look at a process at all)
    const configPath = `/dpdk/${prefix}/config`;
    const attached = (pid: number): boolean => {
      try {
        return (
          readdirSync(join(BASE, prefix)).some((f) => f.startsWith(`mp_socket_${pid}_`)) &&
          maps(pid).includes(configPath)
        );
      } catch {
        return false;
      }
    };
    let seen: { pid: number; secondaries: number[]; roles: string[] } | null = null;
    let printed = '';
    for (let attempt = 0; attempt < 3 && !seen; attempt++) {
      const pi = spawn('dpdk-proc-info', [`--file-prefix=${prefix}`, '--no-pci', '--', '--stats'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      pi.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
      pi.stderr.on('data', (b: Buffer) => (out += b.toString('latin1')));
      const exited = new Promise<number | null>((r) => pi.once('exit', (code) => r(code)));
      const end = Date.now() + 20_000;
      let stopped = false;
      while (pi.exitCode === null && Date.now() < end) {
        if (attached(pi.pid!)) {
          pi.kill('SIGSTOP');
          stopped = true;
          break;
        }
        await sleep(1);
      }
      if (stopped) {
        try {
          const v = await dpdkView(
            { bases: [BASE], filePrefix: prefix, telemetry: false, timeoutMs: 3000, isRoot },
            Date.now(),
          );
          const g = v.groups.find((x) => x.filePrefix === prefix)!;
          seen = {
            pid: pi.pid!,
            secondaries: g.processes.filter((p) => p.role === 'secondary').map((p) => p.pid),
            roles: g.processes.map((p) => `${p.pid}:${p.role}`),
          };
        } finally {
          pi.kill('SIGCONT');
        }
      }
      const code = await exited;
      assert.equal(code, 0, `dpdk-proc-info failed:\n${out.slice(-2000)}`);
      printed = out;
    }
    assert.ok(seen, 'dpdk-proc-info was never caught mapping the config (3 tries)');
    assert.deepEqual(seen.roles, [`${primary.pid}:primary`, `${seen.pid}:secondary`]);
    assert.deepEqual(seen.secondaries, [seen.pid]);

    const theirs = procInfoStats(printed);
    assert.deepEqual([...theirs.keys()], [0, 1], `proc-info printed both ports:\n${printed.slice(-1500)}`);
    const v = await dpdkView(
      { bases: [BASE], filePrefix: prefix, telemetry: true, timeoutMs: 3000, isRoot },
      Date.now(),
    );
    const g = v.groups.find((x) => x.filePrefix === prefix)!;
    assert.ok(g.telemetry, `telemetry read (${g.notes.join('; ')})`);
    assert.deepEqual(
      g.processes.map((p) => [p.pid, p.role]),
      [[primary.pid, 'primary']],
      'proc-info is gone from the group after it exits',
    );
    for (const port of [0, 1]) {
      const mine: Readonly<Record<string, number>> = g.telemetry.ports[port]!.stats!;
      const p = theirs.get(port)!;
      assert.equal(mine.ipackets, p['RX-packets'], `port ${port} RX-packets`);
      assert.equal(mine.opackets, p['TX-packets'], `port ${port} TX-packets`);
      assert.equal(mine.ibytes, p['RX-bytes'], `port ${port} RX-bytes`);
      assert.equal(mine.obytes, p['TX-bytes'], `port ${port} TX-bytes`);
      assert.equal(mine.ierrors, p['RX-errors'], `port ${port} RX-errors`);
      assert.equal(mine.oerrors, p['TX-errors'], `port ${port} TX-errors`);
      assert.equal(mine.rx_nombuf, p['RX-nombuf'], `port ${port} RX-nombuf`);
    }
    assert.ok(g.telemetry.ports[0]!.stats!.opackets! > 0, 'tx_first sent packets');
    await primary.quit();
  },
);

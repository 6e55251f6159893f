/** top's per-refresh read of the stack threads: core, state, CPU% from the previous refresh. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { ProcSource } from '../../src/dpdk/proc-source.js';
import { ThreadCpuReader } from '../../src/monitor/threadCpu.js';
import { tempDir } from '../support/run-dir.js';

// proc(5) stat: pid (comm) state, then fields 4..52; utime=14, stime=15, processor=39
function stat(tid: number, comm: string, state: string, utime: number, stime: number, cpu: number): string {
  const f = Array.from({ length: 52 }, () => '0');
  f[13] = String(utime);
  f[14] = String(stime);
  f[38] = String(cpu);
  return `${tid} (${comm}) ${state} ${f.slice(3).join(' ')}\n`;
}

test('CPU% over the refresh, per thread; /proc/<tid>/task/<tid>/stat, not the process total', async () => {
  const { dir: root, cleanup } = tempDir('gz-tcpu-');
  const put = (tid: number, text: string): void => {
    mkdirSync(`${root}/${tid}/task/${tid}`, { recursive: true });
    writeFileSync(`${root}/${tid}/task/${tid}/stat`, text);
    // what a wrong reader would see: the whole process
    writeFileSync(`${root}/${tid}/stat`, stat(tid, 'lstack', 'R', 99999, 0, 0));
  };
  try {
    const r = new ThreadCpuReader(new ProcSource(root));
    put(101, stat(101, 'gazellelstack00', 'R', 1000, 10, 2));
    put(102, stat(102, 'gazelle (x) 1', 'S', 50, 0, 3));
    const first = await r.read([101, 102, 999], 10_000);
    assert.deepEqual(first.get(101), { core: 2, state: 'R', percent: null });
    assert.equal(first.has(999), false, 'a thread /proc does not know is left out');
    put(101, stat(101, 'gazellelstack00', 'R', 1150, 10, 5)); // 150 ticks = 1.5 s over 2 s
    put(102, stat(102, 'gazelle (x) 1', 'S', 51, 0, 3));
    const second = await r.read([101, 102], 12_000);
    assert.deepEqual(second.get(101), { core: 5, state: 'R', percent: 75 });
    assert.deepEqual(second.get(102), { core: 3, state: 'S', percent: 0.5 });
  } finally {
    cleanup();
  }
});

test('the real /proc: this thread is found with its core', async () => {
  const r = new ThreadCpuReader();
  const got = (await r.read([process.pid], Date.now())).get(process.pid);
  assert.ok(got && got.core >= 0 && got.state.length === 1, JSON.stringify(got));
});

test('a thread /proc cannot show is not read again until the set of stack threads changes', async () => {
  const { dir: root, cleanup } = tempDir('gz-tcpu-');
  const reads: string[] = [];
  class Counting extends ProcSource {
    override async text(path: string): Promise<string | null> {
      reads.push(path);
      return super.text(path);
    }
  }
  const put = (tid: number): void => {
    mkdirSync(`${root}/${tid}/task/${tid}`, { recursive: true });
    writeFileSync(`${root}/${tid}/task/${tid}/stat`, stat(tid, 'lstack', 'R', 1, 0, 1));
  };
  try {
    const r = new ThreadCpuReader(new Counting(root));
    put(101);
    await r.read([101, 999], 1000);
    reads.length = 0;
    put(999); // it would read now, but the instance still has the same threads: not asked
    assert.equal((await r.read([101, 999], 2000)).has(999), false);
    assert.deepEqual(reads, [`${root}/101/task/101/stat`]);
    // another set of threads (the instance restarted): every one is tried again
    assert.equal((await r.read([101, 999, 1000], 3000)).has(999), true);
  } finally {
    cleanup();
  }
});

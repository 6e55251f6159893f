/** The pure parsers of /proc, runtime-dir and telemetry text, on captured and hostile samples. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { gazelleConf } from '../../src/config/gazelle-conf.js';
import { filePrefixOfDpdkArgs, joinGroups } from '../../src/dpdk/join.js';
import type { DpdkGroup } from '../../src/dpdk/model.js';
import {
  cpuPercent,
  mapsFile,
  parseCmdline,
  parseHugeMounts,
  parseLocks,
  parseStatus,
  parseTaskStat,
  writeLockHolder,
} from '../../src/dpdk/proc-parse.js';
import { renderText } from '../../src/dpdk/render.js';
import {
  classifyRuntimeFiles,
  hugepageFilesOf,
  isFilePrefix,
  runtimeBases,
} from '../../src/dpdk/runtime-dir.js';
import { parseGreeting, parseMempool, parseReply } from '../../src/dpdk/telemetry-parse.js';

// captured on this machine from a dpdk-testpmd primary (DPDK.md §2)
const LOCKS = `1: FLOCK  ADVISORY  READ 12068 fe:00:1531942 0 EOF
2: POSIX  ADVISORY  WRITE 12068 fe:00:1531939 136 17543
2: -> POSIX  ADVISORY  WRITE 777 fe:00:1531939 136 17543
3: POSIX  ADVISORY  READ 555 fe:00:99 0 EOF
`;

test('/proc/locks: the POSIX write lock holder of an inode; waiters and readers are not holders', () => {
  const locks = parseLocks(LOCKS);
  assert.equal(locks.length, 3);
  assert.equal(writeLockHolder(locks, 1531939), 12068);
  assert.equal(writeLockHolder(locks, 1531942), null, 'a FLOCK READ lock is not a primary');
  assert.equal(writeLockHolder(locks, 99), null);
  assert.deepEqual(parseLocks('garbage\n\n1: POSIX ADVISORY WRITE -5 fe:00:1 0 EOF'), []);
});

test('maps: the config of this prefix and inode, whether the path says /run or /var/run', () => {
  const maps = [
    '7f00-7f01 rw-s 00000000 00:1a 4242                       /run/dpdk/gz1/config',
    '7f02-7f03 rw-s 00000000 00:1a 4243                       /run/dpdk/gz10/config',
  ].join('\n');
  assert.equal(mapsFile(maps, 4242, '/gz1/config'), true);
  assert.equal(mapsFile(maps, 4243, '/gz1/config'), false, 'gz10 is not gz1');
  assert.equal(mapsFile(maps, 4242, '/gz10/config'), false, 'inode must match too');
});

test('task stat: comm with spaces and parentheses, state, CPU ticks and the last CPU', () => {
  const rest = Array.from({ length: 50 }, (_, i) => String(i + 3));
  rest[0] = 'R';
  rest[14 - 3] = '150';
  rest[15 - 3] = '50';
  rest[39 - 3] = '7';
  const s = parseTaskStat(`1234 (a) b (c)) ${rest.join(' ')}`);
  assert.deepEqual(s, { comm: 'a) b (c)', state: 'R', cpuTicks: 200, cpu: 7 });
  assert.equal(parseTaskStat('1234 no parens'), null);
  assert.equal(parseTaskStat('1 (x) R 1 2'), null, 'short lines are refused');
});

test('status, cmdline, mounts, CPU%', () => {
  const st = parseStatus(
    'Name:\tdpdk-testpmd\nTgid:\t12068\nHugetlbPages:\t   65536 kB\nCpus_allowed_list:\t0-1,4\n',
  );
  assert.deepEqual(st, {
    name: 'dpdk-testpmd',
    tgid: 12068,
    cpusAllowed: '0-1,4',
    hugetlbBytes: 64 << 20,
    rssShmemBytes: undefined,
  });
  assert.deepEqual(parseCmdline('a\0b c\0\0d\0'), ['a', 'b c', '', 'd']);
  assert.deepEqual(
    parseHugeMounts(
      'nodev /mnt/h\\040x hugetlbfs rw,pagesize=1G 0 0\nhugetlbfs /dev/hugepages hugetlbfs rw 0 0\n',
      2 << 20,
    ),
    [
      { dir: '/mnt/h x', pageBytes: 1 << 30 },
      { dir: '/dev/hugepages', pageBytes: 2 << 20 },
    ],
  );
  assert.equal(cpuPercent(100, 150, 1000), 50);
  assert.equal(cpuPercent(150, 100, 1000), null, 'a TID reused by another thread');
});

test('runtime dir files, hugepage files, bases and prefixes', () => {
  const f = classifyRuntimeFiles([
    'config',
    'mp_socket',
    'mp_socket_4242_1a2b',
    'dpdk_telemetry.v2',
    'fbarray_memzone',
  ]);
  assert.deepEqual(f.secondarySocketPids, [4242]);
  assert.equal(f.hasTelemetryV2, true);
  assert.equal(f.noHuge, false);
  assert.deepEqual(hugepageFilesOf('gz', ['gzmap_0', 'gzmap_12', 'gz1map_0', 'gzmapx', 'rtemap_0']), [
    'gzmap_0',
    'gzmap_12',
  ]);
  assert.deepEqual(runtimeBases(undefined, { RUNTIME_DIRECTORY: '/run/x/' }), [
    '/run/x/dpdk',
    '/var/run/dpdk',
    '/tmp/dpdk',
  ]);
  assert.deepEqual(runtimeBases(['/a/', '/a'], {}), ['/a']);
  for (const bad of ['', '.', '..', 'a/b', 'x\0']) assert.equal(isFilePrefix(bad), false, bad);
});

test('telemetry messages: greeting, replies keyed by the command, mempool in-use only when DPDK says', () => {
  assert.deepEqual(parseGreeting('{"version":"DPDK 22.11.11","pid":31607,"max_output_len":16384}'), {
    version: 'DPDK 22.11.11',
    pid: 31607,
    maxOutputLen: 16384,
  });
  assert.throws(() => parseGreeting('{"pid":"1"}'), /lacks/);
  assert.deepEqual(parseReply('/ethdev/stats,0', '{"/ethdev/stats": {"ipackets": 1}}'), { ipackets: 1 });
  assert.equal(parseReply('/nope', '{"/nope": null}'), null);
  assert.throws(() => parseReply('/a', '[1]'), /not a JSON object/);
  assert.equal(parseMempool('p', { size: 10, populated_size: 10 }).inUse, null, '22.11 has no free counts');
  assert.equal(
    parseMempool('p', { populated_size: 10, common_pool_count: 6, total_cache_count: 1 }).inUse,
    3,
  );
  assert.equal(
    parseMempool('p', { populated_size: 10, common_pool_count: 60, total_cache_count: 1 }).inUse,
    null,
  );
  fc.assert(
    fc.property(fc.string(), (s) => {
      try {
        parseReply('/x', s);
      } catch (e) {
        assert.equal((e as Error).name, 'TelemetryError');
      }
    }),
  );
});

const group = (over: Partial<DpdkGroup>): DpdkGroup => ({
  filePrefix: 'gz1',
  base: '/var/run/dpdk',
  dir: '/var/run/dpdk/gz1',
  state: 'live',
  primaryPid: 100,
  processes: [{ pid: 100, role: 'primary', cmdline: ['lstack'], hugetlbBytes: null, threads: [] }],
  hugepages: { files: 0, bytes: 0 },
  noHuge: false,
  leftoverSockets: [],
  telemetry: null,
  notes: [],
  gazelle: [],
  ...over,
});

test('join: stack TIDs, then ltran clients, then the config file-prefix', () => {
  const groups = [
    group({}),
    group({
      filePrefix: 'gz2',
      primaryPid: 200,
      processes: [{ pid: 200, role: 'primary', cmdline: [], hugetlbBytes: null, threads: [] }],
    }),
  ];
  const joined = joinGroups(
    groups,
    [
      { unixPrefix: 'a_', daemon: 'lstack', stackTids: [101, 102] },
      { unixPrefix: 'b_', daemon: 'ltran', clientPids: [200] },
      { unixPrefix: 'c_', daemon: 'lstack', configFilePrefix: 'gz2' },
    ],
    new Map([
      [101, 100],
      [102, 100],
    ]),
  );
  assert.deepEqual(joined[0]!.gazelle, [{ unixPrefix: 'a_', daemon: 'lstack', via: 'stack-tid' }]);
  assert.deepEqual(
    joined[1]!.gazelle.map((l) => [l.unixPrefix, l.via]),
    [
      ['b_', 'ltran-client'],
      ['c_', 'config'],
    ],
  );
  const args = (words: string[]) =>
    gazelleConf(
      `dpdk_args=[${words.map((w) => JSON.stringify(w)).join(', ')}]\n`,
      'lstack.conf',
    ).settings.get('dpdk_args');
  assert.equal(filePrefixOfDpdkArgs(args(['--socket-mem', '1024', '--file-prefix', 'gz9'])), 'gz9');
  assert.equal(filePrefixOfDpdkArgs(args(['--file-prefix=gz8'])), 'gz8');
  assert.equal(filePrefixOfDpdkArgs(args(['-l', '0'])), 'rte', "DPDK's default");
  assert.equal(filePrefixOfDpdkArgs(undefined), undefined);
});

test('the screen: a stale group says what it left behind', () => {
  const text = renderText({
    bases: ['/var/run/dpdk'],
    notes: [],
    groups: [
      group({
        state: 'stale',
        primaryPid: null,
        processes: [],
        hugepages: { files: 32, bytes: 64 << 20 },
        leftoverSockets: ['mp_socket'],
      }),
    ],
  });
  assert.match(
    text,
    /^GROUP gz1 {2}STALE {2}\/var\/run\/dpdk\/gz1 {2}hugepages 64\.0 MiB \(32 files\)\n {2}left behind: 32 hugepage files \(64\.0 MiB\), sockets mp_socket\n$/,
  );
});

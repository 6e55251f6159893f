/** The libconfig reader against Gazelle's shipped-style configs and broken files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tempDir } from '../support/run-dir.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSyntaxError, parseLibconfig, toPlain } from '../../src/config/libconfig.js';
import { gazelleConf } from '../../src/config/gazelle-conf.js';
import { loadGazelleConf } from '../../src/config/load.js';
import { UsageError } from '../../src/errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const plain = (text: string): unknown =>
  Object.fromEntries([...parseLibconfig(text)].map(([k, v]) => [k, toPlain(v)]));

test('lstack.conf: unix_prefix, use_ltran, dpdk_args, groups and lists', () => {
  const conf = loadGazelleConf(fixture('lstack.conf'));
  assert.equal(conf.kind, 'lstack');
  assert.equal(conf.unixPrefix, '07');
  assert.equal(conf.useLtran, false);
  const s = Object.fromEntries([...conf.settings].map(([k, v]) => [k, toPlain(v)]));
  assert.deepEqual(s.dpdk_args, [
    '--socket-mem',
    '2048,0,0,0',
    '--huge-dir',
    '/mnt/hugepages-lstack',
    '--proc-type',
    'primary',
  ]);
  assert.equal(s.num_cpus, '2');
  assert.equal(s.host_addr, '192.168.1.10');
  assert.equal(s.tcp_conn_count, 1500);
  assert.equal(s.nic_vlan_mode, -1);
  assert.equal(s.bond_slave_mac, 'aa:bb:cc:dd:ee:ff;aa:bb:cc:dd:ee:00');
  assert.deepEqual(s.nic, {
    rxqueue_size: 4096,
    txqueue_size: 2048,
    offloads: ['tx-ipv4-checksum', 'tx-tcp-checksum'],
  });
});

test('ltran.conf: recognised as ltran, unix_prefix 08, no use_ltran', () => {
  const conf = loadGazelleConf(fixture('ltran.conf'));
  assert.equal(conf.kind, 'ltran');
  assert.equal(conf.unixPrefix, '08');
  assert.equal(conf.useLtran, undefined);
  assert.match(String(toPlain(conf.settings.get('forward_kit_args')!)), /--huge-dir \/mnt\/hugepages-ltran/);
});

test('scalars: ints in every base, int64, floats, booleans, escapes, joined strings', () => {
  assert.deepEqual(
    plain(
      'a=0x1F; b=0b101; c=0o17; d=-12; e=+3; f=3.5e2; g=.5; h=TRUE; i=false; j="x\\ty\\"\\x41" "z"; k=12345678901L; l=1e3;',
    ),
    {
      a: 31,
      b: 5,
      c: 15,
      d: -12,
      e: 3,
      f: 350,
      g: 0.5,
      h: true,
      i: false,
      j: 'x\ty"Az',
      k: 12345678901,
      l: 1000,
    },
  );
  const big = parseLibconfig('x = 9999999999;').get('x')!;
  assert.equal(big.kind === 'int' && big.int64, true, 'a decimal beyond 32 bits is promoted to int64');
  assert.equal(
    parseLibconfig('x = 5;').get('x')!.kind === 'int' &&
      (parseLibconfig('x=5').get('x') as { int64: boolean }).int64,
    false,
  );
});

test('separators: ":" and "=", ";" or "," or none, trailing commas in lists, every comment style', () => {
  assert.deepEqual(plain('a: 1, b = 2 c=3 // x\n/* y */ d=[1,2,] # z\ne=(1,"s",{f=1;},[2],)'), {
    a: 1,
    b: 2,
    c: 3,
    d: [1, 2],
    e: [1, 's', { f: 1 }, [2]],
  });
  assert.deepEqual(plain(''), {});
  assert.deepEqual(plain('# only a comment'), {});
});

const broken: [string, string][] = [
  ['use_ltran 0\n', "<t>:1:11: expected '=' or ':' after 'use_ltran', found '0'"],
  ['a = ;', "<t>:1:5: expected a value (string, number, boolean, [array], (list) or {group}), found ';'"],
  ['a = "open\nb=1', '<t>:1:5: unterminated string: expected "'],
  ['a = [1, "x"]', '<t>:1:9: array elements must all have one type: expected int, found string'],
  ['a = [1 2]', "<t>:1:8: expected ',' or ']', found '2'"],
  [
    'a = [{b=1}]',
    "<t>:1:6: expected a value (string, number, boolean, [array], (list) or {group}), found '{'",
  ],
  ['g = { a = 1;', "<t>:1:13: expected a setting name or '}', found end of file"],
  ['a = 1;\na = 2;', "<t>:2:1: duplicate setting 'a'"],
  ['/* never closed', '<t>:1:1: unterminated comment: expected */'],
  ['a = 1; }', "<t>:1:8: expected a setting name, found '}'"],
  ['@include "other.cfg"', '<t>:1:1: @include is not supported: expected a setting'],
  ['a = "\\q"', '<t>:1:6: invalid escape in string: expected \\\\, \\", \\f, \\n, \\r, \\t or \\xHH'],
  ['a = 1x', "<t>:1:5: invalid number '1x'"],
  ['a = 1.2.3', "<t>:1:5: invalid number '1.2.3'"],
  ['a = 99999999999999999999', '<t>:1:5: integer 99999999999999999999 out of range'],
  ['\n\n   a = $', '<t>:3:8: unexpected character "$"'],
];

for (const [text, message] of broken) {
  test(`broken: ${JSON.stringify(text)} -> ${message}`, () => {
    assert.throws(
      () => parseLibconfig(text, '<t>'),
      (e: unknown) => e instanceof ConfigSyntaxError && e instanceof UsageError && e.message === message,
    );
  });
}

test('gazelle settings of the wrong type are explained with their position', () => {
  assert.throws(() => gazelleConf('use_ltran=0\nunix_prefix=7\n', 'l.conf'), {
    message: 'l.conf:2:13: unix_prefix: expected a string, found int',
  });
  assert.throws(() => gazelleConf('use_ltran=2\n', 'l.conf'), {
    message: 'l.conf:1:11: use_ltran: expected 0 or 1',
  });
  assert.throws(() => gazelleConf('unix_prefix="../x"\n', 'l.conf'), {
    message: "l.conf:1:13: unix_prefix contains '/'",
  });
  assert.equal(gazelleConf('use_ltran=true', 'x').useLtran, true);
  assert.equal(gazelleConf('', '/etc/gazelle/ltran.conf').kind, 'ltran');
  assert.equal(gazelleConf('', '/etc/gazelle/lstack.conf').unixPrefix, '');
});

test('unreadable config files are one usage line', () => {
  const { dir, cleanup } = tempDir('gzconf-');
  try {
    assert.throws(() => loadGazelleConf(join(dir, 'missing.conf')), {
      message: `cannot read config ${join(dir, 'missing.conf')}: no such file`,
    });
    assert.throws(() => loadGazelleConf(dir), { message: `cannot read config ${dir}: is a directory` });
    writeFileSync(join(dir, 'bad.conf'), 'unix_prefix = "07"\nuse_ltran = \n');
    assert.throws(
      () => loadGazelleConf(join(dir, 'bad.conf')),
      (e: unknown) =>
        e instanceof UsageError && e.message.startsWith(`${join(dir, 'bad.conf')}:3:1: expected a value`),
    );
  } finally {
    cleanup();
  }
  assert.ok(readFileSync(fixture('lstack.conf'), 'utf8').includes('unix_prefix="07"'));
});

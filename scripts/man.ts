/**
 * Generates man/gazellectl.1 from the command definitions (oclif.manifest.json, written by
 * `oclif manifest` during the build), so the man page cannot drift from --help.
 * Usage: node --import tsx scripts/man.ts > man/gazellectl.1   (test/man.test.ts checks it is current)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ManifestFlag {
  name: string;
  char?: string;
  summary?: string;
  description?: string;
  type: 'boolean' | 'option';
  options?: string[];
  default?: unknown;
  helpGroup?: string;
}
interface ManifestCommand {
  id: string;
  summary?: string;
  description?: string;
  examples?: string[];
  hidden?: boolean;
  flags: Record<string, ManifestFlag>;
}

const esc = (s: string): string => s.replace(/\\/g, '\\e').replace(/^\./gm, '\\&.').replace(/-/g, '\\-');

export function renderMan(manifest: { version: string; commands: Record<string, ManifestCommand> }): string {
  const out: string[] = [];
  out.push(`.TH GAZELLECTL 1 "" "gazellectl ${manifest.version}" "User Commands"`);
  out.push(
    '.SH NAME',
    "gazellectl \\- operator's tool for openEuler Gazelle (ltran/lstack): statistics, control, live monitor",
  );
  out.push('.SH SYNOPSIS');
  out.push('.B gazellectl ltran', '{quit | show | set} [LTRAN_OPTIONS] [\\-u UNIX_PREFIX]', '.br');
  out.push('.B gazellectl lstack', '{show | set} {IP | PID} [LSTACK_OPTIONS] [\\-u UNIX_PREFIX]', '.br');
  out.push('.B gazellectl', 'COMMAND [FLAGS]');
  out.push('.SH DESCRIPTION');
  out.push(
    esc(
      'A drop-in replacement for the C gazellectl: every command line of the C tool works verbatim and prints the same bytes. ' +
        'It adds --json, bounded rate loops, clear errors with distinct exit codes, a simulator and a live monitor.',
    ),
  );
  out.push('.SH COMMANDS');
  const ids = Object.keys(manifest.commands).sort();
  for (const id of ids) {
    const c = manifest.commands[id];
    if (c.hidden) continue;
    out.push('.SS', esc(`gazellectl ${id.replaceAll(':', ' ')}`));
    if (c.summary) out.push(esc(c.summary));
    if (c.description) out.push('.PP', '.nf', esc(c.description), '.fi');
    const flags = Object.values(c.flags).filter((f) => f.name !== 'help');
    for (const f of flags.sort((a, b) => a.name.localeCompare(b.name))) {
      const head = `${f.char ? `-${f.char}, ` : ''}--${f.name}${f.type === 'option' ? ` ${f.options ? f.options.join('|') : 'VALUE'}` : ''}`;
      out.push('.TP', `.B ${esc(head)}`, esc(f.summary ?? f.description ?? ''));
    }
    if (c.examples?.length) {
      out.push('.PP', 'Examples:', '.nf');
      for (const ex of c.examples) out.push(esc(`  ${ex.replace('<%= config.bin %>', 'gazellectl')}`));
      out.push('.fi');
    }
  }
  out.push('.SH ENVIRONMENT');
  out.push(
    '.TP',
    '.B GAZELLE_RUN_DIR',
    esc('Run dir of the control sockets (default /var/run/gazelle/); --run-dir overrides it.'),
  );
  out.push(
    '.TP',
    '.B GAZELLECTL_PROFILE',
    esc('Protocol era: v1.0.3 (default), v2024.09, v1.0.2; --profile overrides it.'),
  );
  out.push(
    '.TP',
    '.B GAZELLECTL_ARCH',
    esc('x86_64 (default) or aarch64 (DPDK cache line 128); --arch overrides it.'),
  );
  out.push(
    '.TP',
    '.B GZ_FAKE_EPOCH',
    esc('Epoch seconds used for the connection table time stamp (reproducible output).'),
  );
  out.push('.SH EXIT STATUS');
  const codes: [string, string][] = [
    ['0', 'success (also: the usage text for no arguments)'],
    ['1', 'internal error'],
    ['2', 'usage error: a word of the command line is not understood'],
    ['3', 'not running: no socket file (check \\-u, use_ltran, \\-\\-run\\-dir)'],
    ['4', 'refused: a socket file exists but nobody listens (stale socket, daemon died)'],
    ['5', "permission denied (run as root or as the daemon's user)"],
    ['6', 'timeout: the daemon did not answer within \\-\\-timeout'],
    ['7', 'closed early: the daemon closed the connection before the full answer'],
    ['8', 'protocol mismatch: the answer does not fit \\-\\-profile/\\-\\-arch'],
  ];
  for (const [code, text] of codes) out.push('.TP', `.B ${code}`, text);
  out.push(
    '.PP',
    esc(
      "With --compat-exit-codes the C tool's behaviour is kept: its error text on stdout, 0 after the usage text, 255 for failures.",
    ),
  );
  out.push('.SH SEE ALSO', 'ltran(8), lstack.conf, https://gitee.com/openeuler/gazelle');
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'));
  process.stdout.write(renderMan(manifest));
}

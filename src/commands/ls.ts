import { Command, Flags } from '@oclif/core';
import { connectionFlags } from '../cli/flags.js';
import { processIo } from '../cli/stdio.js';
import { runLs } from '../discovery/command.js';

const { 'unix-prefix': _u, ...conn } = connectionFlags;

export default class Ls extends Command {
  static override summary =
    'List every ltran/lstack instance in the run dir: prefix, daemon, state, profile.';
  static override description = [
    'Looks for the control sockets of every Gazelle era: <prefix>ltran_cmd.sock / lstack_cmd.sock (1.0.3 and 2024.09 builds), gazelle_cmd.sock / gazelle_client.sock (1.0.2) and libos_cmd.sock / libos_client.sock (1.0.1, listed as unsupported). The unix_prefix is what precedes the name.',
    'PIDS are the processes of the instance: the owners of its stack threads (the TIDs in its answers) that belong to its DPDK group, for ltran the primary of its group and the client PIDs ltran reports; FILE-PREFIX is the --file-prefix of that group (DPDK runtime bases as for `gazellectl dpdk`, or --dpdk-dir). What cannot be read (not root) shows as -, with one line on stderr saying what.',
    'STATE is alive, stale (the file exists but nobody listens: ECONNREFUSED, a daemon that died), permission denied, or not a socket. PROFILE is detected as with --profile auto: the socket name gives the era, the size of the answer to one read-only request (LSTACK_SHOW; for ltran LTRAN_SHOW_INSTANCE and LTRAN_SHOW_LSTACK of one registered lstack) decides within it. An ltran without registered lstack reads alike in v1.0.3 and v2024.09 and shows both. --profile NAME checks every instance against that profile only.',
  ].join('\n\n');
  static override examples = [
    '<%= config.bin %> ls',
    '<%= config.bin %> ls --run-dir /tmp/gazelle --json',
    '<%= config.bin %> ls --config /etc/gazelle/lstack.conf',
  ];
  static override flags = {
    ...conn,
    json: Flags.boolean({ summary: 'Print one JSON document {"runDir", "instances": [...]}.' }),
    'dpdk-dir': Flags.string({
      summary: 'A DPDK runtime base to look in for PIDS and FILE-PREFIX instead of the defaults.',
      multiple: true,
    }),
    'no-dpdk': Flags.boolean({ summary: 'Skip the PIDS and FILE-PREFIX columns (no /proc or DPDK reads).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Ls);
    process.exitCode = await runLs(flags, processIo());
  }
}

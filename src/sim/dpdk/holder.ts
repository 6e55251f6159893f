/**
 * The process that plays a simulated group's DPDK primary. Node cannot take a POSIX record lock,
 * so a small perl program (perl-base: Fcntl only, plus threads when the perl has them) takes the
 * WRITE lock on `config` with fcntl(F_SETLK) as DPDK does, starts one idle thread per name and
 * renames each through /proc/self/task/TID/comm, prints the TIDs and waits for its stdin to close.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const HOLDER = String.raw`
use strict; use Fcntl;
my ($config, $title, @names) = @ARGV;
$0 = $title;
if (open(my $c, '>', '/proc/self/comm')) { print $c 'gazellesim-dpdk'; close $c; }
open(my $fh, '+<', $config) or die "open $config: $!\n";
# struct flock on x86_64 and aarch64: short type, short whence, (pad), off_t start, off_t len, pid_t pid, (pad)
my $lk = pack('s s x4 q q i x4', F_WRLCK, 0, 0, 0, 0);
fcntl($fh, F_SETLK, $lk) or die "lock $config: $!\n";
my @tids;
if (@names && eval { require threads; 1 }) {
  my %before = map { $_ => 1 } list_tasks();
  for my $n (@names) {
    threads->create(sub { select(undef, undef, undef, undef) while 1 })->detach();
    my ($new) = grep { !$before{$_} } list_tasks();
    $before{$new} = 1;
    if (open(my $c, '>', "/proc/self/task/$new/comm")) { print $c $n; close $c; }
    push @tids, $new;
  }
}
$| = 1;
print "tids @tids\n";
1 while sysread(STDIN, my $buf, 4096);
POSIX::_exit(0) if eval { require POSIX; 1 };
exit 0;
sub list_tasks { opendir(my $d, '/proc/self/task') or return (); my @t = sort { $a <=> $b } grep { /^\d+$/ } readdir($d); return @t; }
`;

export interface Holder {
  readonly pid: number;
  /** TID of each requested thread name, in order; empty when this perl has no threads. */
  readonly tids: readonly number[];
  stop(): Promise<void>;
}

/** `title` becomes the holder's command line (what `gazellectl dpdk` shows for the primary). */
export function startHolder(
  configPath: string,
  title: string,
  threadNames: readonly string[],
  timeoutMs = 10_000,
): Promise<Holder> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('perl', ['-e', HOLDER, configPath, title, ...threadNames], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      return reject(e instanceof Error ? e : new Error(String(e)));
    }
    let out = '';
    let err = '';
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('the lock holder did not start in time'), timeoutMs);
    child.on('error', (e) => fail(`cannot run perl (${e.message})`));
    child.stdin!.on('error', () => undefined);
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', () => fail(err.trim().split('\n')[0] || 'the lock holder exited'));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^tids ?([\d ]*)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const tids = m[1]!.trim() === '' ? [] : m[1]!.trim().split(' ').map(Number);
      resolve({
        pid: child.pid!,
        tids: tids.length === threadNames.length ? tids : [],
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.stdin!.end();
            const t = setTimeout(() => child.kill('SIGKILL'), 2000);
            await exited;
            clearTimeout(t);
          }
        },
      });
    });
  });
}

/**
 * `gazellectl top` rows: CPU (% of one core, /proc utime+stime) and average RSS of the top process
 * in a real pseudo-terminal (tmux, 160x50), watching 4 lstack instances x 8 stacks of the simulator
 * at the default 1 s interval. Every stack answers LSTACK_SHOW with a full gazelle_stack_dfx_data
 * (~3 MB), so about 100 MB/s cross the sockets. Ratios are against the budget (issue 14: 2 % of a
 * core, 100 MB) and against a raw reader measured in the same run: a `node -e` that asks the same
 * sockets the same question once a second on one kept connection per instance and drops the bytes
 * as they land in one reused buffer, i.e. the irreducible cost of draining the answers in Node.
 * With GAZELLECTL_BENCH_BASE (an older build's bin/run.js) that build's top is measured too, right
 * after this one on the same simulator, for a before/after in one run.
 * BENCH_TUI_SECONDS (default 60) is the length of each measuring window.
 */
import { baseBin, bin, type Row } from './lib.js';
import {
  measureRawReader,
  measureTop,
  WATCHED,
  WATCHED_STACKS,
  withWatchedSim,
  type Usage,
} from './process-usage.js';

const SECONDS = Math.max(2, Number(process.env.BENCH_TUI_SECONDS ?? 60));
const INSTANCES = WATCHED;
const STACKS = WATCHED_STACKS;
const CPU_BUDGET = 2;
const RSS_BUDGET_MB = 100;
const SHOWN = /t4_\s+lstack.*connected/;

export async function tuiRows(): Promise<Row[]> {
  return withWatchedSim('tui', async (runDir) => {
    const raw = await measureRawReader(runDir, INSTANCES, SECONDS);
    const top = await measureTop(bin, runDir, SECONDS, SHOWN);
    const base = baseBin ? await measureTop(baseBin, runDir, SECONDS, SHOWN) : undefined;
    const window = `${SECONDS} s window, 4 x ${STACKS} stacks at 1 s`;
    const split = (u: Usage): string =>
      `${u.cpuPercent.toFixed(2)}% (user ${u.userPercent.toFixed(2)}, sys ${u.sysPercent.toFixed(2)})`;
    return [
      [
        `top: CPU of one core vs ${CPU_BUDGET}% budget`,
        top.cpuPercent / CPU_BUDGET,
        `${split(top)}, ${window}`,
      ],
      [
        `top: CPU vs raw socket reader (same sockets)`,
        top.cpuPercent / raw.cpuPercent,
        `${split(top)} vs ${split(raw)}`,
      ],
      [
        `top: average RSS vs ${RSS_BUDGET_MB} MB budget`,
        top.rssMb / RSS_BUDGET_MB,
        `${top.rssMb.toFixed(1)} MB (raw reader ${raw.rssMb.toFixed(1)} MB)`,
      ],
      ...(base
        ? ([
            [
              `top: CPU vs the base build's top`,
              top.cpuPercent / base.cpuPercent,
              `${top.cpuPercent.toFixed(2)}% vs ${base.cpuPercent.toFixed(2)}%`,
            ],
            [
              `top: RSS vs the base build's top`,
              top.rssMb / base.rssMb,
              `${top.rssMb.toFixed(1)} MB vs ${base.rssMb.toFixed(1)} MB`,
            ],
          ] as Row[])
        : []),
    ];
  });
}

/** PURE renderers of a DpdkView: the text screen of `gazellectl dpdk` and its --json document. */
import type { DpdkGroup, DpdkProcess, DpdkView } from './model.js';

export function renderJson(view: DpdkView, atMs: number): string {
  return `${JSON.stringify({ at: new Date(atMs).toISOString(), ...view })}\n`;
}

export function bytesText(n: number | null): string {
  if (n === null) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

const pct = (p: number | null): string => (p === null ? '-' : p.toFixed(1));

export function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
  );
}

export function headLine(g: DpdkGroup): string {
  const parts = [`GROUP ${g.filePrefix}`, g.state.toUpperCase(), g.dir];
  if (g.primaryPid !== null) parts.push(`primary ${g.primaryPid}`);
  if (g.telemetry) parts.push(g.telemetry.version);
  parts.push(g.noHuge ? 'no-huge' : `hugepages ${bytesText(g.hugepages.bytes)} (${g.hugepages.files} files)`);
  if (g.gazelle.length) {
    parts.push(`gazelle ${g.gazelle.map((l) => `${l.daemon} '${l.unixPrefix}' (${l.via})`).join(', ')}`);
  }
  return parts.join('  ');
}

function processLines(p: DpdkProcess): string[] {
  // eslint-disable-next-line no-control-regex
  const cmd = p.cmdline.join(' ').replace(/[\x00-\x1f\x7f]+/g, ' ');
  const out = [
    `  ${p.role.toUpperCase()} ${p.pid}  hugetlb ${bytesText(p.hugetlbBytes)}  ${cmd.length > 100 ? `${cmd.slice(0, 97)}...` : cmd}`,
  ];
  const rows = [['TID', 'NAME', 'ST', 'CPU', 'ALLOWED', 'CPU%', 'CPU-S']];
  for (const t of p.threads) {
    rows.push([
      String(t.tid),
      t.name,
      t.state,
      String(t.cpu),
      t.allowed,
      pct(t.cpuPercent),
      t.cpuSeconds.toFixed(2),
    ]);
  }
  return [...out, ...table(rows, '    ')];
}

export function telemetryLines(g: DpdkGroup): string[] {
  const t = g.telemetry;
  if (!t) return [];
  const out: string[] = [];
  if (t.ports.length) {
    const rows = [
      [
        'PORT',
        'LINK',
        'SPEED',
        'RX-PKTS',
        'TX-PKTS',
        'RX-BYTES',
        'TX-BYTES',
        'MISSED',
        'RX-ERR',
        'TX-ERR',
        'NOMBUF',
      ],
    ];
    for (const p of t.ports) {
      const s = (k: string): string => (p.stats && k in p.stats ? String(p.stats[k]) : '-');
      rows.push([
        String(p.id),
        p.link?.status ?? '-',
        p.link?.speed == null ? '-' : `${p.link.speed}M`,
        s('ipackets'),
        s('opackets'),
        s('ibytes'),
        s('obytes'),
        s('imissed'),
        s('ierrors'),
        s('oerrors'),
        s('rx_nombuf'),
      ]);
    }
    out.push(...table(rows, '  '));
  }
  if (t.mempools.length) {
    const rows = [['MEMPOOL', 'SIZE', 'IN-USE', 'CACHE', 'ELT']];
    for (const m of t.mempools) {
      rows.push([m.name, num(m.size), num(m.inUse), num(m.cacheSize), num(m.eltSize)]);
    }
    out.push(...table(rows, '  '));
  }
  if (t.heaps.length) {
    out.push(
      `  HEAP ${t.heaps.map((h) => `${h.id}: ${bytesText(h.allocBytes)} of ${bytesText(h.totalBytes)}`).join(', ')}`,
    );
  }
  return out;
}

const num = (n: number | null): string => (n === null ? '-' : String(n));

export function renderText(view: DpdkView): string {
  const lines: string[] = [];
  for (const g of view.groups) {
    if (lines.length) lines.push('');
    lines.push(headLine(g));
    if (g.state === 'stale') {
      const left = [`${g.hugepages.files} hugepage files (${bytesText(g.hugepages.bytes)})`];
      if (g.leftoverSockets.length) left.push(`sockets ${g.leftoverSockets.join(' ')}`);
      lines.push(`  left behind: ${left.join(', ')}`);
    }
    for (const p of g.processes) lines.push(...processLines(p));
    lines.push(...telemetryLines(g));
    for (const n of g.notes) lines.push(`  note: ${n}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Segment file names: the start time in UTC, so that names sort in time order. */

const NAME = /^rec-(\d{8}T\d{9})Z(?:-(\d+))?\.gzrec$/;

export function segmentName(startMs: number, seq = 0): string {
  const iso = new Date(startMs).toISOString(); // 2026-11-29T03:14:07.123Z
  const stamp = iso.replace(/[-:.]/g, '').replace('Z', '');
  return `rec-${stamp}Z${seq ? `-${seq}` : ''}.gzrec`;
}

export function isSegmentName(name: string): boolean {
  return NAME.test(name);
}

/** Start time encoded in a segment name (ms), or NaN. */
export function segmentStart(name: string): number {
  const m = NAME.exec(name);
  if (!m) return NaN;
  const s = m[1];
  return Date.UTC(
    +s.slice(0, 4),
    +s.slice(4, 6) - 1,
    +s.slice(6, 8),
    +s.slice(9, 11),
    +s.slice(11, 13),
    +s.slice(13, 15),
    +s.slice(15, 18),
  );
}

/** Segment names in time order. */
export function sortSegments(names: readonly string[]): string[] {
  return names
    .filter(isSegmentName)
    .sort((a, b) => segmentStart(a) - segmentStart(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Member paths ("data.conn.conn_list", "port_list[3].rx") and partial decodes of a layout. */
import type { Layout } from './compile.js';
import type { CRecord } from './model.js';

/** Resolves a C member path ("data.conn.conn_list", "port_list[3].rx") to its offset and layout. */
export function locate(layout: Layout, path: string): { offset: number; layout: Layout } {
  let offset = 0;
  let cur = layout;
  for (const part of path.split('.')) {
    const m = /^(\w+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`bad member path ${path}`);
    const member = cur.members?.get(m[1]);
    if (!member) throw new Error(`no member ${m[1]} in ${path}`);
    offset += member.offset;
    cur = member.layout;
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) {
      if (!cur.element) throw new Error(`${m[1]} is not an array in ${path}`);
      offset += Number(idx[1]) * cur.element.size;
      cur = cur.element;
    }
  }
  return { offset, layout: cur };
}

/** Decodes every member of a struct except the named ones (used to skip a large union). */
export function decodeExcept(
  layout: Layout,
  buf: Buffer,
  offset: number,
  skip: ReadonlySet<string>,
): CRecord {
  const rec: CRecord = {};
  for (const [name, m] of layout.members ?? []) {
    if (!skip.has(name)) rec[name] = m.layout.decode(buf, offset + m.offset);
  }
  return rec;
}

/**
 * A small declarative model of C types, enough for Gazelle's control structs: fixed-width integers,
 * char[N], fixed arrays, nested structs, unions, and DPDK's `__rte_cache_aligned` whose alignment is
 * a parameter of the target (64 on x86_64, 128 on aarch64). Declarations are plain data; compile.ts
 * turns them into layouts.
 */

export type IntType = { readonly kind: 'int'; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean };
export type CharType = { readonly kind: 'char'; readonly length: number };
export type ArrayType = {
  readonly kind: 'array';
  readonly of: CType;
  readonly length: number;
  /** A counted array: the sibling member holding how many elements are meaningful. */
  readonly count?: string;
  /** Read its elements in place (views) instead of decoding them: for the big tables. */
  readonly lazy?: boolean;
};
export type Field = readonly [name: string, type: CType];
export type StructType = {
  readonly kind: 'struct';
  readonly name: string;
  readonly fields: readonly Field[];
  /** DPDK `__rte_cache_aligned`: aligned to the target's cache line. */
  readonly cacheAligned: boolean;
};
export type UnionType = { readonly kind: 'union'; readonly name: string; readonly fields: readonly Field[] };
export type CType = IntType | CharType | ArrayType | StructType | UnionType;

export const u8: IntType = { kind: 'int', size: 1, signed: false };
export const i8: IntType = { kind: 'int', size: 1, signed: true };
export const u16: IntType = { kind: 'int', size: 2, signed: false };
export const u32: IntType = { kind: 'int', size: 4, signed: false };
export const i32: IntType = { kind: 'int', size: 4, signed: true };
export const u64: IntType = { kind: 'int', size: 8, signed: false };
export const char = (length: number): CharType => ({ kind: 'char', length });
export const array = (of: CType, length: number): ArrayType => ({ kind: 'array', of, length });
/**
 * An array of which only the first `count` elements mean anything, `count` being a sibling member
 * (C: `uint32_t conn_num; struct ... conn_list[MAX]`). Decoding reads min(count, length) elements;
 * `lazy` ones as in-place views.
 */
export const counted = (
  of: CType,
  length: number,
  count: string,
  opts: { lazy?: boolean } = {},
): ArrayType => ({ kind: 'array', of, length, count, lazy: opts.lazy ?? false });
export const struct = (
  name: string,
  fields: readonly Field[],
  opts: { cacheAligned?: boolean } = {},
): StructType => ({
  kind: 'struct',
  name,
  fields,
  cacheAligned: opts.cacheAligned ?? false,
});
export const union = (name: string, fields: readonly Field[]): UnionType => ({ kind: 'union', name, fields });

/** Target ABI facts that change layouts. Both supported targets are little-endian LP64. */
export interface Target {
  readonly cacheLine: number;
}

/** Values as decoded: integers up to 32 bits are numbers, 64-bit ones bigint (exact u64 arithmetic). */
export type CValue = number | bigint | string | CValue[] | { [name: string]: CValue };
export type CRecord = { [name: string]: CValue };

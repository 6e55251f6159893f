/**
 * Every computed offset and size must equal what gcc computed (shared/protocol/layouts/*.json),
 * for every profile and both architectures. The JSON is read here only; the product computes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locate } from '../../src/protocol/ctypes.js';
import {
  PROFILE_NAMES,
  wireFor,
  type Arch,
  type ProfileName,
  type Wire,
} from '../../src/protocol/profiles.js';
import { protocolDir } from '../shared.js';

const FILE_PROFILE: Record<ProfileName, string> = {
  'v1.0.3': 'v1.0.3-head',
  'v2024.09': 'v2024.09',
  'v1.0.2': 'v1.0.2',
};
const STRUCT_KEY: Record<string, keyof Wire['layouts']> = {
  gazelle_stat_msg_request: 'request',
  gazelle_stack_dfx_data: 'dfx',
  gazelle_stat_ltran_total: 'ltranTotal',
  gazelle_stat_ltran_client: 'ltranClient',
  gazelle_stat_lstack_total: 'lstackTotal',
  gazelle_stat_forward_table: 'forwardTable',
};

interface LayoutFile {
  rte_cache_line_size: number;
  stat_mode: Record<string, number>;
  structs: Record<
    string,
    { sizeof: number; alignof: number; fields: { path: string; offset: number; size: number }[] }
  >;
}

for (const profile of PROFILE_NAMES) {
  for (const arch of ['x86_64', 'aarch64'] as Arch[]) {
    test(`layouts of ${profile} on ${arch} match gcc`, () => {
      const file = JSON.parse(
        readFileSync(join(protocolDir, 'layouts', `${FILE_PROFILE[profile]}-${arch}.json`), 'utf8'),
      ) as LayoutFile;
      const wire = wireFor(profile, arch);
      assert.equal(wire.target.cacheLine, file.rte_cache_line_size);
      let checked = 0;
      for (const [name, s] of Object.entries(file.structs)) {
        const layout = wire.layouts[STRUCT_KEY[name]];
        assert.ok(layout, `struct ${name} is declared`);
        assert.equal(layout.size, s.sizeof, `sizeof(${name})`);
        assert.equal(layout.align, s.alignof, `_Alignof(${name})`);
        for (const f of s.fields) {
          const at = locate(layout, f.path);
          assert.equal(at.offset, f.offset, `offsetof(${name}, ${f.path})`);
          assert.equal(at.layout.size, f.size, `sizeof(${name}.${f.path})`);
          checked++;
        }
      }
      assert.ok(checked > 100, `checked ${checked} fields`);
      for (const [cname, value] of Object.entries(file.stat_mode)) {
        const name = cname.replace(/^GAZELLE_STAT_/, '');
        if (name === 'MODE_MAX') assert.equal(wire.profile.modes.max, value);
        else assert.equal(wire.profile.modes.number(name as never), value, cname);
      }
    });
  }
}

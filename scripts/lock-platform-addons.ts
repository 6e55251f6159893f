/**
 * npm run lock:addons — node-unix-socket declares seven per-platform binary packages as optional
 * dependencies; the registry these machines use serves only the x64 ones, so `npm install` leaves
 * the others out of package-lock.json and `npm ci` then refuses the lock ("Missing: ... from lock
 * file"). This puts them back as os/cpu-bound optional entries, which `npm ci` skips on a platform
 * they do not fit. Run it after every `npm install` that rewrites the lock.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = { version?: string; optionalDependencies?: Record<string, string>; [k: string]: unknown };

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };
const wrapper = lock.packages['node_modules/node-unix-socket'];
if (!wrapper) throw new Error('node-unix-socket is not in package-lock.json');

// napi-rs names: <name>-<os>-<cpu>[-<abi>]
const platformOf = (pkg: string) => {
  const [os, cpu, abi] = pkg.replace(/^node-unix-socket-/, '').split('-');
  return {
    os,
    cpu,
    libc: abi === 'gnu' || abi === 'gnueabihf' ? 'glibc' : abi === 'musl' ? 'musl' : undefined,
  };
};

let added = 0;
for (const [pkg, version] of Object.entries(wrapper.optionalDependencies ?? {})) {
  const key = `node_modules/${pkg}`;
  if (lock.packages[key]) continue;
  const { os, cpu, libc } = platformOf(pkg);
  lock.packages[key] = {
    version,
    cpu: [cpu],
    license: 'MIT',
    optional: true,
    os: [os],
    ...(libc ? { libc: [libc] } : {}),
  };
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform package entr${added === 1 ? 'y' : 'ies'} added`);

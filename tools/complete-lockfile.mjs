#!/usr/bin/env node
// `node tools/complete-lockfile.mjs`: run after `npm install` changes package-lock.json.
// `npm ci` refuses a lockfile in which an optional dependency named by a locked package (rollup's
// native builds for every platform) has no entry of its own, but npm 11 writes such a lockfile
// when the registry it installs from carries only some platforms' builds, as ours does. An entry
// naming the platform it is for is enough: npm skips it on any other platform and never fetches
// it. tools/test/lockfile.test.ts fails when an entry is missing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const lockPath = join(
  resolve(fileURLToPath(new URL('.', import.meta.url)), '..'),
  'package-lock.json',
);
const OS = {
  android: 'android',
  darwin: 'darwin',
  freebsd: 'freebsd',
  linux: 'linux',
  openbsd: 'openbsd',
  openharmony: 'openharmony',
  win32: 'win32',
};
const CPU = {
  'arm-eabi': 'arm',
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
};
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (lock.packages[`node_modules/${dep}`] || lock.packages[`${key}/node_modules/${dep}`])
      continue;
    const name = dep.split('/').pop();
    const parts = name.split('-');
    const os = parts.find((part) => OS[part]);
    const after = name.slice(name.indexOf(os) + os.length + 1);
    const cpuKey = Object.keys(CPU)
      .sort((a, b) => b.length - a.length)
      .find((candidate) => after.startsWith(candidate));
    const record = {
      version,
      cpu: [CPU[cpuKey]],
      ...(entry.dev ? { dev: true } : {}),
      ...(/-(gnu|gnueabihf)$/.test(name)
        ? { libc: ['glibc'] }
        : /-musl(eabihf)?$/.test(name)
          ? { libc: ['musl'] }
          : {}),
      license: 'MIT',
      optional: true,
      os: [os],
    };
    lock.packages[`node_modules/${dep}`] = record;
    added += 1;
  }
}
const sorted = Object.keys(lock.packages).sort((a, b) =>
  a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
);
lock.packages = Object.fromEntries(sorted.map((k) => [k, lock.packages[k]]));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entr${added === 1 ? 'y' : 'ies'}`);

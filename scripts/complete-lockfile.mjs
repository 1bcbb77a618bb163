// Adds to package-lock.json the platform packages of oxlint that the lockfile lists as optional
// dependencies but could not resolve. Some npm registries (such as the mirror this project is
// developed against) serve only the linux bindings; npm then leaves the others out of the lock
// and `npm ci` refuses the lockfile as out of sync. Each entry only names the version and the
// platform it is for (read from the package name), which is all `npm ci` needs to skip it here,
// and to fetch it on that platform.
//   node scripts/complete-lockfile.mjs   (after any `npm install` that rewrote the lock)
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const PARENTS = ['node_modules/oxlint', 'node_modules/oxlint-tsgolint'];

/** `darwin-arm64`, `linux-arm-gnueabihf`, `win32-x64-msvc`, ... → os, cpu, libc. */
function platformOf(name) {
  const parts = name.split('/')[1].replace(/^binding-/, '').split('-');
  const os = parts[0];
  const cpu = parts[1];
  const abi = parts.slice(2).join('-');
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux') entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const parent of PARENTS) {
  const manifest = lock.packages[parent];
  if (!manifest?.optionalDependencies) continue;
  for (const [name, version] of Object.entries(manifest.optionalDependencies)) {
    const key = `node_modules/${name}`;
    if (lock.packages[key]) continue;
    lock.packages[key] = { version, dev: true, optional: true, license: 'MIT', ...platformOf(name) };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform package(s) added`);

/**
 * `npm start`: Toivo from its build in dist/, with the files changed since the last build
 * transpiled first (all of them on a fresh clone: a few seconds, once), in a process of its own
 * so that TypeScript's compiler is not kept in Toivo's memory. Node then runs plain JavaScript:
 * no TypeScript runtime hooks every module it loads. See scripts/build.mjs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_OUT, stale } from './build.mjs';

if (stale().length > 0) {
  const build = fileURLToPath(new URL('build.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [build, '--no-check'], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
await import(pathToFileURL(join(DEFAULT_OUT, 'src/main.js')).href);

/**
 * `npm start`: Toivo from its build in dist/, with the files changed since the last build
 * transpiled first (all of them on a fresh clone: a few seconds, once). Node then runs plain
 * JavaScript: no TypeScript runtime hooks every module it loads. See scripts/build.mjs.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_OUT, stale, transpile } from './build.mjs';

const found = stale();
if (found.length > 0) transpile(found);
await import(pathToFileURL(join(DEFAULT_OUT, 'src/main.js')).href);

/**
 * The build: JavaScript that `node` runs with no TypeScript runtime. The out dir mirrors the
 * repository (src/… as .js) and holds beside it the files read at run time by a path relative to
 * the module reading them (cards/, locales/, the playground's client.js): those paths hold wherever
 * the build lands.
 *
 * `node scripts/build.mjs [--out-dir DIR]` (`npm run build`): tsc type-checks and emits everything.
 * With `--no-check`, or `stale()` and `transpile()` (as `npm start` does, scripts/start.mjs): only
 * the files changed since the last build, file by file, without type-checking. `--with PATH`
 * (a file or a folder of the repository, again for more; `--no-check` only) adds sources beside
 * src/, in the same layout: the bench's servers under measure run so (scripts/bench/clicks.ts).
 * Plain JavaScript: it runs before any build.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT = join(ROOT, 'dist');
/** Read at run time relative to the module that reads them: copied as they are. */
const ASSETS = ['cards', 'locales', 'src/channels/playground/public'];
/** The TypeScript Toivo runs. */
const SOURCES = ['src'];

/** Every file in `dir`, or `dir` itself when it is a file. */
function* filesIn(dir) {
  if (statSync(dir).isFile()) {
    yield dir;
    return;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesIn(path);
    else yield path;
  }
}

const mtimeOf = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

/**
 * Every source newer than what `out` holds for it: TypeScript to transpile, or a file to copy.
 * `also`: more sources than src/ (files or folders, relative to the repository).
 */
export function stale(out = DEFAULT_OUT, also = []) {
  const found = [];
  for (const root of [...SOURCES, ...also])
    for (const source of filesIn(join(ROOT, root))) {
      if (!source.endsWith('.ts') || source.endsWith('.d.ts')) continue;
      const target = join(out, relative(ROOT, source)).replace(/\.ts$/, '.js');
      if (mtimeOf(target) < statSync(source).mtimeMs) found.push({ source, target, transpile: true });
    }
  for (const dir of ASSETS)
    for (const source of filesIn(join(ROOT, dir))) {
      const target = join(out, relative(ROOT, source));
      if (mtimeOf(target) < statSync(source).mtimeMs) found.push({ source, target, transpile: false });
    }
  return found;
}

/** Whole or not at all: a start beside another never imports half a file. */
function writeWhole(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.${process.pid}.part`;
  writeFileSync(part, data);
  renameSync(part, path);
}

/** Transpiles (TypeScript's own, with tsconfig.json's options, as ES modules) or copies each of `found`. */
export function transpile(found) {
  const needsTs = found.some((file) => file.transpile);
  const ts = needsTs ? createRequire(import.meta.url)('typescript') : undefined;
  let options = {};
  if (ts) {
    const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    options = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT).options;
    // The sources are ES modules (package.json's "type"): emitted as such, file by file.
    options.module = ts.ModuleKind.ESNext;
  }
  for (const { source, target, transpile } of found) {
    if (!transpile) writeWhole(target, readFileSync(source));
    else {
      const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
        compilerOptions: options,
        fileName: source,
      });
      writeWhole(target, outputText);
    }
  }
}

/** `npm run build`: tsc into `out` (type-checked), then the files read at run time beside it. */
export function build(out = DEFAULT_OUT) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], {
    stdio: 'inherit',
  });
  if (run.status !== 0) return run.status ?? 1;
  transpile(stale(out).filter((file) => !file.transpile));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out-dir');
  const out = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : DEFAULT_OUT;
  const also = process.argv.flatMap((arg, i) => (arg === '--with' ? [process.argv[i + 1] ?? ''] : []));
  if (also.some((path) => path === '' || path.startsWith('-'))) {
    console.error('--with takes a file or a folder of the repository');
    process.exitCode = 2;
  } else if (process.argv.includes('--no-check')) transpile(stale(out, also));
  else if (also.length > 0) {
    console.error('--with is for --no-check only: the type-checked build is src/ alone');
    process.exitCode = 2;
  } else process.exitCode = build(out);
}

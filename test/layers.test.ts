/**
 * The layers of DESIGN §4, as imports: the core knows nothing above it, cards know no app or
 * platform, and channels reach meetings only through the app's front door (src/app/index.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const SRC = resolve(import.meta.dirname, '../src');

/** Where each import of a file leads, relative to src/ ('core/index.js'); packages left out. */
function targets(file: string, source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) =>
      relative(SRC, resolve(dirname(file), spec))
        .split(sep)
        .join('/'),
    );
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.[cm]?ts$/.test(entry.name) ? [path] : [];
  });

/** The imports of every file in a layer that break its rule, as "file → target". */
function offending(layer: string, forbidden: (target: string) => boolean): string[] {
  const files = filesUnder(join(SRC, layer));
  assert.ok(files.length > 3, `the ${layer} layer was found`);
  return files.flatMap((file) =>
    targets(file, readFileSync(file, 'utf8'))
      .filter(forbidden)
      .map((target) => `${relative(SRC, file)} → ${target}`),
  );
}

const under =
  (...layers: string[]) =>
  (target: string) =>
    layers.some((l) => target.startsWith(`${l}/`));

describe('the layers', () => {
  it('the check sees an import however it is written', () => {
    const file = join(SRC, 'core', 'decide', 'x.ts');
    assert.deepEqual(targets(file, "import { t } from '../../i18n/index.js';"), ['i18n/index.js']);
    assert.deepEqual(targets(file, "export * from '../../cards/render.js';"), ['cards/render.js']);
    assert.deepEqual(targets(file, "const s = await import('../../store/open-store.js');"), [
      'store/open-store.js',
    ]);
    assert.deepEqual(targets(file, "import type {\n  A,\n} from '../../app/index.js';"), ['app/index.js']);
    assert.deepEqual(targets(file, "import '../evolve.js';\nimport fc from 'x';"), ['core/evolve.js']);
  });

  it('the core imports nothing of languages, cards, the app, storage or channels', () => {
    assert.deepEqual(offending('core', under('i18n', 'cards', 'app', 'store', 'channels')), []);
  });

  it('cards import nothing of the app, storage or channels', () => {
    assert.deepEqual(offending('cards', under('app', 'store', 'channels')), []);
  });

  it('channels import nothing of the core or the store, and of the app only its front door', () => {
    const wrong = (target: string) =>
      under('core', 'store')(target) || (target.startsWith('app/') && target !== 'app/index.js');
    assert.deepEqual(offending('channels', wrong), []);
  });
});

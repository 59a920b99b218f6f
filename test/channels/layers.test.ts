/** Channels reach meetings only through the app: they import neither the core nor the store, nor the app's insides. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** Every TypeScript file under a folder of src/. */
const filesUnder = (dir: string): string[] =>
  readdirSync(join(SRC, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));

/** What a file imports, as paths relative to src/ ('core/index.js', 'app/index.js'), packages left out. */
function importsOf(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(SRC, join(file, '..', s)));
}

describe('the layers', () => {
  it('channels import the app only through its front door, and nothing of the core or the store', () => {
    const files = filesUnder('channels');
    assert.ok(files.length > 5, 'the channels were found');
    const wrong = files.flatMap((file) =>
      importsOf(file)
        .filter(
          (target) =>
            /^(core|store)\//.test(target) || (target.startsWith('app/') && target !== 'app/index.js'),
        )
        .map((target) => `${relative(SRC, file)} → ${target}`),
    );
    assert.deepEqual(wrong, []);
  });
});

/**
 * Our template expander (src/cards/compile.ts) fills every card exactly as adaptivecards-templating
 * did, kept here as the oracle: on every card the app draws (test/cards/every-card.ts), on random
 * data of every shape through each real template, and on the edge cases one by one. A template that
 * uses more than the expander knows is refused as it loads, naming the template and the expression.
 *
 * PROPERTY_RUNS sets how many random data sets per template (default 60); PROPERTY_SEED replays one.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are card templates, ${…} is theirs
import assert from 'node:assert/strict';
import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { VIEW_MODELS } from '../../src/cards/cards.js';
import { compileTemplate, TemplateError } from '../../src/cards/compile.js';
import { renderCard, SURFACES, type Surface, templateOf } from '../../src/cards/render.js';
import { drawings } from './every-card.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

const drawn = new Map<Surface, { what: string; data: object }[]>();
/** The view-model of every card of a surface the app draws (test/cards/every-card.ts), made once. */
function drawnData(surface: Surface): { what: string; data: object }[] {
  let list = drawn.get(surface);
  if (!list) {
    list = [...drawings(surface)].map(({ what, ctx }) => ({ what, data: VIEW_MODELS[surface](ctx) }));
    drawn.set(surface, list);
  }
  return list;
}

/** What filling a template came to: the card, or the error it threw. */
function outcome(fill: () => unknown): { card: unknown } | { threw: string } {
  try {
    return { card: fill() };
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

/** The library's filling, as render.ts did it before. */
const library = (template: unknown, data: unknown) => new ACData.Template(template).expand({ $root: data });

/** Both fillings of one template with `data`, deep-equal, or the same error. */
function assertSame(template: unknown, data: unknown, what: string): void {
  const ours = compileTemplate(template, what);
  assert.deepStrictEqual(
    outcome(() => ours(data as object)),
    outcome(() => library(template, data)),
    what,
  );
}

describe('our card templates, filled as adaptivecards-templating fills them', () => {
  it('every card the app draws, each surface, language, stage and viewer', () => {
    let compared = 0;
    for (const surface of SURFACES) {
      const oracle = new ACData.Template(templateOf(surface));
      for (const { what, data } of drawnData(surface)) {
        assert.deepStrictEqual(renderCard(surface, data), oracle.expand({ $root: data }), what);
        compared++;
      }
    }
    assert.ok(compared > 300, `${compared} drawings compared`);
  });

  for (const surface of SURFACES) {
    it(`${surface}: random data of every shape through the template`, () => {
      const template = templateOf(surface);
      const ours = compileTemplate(template, surface);
      const oracle = new ACData.Template(template);
      fc.assert(
        fc.property(dataFor(template), (data) => {
          assert.deepStrictEqual(
            outcome(() => ours(data)),
            outcome(() => oracle.expand({ $root: data })),
          );
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  describe('the real view-models with random parts missing, emptied or of another kind', () => {
    for (const surface of SURFACES) {
      it(surface, () => {
        const models = drawnData(surface).map(({ data }) => data);
        const template = templateOf(surface);
        const ours = compileTemplate(template, surface);
        const oracle = new ACData.Template(template);
        fc.assert(
          fc.property(
            fc.nat(models.length - 1),
            fc.array(fc.tuple(fc.nat(), fc.nat(REPLACEMENTS.length - 1)), { minLength: 1, maxLength: 6 }),
            (which, edits) => {
              const data = structuredClone(models[which]) as object;
              for (const [at, by] of edits) {
                const places = placesIn(data);
                const [holder, key] = places[at % places.length] as Place;
                const replace = REPLACEMENTS[by] as (old: unknown) => unknown;
                if (replace === REMOVE) delete holder[key];
                else holder[key] = replace(holder[key]);
              }
              assert.deepStrictEqual(
                outcome(() => ours(data)),
                outcome(() => oracle.expand({ $root: data })),
              );
            },
          ),
          { numRuns: RUNS, seed: SEED },
        );
      });
    }
  });

  describe('the edge cases, one by one', () => {
    const cases: [string, unknown, unknown][] = [
      ['a binding alone keeps an object', { a: '${x}' }, { x: { b: [1, 2] } }],
      ['a binding alone keeps an array', { a: '${x}' }, { x: [1, 'b', null] }],
      ['a binding alone keeps a boolean and a number', { a: '${x}', b: '${y}' }, { x: false, y: 0 }],
      ['an undefined path alone is left as its text', { a: '${x.y}', b: '${$root.z}' }, { x: {} }],
      ['a null path alone is null, and kept as a property', { a: '${x}' }, { x: null }],
      ['a null binding alone is left out of an array', { a: ['${x}', '${y}'] }, { x: null }],
      ['a number and a boolean inside a text', { a: 'n${x}b${y}' }, { x: 1.5, y: true }],
      ['an array and an object inside a text', { a: 'n${x}o${y}' }, { x: [1, null], y: {} }],
      ['an undefined path inside a text is left as its text', { a: 'n${x.y}m' }, {}],
      ['a null inside a text throws', { a: 'n${x}' }, { x: null }],
      ['text in the data is never read as a binding', { a: '${x}', b: 'n${x}' }, { x: '${y} \\` ' }],
      ['a name matches a key in another case', { a: '${title}' }, { Title: 't' }],
      ['nothing is read from a falsy scope', { a: [{ $data: '${xs}', b: '${c}' }] }, { xs: [0, '', false] }],
      ['$when false drops the element', { a: [{ $when: '${x}', b: 1 }, 2] }, { x: false }],
      ['$when that is not exactly true drops it', { a: [{ $when: '${x}', b: 1 }] }, { x: 'true' }],
      ['$when dropping a property leaves null', { a: { $when: '${x}', b: 1 } }, {}],
      ['$data of an empty array drops the element', { a: [{ $data: '${xs}', b: 1 }] }, { xs: [] }],
      ['$data of an empty array as a property is null', { a: { $data: '${xs}', b: 1 } }, { xs: [] }],
      [
        '$data repeats the element',
        { a: [{ $data: '${xs}', b: '${c}', r: '${$root.r}' }] },
        { xs: [{ c: 1 }, { c: 2 }], r: 3 },
      ],
      [
        '$data repeated twice as a property is an array',
        { a: { $data: '${xs}', b: '${c}' } },
        { xs: [{ c: 1 }, {}] },
      ],
      ['$data of an object changes the scope', { a: { $data: '${x}', b: '${c}' } }, { x: { c: 1 }, c: 2 }],
      ['$data undefined is the text of its path', { a: [{ $data: '${xs}', b: '${length}' }] }, {}],
      [
        'an undefined item keeps the scope before it',
        { a: [{ $data: '${xs}', b: '${c}' }] },
        { xs: [{ c: 1 }, undefined] },
      ],
      [
        '$when is asked in each item’s scope',
        { a: [{ $data: '${xs}', $when: '${c != null}', b: '${c}' }] },
        { xs: [{ c: 1 }, {}, { c: null }] },
      ],
      ['nested arrays are spread', { a: [[1, [2]], '${xs}', null, 3] }, { xs: [4, [5]] }],
      [
        '!= null on missing, null, false and 0',
        { a: '${w != null}', b: '${x != null}', c: '${y != null}', d: '${z != null}' },
        { x: null, y: false, z: 0 },
      ],
      [
        '! takes only false, null and undefined as false',
        { a: '${!w}', b: '${!x}', c: '${!y}', d: '${!z}' },
        { x: 0, y: '', z: false },
      ],
      ['&& and ||', { a: '${x && y}', b: '${x || y}', c: '${w || x}' }, { x: 0, y: null, w: false }],
      [
        '|| that finds nothing true gives the last value',
        { a: '${w || x}', b: ['${w || x}', '${w || v}'] },
        { w: false, x: null },
      ],
      [
        'count() of an array, a string, an object and other things',
        {
          a: '${count(a) > 0}',
          b: '${count(b) > 1}',
          c: '${count(c) > 0}',
          d: '${count(d) > 0}',
          e: '${count(e) > 0}',
        },
        { a: [1], b: 'ab', c: { k: 1 }, d: 5 },
      ],
      [
        'the reserved keys are not written, $schema is',
        { $schema: 's', a: [{ $data: '${xs}', $when: '${true1}' }] },
        {},
      ],
    ];
    for (const [name, template, data] of cases) {
      it(name, () => assertSame(template, data, name));
    }
  });

  describe('a template outside the subset is refused as it is compiled', () => {
    const refused: [string, unknown, string][] = [
      ['== instead of !=', { a: '${x == null}' }, 'x == null'],
      ['!= against something else than null', { a: '${x != y}' }, 'x != y'],
      ['a string literal', { a: "${x != 'a'}" }, "x != 'a'"],
      ['another function', { a: '${if(x, 1, 2)}' }, 'if(x, 1, 2)'],
      ['count() alone', { a: '${count(x)}' }, 'count(x)'],
      ['an index', { a: '${x[0]}' }, 'x[0]'],
      ['$index', { a: [{ $data: '${xs}', b: '${$index}' }] }, '$index'],
      ['$data', { a: '${$data}' }, '$data'],
      ['a constant', { a: '${true}' }, 'true'],
      ['$when that is not one binding', { a: { $when: 'yes', b: 1 } }, 'yes'],
      ['$data written out', { a: { $data: [1, 2], b: 1 } }, '[1,2]'],
      ['a backslash beside a binding', { a: 'a\\n${x}' }, 'a\\n${x}'],
      ['a binding not closed', { a: 'a${x' }, 'a${x'],
    ];
    for (const [name, template, expression] of refused) {
      it(name, () => {
        assert.throws(
          () => compileTemplate(template, 'cards/test.json'),
          (e: unknown) =>
            e instanceof TemplateError &&
            e.message.includes('cards/test.json') &&
            e.message.includes(JSON.stringify(expression)),
        );
      });
    }
  });
});

/** The names a template reads, as a tree: what each path holds, and what its `$data` items hold. */
interface Shape {
  readonly keys: Map<string, Shape>;
  item?: Shape;
}
const shape = (): Shape => ({ keys: new Map() });

/** Every path a template reads, placed in the scope it is read from. */
function shapeOf(template: unknown): Shape {
  const root = shape();
  const at = (scope: Shape, path: string): Shape => {
    const segments = path.split('.');
    let here = segments[0] === '$root' ? root : scope;
    for (const s of segments[0] === '$root' ? segments.slice(1) : segments) {
      let next = here.keys.get(s);
      if (!next) {
        next = shape();
        here.keys.set(s, next);
      }
      here = next;
    }
    return here;
  };
  const paths = (text: string) =>
    [...text.matchAll(/\$\{([^}]*)\}/g)].flatMap((m) =>
      [...(m[1] as string).matchAll(/\$?[A-Za-z_][\w$]*(?:\.[A-Za-z_]\w*)*/g)]
        .map((p) => p[0])
        .filter((p) => p !== 'null' && p !== 'count'),
    );
  const walk = (node: unknown, scope: Shape): void => {
    if (typeof node === 'string') for (const p of paths(node)) at(scope, p);
    else if (Array.isArray(node)) for (const n of node) walk(n, scope);
    else if (node && typeof node === 'object') {
      let inner = scope;
      const data = (node as Record<string, unknown>).$data;
      if (typeof data === 'string') {
        const list = at(scope, paths(data)[0] as string);
        list.item ??= shape();
        inner = list.item;
      }
      for (const [k, v] of Object.entries(node)) if (k !== '$data') walk(v, inner);
    }
  };
  walk(template, root);
  return root;
}

/** Anything that is not an object of the template's names: missing, null, a boolean, a number, text. */
const anything = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, 1, 2, -1, 0.5),
  fc.constantFrom('', 'a', 'Äiti', '${x}', 'rivi\nrivi', 'true'),
);

/** Random data that fits, or almost fits, what `s` reads: each name missing or of any kind. */
function arbitraryOf(s: Shape): fc.Arbitrary<unknown> {
  const choices: fc.WeightedArbitrary<unknown>[] = [{ arbitrary: anything, weight: 2 }];
  if (s.keys.size > 0) {
    const object = fc
      .tuple(
        fc.record(Object.fromEntries([...s.keys].map(([k, v]) => [k, arbitraryOf(v)])), { requiredKeys: [] }),
        fc.nat(40),
      )
      .map(([o, n]) => {
        // Now and then a name in another case: the library reads it whatever its case.
        const keys = Object.keys(o);
        const key = keys[n % Math.max(1, keys.length)];
        if (n % 7 !== 0 || key === undefined || key.toUpperCase() === key) return o;
        const { [key]: value, ...rest } = o as Record<string, unknown>;
        return { ...rest, [key.toUpperCase()]: value };
      });
    choices.push({ arbitrary: object, weight: 8 });
  }
  const item = s.item ? arbitraryOf(s.item) : anything;
  choices.push(
    { arbitrary: fc.array(item, { maxLength: 3 }), weight: s.item ? 8 : 1 },
    { arbitrary: fc.array(fc.array(item, { maxLength: 2 }), { maxLength: 2 }), weight: 1 },
  );
  if (s.item) choices.push({ arbitrary: item, weight: 2 });
  return fc.oneof(...choices);
}

/** Random data for a whole template: always an object at the top, as a view-model is. */
function dataFor(template: unknown): fc.Arbitrary<object> {
  const root = shapeOf(template);
  return fc.record(Object.fromEntries([...root.keys].map(([k, v]) => [k, arbitraryOf(v)])), {
    requiredKeys: [],
  });
}

/** A property of an object, or an item of an array, in a view-model. */
type Place = [Record<string | number, unknown>, string | number];

/** Every place in `data` a value sits, depth first. */
function placesIn(data: unknown, into: Place[] = []): Place[] {
  if (data && typeof data === 'object') {
    for (const key of Object.keys(data)) {
      const holder = data as Record<string, unknown>;
      into.push([holder, Array.isArray(data) ? Number(key) : key]);
      placesIn(holder[key], into);
    }
  }
  return into;
}

const REMOVE = () => undefined;
/** What a value in a view-model is replaced by: gone, undefined, null, of another kind, or wrapped. */
const REPLACEMENTS: readonly ((old: unknown) => unknown)[] = [
  REMOVE,
  () => undefined,
  () => null,
  () => false,
  () => true,
  () => 0,
  () => 2,
  () => '',
  () => 'teksti',
  () => [],
  () => ({}),
  (old) => [old],
  (old) => [old, old],
  (old) => [[old], null],
  (old) => (typeof old === 'string' ? old.toUpperCase() : old),
];

/**
 * Our own expander for the cards' Adaptive Card templates: each template is parsed once into
 * closures, and filling it is then plain property reads, without adaptive-expressions' parser,
 * memory objects and options on every binding.
 *
 * It knows exactly the part of the templating language the cards use, and gives what
 * `adaptivecards-templating` 2.3 gives for it, in every case (test/cards/compile.test.ts holds
 * the two side by side). Anything else in a template makes `compileTemplate` throw, naming the
 * template and the expression, so a new card can never be filled differently without a word.
 *
 * The subset:
 *  - a string that is one `${…}` keeps the value's type; text with `${…}` in it is a string;
 *  - in `${…}`: a path (`a.b`, `$root.a.b`), `p != null`, `!x`, `x && y`, `x || y`,
 *    `count(p) > n`;
 *  - `$data` (an array repeats the element, anything else becomes its scope) and `$when`.
 *
 * What the library does, and so what this does:
 *  - A path is read property by property; a name matches a key whatever its case; reading from
 *    a falsy value gives `undefined`.
 *  - An undefined path alone in a binding (the whole string, a part of a text, `$data`) is left as
 *    its own text, `${a.b}`; inside `!`, `&&`, `||`, `!=` and `count` it stays undefined. A null
 *    stays null, and a null part of a text throws (the library calls `toString` on it).
 *  - `!x`, `&&` and `||` take false and null/undefined as false and everything else as true;
 *    `||` that finds nothing true gives the last operand's own value.
 *  - `count(p)` counts a string's characters, an array's items or an object's keys; anything
 *    else makes `count(p) > n` false.
 *  - `$when` keeps the element only when it is exactly `true`.
 *  - An element that comes out as an array (repeated by `$data`, or a binding that gives an
 *    array) is spread into the array around it; one that comes out null is left out of it. As a
 *    property, an object with `$data` or `$when` is the object when it comes out once, an array
 *    when more often, and null (still written) when not at all.
 *  - `$data` items that are `undefined` keep the scope the item before them had.
 *
 * One difference is left, on the data side: where an object has two keys that differ only by
 * case (`title` and `Title`), the library reads whichever comes first and this reads the exact one.
 */

/** Reads a value from the current scope (`$data`) and the card's data (`$root`). */
type Read = (scope: unknown, root: unknown) => unknown;
/** Fills one part of a template. */
type Fill = (scope: unknown, root: unknown) => unknown;

/** What a template outside the subset throws: which template, which expression, and why. */
export class TemplateError extends Error {
  constructor(template: string, expression: string, why: string) {
    super(`card template ${template}: ${why} in ${JSON.stringify(expression)}`);
    this.name = 'TemplateError';
  }
}

/** Keys the library reads and never writes out. */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

const isEnumerableOwn = Object.prototype.propertyIsEnumerable;

/** One step of a path, as adaptive-expressions takes it: any case, nothing from a falsy value. */
function step(instance: unknown, key: string, lower: string): unknown {
  if (!instance) return undefined;
  if (instance instanceof Map) {
    const value = instance.get(key);
    if (value !== undefined) return value;
    for (const k of instance.keys()) if ((k as string).toLowerCase() === lower) return instance.get(k);
    return undefined;
  }
  if (isEnumerableOwn.call(instance, key)) return (instance as Record<string, unknown>)[key];
  for (const k of Object.keys(instance)) {
    if (k.toLowerCase() === lower) return (instance as Record<string, unknown>)[k];
  }
  return undefined;
}

/** A path from the scope or, starting with `$root.`, from the card's data. */
function pathReader(segments: readonly string[], fromRoot: boolean): Read {
  const keys = segments.map((s) => [s, s.toLowerCase()] as const);
  if (keys.length === 1 && !fromRoot) {
    const [[k, l]] = keys as [readonly [string, string]];
    return (scope) => step(scope, k, l);
  }
  if (keys.length === 2) {
    const [[k1, l1], [k2, l2]] = keys as [readonly [string, string], readonly [string, string]];
    return fromRoot
      ? (_scope, root) => step(step(root, k1, l1), k2, l2)
      : (scope) => step(step(scope, k1, l1), k2, l2);
  }
  return (scope, root) => {
    let value = fromRoot ? root : scope;
    for (const [k, l] of keys) value = step(value, k, l);
    return value;
  };
}

/** Logic truth as adaptive-expressions has it: false, null and undefined are false. */
const isTrue = (v: unknown): boolean => (typeof v === 'boolean' ? v : v != null);

/** An expression: how to evaluate it, and its path if it is one (for the `${…}` left behind). */
interface Compiled {
  readonly read: Read;
  readonly path?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN = /\s*(\|\||&&|!=|!|>|\(|\)|[A-Za-z_$][A-Za-z0-9_.$]*|[0-9]+(?:\.[0-9]+)?|\S)/y;

/** Parses one expression of the subset; throws on anything else. */
function compileExpression(text: string, fail: (why: string) => never): Compiled {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(start))) break;
      fail('an unknown character');
    }
    tokens.push(match[1] as string);
  }
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];

  const path = (token: string | undefined): Compiled => {
    if (token === undefined) fail('an expression that ends too soon');
    const segments = token.split('.');
    const fromRoot = segments[0] === '$root';
    if (fromRoot) segments.shift();
    if (segments.length === 0 || !segments.every((s) => IDENTIFIER.test(s))) {
      fail(`${token}, which is not a path of plain names (a.b or $root.a.b)`);
    }
    if (!fromRoot && ['null', 'true', 'false', 'undefined'].includes(segments[0] as string)) {
      fail(`${token}, a constant outside the subset`);
    }
    return { read: pathReader(segments, fromRoot), path: token };
  };

  const operand = (): Compiled | 'null' | number => {
    const token = next();
    if (token === 'null') return 'null';
    if (token !== undefined && /^[0-9]/.test(token)) return Number.parseFloat(token);
    if (token === '!') {
      const inner = operand();
      if (typeof inner !== 'object' || inner.path?.startsWith('count('))
        fail('! before a constant or count()');
      const read = inner.read;
      return { read: (s, r) => !isTrue(read(s, r)) };
    }
    if (token === 'count') {
      if (next() !== '(') fail('count without (');
      const counted = path(next());
      if (next() !== ')') fail('count of more than one path');
      return { read: counted.read, path: `count(${counted.path})` };
    }
    if (token !== undefined && /^[(){}'"`]$/.test(token)) fail(`${token} outside the subset`);
    return path(token);
  };

  const comparison = (): Compiled => {
    const left = operand();
    const op = peek();
    if (op !== '!=' && op !== '>') {
      if (typeof left !== 'object' || left.path?.startsWith('count(')) {
        fail('a constant or count() outside a comparison');
      }
      return left;
    }
    next();
    const right = operand();
    if (peek() === '!=' || peek() === '>') fail('a chain of comparisons');
    if (op === '!=') {
      // Only `x != null`: adaptive-expressions' general equality is more than the cards need.
      const value = left === 'null' ? right : right === 'null' ? left : undefined;
      if (typeof value !== 'object' || value.path === undefined || value.path.startsWith('count(')) {
        fail('!= other than path != null');
      }
      const read = value.read;
      return { read: (s, r) => read(s, r) != null };
    }
    if (typeof left !== 'object' || !left.path?.startsWith('count(') || typeof right !== 'number') {
      fail('> other than count(path) > number');
    }
    const read = left.read;
    return {
      read: (s, r) => {
        const v = read(s, r);
        let n: number;
        if (typeof v === 'string' || Array.isArray(v)) n = v.length;
        else if (v instanceof Map) n = v.size;
        else if (typeof v === 'object' && v !== null) n = Object.keys(v).length;
        else return false; // count() refuses it, and the comparison is then false
        return n > right;
      },
    };
  };

  const and = (): Compiled => {
    const parts = [comparison()];
    while (peek() === '&&') {
      next();
      parts.push(comparison());
    }
    if (parts.length === 1) return parts[0] as Compiled;
    const reads = parts.map((p) => p.read);
    return { read: (s, r) => reads.every((read) => isTrue(read(s, r))) };
  };

  const or = (): Compiled => {
    const parts = [and()];
    while (peek() === '||') {
      next();
      parts.push(and());
    }
    if (parts.length === 1) return parts[0] as Compiled;
    const reads = parts.map((p) => p.read);
    return {
      read: (s, r) => {
        let value: unknown;
        for (const read of reads) {
          value = read(s, r);
          if (isTrue(value)) return true;
        }
        return value;
      },
    };
  };

  const result = or();
  if (at !== tokens.length) fail(`${tokens[at]} outside the subset`);
  return result;
}

/** A path alone leaves its own text where its value is undefined. */
function substituted({ read, path }: Compiled): Read {
  if (path === undefined || path.startsWith('count(')) return read;
  const text = `\${${path}}`;
  return (s, r) => {
    const v = read(s, r);
    return v === undefined ? text : v;
  };
}

/** A string of the template: as it is, one binding keeping its type, or a text with bindings. */
function compileString(text: string, fail: (expression: string, why: string) => never): Fill {
  if (!text.includes('${')) return () => text;
  const parts: (string | Read)[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf('${');
    if (open < 0) {
      parts.push(rest);
      break;
    }
    if (open > 0) parts.push(rest.slice(0, open));
    const close = rest.indexOf('}', open);
    if (close < 0) fail(text, 'a binding without its closing brace');
    const expression = rest.slice(open + 2, close);
    parts.push(substituted(compileExpression(expression, (why) => fail(expression, why))));
    rest = rest.slice(close + 1);
  }
  for (const part of parts) {
    // The library reads the text around bindings as a template literal: escapes and quotes
    // would be read, so they stay out of the subset.
    if (typeof part === 'string' && /[\\`$'"{}]/.test(part)) fail(text, 'text with \\ ` $ \' " { or }');
  }
  if (parts.length === 1 && typeof parts[0] === 'function') return parts[0];
  return (s, r) => {
    let out = '';
    for (const part of parts) {
      // toString, as the library: a null part throws, as there.
      out += typeof part === 'string' ? part : (part(s, r) as { toString(): string }).toString();
    }
    return out;
  };
}

/** The one binding a `$data` or `$when` holds. */
function wholeBinding(
  value: unknown,
  key: string,
  fail: (expression: string, why: string) => never,
): Compiled {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const match = typeof value === 'string' ? /^\$\{([^}]*)\}$/.exec(value) : null;
  if (!match) fail(text, `${key} that is not one \${…}`);
  const expression = match[1] as string;
  return compileExpression(expression, (why) => fail(expression, why));
}

function compileNode(node: unknown, fail: (expression: string, why: string) => never): Fill {
  if (typeof node === 'string') return compileString(node, fail);
  if (Array.isArray(node)) {
    const items = node.map((item) => compileNode(item, fail));
    return (s, r) => {
      const out: unknown[] = [];
      for (const item of items) {
        const v = item(s, r);
        if (v === null) continue;
        if (Array.isArray(v)) for (const x of v) out.push(x);
        else out.push(v);
      }
      return out;
    };
  }
  if (typeof node !== 'object' || node === null) return () => node;

  const source = node as Record<string, unknown>;
  const fields: [string, Fill][] = [];
  for (const key of Object.keys(source)) {
    if (!RESERVED.has(key)) fields.push([key, compileNode(source[key], fail)]);
    else if (key !== '$data' && key !== '$when') fail(key, 'a reserved key');
  }
  const fill = (s: unknown, r: unknown) => {
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const v = field(s, r);
      if (v !== undefined) out[key] = v;
    }
    return out;
  };
  const when = '$when' in source ? wholeBinding(source.$when, '$when', fail).read : undefined;
  const kept = when ? (s: unknown, r: unknown) => when(s, r) === true : undefined;
  if (!('$data' in source)) {
    if (!kept) return fill;
    return (s, r) => (kept(s, r) ? fill(s, r) : null);
  }
  const data = substituted(wholeBinding(source.$data, '$data', fail));
  return (s, r) => {
    const items = data(s, r);
    const list = Array.isArray(items) ? items : [items];
    const out: unknown[] = [];
    let scope = s;
    for (const item of list) {
      if (item !== undefined) scope = item;
      if (!kept || kept(scope, r)) out.push(fill(scope, r));
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** A template compiled: fill it with the card's data. */
export type CompiledTemplate = (data: object) => unknown;

/**
 * Parses a template once. Throws a TemplateError, naming the template and the expression, for
 * anything outside the subset above.
 */
export function compileTemplate(template: unknown, name: string): CompiledTemplate {
  const fill = compileNode(template, (expression, why) => {
    throw new TemplateError(name, expression, why);
  });
  return (data) => fill(data, data);
}

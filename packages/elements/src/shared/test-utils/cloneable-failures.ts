/**
 * The test runner sends each file's results to Node through `structuredClone`, which throws on a DOM node, a function
 * or a symbol. A failed `expect(node).to.equal(…)` (or a `deep.equal` of a list of elements) then never reports, and
 * the run waits for that file until `testsFinishTimeout`, minutes later, with no word of which assertion failed.
 * These helpers turn what cannot be cloned in a failure's `actual` and `expected` into text that can, keeping markup
 * so the report still shows what the test saw.
 */

/** The text that stands for a DOM node in a report: its markup where it has any. */
function nodeText(node: Node): string {
  if (node instanceof Element) return node.outerHTML;
  if (node instanceof ShadowRoot) return `#shadow-root ${node.innerHTML}`;
  if (node instanceof Document) return node.documentElement?.outerHTML ?? '#document';
  if (node instanceof DocumentFragment)
    return [...node.childNodes]
      .map((child) => (child instanceof Element ? child.outerHTML : child.textContent))
      .join('');
  if (node instanceof Comment) return `<!--${node.data}-->`;
  return node.textContent ?? node.nodeName;
}

function isPlatformObject(value: object): boolean {
  const ctor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  return (
    typeof ctor === 'function' &&
    ctor !== Object &&
    /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(ctor))
  );
}

function clones(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function replace(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `[Function ${value.name || '(anonymous)'}]`;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Node) return nodeText(value);
  if (value === globalThis) return '[object Window]';
  if (clones(value)) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(replace(item, seen));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) out.set(replace(k, seen), replace(v, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const v of value) out.add(replace(v, seen));
    return out;
  }
  // A platform object (an event, a style sheet) is named by its kind; a plain or class object by its own fields.
  const keys = Object.keys(value);
  if (!keys.length || isPlatformObject(value)) return Object.prototype.toString.call(value);
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of keys) out[key] = replace((value as Record<string, unknown>)[key], seen);
  return out;
}

/**
 * `value` as something `structuredClone` accepts: itself when it already is, else a copy with DOM nodes as their
 * markup, functions and symbols as their names, at any depth (arrays, maps, sets, objects; cycles kept).
 */
export function cloneable(value: unknown): unknown {
  if (clones(value)) return value;
  const out = replace(value, new Map());
  return clones(out) ? out : Object.prototype.toString.call(value);
}

interface Failure {
  actual?: unknown;
  expected?: unknown;
}

/** Makes one test's failure, if it has one, safe to send. */
export function makeFailureCloneable(test: Mocha.Test | undefined): void {
  const err = test?.err as Failure | undefined;
  if (!err || typeof err !== 'object') return;
  for (const key of ['actual', 'expected'] as const) if (key in err) err[key] = cloneable(err[key]);
}

/** Makes every failure in a suite and the suites inside it safe to send. */
export function makeFailuresCloneable(suite: Mocha.Suite): void {
  for (const test of suite.tests) makeFailureCloneable(test);
  for (const child of suite.suites) makeFailuresCloneable(child);
}

/**
 * Adds root hooks to a page's mocha: after each test, its failure is made safe to send; after the last, every
 * failure is swept again, for a test whose later `afterEach` hooks were cut short by a failing one.
 */
export function installCloneableFailures(runner: Mocha): void {
  runner.suite.afterEach('make a failure cloneable', function () {
    makeFailureCloneable(this.currentTest);
  });
  runner.suite.afterAll('make every failure cloneable', function () {
    makeFailuresCloneable(runner.suite);
  });
}

// Loaded before the node:test suites (scripts/test-all.mjs). Node 20's assert.ok, when it fails with no
// message, writes one by reading the test's source file at the call site's line and column. Under tsx those
// are positions in whitespace-minified code, not in the file on disk, so the message quotes the wrong
// expression, and where the column lies past the end of that line of the file, Node 20 keeps reading for
// ever: a failing test hangs the run instead of failing. A plain message avoids the source lookup.
import assert from 'node:assert';

const describe = (value) => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

for (const target of [assert, assert.strict]) {
  const ok = target.ok;
  target.ok = function patchedOk(...args) {
    if (args.length === 0 || (!args[0] && args[1] === undefined))
      args[1] = `Expected a truthy value; got ${describe(args[0])}.`;
    return ok.apply(this, args);
  };
}

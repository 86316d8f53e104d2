import { expect } from '@open-wc/testing';
import { cloneable, makeFailuresCloneable } from './cloneable-failures.js';

function element(): HTMLElement {
  const el = document.createElement('p');
  el.className = 'note';
  el.textContent = 'Synthetic note';
  return el;
}

function sendable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

describe('cloneable failures', () => {
  it('turns a DOM node into its markup, and leaves what can already be sent as it is', () => {
    const el = element();
    expect(sendable(el)).to.be.false;
    expect(cloneable(el)).to.equal('<p class="note">Synthetic note</p>');
    const plain = { a: [1, 'two', null], b: new Date(0) };
    expect(cloneable(plain)).to.equal(plain);
    expect(cloneable(undefined)).to.equal(undefined);
  });

  it('turns nodes, functions and symbols nested in arrays, objects, maps and sets into text, cycles kept', () => {
    const el = element();
    const frag = document.createDocumentFragment();
    frag.append(element(), document.createTextNode(' and text'));
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<b>inside</b>';
    const loop: Record<string, unknown> = { el, method() {}, tag: Symbol('tag') };
    loop.self = loop;
    const value = [el, [frag], new Map([['k', el]]), new Set([host.shadowRoot]), loop, document.createComment('c')];
    const out = cloneable(value);
    expect(sendable(out)).to.be.true;
    const [a, [b], c, d, e, f] = out as [string, string[], Map<string, string>, Set<string>, typeof loop, string];
    expect(a).to.equal('<p class="note">Synthetic note</p>');
    expect(b).to.equal('<p class="note">Synthetic note</p> and text');
    expect(c.get('k')).to.equal('<p class="note">Synthetic note</p>');
    expect([...d]).to.deep.equal(['#shadow-root <b>inside</b>']);
    expect(e.el).to.equal('<p class="note">Synthetic note</p>');
    expect(e.method).to.equal('[Function method]');
    expect(e.tag).to.equal('Symbol(tag)');
    expect(e.self).to.equal(e);
    expect(f).to.equal('<!--c-->');
  });

  it('names a platform object that has no fields of its own', () => {
    const out = cloneable({ event: new CustomEvent('c2c-test'), page: globalThis });
    expect(sendable(out)).to.be.true;
    expect(out).to.deep.equal({ event: '[object CustomEvent]', page: '[object Window]' });
  });

  it('sweeps every failure in a suite and the suites inside it', () => {
    const outer = { err: { actual: element(), expected: null } };
    const inner = { err: { actual: [element()], expected: [element()] } };
    const passed = { err: undefined };
    const suite = { tests: [outer, passed], suites: [{ tests: [inner], suites: [] }] };
    makeFailuresCloneable(suite as unknown as Mocha.Suite);
    expect(sendable([outer.err.actual, inner.err.actual, inner.err.expected])).to.be.true;
    expect(outer.err.actual).to.equal('<p class="note">Synthetic note</p>');
    expect(outer.err.expected).to.equal(null);
    expect(inner.err.expected).to.deep.equal(['<p class="note">Synthetic note</p>']);
    expect(passed.err).to.equal(undefined);
  });

  // The runner's page loads the hooks for every test file (web-test-runner.config.mjs): a failure that names a node
  // left by one test has been made sendable before the next test starts.
  describe('on every test page', () => {
    let earlier: Mocha.Test | undefined;

    it('leaves a failure behind (the next test checks and clears it)', function () {
      earlier = this.test as Mocha.Test;
      // Mocha keeps `err` on a test that passed; standing in for a failed assertion's error lets this test pass.
      earlier.err = Object.assign(new Error('stand-in'), { actual: element(), expected: [element()] });
    });

    it('finds that failure already sendable, its nodes as markup', () => {
      const err = earlier?.err as { actual?: unknown; expected?: unknown } | undefined;
      if (earlier) delete earlier.err;
      // First, so that without the hooks this test fails about a boolean, not about a node it could not send.
      expect(sendable([err?.actual, err?.expected]), 'the earlier failure can be sent').to.be.true;
      expect(err?.actual).to.equal('<p class="note">Synthetic note</p>');
      expect(err?.expected).to.deep.equal(['<p class="note">Synthetic note</p>']);
    });
  });
});

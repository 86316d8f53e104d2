import { expect } from '@open-wc/testing';
import { emit } from './events.js';

declare global {
  interface HTMLElementEventMap {
    'c2c-test-ping': CustomEvent<{ n: number }>;
  }
}

describe('emit', () => {
  it('dispatches a bubbling, composed event that crosses a shadow root', () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('span');
    root.append(inner);
    document.body.append(host);
    let seen: number | undefined;
    document.body.addEventListener('c2c-test-ping', (e) => (seen = e.detail.n), { once: true });
    emit(inner, 'c2c-test-ping', { n: 42 });
    expect(seen).to.equal(42);
    host.remove();
  });

  it('reports cancellation when asked for a cancelable event', () => {
    const el = document.createElement('div');
    el.addEventListener('c2c-test-ping', (e) => e.preventDefault());
    expect(emit(el, 'c2c-test-ping', { n: 1 }, { cancelable: true })).to.equal(false);
    expect(emit(el, 'c2c-test-ping', { n: 1 })).to.equal(true);
  });
});

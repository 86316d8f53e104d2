import { expect } from '@open-wc/testing';
import { ShortlistStore } from '../parts/shortlist-store.js';
import { SIDE_FILE, clearDefaultShortlist, clearResultsCaches } from './storage.js';

/**
 * A storage of its own: emptying the page's real localStorage here would race the directory's test files, which
 * run beside this one in pages of the same origin, the very thing these clean-ups must not do.
 */
function memoryStorage(keys: string[]): Storage {
  const store: Record<string, string> = Object.fromEntries(keys.map((k) => [k, '[]']));
  Object.defineProperty(store, 'removeItem', { value: (key: string) => delete store[key] });
  return store as unknown as Storage;
}

const PARTS_SHORTLIST = new ShortlistStore(`${SIDE_FILE}-a`).key;
const PARTS_CACHE = `c2c:service-directory:cache:v1:${SIDE_FILE}-test`;
const REMOTE_SHORTLIST = new ShortlistStore('remote-refresh').key;
const ARRAY_SHORTLIST = new ShortlistStore('default').key;
const FEED_CACHE = 'c2c:service-directory:cache:v1:https://feed.example/oruk';
const FORM_DRAFT = 'c2c-handover-form|unsaved|lrn-1';

describe('the directory test files’ storage clean-ups', () => {
  const all = [PARTS_SHORTLIST, PARTS_CACHE, REMOTE_SHORTLIST, ARRAY_SHORTLIST, FEED_CACHE, FORM_DRAFT];

  it('the array tests empty the default shortlist only', () => {
    const storage = memoryStorage(all);
    clearDefaultShortlist(storage);
    expect(Object.keys(storage)).to.deep.equal(all.filter((k) => k !== ARRAY_SHORTLIST));
  });

  it('the feed and hub tests empty the results caches only, and not the parts tests’ cache', () => {
    const local = memoryStorage(all);
    const session = memoryStorage([FEED_CACHE]);
    clearResultsCaches([local, session]);
    expect(Object.keys(local)).to.deep.equal(all.filter((k) => k !== FEED_CACHE));
    expect(Object.keys(session)).to.deep.equal([]);
  });
});

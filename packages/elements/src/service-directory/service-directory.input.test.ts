import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createClient } from '@c2c/sdk';
import type { Service } from '@c2c/schema';
import './define.js';
import type { C2cServiceDirectory, DirectoryClient } from './service-directory.js';
import { BABY, YOUTH } from './test-utils/services.js';

/*
 * What a site owner gives the directory, as the docs lead them to write it: a `services` array by hand, a feed's
 * address as they copied it, an address without https://, a feed the page's policy does not let it reach.
 */

const FEED = new URL('/packages/elements/src/service-directory/test-fixtures/oruk', location.href).href;
const root = (el: C2cServiceDirectory) => el.shadowRoot!;
const names = (el: C2cServiceDirectory) =>
  [...root(el).querySelectorAll('.results li.result .name')].map((b) => b.textContent!.trim());
const text = (el: C2cServiceDirectory, selector: string) => root(el).querySelector(selector)?.textContent?.trim();

async function settle(el: C2cServiceDirectory) {
  await el.updateComplete;
  await aTimeout(10);
  await el.updateComplete;
}

/** A directory, in a wrapper with the page's language, as a school's page holds it. */
async function mount(lang: 'en' | 'cy', body: (el: C2cServiceDirectory) => void = () => {}, src?: string) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div lang=${lang}>
      <c2c-service-directory no-url-state storage-key="input-test" src=${src ?? ''}></c2c-service-directory>
    </div>`,
  );
  const el = wrapper.querySelector('c2c-service-directory')!;
  if (!src) el.removeAttribute('src');
  body(el);
  await settle(el);
  return el;
}

/** A fetch that records the addresses asked for and passes them on. */
function recording() {
  const asked: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    asked.push(input instanceof Request ? input.url : String(input));
    return fetch(input, init);
  };
  return { asked, fetchImpl };
}

/*
 * wtr runs the test files side by side, sharing web storage (see test-utils/storage.ts): this file keeps its shortlist
 * under `input-test`, and its results caches are those of sources no other file uses, which it removes itself.
 */
const HUB_CACHE = 'input-test-hub';
const OWN_SOURCES = [`oruk:${FEED}/services`, `oruk:${new URL(FEED).pathname}`, 'feed.example.org', HUB_CACHE];
afterEach(() => {
  for (const storage of [localStorage, sessionStorage])
    for (const key of Object.keys(storage))
      if (key.startsWith('c2c:service-directory:') && OWN_SOURCES.some((s) => key.includes(s))) storage.removeItem(key);
  localStorage.removeItem('c2c:service-directory:input-test:shortlist:v1');
});

describe('<c2c-service-directory> with a services array written by hand', () => {
  // As the admin wrote them: the docs' smallest example, then records missing what a service needs.
  const handWritten = () =>
    [
      { id: 's1', name: 'Toy library', status: 'active' },
      { name: 'No id here', status: 'active' },
      { id: 's3', status: 'active' },
      null,
      { id: 's5', name: 'Stay and play', locations: [{ id: 'l1', name: 'Hall' }], contacts: [{ name: 'Desk' }] },
      BABY,
    ] as unknown as Service[];

  it('shows a record with only an id, a name and a status, as the docs’ smallest example has it', async () => {
    const el = await mount('en', (d) => (d.services = [{ id: 's1', name: 'X', status: 'active' }] as Service[]));
    expect(names(el)).to.deep.equal(['X']);
    expect(root(el).querySelector('.unreadable')).to.equal(null);
    expect(el.servicesLeftOut).to.deep.equal([]);
  });

  it('shows the records it can, with their missing lists as empty, and says that some could not be shown', async () => {
    const el = await mount('en', (d) => (d.services = handWritten()));
    await expect(el).to.be.accessible();
    expect(names(el)).to.have.members(['Toy library', 'Stay and play', BABY.name]);
    expect(text(el, '.unreadable')).to.equal(
      '3 services in this list could not be shown because their details are incomplete.',
    );
    // For the site owner, with nothing written to the console.
    expect(el.servicesLeftOut).to.deep.equal([1, 2, 3]);
    // The details of a record with no lists of its own open too.
    for (const id of ['s1', 's5']) {
      root(el).querySelector<HTMLButtonElement>(`[data-open="${id}"]`)!.click();
      await settle(el);
      expect(root(el).querySelector('dialog')!.open, id).to.equal(true);
      root(el).querySelector('dialog')!.close();
      await settle(el);
    }
    // Filters and searching go through the lists a record lacked.
    root(el).querySelector<HTMLInputElement>('#q')!.value = 'toy';
    root(el).querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await settle(el);
    expect(names(el)).to.deep.equal(['Toy library']);
  });

  it('says so in Welsh on a Welsh page', async () => {
    const el = await mount('cy', (d) => (d.services = handWritten()));
    expect(names(el)).to.have.length(3);
    expect(text(el, '.unreadable')).to.equal(
      'Nid oedd modd dangos 3 gwasanaeth yn y rhestr hon am nad yw eu manylion yn gyflawn.',
    );
  });

  it('says nothing, and keeps each record as given, when every record is whole', async () => {
    const given = [BABY, YOUTH];
    const el = await mount('en', (d) => (d.services = given));
    expect(names(el)).to.have.members([BABY.name, YOUTH.name]);
    expect(root(el).querySelector('.unreadable')).to.equal(null);
    expect(el.servicesLeftOut).to.deep.equal([]);
    expect(el.currentResults.filter((s) => given.includes(s))).to.have.length(2);
  });
});

describe('<c2c-service-directory> src as site owners write it', () => {
  for (const suffix of ['/services', '/services/']) {
    it(`reads a feed given by its own address, ending in ${suffix}`, async () => {
      const { asked, fetchImpl } = recording();
      const el = await mount('en', (d) => (d.fetch = fetchImpl), `${FEED}${suffix}`);
      await waitUntil(() => names(el).length > 0 || root(el).querySelector('.message.error'), 'an answer', {
        timeout: 15000,
      });
      expect(root(el).querySelector('.message.error')).to.equal(null);
      expect(names(el)).to.include('Baby Rhyme Time');
      expect(asked.filter((u) => u.includes('/services/services'))).to.deep.equal([]);
    });
  }

  for (const [lang, words] of [
    ['en', 'This directory’s src attribute is not a web address.'],
    ['cy', 'Nid yw priodoledd src y cyfeiriadur hwn yn gyfeiriad gwe.'],
  ] as const) {
    it(`says a src without https:// is not a web address, and asks for nothing (${lang})`, async () => {
      const { asked, fetchImpl } = recording();
      const el = await mount(lang, (d) => (d.fetch = fetchImpl), 'hub.example.org/oruk');
      await aTimeout(300);
      await settle(el);
      expect(text(el, '.message')).to.contain(words);
      expect(text(el, '.message')).to.contain('https://example.org/oruk');
      expect(asked).to.deep.equal([]);
    });
  }

  for (const [lang, words] of [
    ['en', 'This directory’s src attribute has a ? or # part, which the directory cannot use.'],
    ['cy', 'Mae gan briodoledd src y cyfeiriadur hwn ran ? neu #, na all y cyfeiriadur ei defnyddio.'],
  ] as const) {
    it(`says a src with a ?query or #fragment cannot be used, and asks for nothing (${lang})`, async () => {
      for (const src of [`${FEED}?api_key=abc123`, `${FEED}/services?page=2`, `${FEED}#services`]) {
        const { asked, fetchImpl } = recording();
        const el = await mount(lang, (d) => (d.fetch = fetchImpl), src);
        await aTimeout(300);
        await settle(el);
        expect(text(el, '.message'), src).to.contain(words);
        // Not "could not be read just now", which sends the school to the feed's publisher.
        expect(root(el).querySelector('.message.error'), src).to.equal(null);
        expect(asked, src).to.deep.equal([]);
        el.remove();
      }
    });
  }

  it('still reads a feed on the page’s own site, given without a host', async () => {
    const el = await mount('en', () => {}, new URL(FEED).pathname);
    await waitUntil(() => names(el).length > 0, 'the feed read', { timeout: 15000 });
    expect(names(el)).to.include('Baby Rhyme Time');
  });
});

describe('<c2c-service-directory> when a feed cannot be reached', () => {
  const refused: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
  // A hub that the page's connect-src (or the hub's CORS) does not let the page ask: the browser is online.
  // With a client, `src` only names its results cache: this file's own, so no other file's saved results show here.
  const blockedHub = (): DirectoryClient =>
    createClient({ baseUrl: 'https://hub.example.org', fetch: refused, retries: 0 });

  for (const [lang, words] of [
    ['en', 'We could not reach the list of services. Try again later.'],
    ['cy', 'Nid oeddem yn gallu cyrraedd y rhestr o wasanaethau. Rhowch gynnig arall arni yn nes ymlaen.'],
  ] as const) {
    it(`does not send a family that is online to check their connection (${lang})`, async () => {
      expect(navigator.onLine).to.equal(true);
      const el = await mount(lang, (d) => (d.client = blockedHub()), HUB_CACHE);
      await waitUntil(() => root(el).querySelector('.message.error'), 'the error', { timeout: 15000 });
      await settle(el);
      expect(text(el, '.message.error p')).to.equal(words);
      await waitUntil(() => text(el, '#live')!.endsWith(words), 'the error said', { timeout: 15000 });
      await expect(el).to.be.accessible();
    });
  }

  it('says the same of a feed given by src', async () => {
    const el = await mount('en', (d) => (d.fetch = refused), 'https://feed.example.org/oruk');
    await waitUntil(() => root(el).querySelector('.message.error'), 'the error', { timeout: 15000 });
    await settle(el);
    expect(text(el, '.message.error p')).to.equal('We could not reach the list of services. Try again later.');
  });

  for (const [lang, words] of [
    ['en', 'Check your internet connection and try again.'],
    ['cy', 'Gwiriwch eich cysylltiad â’r rhyngrwyd a rhowch gynnig arall arni.'],
  ] as const) {
    it(`still asks a family that is offline to check their connection (${lang})`, async () => {
      const desc = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      try {
        window.dispatchEvent(new Event('offline'));
        const el = await mount(lang, (d) => (d.client = blockedHub()), HUB_CACHE);
        await waitUntil(() => root(el).querySelector('.message.error'), 'the error', { timeout: 15000 });
        await settle(el);
        expect(text(el, '.message.error p')).to.equal(words);
      } finally {
        delete (navigator as unknown as Record<string, unknown>).onLine;
        Object.defineProperty(Navigator.prototype, 'onLine', desc);
        window.dispatchEvent(new Event('online'));
      }
    });
  }
});

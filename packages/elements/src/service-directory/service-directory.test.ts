import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { syntheticServices } from '@c2c/schema/synthetic';
import type { Service } from '@c2c/schema';
import './define.js';
import type { C2cServiceDirectory, DirectoryClient } from './service-directory.js';
import { BABY, CAFE, PARENTING, SMALL_DIRECTORY, SPEECH, YOUTH, svc } from './test-utils/services.js';
import { unreflowed } from '../shared/test-utils/reflow.js';
import { emulateForcedColours } from '../shared/test-utils/forced-colours.js';
import { clearDefaultShortlist } from './test-utils/storage.js';

const SHORTLIST_KEY = 'c2c:service-directory:default:shortlist:v1';

function clearOurParams() {
  const url = new URL(location.href);
  for (const k of [...url.searchParams.keys()]) if (k.startsWith('c2c-')) url.searchParams.delete(k);
  history.replaceState(null, '', url.href);
}

async function mount(services: Service[] = SMALL_DIRECTORY, attrs: { lang?: string; urlState?: boolean } = {}) {
  const wrapper = await fixture<HTMLDivElement>(
    attrs.urlState
      ? html`<div lang=${attrs.lang ?? 'en'}>
          <c2c-service-directory .services=${services}></c2c-service-directory>
        </div>`
      : html`<div lang=${attrs.lang ?? 'en'}>
          <c2c-service-directory no-url-state .services=${services}></c2c-service-directory>
        </div>`,
  );
  const el = wrapper.querySelector('c2c-service-directory')!;
  await el.updateComplete;
  if (services.length)
    await waitUntil(() => el.shadowRoot!.querySelectorAll('li.result').length > 0, 'results render', {
      timeout: 15000,
    });
  return el;
}

const root = (el: C2cServiceDirectory) => el.shadowRoot!;
const names = (el: C2cServiceDirectory) =>
  [...root(el).querySelectorAll('.results li.result .name')].map((b) => b.textContent!.trim());
const sorted = (a: string[]) => [...a].sort();

async function settle(el: C2cServiceDirectory) {
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  await el.updateComplete;
  await aTimeout(30);
}

async function typeQuery(el: C2cServiceDirectory, text: string) {
  const input = root(el).querySelector<HTMLInputElement>('#q')!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await settle(el);
}

async function openShortlist(el: C2cServiceDirectory) {
  root(el).querySelector<HTMLButtonElement>('.shortlist-button')!.click();
  await settle(el);
}

/** Saves the service with `id` from the results list, then opens the shortlist. */
async function shortlistOnly(el: C2cServiceDirectory, id: string) {
  root(el)
    .querySelector<HTMLButtonElement>(`[data-open="${id}"]`)!
    .closest('li')!
    .querySelector<HTMLButtonElement>('.save')!
    .click();
  await settle(el);
  await openShortlist(el);
}

async function choose(el: C2cServiceDirectory, selector: string, value: string) {
  const select = root(el).querySelector<HTMLSelectElement>(selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await settle(el);
}

/** What has keyboard focus, as text: a failed comparison of elements would have the runner serialise them whole. */
function focusedName(el: C2cServiceDirectory): string {
  const a = el.shadowRoot!.activeElement ?? document.activeElement;
  if (!a) return 'nothing';
  return a.tagName.toLowerCase() + (a.id ? `#${a.id}` : '') + [...a.classList].map((c) => `.${c}`).join('');
}

/** A chip's name as assistive technology gets it: its label if it has one, else its text without the × drawn beside it. */
function chipName(chip: Element): string {
  const copy = chip.cloneNode(true) as Element;
  for (const drawn of copy.querySelectorAll('[aria-hidden="true"]')) drawn.remove();
  return chip.getAttribute('aria-label') ?? copy.textContent!.replace(/\s+/g, ' ').trim();
}

const liveText = (el: C2cServiceDirectory) => root(el).querySelector('#live')!.textContent!.trim();

// How many c2c-search events each directory has sent, counted from before it is mounted. The event leaves in the
// same timer callback as the count announcement, so a test can wait for that announcement to have happened rather
// than sleep past the moment it is due, which a loaded machine can overrun.
const searches = new WeakMap<EventTarget, number>();
document.addEventListener('c2c-search', (e) => searches.set(e.target!, (searches.get(e.target!) ?? 0) + 1));

/** Waits until the directory's debounced count announcement has run `times` times in all, and has rendered. */
async function countAnnounced(el: C2cServiceDirectory, times = 1) {
  await waitUntil(() => (searches.get(el) ?? 0) >= times, 'the count announcement', { timeout: 15000 });
  await settle(el);
}

// Chromium reports "ResizeObserver loop completed with undelivered notifications" when rows resize
// inside a resize callback; the spec calls it harmless, but mocha would fail the test on it.
let mochaOnError: OnErrorEventHandler = null;
before(() => {
  mochaOnError = window.onerror;
  window.onerror = (message, ...rest) =>
    /ResizeObserver loop/.test(String(message)) ? true : mochaOnError?.call(window, message, ...rest);
});
after(() => {
  window.onerror = mochaOnError;
});

beforeEach(() => {
  clearDefaultShortlist();
  clearOurParams();
});
afterEach(() => clearOurParams());

describe('<c2c-service-directory> with a services array', () => {
  it('is accessible and lists every service by name', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    expect(sorted(names(el))).to.deep.equal(sorted(SMALL_DIRECTORY.map((s) => s.name)));
    expect(root(el).querySelector('#count')!.textContent).to.contain('5 services found');
  });

  it('finds services despite a typo, from a prefix, and without accents', async () => {
    const el = await mount();
    await el.searchIndexReady;
    await typeQuery(el, 'speach');
    expect(names(el)).to.deep.equal(['Speech and Language Therapy']);
    await typeQuery(el, 'parent');
    expect(names(el)).to.deep.equal(['Parenting Course']);
    await typeQuery(el, 'cafe bach');
    expect(names(el)).to.deep.equal(['Café Bach']);
    await typeQuery(el, 'CAFÉ');
    expect(names(el)[0]).to.equal('Café Bach');
    await typeQuery(el, 'zzqxv');
    expect(names(el)).to.deep.equal([]);
  });

  it('searches with a plain scan before the index is ready', async () => {
    const el = await mount();
    await typeQuery(el, 'youth');
    expect(names(el)).to.include('Youth Club');
  });

  it('filters by category', async () => {
    const el = await mount();
    await choose(el, '#f-category', 'food');
    expect(names(el)).to.deep.equal([CAFE.name]);
  });

  it('filters by the age of the child (the age must be inside the service’s range)', async () => {
    const el = await mount();
    const age = root(el).querySelector<HTMLInputElement>('#f-age')!;
    age.value = '15';
    age.dispatchEvent(new Event('change'));
    await settle(el);
    expect(sorted(names(el))).to.deep.equal(sorted([YOUTH.name, CAFE.name, SPEECH.name, PARENTING.name]));
  });

  it('filters to free services only', async () => {
    const el = await mount();
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await settle(el);
    expect(sorted(names(el))).to.deep.equal(sorted([BABY.name, CAFE.name, SPEECH.name]));
  });

  it('filters by day and by time of day', async () => {
    const el = await mount();
    await choose(el, '#f-day', 'TU');
    expect(names(el)).to.deep.equal([YOUTH.name]);
    await choose(el, '#f-day', '');
    await choose(el, '#f-time', '10:00');
    expect(sorted(names(el))).to.deep.equal(sorted([BABY.name, CAFE.name, PARENTING.name]));
  });

  it('filters by language and by accessibility', async () => {
    const el = await mount();
    await choose(el, '#f-language', 'cy');
    expect(sorted(names(el))).to.deep.equal(sorted([YOUTH.name, CAFE.name]));
    await choose(el, '#f-language', '');
    await choose(el, '#f-access', 'Hearing loop');
    expect(names(el)).to.deep.equal([YOUTH.name]);
  });

  it('filters by distance from a postcode when the host gives a geocoder, nearest first', async () => {
    const el = await mount();
    const asked: string[] = [];
    el.geocode = async (postcode) => {
      asked.push(postcode);
      return postcode === 'CF10 1AA' ? { lat: 51.5, lng: -3.2 } : null;
    };
    await settle(el);
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    const postcode = root(el).querySelector<HTMLInputElement>('#postcode')!;
    // An empty box is named beside it, GOV.UK style, and nothing is looked up.
    root(el).querySelector<HTMLButtonElement>('.distance .search-row button')!.click();
    await el.updateComplete;
    expect(root(el).querySelector('#postcode-error')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Error: Enter a postcode',
    );
    expect(root(el).activeElement?.id, 'focus goes to the box').to.equal('postcode');
    expect(asked).to.deep.equal([]);
    postcode.value = 'zz1 1zz';
    root(el).querySelector<HTMLButtonElement>('.distance .search-row button')!.click();
    await waitUntil(
      () => root(el).querySelector('#postcode-error')?.textContent?.includes('could not find'),
      undefined,
      {
        timeout: 15000,
      },
    );
    // The message is tied to the box it is about, so a screen reader reads it with the box.
    expect(postcode.getAttribute('aria-invalid')).to.equal('true');
    expect(postcode.getAttribute('aria-describedby')).to.equal('postcode-error');
    expect(root(el).querySelector('#postcode-error')!.getAttribute('role')).to.equal('alert');
    root(el).querySelector<HTMLInputElement>('#postcode')!.value = 'cf10 1aa';
    root(el).querySelector<HTMLButtonElement>('.distance .search-row button')!.click();
    await waitUntil(() => root(el).querySelector('#f-radius'), undefined, { timeout: 15000 });
    await settle(el);
    expect(asked).to.deep.equal(['ZZ1 1ZZ', 'CF10 1AA']);
    // Services without coordinates cannot be placed; sorted by distance, the nearest comes first.
    expect(names(el)[0]).to.equal(BABY.name);
    const miles = root(el).querySelector<HTMLSelectElement>('#f-radius')!;
    await choose(el, '#f-radius', [...miles.options].find((o) => o.textContent!.trim() === '1 mile')!.value);
    expect(names(el)).to.deep.equal([BABY.name]);
    await choose(el, '#f-radius', [...miles.options].find((o) => o.textContent!.trim() === '5 miles')!.value);
    expect(names(el)).to.deep.equal([BABY.name, CAFE.name]);
    expect(root(el).querySelector('.results li.result .facts')!.textContent).to.match(
      /0 miles away|0\.0 miles away|0 mile away/,
    );
    expect(location.search).not.to.contain('51.5');
  });

  it('tells a host listening to c2c-service-open nothing of how far the family is from the service', async () => {
    const el = await mount();
    el.geocode = async () => ({ lat: 51.501, lng: -3.202 });
    await settle(el);
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    root(el).querySelector<HTMLInputElement>('#postcode')!.value = 'CF10 1AA';
    root(el).querySelector<HTMLButtonElement>('.distance .search-row button')!.click();
    await waitUntil(() => root(el).querySelector('#f-radius'), undefined, { timeout: 15000 });
    await settle(el);
    // The list shows the distance: that is for the family's eyes, on this screen.
    expect(el.currentResults[0]).to.have.property('distanceKm');
    const opened = oneEvent(el, 'c2c-service-open');
    root(el).querySelector<HTMLButtonElement>(`[data-open="${BABY.id}"]`)!.click();
    const { detail } = await opened;
    // A distance to each of a few venues whose coordinates are public places the family (three circles meet).
    expect(detail.service.id).to.equal(BABY.id);
    expect(JSON.stringify(detail)).not.to.contain('distance');
  });

  it('keeps keyboard focus while a postcode is looked up: on the button when it fails, then on “Near …”', async () => {
    const el = await mount();
    // Each lookup waits for the test to answer it, so "busy" is checked while it is certainly still busy.
    const asked: Array<() => void> = [];
    el.geocode = (postcode) =>
      new Promise((resolve) => asked.push(() => resolve(postcode === 'CF10 1AA' ? { lat: 51.5, lng: -3.2 } : null)));
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    const input = root(el).querySelector<HTMLInputElement>('#postcode')!;
    const button = root(el).querySelector<HTMLButtonElement>('.use-postcode')!;
    input.value = 'zz1 1zz';
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(focusedName(el), 'focus stays on the busy button').to.equal('button.secondary.use-postcode');
    expect(button.getAttribute('aria-disabled'), 'busy while looking up').to.equal('true');
    await waitUntil(() => asked.length === 1, 'looked up', { timeout: 15000 });
    asked[0]!();
    await waitUntil(() => root(el).querySelector('.distance [role="alert"]'), 'not found', { timeout: 15000 });
    expect(focusedName(el), 'focus stays on the button after a failure').to.equal('button.secondary.use-postcode');
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    input.value = 'cf10 1aa';
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => asked.length === 2, 'looked up again', { timeout: 15000 });
    asked[1]!();
    await waitUntil(() => root(el).querySelector('#f-radius'), 'origin set', { timeout: 15000 });
    await settle(el);
    expect(focusedName(el)).to.equal('p.origin');
    expect(root(el).activeElement!.textContent!.trim()).to.equal('Near CF10 1AA');
    await expect(el).to.be.accessible();
  });

  it('keeps keyboard focus when “Use my location” fails, and moves it to “Near your location” when it works', async () => {
    const geo = navigator.geolocation;
    let works = false;
    // The browser's own permission prompt cannot be answered from a test: stand in for the browser's API. Each
    // request waits for the test to answer it, so "busy" is checked while the lookup is certainly still running.
    const asked: Array<() => void> = [];
    Object.defineProperty(geo, 'getCurrentPosition', {
      configurable: true,
      value: (ok: PositionCallback, fail: PositionErrorCallback) =>
        asked.push(() => {
          if (works) ok({ coords: { latitude: 51.50012, longitude: -3.20034 } } as GeolocationPosition);
          else fail({ code: 1, message: 'denied' } as GeolocationPositionError);
        }),
    });
    try {
      const el = await mount();
      root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
      await settle(el);
      const button = root(el).querySelector<HTMLButtonElement>('.use-location')!;
      button.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(button.textContent!.trim()).to.equal('Finding your location…');
      expect(focusedName(el), 'focus stays on the busy button').to.equal('button.secondary.use-location');
      expect(button.getAttribute('aria-disabled'), 'busy while locating').to.equal('true');
      expect(asked).to.have.length(1);
      asked[0]!();
      await waitUntil(() => root(el).querySelector('.distance [role="alert"]'), 'failed', { timeout: 15000 });
      expect(focusedName(el), 'focus stays on the button after a failure').to.equal('button.secondary.use-location');
      works = true;
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => asked.length === 2, 'asked again', { timeout: 15000 });
      asked[1]!();
      await waitUntil(() => root(el).querySelector('#f-radius'), 'origin set', { timeout: 15000 });
      await settle(el);
      expect(focusedName(el)).to.equal('p.origin');
      expect(root(el).activeElement!.textContent!.trim()).to.equal('Near your location');
      expect(names(el)[0]).to.equal(BABY.name);
    } finally {
      delete (geo as unknown as Record<string, unknown>).getCurrentPosition;
    }
  });

  it('offers only “use my location” when the host gives no geocoder', async () => {
    const el = await mount();
    expect(root(el).querySelector('#postcode')).to.equal(null);
    expect(root(el).querySelector('.distance button')!.textContent).to.contain('Use my location');
  });

  it('shows active filters as chips that remove the filter and keep focus in the list', async () => {
    const el = await mount();
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await choose(el, '#f-time', '10:00');
    expect(sorted(names(el))).to.deep.equal(sorted([BABY.name, CAFE.name]));
    const chips = [...root(el).querySelectorAll<HTMLButtonElement>('.chip')];
    expect(chips.map(chipName)).to.deep.equal(['Remove filter: Free only', 'Remove filter: Open at 10am']);
    chips[0]!.focus();
    chips[0]!.click();
    await settle(el);
    expect(root(el).querySelectorAll('.chip').length).to.equal(1);
    expect(root(el).activeElement?.getAttribute('data-filter')).to.equal('time');
    expect(sorted(names(el))).to.deep.equal(sorted([BABY.name, CAFE.name, PARENTING.name]));
    root(el).querySelector<HTMLButtonElement>('.clear-all')!.click();
    await settle(el);
    expect(names(el).length).to.equal(5);
    expect(root(el).querySelector<HTMLSelectElement>('#f-time')!.value).to.equal('');
  });

  it('names a chip by the host’s own “remove filter” wording, even one with no place for the filter in it', async () => {
    const el = await mount();
    el.messages = { en: { remove_filter: 'Take this filter away' } };
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await settle(el);
    const chip = root(el).querySelector('.chip')!;
    expect(chip.getAttribute('aria-label')).to.equal('Take this filter away');
    expect(chip.querySelector('.visually-hidden')).to.equal(null);
    expect(chip.textContent).to.contain('Free only');
  });

  it('announces the result count in a polite live region once typing settles, in English', async () => {
    const el = await mount();
    const live = root(el).querySelector('#live')!;
    expect(live.getAttribute('role')).to.equal('status');
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => liveText(el) === '3 services found', 'announced', { timeout: 15000 });
    await choose(el, '#f-category', 'youth');
    await waitUntil(() => liveText(el) === 'No services found', 'announced none', { timeout: 15000 });
  });

  it('announces the count again after a filter change that finds as many services, so the change is heard', async () => {
    const el = await mount();
    await countAnnounced(el);
    const live = root(el).querySelector('#live')!;
    let said = 0;
    let last = liveText(el);
    const observer = new MutationObserver(() => {
      const text = liveText(el);
      if (text && text !== last) said++;
      last = text;
    });
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    await choose(el, '#f-category', 'youth');
    await waitUntil(() => said === 1, 'first change announced', { timeout: 15000 });
    expect(liveText(el)).to.equal('1 service found');
    // Youth Club is the only youth service, and it is open on Tuesdays: still one, and the family must hear so.
    await choose(el, '#f-day', 'TU');
    await waitUntil(() => said === 2, 'second change announced', { timeout: 15000 });
    await settle(el);
    observer.disconnect();
    expect(names(el)).to.deep.equal([YOUTH.name]);
    expect(said, 'announcements').to.equal(2);
    expect(liveText(el)).to.equal('1 service found');
  });

  it('announces the result count with Welsh plural forms', async () => {
    const el = await mount(SMALL_DIRECTORY, { lang: 'cy' });
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('.heading')!.textContent).to.equal('Dod o hyd i wasanaethau lleol');
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => liveText(el) === 'Cafwyd hyd i 3 gwasanaeth', 'Welsh few', { timeout: 15000 });
    await choose(el, '#f-language', 'cy');
    await waitUntil(() => liveText(el) === 'Cafwyd hyd i 1 gwasanaeth', 'Welsh one', { timeout: 15000 });
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => liveText(el) === 'Cafwyd hyd i 2 wasanaeth', 'Welsh two (mutated)', { timeout: 15000 });
    // Intl says "zero" for 0 in Welsh, but the directory's none message is `results_none` in both languages.
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await choose(el, '#f-category', 'youth');
    await waitUntil(() => liveText(el) === 'Ni chafwyd hyd i unrhyw wasanaethau', 'Welsh none', { timeout: 15000 });
    expect(root(el).querySelector('#count')!.textContent!.trim()).to.equal('Ni chafwyd hyd i unrhyw wasanaethau');
    expect(root(el).querySelector('#f-day option[value="TU"]')!.textContent).to.equal('Dydd Mawrth');
  });

  it('on a Welsh page over services in English, says to search in English, with English examples', async () => {
    const el = await mount(SMALL_DIRECTORY, { lang: 'cy' });
    const hint = root(el).querySelector('#q-hint')!;
    // "bwyd" and "magu plant" found nothing: the search matches the services' own (English) words.
    expect(hint.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Mae’r gwasanaethau wedi’u disgrifio yn Saesneg, felly chwiliwch yn Saesneg. Er enghraifft: parenting, speech and language, food',
    );
    expect(hint.querySelector('span[lang="en"]')!.textContent).to.equal('parenting, speech and language, food');
    expect(root(el).querySelector('#q')!.getAttribute('aria-describedby')).to.equal('q-hint');
    await typeQuery(el, 'parenting');
    expect(names(el)).to.include(PARENTING.name);

    // Services written in Welsh keep the Welsh examples.
    el.feedLang = 'cy';
    await el.updateComplete;
    expect(hint.textContent!.trim()).to.equal('Er enghraifft: magu plant, lleferydd ac iaith, bwyd');
  });

  it('names languages in Welsh, and lists them as Welsh does, on a Welsh page', async () => {
    const el = await mount(SMALL_DIRECTORY, { lang: 'cy' });
    const options = [...root(el).querySelectorAll('#f-language option')].map((o) => o.textContent!.trim());
    expect(options).to.include.members(['Saesneg', 'Cymraeg']);
    root(el).querySelector<HTMLButtonElement>(`[data-open="${YOUTH.id}"]`)!.click();
    await el.updateComplete;
    // "a" brings the aspirate mutation: Cymraeg → Chymraeg.
    expect(root(el).querySelector('dialog')!.textContent).to.contain('Saesneg a Chymraeg');
  });

  it('opens details in a dialog with safe contact links and returns focus on close', async () => {
    const el = await mount();
    const opener = root(el).querySelector<HTMLButtonElement>(`[data-open="${BABY.id}"]`)!;
    opener.focus();
    const opened = oneEvent(el, 'c2c-service-open');
    opener.click();
    const event = await opened;
    expect(event.detail.service.id).to.equal(BABY.id);
    expect(event.bubbles && event.composed).to.equal(true);
    const dialog = root(el).querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(root(el).activeElement?.id).to.equal('details-title');
    await expect(el).to.be.accessible();
    const hrefs = [...dialog.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).to.include('tel:01632960001');
    expect(hrefs).to.include('mailto:baby@example.org');
    expect(hrefs).to.include('https://example.org/baby');
    expect(hrefs).to.include('https://www.openstreetmap.org/?mlat=51.5&mlon=-3.2#map=17/51.5/-3.2');
    expect(dialog.textContent).to.contain('Mondays, 9:30am to 11:30am');
    expect(dialog.textContent).to.contain('Ages 0 to 5');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, undefined, { timeout: 15000 });
    await settle(el);
    expect(root(el).activeElement).to.equal(root(el).querySelector(`[data-open="${BABY.id}"]`));
  });

  it('can be used with the keyboard alone: search, open, close, save', async () => {
    const el = await mount();
    await el.searchIndexReady;
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.id).to.equal('q');
    await sendKeys({ type: 'baby' });
    await settle(el);
    expect(names(el)).to.deep.equal([BABY.name]);
    let presses = 0;
    while (root(el).activeElement?.getAttribute('data-open') !== BABY.id && presses++ < 40)
      await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.getAttribute('data-open')).to.equal(BABY.id);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root(el).querySelector('dialog')!.open, undefined, { timeout: 15000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root(el).querySelector('dialog')!.open, undefined, { timeout: 15000 });
    await settle(el);
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.classList.contains('save')).to.equal(true);
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(root(el).querySelector('.results .save')!.getAttribute('aria-pressed')).to.equal('true');
    // The tick is drawn with empty alt text, so the button's name stays "Save…" and is not read as "check mark".
    const tick = getComputedStyle(root(el).querySelector('.results .save')!, '::before').content;
    expect(tick).to.equal('"✓ " / ""');
    // Still focused, it keeps the focus style every other control has (yellow, dark text), not the pressed colours.
    const pressed = getComputedStyle(root(el).querySelector('.results .save')!);
    expect(root(el).activeElement?.classList.contains('save')).to.equal(true);
    expect([pressed.backgroundColor, pressed.color], 'the focus colours').to.deep.equal([
      'rgb(255, 221, 0)',
      'rgb(11, 12, 12)',
    ]);
    before.remove();
  });

  it('renders feed text as text: markup in a name never becomes an element', async () => {
    const evil = svc('x', '<img src=x onerror=alert(1)>', {
      description: '<script>alert(2)</script><b>bold</b>',
      organisation: { id: 'o', name: '<iframe src="https://evil.example"></iframe>' },
    });
    const el = await mount([evil]);
    expect(names(el)).to.deep.equal(['<img src=x onerror=alert(1)>']);
    root(el).querySelector<HTMLButtonElement>('[data-open="x"]')!.click();
    await settle(el);
    expect(root(el).querySelector('#details-title')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(root(el).querySelectorAll('img, script, iframe, b').length).to.equal(0);
  });

  it('drops links that are not http(s), tel or mailto', async () => {
    const bad = svc('y', 'Risky links', {
      url: 'javascript:alert(1)',
      email: 'x@y.org" onmouseover="alert(1)',
      organisation: { id: 'o', name: 'Org', url: 'data:text/html,<script>alert(1)</script>' },
      contacts: [{ phones: [{ number: 'call us maybe' }, { number: '"01632 960 002"' }] }],
      locations: [
        { id: 'l', accessibility: [], address: { line1: '1 Road', city: 'Town', postcode: 'CF10 1AA', country: 'GB' } },
      ],
    });
    const el = await mount([bad]);
    root(el).querySelector<HTMLButtonElement>('[data-open="y"]')!.click();
    await settle(el);
    const hrefs = [...root(el).querySelectorAll('a')].map((a) => a.getAttribute('href')!);
    for (const h of hrefs) expect(h).to.match(/^(https:|tel:|mailto:)/);
    expect(hrefs).to.deep.equal(['tel:01632960002', 'https://www.openstreetmap.org/search?query=CF10%201AA']);
    expect(root(el).querySelector('dialog')!.textContent).to.contain('call us maybe');
  });

  it('makes an email link of a plain address only: a feed cannot add a hidden copy or a message to it', async () => {
    const sneaky = svc('z', 'Sneaky links', {
      email: 'help@example.org?bcc=spy%40evil.example',
      contacts: [
        { email: 'info@example.org?body=Send%20us%20your%20child%27s%20name', phones: [] },
        { email: 'team@example.org,spy%40evil.example', phones: [] },
        { email: 'desk@example.org', phones: [] },
      ],
    });
    const el = await mount([sneaky]);
    root(el).querySelector<HTMLButtonElement>('[data-open="z"]')!.click();
    await settle(el);
    const dialog = root(el).querySelector('dialog')!;
    const hrefs = [...dialog.querySelectorAll('a')].map((a) => a.getAttribute('href')!);
    expect(hrefs).to.deep.equal(['mailto:desk@example.org']);
    // What the feed wrote is still shown, as text, so nothing is hidden from the family either.
    expect(dialog.textContent).to.contain('help@example.org?bcc=spy%40evil.example');
  });
});

describe('<c2c-service-directory> language of the feed’s text', () => {
  const FEED_TEXT = svc('lang-1', 'Stay and Play', {
    description: 'Play sessions for under-fives and their carers.',
    organisation: { id: 'fh', name: 'Brookfield Family Hub', url: 'https://example.org/hub' },
    eligibility: 'Families with children under five',
    howToAccess: 'Just turn up',
    fees: 'Donations welcome',
    accessibility: ['Baby changing'],
    taxonomyTerms: [{ id: 'play', name: 'Play' }],
    contacts: [{ phones: [{ number: '01632 960123', description: 'Mornings only' }] }],
    locations: [
      {
        id: 'l1',
        name: 'Community Centre',
        address: { line1: '3 Mill Lane', city: 'Brookfield', postcode: 'CF10 2BB', country: 'GB' },
        accessibility: ['Ramp at the side door'],
      },
    ],
    schedules: [{ freq: 'WEEKLY', byDay: [], description: 'Most Saturday mornings' }],
  });
  const lang = (e: Element | null) => e?.getAttribute('lang') ?? null;

  it('marks text from the feed as English on a Welsh page, and leaves the directory’s own Welsh words alone', async () => {
    const el = await mount([FEED_TEXT], { lang: 'cy' });
    const result = root(el).querySelector('li.result')!;
    expect(lang(result.querySelector('.name')!.closest('[lang]'))).to.equal('en');
    expect(lang(result.querySelector('.org'))).to.equal('en');
    expect(lang(result.querySelector('.summary'))).to.equal('en');
    const fees = [...result.querySelectorAll('.facts [lang]')].map((x) => [x.textContent, lang(x)]);
    expect(fees).to.deep.equal([['Donations welcome', 'en']]);
    expect(lang(root(el).querySelector('#f-category option[value="play"]'))).to.equal('en');
    // None of the directory's own words carries a language of its own: they follow the page (Welsh).
    for (const own of root(el).querySelectorAll('#count, .heading, label, legend, .save, .shortlist-button'))
      expect(lang(own.closest('[lang]')), own.textContent!).to.equal(null);
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLButtonElement>('.name')!.click();
    await settle(el);
    const details = root(el).querySelector('.details')!;
    expect(lang(details.querySelector('#details-title'))).to.equal('en');
    // "Run by …" is our sentence in Welsh with the feed's name inside it, marked on its own.
    const runBy = details.querySelector('.org a')!;
    expect(lang(runBy.closest('[lang]'))).to.equal(null);
    expect(runBy.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Yn cael ei redeg gan Brookfield Family Hub');
    expect([...runBy.querySelectorAll('[lang]')].map((x) => [x.textContent, lang(x)])).to.deep.equal([
      ['Brookfield Family Hub', 'en'],
    ]);
    for (const text of [
      'Play sessions for under-fives and their carers.',
      'Families with children under five',
      'Just turn up',
      'Donations welcome',
      '(Mornings only)',
      'Most Saturday mornings',
      'Ramp at the side door',
      'Baby changing',
    ]) {
      // The innermost element holding just this text.
      const holder = [...details.querySelectorAll('p, li, span')].filter((x) => x.textContent!.trim() === text).pop();
      expect(holder, text).to.not.equal(undefined);
      expect(lang(holder!.closest('[lang]')), text).to.equal('en');
    }
    expect(lang(details.querySelector('address'))).to.equal('en');
    const mapLink = [...details.querySelectorAll('a')].find((a) => a.href.includes('openstreetmap'))!;
    expect(lang(mapLink.closest('[lang]'))).to.equal(null);
    expect(lang(mapLink.querySelector('span'))).to.equal('en');
    for (const own of details.querySelectorAll('h3, .close, .actions .save'))
      expect(lang(own.closest('[lang]')), own.textContent!).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('marks a language the feed names without a code as the feed’s word, in the filter, its chip and the details', async () => {
    // "Polish" has no code, so the directory cannot name it in Welsh: it shows the feed's English word, which a Welsh
    // voice would read as Welsh unless it is marked, and which the Welsh list must not mutate ("a Pholish").
    const spoken = { ...FEED_TEXT, languages: [{ name: 'English', code: 'en' }, { name: 'Polish' }] };
    const el = await mount([spoken], { lang: 'cy' });
    expect(lang(root(el).querySelector('#f-language option[value="en"]'))).to.equal(null);
    expect(lang(root(el).querySelector('#f-language option[value="Polish"]'))).to.equal('en');
    await choose(el, '#f-language', 'Polish');
    await choose(el, '#f-access', 'Baby changing');
    const chipWords = (key: string) => {
      const word = root(el).querySelector(`.chip[data-filter="${key}"] > span:not(.x, .visually-hidden)`)!;
      return [word.textContent, lang(word)];
    };
    expect(chipWords('language')).to.deep.equal(['Polish', 'en']);
    expect(chipWords('accessibility')).to.deep.equal(['Baby changing', 'en']);
    // Named from its content, not by an aria-label: a label is one string in the page's language, read all in Welsh.
    const chip = root(el).querySelector('.chip[data-filter="language"]')!;
    expect(chip.hasAttribute('aria-label')).to.be.false;
    expect(chipName(chip)).to.equal('Tynnu’r hidlydd: Polish');
    expect(lang(chip.querySelector('.visually-hidden')!.closest('[lang]'))).to.equal(null);
    const suggestion = await (async () => {
      await typeQuery(el, 'nothing like this');
      return [...root(el).querySelectorAll('.suggestion')].find((b) => b.textContent!.includes('Polish'))!;
    })();
    expect(suggestion.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Tynnu’r hidlydd: Polish');
    expect([...suggestion.querySelectorAll('[lang]')].map((x) => [x.textContent, lang(x)])).to.deep.equal([
      ['Polish', 'en'],
    ]);
    await typeQuery(el, '');

    root(el).querySelector<HTMLButtonElement>('.name')!.click();
    await settle(el);
    const heading = [...root(el).querySelectorAll('.details h3')].find((h) => h.textContent === 'Ieithoedd')!;
    const list = heading.nextElementSibling!;
    expect(list.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Saesneg a Polish');
    expect(lang(list.closest('[lang]'))).to.equal(null);
    expect([...list.querySelectorAll('[lang]')].map((x) => [x.textContent, lang(x)])).to.deep.equal([['Polish', 'en']]);
    await expect(el).to.be.accessible();
  });

  it('marks the feed’s text with the language the host names in feed-lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="en">
        <c2c-service-directory no-url-state feed-lang="cy" .services=${[FEED_TEXT]}></c2c-service-directory>
      </div>`,
    );
    const el = wrapper.querySelector('c2c-service-directory')!;
    await waitUntil(() => root(el).querySelector('li.result'), 'results render', { timeout: 15000 });
    expect(lang(root(el).querySelector('li.result .name')!.closest('[lang]'))).to.equal('cy');
    expect(lang(root(el).querySelector('#count')!.closest('[lang]'))).to.equal(null);
  });

  it('lists no opening time from a schedule that has ended', async () => {
    const el = await mount([
      svc('ended', 'Summer club', {
        schedules: [
          { freq: 'WEEKLY', byDay: ['MO'], opensAt: '10:00', closesAt: '12:00', validTo: '2020-08-31' },
          { freq: 'WEEKLY', byDay: ['TU'], opensAt: '10:00', closesAt: '12:00' },
        ],
      }),
      svc('over', 'Old course', {
        schedules: [{ freq: 'WEEKLY', byDay: ['WE'], opensAt: '10:00', closesAt: '12:00', validTo: '2020-08-31' }],
      }),
    ]);
    root(el).querySelector<HTMLButtonElement>('[data-open="ended"]')!.click();
    await settle(el);
    const times = () => {
      const h = [...root(el).querySelectorAll('.details h3')].find((x) => x.textContent === 'Opening times')!;
      return h.nextElementSibling!.textContent!.replace(/\s+/g, ' ').trim();
    };
    expect(times()).to.equal('Tuesdays, 10am to midday');
    root(el).querySelector<HTMLButtonElement>('.details .close')!.click();
    await settle(el);
    root(el).querySelector<HTMLButtonElement>('[data-open="over"]')!.click();
    await settle(el);
    expect(times()).to.equal('Contact the service for opening times.');
  });
});

describe('<c2c-service-directory> shortlist', () => {
  it('saves services in localStorage, survives a reload and reports changes', async () => {
    const el = await mount();
    const changed = oneEvent(el, 'c2c-shortlist-change');
    root(el).querySelector<HTMLButtonElement>('.results .save')!.click();
    const event = await changed;
    const savedId = event.detail.ids[0];
    expect(event.detail.ids).to.have.length(1);
    expect(JSON.parse(localStorage.getItem(SHORTLIST_KEY)!).items[0].id).to.equal(savedId);
    const again = await mount();
    expect(root(again).querySelector('.shortlist-button')!.textContent).to.contain('(1)');
    await openShortlist(again);
    expect(root(again).activeElement?.id).to.equal('shortlist-title');
    expect(root(again).querySelectorAll('.shortlist li.result').length).to.equal(1);
    await expect(again).to.be.accessible();
  });

  it('keeps keyboard focus in the shortlist as services are removed from it', async () => {
    const el = await mount();
    for (const save of [...root(el).querySelectorAll<HTMLButtonElement>('.results .save')].slice(0, 3)) save.click();
    await settle(el);
    await openShortlist(el);
    const buttons = () => [...root(el).querySelectorAll<HTMLButtonElement>('.shortlist .save')];
    const listed = () => [...root(el).querySelectorAll('.shortlist .name')].map((n) => n.textContent!.trim());
    const focusedName = () => {
      const active = root(el).activeElement;
      return active?.closest('li.result')?.querySelector('.name')?.textContent?.trim() ?? active?.id;
    };
    const remove = async (index: number) => {
      buttons()[index]!.focus();
      buttons()[index]!.click();
      await settle(el);
    };
    const [, second, third] = listed();
    // From the first row: focus goes to the service that takes its place.
    await remove(0);
    expect(listed()).to.deep.equal([second, third]);
    expect(focusedName(), 'after removing the first').to.equal(second);
    expect(root(el).activeElement).to.have.class('save');
    // From the last row: to the one before it.
    await remove(1);
    expect(listed()).to.deep.equal([second]);
    expect(focusedName(), 'after removing the last').to.equal(second);
    expect(root(el).activeElement).to.have.class('save');
    // The only one: to the heading, with "empty" below it.
    await remove(0);
    expect(listed()).to.deep.equal([]);
    expect(focusedName(), 'after removing the only one').to.equal('shortlist-title');
    await expect(el).to.be.accessible();
  });

  it('keeps keyboard focus in the shortlist when a service is removed from it in its details', async () => {
    const el = await mount();
    for (const save of [...root(el).querySelectorAll<HTMLButtonElement>('.results .save')].slice(0, 2)) save.click();
    await settle(el);
    await openShortlist(el);
    // The last service: its row goes with it, and the native dialog has no opener to give focus back to.
    const opener = [...root(el).querySelectorAll<HTMLButtonElement>('.shortlist .name')].at(-1)!;
    opener.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = root(el).querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'details open', { timeout: 15000 });
    // Tab to the dialog's own Save (pressed), press it to take the service off the list, then close with Escape.
    let presses = 0;
    while (!root(el).activeElement?.matches('dialog .save') && presses++ < 30) await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(dialog.querySelector('.save')!.getAttribute('aria-pressed')).to.equal('false');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'details closed', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelectorAll('.shortlist .name')).to.have.length(1);
    expect(focusedName(el)).to.equal('h2#shortlist-title');
    await expect(el).to.be.accessible();
  });

  it('prints each saved service’s opening times, phone, email and address, which the screen leaves to the details', async () => {
    const el = await mount();
    await shortlistOnly(el, BABY.id);
    const contact = root(el).querySelector<HTMLElement>('.shortlist li.result .print-contact')!;
    expect(getComputedStyle(contact).display).to.equal('none');
    await emulateMedia({ media: 'print' });
    try {
      expect(getComputedStyle(contact).display).to.not.equal('none');
      const lines = [...contact.querySelectorAll('li')].map((li) => li.textContent!.trim());
      expect(lines).to.deep.equal([
        'Mondays, 9:30am to 11:30am',
        'Call 01632 960001',
        'Email baby@example.org',
        'a venue, 1 High Street, Brookfield, CF10 1AA',
      ]);
      expect(getComputedStyle(root(el).querySelector('.shortlist .save')!).display).to.equal('none');
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });

  it('prints opening times in place of “Next open: today”, which is wrong on any later day the paper is read', async () => {
    // Open every day, all day: "Next open: today" whatever day and time the test runs.
    const daily = svc('daily', 'Drop-in Advice', {
      schedules: [{ freq: 'WEEKLY', byDay: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] }],
    });
    const el = await mount([...SMALL_DIRECTORY, daily]);
    await shortlistOnly(el, daily.id);
    const next = root(el).querySelector<HTMLElement>('.shortlist li.result .facts li')!;
    expect(next.textContent!.trim()).to.equal('Next open: today');
    expect(getComputedStyle(next).display, 'on screen').to.not.equal('none');
    await emulateMedia({ media: 'print' });
    try {
      expect(getComputedStyle(next).display, 'on paper').to.equal('none');
      const contact = root(el).querySelector<HTMLElement>('.shortlist li.result .print-contact')!;
      expect(getComputedStyle(contact).display).to.not.equal('none');
      expect([...contact.querySelectorAll('li')].map((li) => li.textContent!.trim())).to.deep.equal([
        'Mondays, Tuesdays, Wednesdays, Thursdays, Fridays, Saturdays and Sundays',
      ]);
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });

  it('leaves the copied link and its message off the printed shortlist', async () => {
    const el = await mount();
    await shortlistOnly(el, CAFE.id);
    const realWrite = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async () => undefined;
    try {
      root(el).querySelector<HTMLButtonElement>('.share')!.click();
      await waitUntil(() => root(el).querySelector('.share-link'), undefined, { timeout: 15000 });
    } finally {
      navigator.clipboard.writeText = realWrite;
    }
    await settle(el);
    const shown = (selector: string) => getComputedStyle(root(el).querySelector(selector)!).display !== 'none';
    const pieces = ['.share-status', '.share-link', 'label[for="share-link"]'];
    expect(pieces.map(shown), 'on screen').to.deep.equal([true, true, true]);
    await emulateMedia({ media: 'print' });
    try {
      // A link on paper cannot be followed, and "Link copied" would describe the screen, not the page.
      expect(pieces.map(shown), 'on paper').to.deep.equal([false, false, false]);
      expect(shown('.shortlist li.result'), 'the services are printed').to.equal(true);
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });

  it('says when every service in a shared link has gone, and offers nothing to save', async () => {
    history.replaceState(null, '', '?c2c-shortlist=nope-1');
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory .services=${SMALL_DIRECTORY}></c2c-service-directory>`,
    );
    await settle(el);
    expect(root(el).querySelector('#shortlist-title')!.textContent).to.equal('Services shared with you');
    const status = root(el).querySelector('.shared-status')!;
    expect(status.textContent!.trim()).to.equal(
      'The services shared with you are no longer listed. To see every service, use “Back to all services” above the heading.',
    );
    expect(root(el).querySelector('.save-all')).to.equal(null);
    expect(root(el).querySelectorAll('.shortlist li.result').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('tells a screen reader it is looking at a shared shortlist, how many services it holds and how to go back', async () => {
    history.replaceState(null, '', `?c2c-shortlist=${BABY.id},${YOUTH.id},gone-1`);
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory .services=${SMALL_DIRECTORY}></c2c-service-directory>`,
    );
    await settle(el);
    // Past the moment the whole directory's count would be said (400 ms), which describes a list not shown. Only
    // a wrongly said count can make what follows fail, so a late timer makes this test pass, never fail.
    await aTimeout(600);
    const said =
      'Someone has shared a shortlist of 2 services with you. Some shared services are no longer listed. ' +
      'To see every service, use “Back to all services” above the heading.';
    expect(liveText(el)).to.equal(said);
    // Said once: the words on screen are not a second live region.
    const status = root(el).querySelector('.shared-status')!;
    expect(status.textContent!.trim()).to.equal(said);
    expect(status.closest('[role="status"],[role="alert"],[aria-live]')?.tagName ?? null).to.equal(null);
    const back = root(el).querySelector<HTMLButtonElement>('.shortlist .back')!;
    expect(back.textContent!.trim()).to.equal('Back to all services');
    await expect(el).to.be.accessible();
    back.click();
    await settle(el);
    expect(root(el).querySelector('.shortlist')).to.equal(null);
    expect(focusedName(el)).to.equal('p#count.count');
  });

  it('says what a shared shortlist holds in Welsh, with the Welsh plural', async () => {
    history.replaceState(null, '', `?c2c-shortlist=${BABY.id},${YOUTH.id}`);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="cy"><c2c-service-directory .services=${SMALL_DIRECTORY}></c2c-service-directory></div>`,
    );
    const el = wrapper.querySelector('c2c-service-directory')!;
    await settle(el);
    await aTimeout(600);
    expect(liveText(el)).to.equal(
      'Mae rhywun wedi rhannu rhestr fer o 2 wasanaeth gyda chi. ' +
        'I weld pob gwasanaeth, defnyddiwch “Yn ôl i’r holl wasanaethau” uwchben y pennawd.',
    );
    expect(root(el).querySelector('.shortlist .back')!.textContent!.trim()).to.equal('Yn ôl i’r holl wasanaethau');
  });

  it('shows and keeps the directory’s current record of a saved service, not the copy saved on an earlier visit', async () => {
    // Saved when Baby Bounce cost £7 a session, met on Fridays and had another description.
    const old = {
      ...BABY,
      description: 'Old description from the day it was saved.',
      free: false,
      costOptions: [{ option: 'Per session', amount: 7, currency: 'GBP' }],
      schedules: [{ freq: 'WEEKLY', byDay: ['FR'], opensAt: '13:00', closesAt: '14:00' }],
    };
    localStorage.setItem(SHORTLIST_KEY, JSON.stringify({ items: [old, YOUTH] }));
    const el = await mount();
    const changes: unknown[] = [];
    el.addEventListener('c2c-shortlist-change', (e) => changes.push(e.detail));
    await openShortlist(el);
    const row = root(el).querySelector('.shortlist li.result')!;
    expect(row.querySelector('.summary')!.textContent!.trim()).to.equal(BABY.description);
    expect(row.querySelector('.facts')!.textContent).to.not.contain('£7');
    const stored = (JSON.parse(localStorage.getItem(SHORTLIST_KEY)!) as { items: Service[] }).items;
    expect(stored).to.deep.equal(JSON.parse(JSON.stringify([BABY, YOUTH])));
    expect(changes, 'the same services are saved').to.deep.equal([]);
  });

  it('says which saved services the directory no longer lists, keeps their names, and lets the family remove them', async () => {
    localStorage.setItem(SHORTLIST_KEY, JSON.stringify({ items: [BABY, YOUTH] }));
    // Baby Bounce has since been taken out of the directory's services.
    const el = await mount(SMALL_DIRECTORY.filter((s) => s.id !== BABY.id));
    await openShortlist(el);
    const rows = () => [...root(el).querySelectorAll<HTMLElement>('.shortlist li.result')];
    expect(rows().map((r) => r.querySelector('.result-name')!.textContent!.trim())).to.deep.equal([
      BABY.name,
      YOUTH.name,
    ]);
    const [gone, current] = rows();
    expect(gone!.textContent).to.contain('This service is no longer listed in the directory.');
    expect(current!.textContent).to.not.contain('no longer listed');
    // Nothing saved about it reads as current: no details to open, no opening times or cost.
    expect(gone!.querySelector('button.name, .facts, .print-contact')).to.equal(null);
    await expect(el).to.be.accessible();
    const remove = gone!.querySelector<HTMLButtonElement>('.save')!;
    expect(remove.textContent!.trim()).to.equal('Remove from shortlist');
    remove.focus();
    remove.click();
    await settle(el);
    expect(rows().map((r) => r.querySelector('.result-name')!.textContent!.trim())).to.deep.equal([YOUTH.name]);
    expect(JSON.parse(localStorage.getItem(SHORTLIST_KEY)!).items.map((s: Service) => s.id)).to.deep.equal([YOUTH.id]);
    expect(root(el).activeElement).to.have.class('save');
  });

  it('says in Welsh that a saved service is no longer listed', async () => {
    localStorage.setItem(SHORTLIST_KEY, JSON.stringify({ items: [BABY] }));
    const el = await mount([YOUTH], { lang: 'cy' });
    await openShortlist(el);
    const row = root(el).querySelector('.shortlist li.result')!;
    expect(row.querySelector('.result-name')!.textContent!.trim()).to.equal(BABY.name);
    expect(row.querySelector('.unlisted-note')!.textContent!.trim()).to.equal(
      'Nid yw’r gwasanaeth hwn wedi’i restru yn y cyfeiriadur mwyach.',
    );
    expect(row.querySelector('.save')!.textContent!.trim()).to.equal('Tynnu o’r rhestr fer');
  });

  it('does not show a shared link’s service from the family’s own saved copy once the directory has dropped it', async () => {
    localStorage.setItem(SHORTLIST_KEY, JSON.stringify({ items: [BABY] }));
    history.replaceState(null, '', `?c2c-shortlist=${BABY.id},${YOUTH.id}`);
    const el = await mount([YOUTH], { urlState: true });
    await waitUntil(() => root(el).querySelector('.shared-status')?.textContent?.includes('1 service'), 'shared', {
      timeout: 15000,
    });
    expect([...root(el).querySelectorAll('.shortlist .name')].map((n) => n.textContent!.trim())).to.deep.equal([
      YOUTH.name,
    ]);
  });

  it('ignores a corrupt stored shortlist instead of failing', async () => {
    localStorage.setItem(SHORTLIST_KEY, '{not json');
    const el = await mount();
    expect(root(el).querySelector('.shortlist-button')!.textContent).to.contain('(0)');
    localStorage.setItem(
      SHORTLIST_KEY,
      JSON.stringify({ items: [{ id: 'a' }, 42, { id: 'b', name: 'Kept', locations: 'nope' }] }),
    );
    const again = await mount();
    await openShortlist(again);
    // The usable entry is kept, and shown as the directory lists service "b" now.
    expect([...root(again).querySelectorAll('.shortlist .name')].map((n) => n.textContent)).to.deep.equal([YOUTH.name]);
  });

  it('prints and shares the shortlist as a link that reopens it', async () => {
    const el = await mount();
    await shortlistOnly(el, CAFE.id);
    const realPrint = window.print;
    let printed = 0;
    window.print = () => void printed++;
    try {
      root(el).querySelector<HTMLButtonElement>('.print')!.click();
      await settle(el);
    } finally {
      window.print = realPrint;
    }
    expect(printed).to.equal(1);
    // The status region is on the page before anything is copied: one added with its words is often not read out.
    const status = root(el).querySelector('.share-status')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('');
    const said: string[] = [];
    const watch = new MutationObserver(() => said.push(status.textContent!.trim()));
    watch.observe(status, { childList: true, subtree: true, characterData: true });
    // The browser's clipboard writes only for the page with focus, which another test file running beside this
    // one may hold: a clipboard that takes the text keeps this test about the component.
    const realWrite = navigator.clipboard.writeText;
    const copied: string[] = [];
    navigator.clipboard.writeText = async (text: string) => void copied.push(text);
    root(el).querySelector<HTMLButtonElement>('.share')!.click();
    await waitUntil(() => root(el).querySelector('.share-link'), undefined, { timeout: 15000 });
    await waitUntil(() => said.at(-1)?.startsWith('Link copied'), 'first copy said', { timeout: 15000 });
    expect(root(el).querySelector('.share-status') === status, 'the same region throughout').to.equal(true);
    // A second copy empties and fills it again, so it is announced again.
    said.length = 0;
    root(el).querySelector<HTMLButtonElement>('.share')!.click();
    await waitUntil(() => said.at(-1)?.startsWith('Link copied'), 'second copy said', { timeout: 15000 });
    expect(
      said.some((t) => t === ''),
      'emptied between copies',
    ).to.equal(true);
    watch.disconnect();
    navigator.clipboard.writeText = realWrite;
    const link = root(el).querySelector<HTMLInputElement>('.share-link')!.value;
    expect(copied).to.deep.equal([link, link]);
    expect(new URL(link).searchParams.get('c2c-shortlist')).to.equal(CAFE.id);
    clearDefaultShortlist();
    history.replaceState(null, '', link);
    const opened = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory .services=${SMALL_DIRECTORY}></c2c-service-directory>`,
    );
    await settle(opened);
    expect(root(opened).querySelector('#shortlist-title')!.textContent).to.equal('Services shared with you');
    expect([...root(opened).querySelectorAll('.shortlist .name')].map((n) => n.textContent)).to.deep.equal([CAFE.name]);
    root(opened).querySelector<HTMLButtonElement>('.shortlist > button:not(.back)')!.click();
    expect(JSON.parse(localStorage.getItem(SHORTLIST_KEY)!).items.map((s: Service) => s.id)).to.deep.equal([CAFE.id]);
  });
  it('shows the link to copy by hand when the clipboard does not answer', async () => {
    const el = await mount();
    await shortlistOnly(el, CAFE.id);
    const realWrite = navigator.clipboard.writeText;
    navigator.clipboard.writeText = () => new Promise<void>(() => {});
    try {
      root(el).querySelector<HTMLButtonElement>('.share')!.click();
      await waitUntil(() => root(el).querySelector('.share-link'), 'link shown', { timeout: 15000 });
    } finally {
      navigator.clipboard.writeText = realWrite;
    }
    expect(root(el).querySelector('.share-status')!.textContent!.trim()).to.equal('Copy the link below to share it.');
    const link = root(el).querySelector<HTMLInputElement>('.share-link')!.value;
    expect(new URL(link).searchParams.get('c2c-shortlist')).to.equal(CAFE.id);
  });
  it('empties the shortlist when another tab clears the site’s storage', async () => {
    const el = await mount();
    root(el)
      .querySelector<HTMLButtonElement>(`[data-open="${CAFE.id}"]`)!
      .closest('li')!
      .querySelector<HTMLButtonElement>('.save')!
      .click();
    await settle(el);
    expect(root(el).querySelector('.shortlist-button')!.textContent!.trim()).to.equal('Your shortlist (1)');
    // localStorage.clear() in another tab (a shared computer's "sign out" script) reaches this one with no key.
    // Only our key is removed here: other test files may share this origin's storage.
    localStorage.removeItem(SHORTLIST_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: null, storageArea: localStorage }));
    await settle(el);
    expect(root(el).querySelector('.shortlist-button')!.textContent!.trim()).to.equal('Your shortlist (0)');
  });

  it('shows the link to copy by hand where the page has no clipboard (a page served over plain http)', async () => {
    const el = await mount();
    await shortlistOnly(el, CAFE.id);
    const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    // Browsers give `navigator.clipboard` to secure contexts only: a school intranet on http:// has none.
    Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined });
    try {
      root(el).querySelector<HTMLButtonElement>('.share')!.click();
      await waitUntil(() => root(el).querySelector('.share-link'), 'link shown', { timeout: 15000 });
    } finally {
      Object.defineProperty(Navigator.prototype, 'clipboard', real);
    }
    expect(root(el).querySelector('.share-status')!.textContent!.trim()).to.equal('Copy the link below to share it.');
  });
});

describe('<c2c-service-directory> URL state', () => {
  it('writes search and filters to c2c- parameters and reads them back', async () => {
    const el = await mount(SMALL_DIRECTORY, { urlState: true });
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await typeQuery(el, 'cafe');
    await waitUntil(() => new URL(location.href).searchParams.get('c2c-q') === 'cafe', 'query in URL', {
      timeout: 15000,
    });
    expect(new URL(location.href).searchParams.get('c2c-free')).to.equal('1');
    const copy = await mount(SMALL_DIRECTORY, { urlState: true });
    expect(root(copy).querySelector<HTMLInputElement>('#q')!.value).to.equal('cafe');
    expect(root(copy).querySelector<HTMLInputElement>('#f-free')!.checked).to.equal(true);
    await copy.searchIndexReady;
    await settle(copy);
    expect(names(copy)).to.deep.equal([CAFE.name]);
  });

  it('goes back and forward through filter changes and open details', async () => {
    const el = await mount(SMALL_DIRECTORY, { urlState: true });
    await choose(el, '#f-day', 'TU');
    await choose(el, '#f-day', 'SA');
    expect(names(el)).to.deep.equal([CAFE.name]);
    let popped = oneEvent(window, 'popstate');
    history.back();
    await popped;
    await settle(el);
    expect(names(el)).to.deep.equal([YOUTH.name]);
    expect(root(el).querySelector<HTMLSelectElement>('#f-day')!.value).to.equal('TU');
    popped = oneEvent(window, 'popstate');
    history.forward();
    await popped;
    await settle(el);
    expect(names(el)).to.deep.equal([CAFE.name]);
    root(el).querySelector<HTMLButtonElement>(`[data-open="${CAFE.id}"]`)!.click();
    await settle(el);
    expect(new URL(location.href).searchParams.get('c2c-service')).to.equal(CAFE.id);
    popped = oneEvent(window, 'popstate');
    history.back();
    await popped;
    await settle(el);
    expect(root(el).querySelector('dialog')!.open).to.equal(false);
  });

  it('makes one history entry for a run of arrow-key steps through a filter, and one per filter after that', async () => {
    const el = await mount(SMALL_DIRECTORY, { urlState: true });
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await settle(el);
    const param = (k: string) => new URL(location.href).searchParams.get(`c2c-${k}`);
    expect(param('free')).to.equal('1');
    const day = root(el).querySelector<HTMLSelectElement>('#f-day')!;
    day.focus();
    // Chromium changes a closed select's value, and fires change, on each arrow key.
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(day.value).to.equal('WE');
    await waitUntil(() => param('day') === 'WE', 'the run’s last step in the URL', { timeout: 15000 });
    // Another filter after the run is its own step back.
    await sendKeys({ press: 'Tab' });
    expect(focusedName(el)).to.equal('select#f-time');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => param('time') === '07:00', 'the time in the URL', { timeout: 15000 });
    let popped = oneEvent(window, 'popstate');
    history.back();
    await popped;
    await settle(el);
    expect([param('day'), param('time')], 'Back undoes the time').to.deep.equal(['WE', null]);
    popped = oneEvent(window, 'popstate');
    history.back();
    await popped;
    await settle(el);
    expect([param('free'), param('day')], 'Back undoes the whole run of steps').to.deep.equal(['1', null]);
    expect(root(el).querySelector<HTMLSelectElement>('#f-day')!.value).to.equal('');
    popped = oneEvent(window, 'popstate');
    history.forward();
    await popped;
    await settle(el);
    expect(param('day')).to.equal('WE');
  });

  it('searches for what was typed but leaves a postcode in it out of the page address', async () => {
    const el = await mount(SMALL_DIRECTORY, { urlState: true });
    await typeQuery(el, 'cafe');
    await waitUntil(() => new URL(location.href).searchParams.get('c2c-q') === 'cafe', 'query in URL', {
      timeout: 15000,
    });
    const input = root(el).querySelector<HTMLInputElement>('#q')!;
    input.value = 'cafe CF10 1AA';
    root(el).querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await settle(el);
    expect(root(el).querySelector('.chip[data-filter="q"]')!.textContent).to.contain('CF10 1AA');
    expect(location.search).to.not.match(/CF10/i);
    expect(new URL(location.href).searchParams.has('c2c-q')).to.equal(false);
  });

  it('tells a host listening to c2c-search what was searched for, but not words with a postcode in them', async () => {
    const el = await mount();
    const details: Array<HTMLElementEventMap['c2c-search']['detail']> = [];
    el.addEventListener('c2c-search', (e) => details.push(e.detail));
    const before = searches.get(el) ?? 0;
    await typeQuery(el, 'cafe');
    await countAnnounced(el, before + 1);
    expect(details.at(-1)).to.deep.equal({ query: { q: 'cafe' }, textWithheld: false });
    await choose(el, '#f-day', 'SA');
    await countAnnounced(el, before + 2);
    await typeQuery(el, 'cafe cf10 1aa');
    await countAnnounced(el, before + 3);
    // The search ran with the words as typed: the postcode is only kept from the host.
    expect(root(el).querySelector('.chip[data-filter="q"]')!.textContent).to.contain('cafe cf10 1aa');
    expect(names(el)).to.deep.equal([CAFE.name]);
    expect(details.at(-1)).to.deep.equal({ query: { day: 'SA' }, textWithheld: true });
    await typeQuery(el, 'toddlers SW1A1AA');
    await countAnnounced(el, before + 4);
    expect(details.at(-1)).to.deep.equal({ query: { day: 'SA' }, textWithheld: true });
    expect(JSON.stringify(details)).to.not.match(/cf10|sw1a/i);
  });

  it('shows a time, language or category from a hand-edited link that its list lacks in the select, as the chip does', async () => {
    history.replaceState(null, '', '?c2c-time=07:30&c2c-language=fr&c2c-category=knitting&c2c-access=Lift');
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory .services=${SMALL_DIRECTORY}></c2c-service-directory>`,
    );
    await settle(el);
    const chips = () => [...root(el).querySelectorAll('.chip')].map(chipName);
    const chosen = (id: string) =>
      root(el).querySelector<HTMLSelectElement>(id)!.selectedOptions[0]!.textContent!.trim();
    expect(chips()).to.deep.equal([
      'Remove filter: knitting',
      'Remove filter: Open at 7:30am',
      'Remove filter: French',
      'Remove filter: Lift',
    ]);
    expect(['#f-category', '#f-time', '#f-language', '#f-access'].map(chosen)).to.deep.equal([
      'knitting',
      '7:30am',
      'French',
      'Lift',
    ]);
    // In its place among the times.
    const times = [...root(el).querySelectorAll<HTMLOptionElement>('#f-time option')].map((o) => o.value);
    expect(times.slice(0, 4)).to.deep.equal(['', '07:00', '07:30', '08:00']);
    await expect(el).to.be.accessible();
    // Another choice leaves the list as it was.
    await choose(el, '#f-time', '10:00');
    expect(chips()[1]).to.equal('Remove filter: Open at 10am');
    expect([...root(el).querySelectorAll<HTMLOptionElement>('#f-time option')].map((o) => o.value)).to.not.include(
      '07:30',
    );
  });

  it('leaves the URL alone with no-url-state', async () => {
    const el = await mount();
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await aTimeout(500);
    expect(location.search).not.to.contain('c2c-');
  });
});

describe('<c2c-service-directory> states and scale', () => {
  it('shows an empty state that suggests removing filters', async () => {
    const el = await mount();
    await choose(el, '#f-category', 'youth');
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await settle(el);
    const empty = root(el).querySelector('.empty')!;
    expect(empty.textContent).to.contain('No services match your search');
    const suggestions = [...empty.querySelectorAll<HTMLButtonElement>('.suggestion')];
    expect(suggestions.map((b) => b.textContent!.trim())).to.deep.equal([
      'Remove filter: Youth',
      'Remove filter: Free only',
    ]);
    await expect(el).to.be.accessible();
    suggestions[1]!.click();
    await settle(el);
    expect(names(el)).to.deep.equal([YOUTH.name]);
  });

  it('after a suggestion brings results back, moves focus to the count, not to another filter’s remove button', async () => {
    const el = await mount();
    await choose(el, '#f-category', 'youth');
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await settle(el);
    const youth = root(el).querySelector<HTMLButtonElement>('.empty .suggestion')!;
    expect(youth.textContent!.trim()).to.equal('Remove filter: Youth');
    youth.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(names(el).length).to.be.greaterThan(0);
    // "2 services found" says what the press did; a focused "Remove filter: Free only" would invite a second press.
    expect(focusedName(el)).to.equal('p#count.count');
    expect(root(el).querySelectorAll('.chip')).to.have.length(1);
  });

  it('lets the host replace the empty message through the empty slot', async () => {
    const wrapper = await fixture(
      html`<div>
        <c2c-service-directory no-url-state .services=${[]}
          ><p slot="empty">Ask at the office</p></c2c-service-directory
        >
      </div>`,
    );
    const el = wrapper.querySelector('c2c-service-directory')!;
    await settle(el);
    const slot = root(el).querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.equal('Ask at the office');
  });

  it('shows an offline notice when the browser goes offline', async () => {
    const el = await mount();
    const desc = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('offline'));
      await settle(el);
      expect(root(el).querySelector('.offline')!.textContent).to.contain('You are offline');
      window.dispatchEvent(new Event('online'));
      await settle(el);
      expect(root(el).querySelector('.offline')).to.equal(null);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).onLine;
      Object.defineProperty(Navigator.prototype, 'onLine', desc);
    }
  });

  it('tells a screen reader, in the page’s language, that the browser went offline', async () => {
    const el = await mount(SMALL_DIRECTORY, { lang: 'cy' });
    // The count said first, so that it cannot follow the offline notice and replace it.
    await countAnnounced(el);
    const desc = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('offline'));
      await settle(el);
      expect(liveText(el)).to.equal(root(el).querySelector('.offline')!.textContent!.trim());
      expect(liveText(el)).to.match(/^Rydych chi all-lein/);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).onLine;
      Object.defineProperty(Navigator.prototype, 'onLine', desc);
      window.dispatchEvent(new Event('online'));
    }
  });

  it('explains what to do when it has no data source', async () => {
    const el = await fixture<C2cServiceDirectory>(html`<c2c-service-directory no-url-state></c2c-service-directory>`);
    expect(root(el).textContent).to.contain('set its src attribute');
  });

  it('renders only a window of rows for 10,000 services', async () => {
    const many = syntheticServices(10_000);
    const el = await mount(many);
    expect(root(el).querySelector('#count')!.textContent).to.contain('10,000 services found');
    const rows = root(el).querySelectorAll('.results li.result').length;
    expect(rows).to.be.greaterThan(0);
    expect(rows).to.be.lessThan(100);
    await el.searchIndexReady;
    await typeQuery(el, 'pantry 1234');
    expect(names(el)[0]).to.contain('1234');
  });

  it('with thousands of services, paints the first results before working out the filter lists, which fill in without moving anything', async () => {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .services=${syntheticServices(5_000)}></c2c-service-directory>`,
    );
    await el.updateComplete;
    const options = (id: string) => root(el).querySelectorAll(`#${id} option`).length;
    const filters = () => root(el).querySelector<HTMLElement>('.filter-form')!.getBoundingClientRect().height;
    // The first render: the results, and every filter with only its "any" choice for now.
    expect(el.currentResults.length).to.equal(5_000);
    expect([options('f-category'), options('f-language'), options('f-access')]).to.deep.equal([1, 1, 1]);
    const before = filters();
    await waitUntil(() => options('f-language') > 1, 'the language list fills in', { timeout: 15000 });
    await el.updateComplete;
    expect(options('f-category')).to.be.greaterThan(1);
    expect(options('f-access')).to.be.greaterThan(1);
    expect(filters(), 'the filters keep their height').to.equal(before);
    await choose(el, '#f-access', [...root(el).querySelectorAll<HTMLOptionElement>('#f-access option')].at(-1)!.value);
    expect(el.currentResults.length).to.be.greaterThan(0);
    expect(el.currentResults.length).to.be.lessThan(5_000);
  });

  it('moves the window of rows with the scroll, keeping the list its full height', async () => {
    const el = await mount(syntheticServices(10_000));
    // Let the index build and the count announcement pass, so only the scroll can move the window.
    await el.searchIndexReady;
    await countAnnounced(el);
    const list = root(el).querySelector<HTMLElement>('.results')!;
    const rows = () => [...list.querySelectorAll<HTMLElement>('li.result')];
    const positions = () => rows().map((r) => Number(r.getAttribute('aria-posinset')));
    const onScreen = () =>
      rows().filter((r) => {
        const box = r.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      });
    try {
      // The rows not rendered are stood in for, so the list is as tall as 10,000 rows would be.
      const firstRow = rows()[0]!.getBoundingClientRect().height;
      expect(list.getBoundingClientRect().height).to.be.greaterThan(10_000 * firstRow * 0.5);
      expect(positions()[0]).to.equal(1);

      window.scrollTo(0, scrollY + list.getBoundingClientRect().top + list.getBoundingClientRect().height / 2);
      await waitUntil(() => positions()[0]! > 1000 && onScreen().length > 0, 'rows follow the scroll', {
        timeout: 15000,
      });
      expect(rows().length).to.be.lessThan(100);
      // Consecutive rows, in order, without gaps.
      positions().forEach((p, i) => expect(p).to.equal(positions()[0]! + i));

      // A focused row keeps its element (and so the focus) while the window moves past it.
      const focused = onScreen()[0]!.querySelector<HTMLButtonElement>('button.name')!;
      const id = focused.dataset.open;
      focused.focus();
      window.scrollBy(0, focused.getBoundingClientRect().height / 2);
      await settle(el);
      expect((root(el).activeElement as HTMLElement | null)?.dataset.open).to.equal(id);

      window.scrollTo(0, 0);
      await waitUntil(() => positions()[0] === 1, 'back to the first row', { timeout: 15000 });
    } finally {
      window.scrollTo(0, 0);
    }
  });
});

describe('<c2c-service-directory> at 400% zoom (320 by 256 CSS pixels)', () => {
  beforeEach(() => setViewport({ width: 320, height: 256 }));
  afterEach(async () => {
    window.scrollTo(0, 0);
    await setViewport({ width: 800, height: 600 });
  });

  it('Tab goes through every result of a long list without dropping focus to the page', async () => {
    // Over 50 results, so the list is windowed; at this size only a row or two are rendered at a time, and the
    // window moves on as Tab scrolls each button into view.
    const el = await mount(syntheticServices(60));
    await countAnnounced(el);
    root(el).querySelector<HTMLButtonElement>('button.name')!.focus();
    const visited: string[] = [];
    // Each move of the window is two renders. Lit's dev mode warns once per page of an update asked for inside an
    // update, so forget the warnings already given and listen for it again.
    const issued = (globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings;
    const before = new Set(issued);
    issued?.clear();
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      for (let i = 0; i < 12; i++) {
        await sendKeys({ press: 'Tab' });
        await settle(el);
        visited.push(focusedName(el));
      }
    } finally {
      console.warn = warn;
      before.forEach((w) => issued?.add(w));
    }
    expect(visited).to.deep.equal(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? 'button.link.name' : 'button.secondary.save')),
    );
    expect(issued, 'Lit in dev mode').to.exist;
    expect(warnings.filter((w) => w.includes('change-in-update'))).to.deep.equal([]);
  });

  it('keeps the full-screen details, down to Save, inside the viewport a phone’s toolbar leaves (dvh, not vh)', async () => {
    const el = await mount();
    root(el).querySelector<HTMLButtonElement>(`[data-open="${BABY.id}"]`)!.click();
    const dialog = root(el).querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'details open', { timeout: 15000 });
    await settle(el);
    // A desktop browser has no moving toolbar, so vh and dvh are the same height here: what is declared is checked
    // too. The CSSOM keeps only the last of a property's declarations, the dvh one, when both are given.
    const declared = root(el)
      .adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules])
      .flatMap((r) => (r instanceof CSSStyleRule ? [r] : [...((r as CSSGroupingRule).cssRules ?? [])]))
      .filter((r): r is CSSStyleRule => r instanceof CSSStyleRule && r.selectorText === 'dialog')
      .flatMap((r) => [r.style.height, r.style.maxHeight])
      .filter((v) => /vh/.test(v));
    expect(declared.length, 'heights declared').to.be.greaterThan(0);
    expect(declared.filter((v) => /(^|[^d])vh/.test(v))).to.deep.equal([]);
    const box = dialog.getBoundingClientRect();
    expect([box.top >= 0, box.bottom <= window.innerHeight], 'dialog on the screen').to.deep.equal([true, true]);
    const controls = [...dialog.querySelectorAll<HTMLElement>('button, a[href], textarea, input')];
    const last = controls.at(-1)!;
    expect(last.matches('.save'), 'Save is the last control').to.be.true;
    dialog.scrollTop = dialog.scrollHeight;
    const saveBox = last.getBoundingClientRect();
    expect(saveBox.bottom, 'Save on the screen').to.be.at.most(window.innerHeight);
    dialog.close();
  });
});

describe('<c2c-service-directory> reflows at 320 CSS pixels (WCAG 1.4.10)', () => {
  before(() => setViewport({ width: 320, height: 256 }));
  after(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['en', 'cy'])
    it(`needs no sideways scrolling and cuts nothing off, with results, filters open and details open (${lang})`, async () => {
      // Feeds hold long unbroken words (Welsh place names, email addresses, links), the usual cause of overflow.
      const long: Service = {
        ...BABY,
        id: 'long',
        name: 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch Playgroup',
        organisation: { id: 'fis', name: 'Gwasanaethgwybodaethideuluoeddcaerdyddabromfield' },
        email: 'enquiries.familyinformationservice@brookfield-county-council.example.org',
        url: 'https://example.org/services/early-years/llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch',
      };
      const el = await mount([long, ...SMALL_DIRECTORY], { lang });
      // The same page whether or not the count has been said yet: it is said, into the live region, which like the
      // other visually hidden text is clipped to a pixel on purpose and is no content to reflow. Checked before it
      // was said, this test passed; after it (on a loaded machine), it failed.
      await countAnnounced(el);
      root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
      await settle(el);
      expect(unreflowed(root(el), 320, '.visually-hidden'), 'results and filters').to.deep.equal([]);
      expect(document.documentElement.scrollWidth, 'page width').to.be.at.most(320);
      root(el).querySelector<HTMLButtonElement>('[data-open="long"]')!.click();
      const dialog = root(el).querySelector('dialog')!;
      await waitUntil(() => dialog.open, 'details open', { timeout: 15000 });
      await settle(el);
      expect(unreflowed(dialog, 320), 'details').to.deep.equal([]);
      expect(dialog.getBoundingClientRect().right, 'the dialog on the screen').to.be.at.most(320);
      expect(dialog.scrollWidth, 'no sideways scrolling in the dialog').to.be.at.most(dialog.clientWidth + 1);
      dialog.close();
    });
});

describe('<c2c-service-directory> in forced colours (Windows High Contrast)', () => {
  // Real forced colours, emulated by the runner: the browser forces its system colours and drops box shadows, as
  // on a Windows machine, so these check what is painted rather than the element's rules put in force by hand.
  beforeEach(() => emulateForcedColours(true));
  afterEach(() => emulateForcedColours(false));

  /** Each side of a box's border as "side style wide-enough", for a readable failure. */
  function edges(e: Element, min = 1): string[] {
    const style = getComputedStyle(e);
    return (['top', 'right', 'bottom', 'left'] as const).map(
      (side) =>
        `${side} ${style.getPropertyValue(`border-${side}-style`)} ${parseFloat(style.getPropertyValue(`border-${side}-width`)) >= min}`,
    );
  }
  const EDGED = ['top solid true', 'right solid true', 'bottom solid true', 'left solid true'];

  it('is in forced colours inside the test', () => {
    expect(matchMedia('(forced-colors: active)').matches).to.be.true;
  });

  it('edges the details dialog on every side, not only along the top', async () => {
    const el = await mount();
    root(el).querySelector<HTMLButtonElement>(`[data-open="${BABY.id}"]`)!.click();
    const dialog = root(el).querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'details open', { timeout: 15000 });
    expect(edges(dialog)).to.deep.equal(EDGED);
    dialog.close();
  });

  it('edges every button, field, chip and result, whose fills and shadows the browser takes away', async () => {
    const el = await mount();
    await typeQuery(el, 'baby');
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    const shown = ['.shortlist-button', '#q', 'select', '.chip', '.result', '.result .save', 'details.filters'].map(
      (sel) => {
        const e = root(el).querySelector(sel);
        return `${sel}: ${e ? edges(e).join(', ') : 'missing'}`;
      },
    );
    expect(shown).to.deep.equal(
      ['.shortlist-button', '#q', 'select', '.chip', '.result', '.result .save', 'details.filters'].map(
        (sel) => `${sel}: ${EDGED.join(', ')}`,
      ),
    );
  });

  it('rings whatever has keyboard focus with a visible outline, as the yellow fill is forced away', async () => {
    const el = await mount();
    await typeQuery(el, 'baby');
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    const unringed: string[] = [];
    for (const sel of ['#q', '.chip', '.result .save', 'button.name', '#f-free', 'details.filters summary']) {
      const e = root(el).querySelector<HTMLElement>(sel)!;
      e.focus();
      const s = getComputedStyle(e);
      if (!e.matches(':focus-visible') || s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2)
        unringed.push(`${sel} ${s.outlineStyle} ${s.outlineWidth}`);
    }
    expect(unringed).to.deep.equal([]);
  });

  it('marks a saved service’s button with a tick, not only a fill the browser takes away', async () => {
    const el = await mount();
    const save = root(el).querySelector<HTMLButtonElement>('.result .save')!;
    const tick = () => getComputedStyle(save, '::before').content;
    const before = tick();
    save.click();
    await settle(el);
    expect(save.getAttribute('aria-pressed')).to.equal('true');
    // Both states are painted the same colours here: only the tick tells them apart.
    expect(before).to.equal('none');
    expect(tick()).to.contain('✓');
  });
});

describe('<c2c-service-directory> with reduced motion', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('keeps the loading skeleton still', async () => {
    const never = new Promise<never>(() => {});
    const client: DirectoryClient = {
      search: () => never,
      get: () => never,
      taxonomies: () => never,
    };
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${client}></c2c-service-directory>`,
    );
    await waitUntil(() => root(el).querySelector('.skeleton .bone'), 'skeleton', { timeout: 15000 });
    const running = () =>
      root(el)
        .getAnimations()
        .filter((x) => Number(x.effect?.getComputedTiming().duration) > 1);
    // Without the preference the skeleton shimmers: the check below is not passing on a still page by chance.
    expect(running().length, 'shimmering before').to.be.greaterThan(0);
    await emulateMedia({ reducedMotion: 'reduce' });
    await settle(el);
    expect(running().map((x) => (x as CSSAnimation).animationName)).to.deep.equal([]);
  });
});

describe('<c2c-service-directory> target sizes', () => {
  it('keeps the “free only” checkbox its full size when its label wraps (Welsh, 320 px)', async () => {
    const el = await mount(SMALL_DIRECTORY, { lang: 'cy' });
    el.style.width = '288px';
    el.style.display = 'block';
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    const box = root(el).querySelector('#f-free')!.getBoundingClientRect();
    expect(Math.min(box.width, box.height)).to.be.at.least(28);
  });
});

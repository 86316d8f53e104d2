import { expect } from '@open-wc/testing';
import { fromOruk, type Schedule } from '@c2c/schema';
import { directoryStrings, type DirectoryKey } from '../strings.js';
import { cy as welsh } from '../strings-cy.js';
import { nextOpening, nextOpeningText, scheduleText, timeText, type Translate } from './schedule-text.js';
import { readUrlState, writeUrlState } from './url-state.js';
import { ShortlistStore, coerceService } from './shortlist-store.js';
import { ResultsCache } from './results-cache.js';
import { unavailableSource } from './remote-sources.js';
import { ArraySource } from './sources.js';
import { foldTerm } from './fold.js';
import { svc } from '../test-utils/services.js';
import { SIDE_FILE } from '../test-utils/storage.js';

const tr = (lang: 'en' | 'cy'): Translate => ({
  t(key: DirectoryKey, values = {}) {
    const m = (lang === 'cy' ? welsh : directoryStrings.en)[key] ?? directoryStrings.en[key];
    return typeof m === 'function' ? m(values) : m;
  },
});
const en = tr('en');
const cy = tr('cy');
const weekly = (
  byDay: Schedule['byDay'],
  opensAt?: string,
  closesAt?: string,
  extra: Partial<Schedule> = {},
): Schedule => ({
  freq: 'WEEKLY',
  byDay,
  ...(opensAt ? { opensAt } : {}),
  ...(closesAt ? { closesAt } : {}),
  ...extra,
});

describe('schedule text', () => {
  it('says times as people do, in English and Welsh', () => {
    expect(timeText('09:30', en)).to.equal('9:30am');
    expect(timeText('14:00', en)).to.equal('2pm');
    expect(timeText('12:00', en)).to.equal('midday');
    expect(timeText('00:15', en)).to.equal('12:15am');
    expect(timeText('09:30', cy)).to.equal('9:30yb');
    expect(timeText('18:00', cy)).to.equal('6yp');
    expect(timeText('12:00', cy)).to.equal('hanner dydd');
  });

  it('writes weekly schedules with days, times and term time', () => {
    expect(scheduleText(weekly(['TU'], '09:30', '11:30', { termTimeOnly: true }), en)).to.equal(
      'Tuesdays, 9:30am to 11:30am, term time only',
    );
    expect(scheduleText(weekly(['TH', 'TU'], '18:00', '20:00'), en)).to.equal('Tuesdays and Thursdays, 6pm to 8pm');
    expect(scheduleText(weekly(['MO', 'WE', 'FR'], '10:00', '12:00'), en)).to.equal(
      'Mondays, Wednesdays and Fridays, 10am to midday',
    );
    expect(scheduleText(weekly(['MO', 'TU', 'WE', 'TH', 'FR'], '09:00', '17:00'), en)).to.equal(
      'Monday to Friday, 9am to 5pm',
    );
    expect(scheduleText(weekly(['SA']), en)).to.equal('Saturdays');
    expect(scheduleText({ freq: 'MONTHLY', byDay: ['WE'], opensAt: '13:00', closesAt: '15:00' }, en)).to.equal(
      'Once a month on Wednesdays, 1pm to 3pm',
    );
  });

  it('writes them in Welsh without joining English pieces', () => {
    expect(scheduleText(weekly(['TU'], '09:30', '11:30', { termTimeOnly: true }), cy)).to.equal(
      'Bob dydd Mawrth, 9:30yb tan 11:30yb, yn ystod y tymor yn unig',
    );
    expect(scheduleText(weekly(['TU', 'TH'], '18:00', '20:00'), cy)).to.equal(
      'Bob dydd Mawrth a dydd Iau, 6yp tan 8yp',
    );
    expect(scheduleText(weekly(['MO', 'TU', 'WE', 'TH', 'FR'], '09:00', '17:00'), cy)).to.equal(
      'Dydd Llun i ddydd Gwener, 9yb tan 5yp',
    );
  });

  it('falls back to the feed’s own words when there are no days', () => {
    expect(scheduleText(weekly([], undefined, undefined, { description: 'By appointment' }), en)).to.equal(
      'By appointment',
    );
  });

  it('finds the next session that has not ended yet, in UK time', () => {
    const service = { schedules: [weekly(['TU'], '09:30', '11:30'), weekly(['TH'], '18:00', '20:00')] };
    // Tuesday 25 November 2025, 10:00 in London (UTC in winter).
    const tuesdayMorning = new Date('2025-11-25T10:00:00Z');
    expect(nextOpening(service, tuesdayMorning)).to.deep.equal({
      inDays: 0,
      day: 'TU',
      opensAt: '09:30',
      closesAt: '11:30',
    });
    expect(nextOpeningText(service, tuesdayMorning, en)).to.equal('Next open: today, 9:30am to 11:30am');
    const tuesdayNoon = new Date('2025-11-25T12:00:00Z');
    expect(nextOpeningText(service, tuesdayNoon, en)).to.equal('Next open: Thursday, 6pm to 8pm');
    expect(nextOpeningText(service, tuesdayNoon, cy)).to.equal('Ar agor nesaf: dydd Iau, 6yp tan 8yp');
    // Wednesday 23:30 on 1 July 2026 is already Thursday 00:30 in London (BST).
    expect(nextOpening(service, new Date('2026-07-01T23:30:00Z'))!.inDays).to.equal(0);
    expect(nextOpeningText(service, new Date('2025-11-26T12:00:00Z'), en)).to.equal('Next open: tomorrow, 6pm to 8pm');
    expect(
      nextOpening({ schedules: [weekly(['TU'], '09:30', '11:30', { validTo: '2025-01-01' })] }, tuesdayMorning),
    ).to.equal(undefined);
  });

  it('finds a once-a-week session a week on once today’s has ended, and does not call it by today’s name', () => {
    const tuesdays = { schedules: [weekly(['TU'], '09:30', '11:30')] };
    // Tuesday 25 November 2025, 12:00 in London: this week's session ended at 11:30.
    const tuesdayNoon = new Date('2025-11-25T12:00:00Z');
    expect(nextOpening(tuesdays, tuesdayNoon)).to.deep.equal({
      inDays: 7,
      day: 'TU',
      opensAt: '09:30',
      closesAt: '11:30',
    });
    expect(nextOpeningText(tuesdays, tuesdayNoon, en)).to.equal('Next open: a week today, 9:30am to 11:30am');
    expect(nextOpeningText(tuesdays, tuesdayNoon, cy)).to.equal('Ar agor nesaf: wythnos i heddiw, 9:30yb tan 11:30yb');
    const allDay = { schedules: [weekly(['MO'], undefined, undefined)] };
    // Monday 24 November 2025 is its day: an all-day session has not ended until the day has.
    expect(nextOpening(allDay, new Date('2025-11-24T20:00:00Z'))?.inDays).to.equal(0);
    // Not past the schedule's end: the session a week on would be after it.
    expect(
      nextOpening({ schedules: [weekly(['TU'], '09:30', '11:30', { validTo: '2025-11-30' })] }, tuesdayNoon),
    ).to.equal(undefined);
  });

  it('offers no session on a day past a schedule’s end, or before its start, within the week', () => {
    // Tuesday 25 November 2025, 10:00 in London.
    const tuesday = new Date('2025-11-25T10:00:00Z');
    const ends = (validTo: string) => ({ schedules: [weekly(['TH'], '18:00', '20:00', { validTo })] });
    expect(nextOpening(ends('2025-11-26'), tuesday)).to.equal(undefined);
    expect(nextOpening(ends('2025-11-27'), tuesday)?.day).to.equal('TH');
    const starts = { schedules: [weekly(['TU', 'FR'], '09:00', '12:00', { validFrom: '2025-11-27' })] };
    expect(nextOpening(starts, tuesday)).to.deep.include({ inDays: 3, day: 'FR' });
  });

  it('offers no next opening past an ORUK schedule’s until or its last counted session', () => {
    const tuesday = new Date('2025-11-25T10:00:00Z');
    const read = (schedule: object) => fromOruk({ id: 'x', name: 'Club', schedules: [schedule] }).service!;
    const thursdays = { freq: 'WEEKLY', byday: 'TH', opens_at: '18:00', closes_at: '20:00' };
    expect(nextOpening(read(thursdays), tuesday)?.day).to.equal('TH');
    expect(nextOpening(read({ ...thursdays, until: '20251126' }), tuesday)).to.equal(undefined);
    // Four Thursdays from 6 November: the last is 27 November, so this week's still runs; three end on the 20th.
    expect(nextOpening(read({ ...thursdays, dtstart: '2025-11-06', count: 4 }), tuesday)?.day).to.equal('TH');
    expect(nextOpening(read({ ...thursdays, dtstart: '2025-11-06', count: 3 }), tuesday)).to.equal(undefined);
  });
});

describe('URL state', () => {
  it('round-trips every filter and keeps the page’s own parameters', () => {
    const state = {
      q: 'speech',
      taxonomy: 'health',
      age: 7.5,
      free: true,
      day: 'TU',
      time: '10:00',
      language: 'cy',
      accessibility: 'Hearing loop',
      service: 'svc-1',
    } as const;
    const href = writeUrlState('https://school.example/services?page=2', state);
    const url = new URL(href);
    expect(url.searchParams.get('page')).to.equal('2');
    expect(readUrlState(url.search)).to.deep.equal(state);
    expect(new URL(writeUrlState(href, { q: '' })).search).to.equal('?page=2');
  });

  it('keeps a search with a full postcode in it out of the link', () => {
    for (const q of ['CF10 1AA', 'toddler group sw1a1aa', 'm1 1ae', 'B33 8TH, rhymes'])
      expect(new URL(writeUrlState('https://school.example/services', { q, free: true })).search, q).to.equal(
        '?c2c-free=1',
      );
    // A district, a word with digits or a service's own code places no one.
    for (const q of ['CF10', 'year 6 clubs', 'ABC123', 'under 5s'])
      expect(readUrlState(new URL(writeUrlState('https://school.example/', { q })).search).q, q).to.equal(q);
  });

  it('ignores malformed values', () => {
    const state = readUrlState('?c2c-age=-3&c2c-day=XX&c2c-time=25:00&c2c-free=yes&c2c-q=' + 'x'.repeat(201));
    expect(state).to.deep.equal({ q: '' });
    expect(readUrlState('?c2c-age=&c2c-shortlist=a,,b').shortlist).to.deep.equal(['a', 'b']);
  });

  it('shares a shortlist whose service ids hold commas or percent signs, and reads links made before', () => {
    // A feed's ids are any text: one with a comma split into two services that do not exist.
    const shortlist = ['svc,1', 'rate%2C5', 'e1f2-a3', '42'];
    const href = writeUrlState('https://school.example/services', { q: '', shortlist });
    expect(readUrlState(new URL(href).search).shortlist).to.deep.equal(shortlist);
    expect(new URL(href).searchParams.get('c2c-shortlist')).to.equal('svc%2C1,rate%252C5,e1f2-a3,42');
    expect(readUrlState('?c2c-shortlist=e1f2-a3,42,100%25').shortlist).to.deep.equal(['e1f2-a3', '42', '100%']);
  });
});

describe('shortlist store and results cache', () => {
  // Only the keys these tests make: the component's own test files may be running at the same time in another page
  // of this origin, with their shortlists and caches in the same localStorage (see test-utils/storage.ts).
  afterEach(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('c2c:service-directory:') && k.includes(SIDE_FILE))
      .forEach((k) => localStorage.removeItem(k)),
  );

  it('keeps services per namespace and survives junk', () => {
    const a = new ShortlistStore(`${SIDE_FILE}-a`);
    const b = new ShortlistStore(`${SIDE_FILE}-b`);
    a.save([svc('1', 'One')]);
    expect(a.load().map((s) => s.id)).to.deep.equal(['1']);
    expect(b.load()).to.deep.equal([]);
    localStorage.setItem(a.key, '[1,2');
    expect(a.load()).to.deep.equal([]);
    localStorage.setItem(
      a.key,
      JSON.stringify({ items: [{ id: '1', name: 'One' }, { id: '1', name: 'Dup' }, null, { name: 'no id' }] }),
    );
    expect(a.load().map((s) => s.name)).to.deep.equal(['One']);
    a.save([]);
    expect(localStorage.getItem(a.key)).to.equal(null);
  });

  it('makes partial records safe to render', () => {
    const s = coerceService({
      id: 'x',
      name: 'X',
      locations: [{ id: 'l' }],
      schedules: [{ freq: 'WEEKLY' }],
      contacts: 'nope',
    })!;
    expect(s.locations[0]!.accessibility).to.deep.equal([]);
    expect(s.schedules[0]!.byDay).to.deep.equal([]);
    expect(s.contacts).to.deep.equal([]);
    expect(coerceService({ id: 1, name: 'X' })).to.equal(undefined);
  });

  it('caches the last few searches per source', () => {
    const cache = new ResultsCache(`${SIDE_FILE}-test`);
    for (let i = 0; i < 7; i++)
      cache.set(`q${i}`, { items: [svc(String(i), `S${i}`)], total: 1 }, new Date(`2026-11-2${i % 10}T10:00:00Z`));
    expect(cache.get('q6')!.items[0]!.name).to.equal('S6');
    expect(cache.get('q0')).to.equal(undefined);
  });

  it('stands in for a feed source whose chunk did not arrive: every call fails with the import error', async () => {
    const error = new TypeError('Failed to fetch dynamically imported module');
    const source = unavailableSource(error);
    expect(source.kind).to.equal('oruk');
    const calls = [source.search({}, {}), source.more({}), source.get('x', {}), source.taxonomies({})];
    for (const call of calls)
      expect(
        await call.then(
          () => 'resolved',
          (e: unknown) => e,
        ),
      ).to.equal(error);
  });
});

describe('array source', () => {
  const services = [svc('1', 'Club 10'), svc('2', 'club 9'), svc('3', 'Ábalone Café'), svc('4', 'Zebra Crossing')];

  it('lists by name with numbers in order and accents folded', () => {
    expect(new ArraySource(services).search({}).items.map((s) => s.name)).to.deep.equal([
      'Ábalone Café',
      'club 9',
      'Club 10',
      'Zebra Crossing',
    ]);
    expect(foldTerm('Llŷn Café')).to.equal('llyn cafe');
  });

  it('finds no service open on a day by a schedule that has ended', () => {
    const saturday = (id: string, validTo: string) => ({
      ...svc(id, `Saturday club ${id}`),
      schedules: [{ freq: 'WEEKLY' as const, byDay: ['SA' as const], opensAt: '10:00', closesAt: '12:00', validTo }],
    });
    // One ended long before any day these tests run, one runs for decades yet.
    const source = new ArraySource([saturday('old', '2020-07-20'), saturday('new', '2099-07-20')]);
    expect(source.search({ day: 'SA' }).items.map((s) => s.id)).to.deep.equal(['new']);
    expect(source.search({ time: '11:00' }).items.map((s) => s.id)).to.deep.equal(['new']);
    expect(source.search({}).items.map((s) => s.id)).to.have.members(['old', 'new']);
  });

  it('searches with a plain scan before the index exists, and with MiniSearch after', async () => {
    const source = new ArraySource(services);
    expect(source.search({ q: 'cafe' }).items.map((s) => s.id)).to.deep.equal(['3']);
    await source.startIndex();
    expect(source.indexReady).to.equal(true);
    expect(source.search({ q: 'crosing' }).items.map((s) => s.id)).to.deep.equal(['4']);
    expect(source.search({ q: 'zeb' }).items.map((s) => s.id)).to.deep.equal(['4']);
    expect(source.search({ q: 'ABALONE' }).items.map((s) => s.id)).to.deep.equal(['3']);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromOruk, readOrukPage, ServiceSchema, toOruk, type Service } from '@c2c/schema';
import { syntheticServices } from '@c2c/schema/synthetic';

// Text as fromOruk leaves it: trimmed, not empty, not wrapped in quotes.
const word = fc.string({
  minLength: 1,
  maxLength: 12,
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzÀéŵ0123456789&<>'’-"),
});
const textArb = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const idArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);

/** Drops keys whose value is undefined, as a service read from JSON never has them. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const serviceArb: fc.Arbitrary<Service> = fc
  .record({
    id: idArb,
    name: textArb,
    status: fc.constantFrom('active', 'inactive', 'defunct', 'temporarily closed'),
    description: opt(textArb),
    url: opt(fc.webUrl()),
    email: opt(fc.emailAddress()),
    organisation: opt(fc.record({ id: idArb, name: textArb, url: opt(fc.webUrl()) }).map(clean)),
    locations: fc.array(
      fc
        .record({
          id: idArb,
          name: opt(textArb),
          address: opt(
            fc
              .record({
                line1: textArb,
                line2: opt(textArb),
                city: textArb,
                region: opt(textArb),
                postcode: textArb,
                country: fc.constantFrom('GB', 'England'),
              })
              .map(clean),
          ),
          coords: opt(
            fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })),
          ),
          accessibility: fc.array(textArb, { maxLength: 3 }),
        })
        .map(({ coords, ...l }) => clean({ ...l, latitude: coords?.[0], longitude: coords?.[1] })),
      { maxLength: 3 },
    ),
    contacts: fc.array(
      fc
        .record({
          name: opt(textArb),
          title: opt(textArb),
          email: opt(fc.emailAddress()),
          phones: fc.array(
            fc.record({ number: fc.stringMatching(/^0[0-9]{4} [0-9]{6}$/), description: opt(textArb) }).map(clean),
            { maxLength: 2 },
          ),
        })
        .map(clean),
      { maxLength: 2 },
    ),
    schedules: fc.array(
      fc
        .record({
          freq: fc.constantFrom('WEEKLY', 'MONTHLY'),
          byDay: fc.subarray(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const),
          opensAt: opt(time),
          closesAt: opt(time),
          validFrom: opt(fc.constantFrom('2026-01-01', '2026-09-01')),
          validTo: opt(fc.constantFrom('2027-07-31')),
          termTimeOnly: opt(fc.constant(true)),
          description: opt(textArb),
        })
        .map(clean),
      { maxLength: 2 },
    ),
    // A range that runs backwards is reported and dropped (see the test below), so only real ranges round-trip.
    ages: opt(
      fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => [a, Math.max(a, b)]),
    ),
    eligibility: opt(textArb),
    howToAccess: opt(textArb),
    fees: opt(fc.constantFrom('Free', '£3 per session', 'No charge')),
    costOptions: fc.array(
      fc
        .record({
          option: opt(textArb),
          amount: opt(fc.integer({ min: 0, max: 50 })),
          currency: opt(fc.constant('GBP')),
          amountDescription: opt(textArb),
        })
        .map(clean),
      { maxLength: 2 },
    ),
    languages: fc.array(fc.record({ name: textArb, code: opt(fc.constantFrom('en', 'cy', 'pl')) }).map(clean), {
      maxLength: 3,
    }),
    serviceAreas: fc.array(textArb, { maxLength: 2 }),
    taxonomyTerms: fc.array(
      fc.record({ id: idArb, name: textArb, taxonomy: opt(textArb), parentId: opt(idArb) }).map(clean),
      { maxLength: 3 },
    ),
    accessibility: fc.array(textArb, { maxLength: 2 }),
    lastModified: opt(fc.constant('2026-03-01T10:00:00Z')),
    extra: opt(fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue(), { minKeys: 1, maxKeys: 3 })),
  })
  .map(({ ages, ...s }) => {
    // `free` is derived: no positive cost option, no sum named in fees or a cost's description ("£3", "5p"),
    // and fees absent or saying free.
    const sum = (t = '') =>
      [...t.matchAll(/£\s*(\d[\d,]*(?:\.\d+)?)|\b(\d+)p\b/gi)].some(
        (m) => Number((m[1] ?? m[2]!).replace(/,/g, '')) > 0,
      );
    const paid =
      s.costOptions.some((c) => (c.amount ?? 0) > 0 || sum(c.amountDescription)) ||
      (s.fees !== undefined && (sum(s.fees) || !/free|no charge|no cost/i.test(s.fees)));
    return clean({ ...s, minimumAge: ages?.[0], maximumAge: ages?.[1], free: !paid }) as Service;
  });

test('property: fromOruk(toOruk(service)) gives back the same service, with nothing reported', () => {
  fc.assert(
    fc.property(serviceArb, (generated) => {
      // As a service arrives from JSON (plain prototypes, no -0).
      const service = JSON.parse(JSON.stringify(generated)) as Service;
      assert.equal(ServiceSchema.safeParse(service).success, true, 'the arbitrary makes canonical services');
      const back = fromOruk(JSON.parse(JSON.stringify(toOruk(service))));
      assert.deepEqual(back.problems, []);
      assert.deepEqual(back.service, service);
    }),
    { numRuns: 200 },
  );
});

test('synthetic services survive the ORUK round trip unchanged', () => {
  for (const s of syntheticServices(200)) assert.deepEqual(fromOruk(toOruk(s)).service, s);
});

test('unknown top-level ORUK fields survive a round trip through Service', () => {
  const record = {
    id: 's1',
    name: 'Stay and Play',
    status: 'active',
    alert: 'Closed on 24 December',
    funding: [{ source: 'Council' }],
    x_local: { ward: 'Mill' },
  };
  const { service } = fromOruk(record);
  assert.deepEqual(service?.extra, {
    alert: 'Closed on 24 December',
    funding: [{ source: 'Council' }],
    x_local: { ward: 'Mill' },
  });
  const out = toOruk(service!);
  assert.equal(out.alert, 'Closed on 24 December');
  assert.deepEqual(out.funding, [{ source: 'Council' }]);
  assert.deepEqual(out.x_local, { ward: 'Mill' });
});

test('fromOruk keeps what it can of a messy record and reports the rest', () => {
  const { service, problems } = fromOruk({
    id: 42,
    name: ' "Youth Club" ',
    status: 'Active',
    service_at_locations: [
      {
        location: {
          id: 'l1',
          latitude: 100,
          longitude: 101,
          addresses: [{ address_1: '1 Mill Lane', postal_code: 'ABC 1234', country: 'US' }],
        },
      },
    ],
    contacts: [{ name: 'Front desk', phones: [{ number: '"+44 1234 234567"' }] }],
    regular_schedules: [{ freq: 'week', weekday: 'Thursday', opens_at: '18:00:00', closes_at: '25:99' }],
  });
  assert.ok(service);
  assert.equal(service.id, '42');
  assert.equal(service.name, 'Youth Club');
  assert.equal(service.status, 'active');
  assert.equal(service.locations[0]!.latitude, undefined, 'latitude 100 is not a map position');
  assert.equal(service.locations[0]!.address?.postcode, 'ABC 1234', 'the odd postcode is kept as written');
  assert.equal(service.contacts[0]!.phones[0]!.number, '+44 1234 234567', 'stray quotes are removed');
  assert.deepEqual(service.schedules[0], { freq: 'WEEKLY', byDay: ['TH'], opensAt: '18:00' });
  const paths = problems.map((p) => p.path);
  assert.ok(paths.includes('service_at_locations[0].location.latitude'));
  assert.ok(paths.includes('schedules[0].freq'));
  assert.ok(paths.includes('schedules[0].closes_at'));
  for (const p of problems) assert.ok(p.message.length > 10);
});

test('fromOruk reports each value it reads as another type or ignores, and still lists the record', () => {
  const { service, problems } = fromOruk({
    id: 'odd-values',
    name: 12345,
    description: { text: 'not a string' },
    minimum_age: 'five',
    maximum_age: '11',
    service_at_locations: [{ location: { id: 'l1', latitude: '52.55', longitude: 'west' } }],
    cost_options: [{ option: 'Session', amount: 'a fiver' }],
  });
  assert.ok(service, 'a fixable record is still read');
  assert.equal(service.name, '12345');
  assert.equal(service.description, undefined);
  assert.equal(service.minimumAge, undefined);
  assert.equal(service.maximumAge, 11);
  assert.equal(service.locations[0]!.latitude, undefined, 'half a position is no position');
  assert.equal(service.costOptions[0]!.amount, undefined);
  const byPath = new Map(problems.map((p) => [p.path, p.message]));
  assert.match(byPath.get('name') ?? '', /12345 is a number where text was expected; read as the text "12345"/);
  assert.match(byPath.get('description') ?? '', /is not text; ignored/);
  assert.match(byPath.get('minimum_age') ?? '', /"five" is not a number; ignored/);
  assert.match(byPath.get('maximum_age') ?? '', /"11" is text where a number was expected; read as 11/);
  assert.match(byPath.get('service_at_locations[0].location.latitude') ?? '', /read as 52\.55/);
  assert.match(byPath.get('service_at_locations[0].location.longitude') ?? '', /"west" is not a number; ignored/);
  assert.match(byPath.get('cost_options[0].amount') ?? '', /"a fiver" is not a number; ignored/);
  assert.equal(problems.length, 7);
});

test('fromOruk reports nothing for values of the expected types, empty strings and nulls', () => {
  const { service, problems } = fromOruk({
    id: 'clean',
    name: 'Clean record',
    description: '',
    url: null,
    minimum_age: 0,
    maximum_age: null,
    service_at_locations: [{ location: { id: 'l1', latitude: 52.55, longitude: -1.1 } }],
  });
  assert.equal(service?.minimumAge, 0);
  assert.deepEqual(problems, []);
});

test('fromOruk gives null with a reason when a record has no name, no id, or is not an object', () => {
  assert.deepEqual(fromOruk({ id: 'x' }), {
    service: null,
    problems: [{ path: 'name', message: 'The record has no name, so it cannot be listed.' }],
  });
  assert.equal(fromOruk({ name: 'No id' }).problems[0]!.path, 'id');
  assert.equal(fromOruk('a string').service, null);
  assert.equal(fromOruk(null).problems.length, 1);
});

test('fromOruk reads ORUK 1.0 names: eligibilitys, service_taxonomys, physical_addresses, accessibility_for_disabilities', () => {
  const { service } = fromOruk({
    id: 'v1',
    name: 'Old feed service',
    status: 'active',
    eligibilitys: [{ eligibility: 'Families', minimum_age: 0, maximum_age: 5 }],
    service_taxonomys: [{ taxonomy: { id: 't1', name: 'Childcare', vocabulary: 'esdServiceTypes' } }],
    service_at_locations: [
      {
        location: {
          id: 'l1',
          name: 'Hub',
          physical_addresses: [
            { address_1: '2 High St', city: 'Brookfield', postal_code: 'BF1 1AA', state_province: 'Shire' },
          ],
          accessibility_for_disabilities: [{ accessibility: 'Ramp' }],
        },
      },
    ],
    fees: 'Free',
  });
  assert.equal(service?.minimumAge, 0);
  assert.equal(service?.maximumAge, 5);
  assert.equal(service?.eligibility, 'Families');
  assert.deepEqual(service?.taxonomyTerms, [{ id: 't1', name: 'Childcare', taxonomy: 'esdServiceTypes' }]);
  assert.equal(service?.locations[0]!.address?.region, 'Shire');
  assert.deepEqual(service?.locations[0]!.accessibility, ['Ramp']);
  assert.equal(service?.free, true);
});

test('readOrukPage reads 3.0 pages, 1.0 pages and bare arrays, and refuses anything else', () => {
  assert.deepEqual(
    readOrukPage({
      total_items: 45,
      total_pages: 3,
      page_number: 2,
      size: 20,
      first_page: false,
      last_page: false,
      empty: false,
      contents: [{ id: 'a' }],
    }),
    { items: [{ id: 'a' }], page: 2, totalPages: 3, totalItems: 45, last: false },
  );
  assert.deepEqual(
    readOrukPage({
      totalElements: 7,
      totalPages: 1,
      number: 0,
      size: 10,
      first: true,
      last: true,
      content: [{ id: 'b' }],
    }),
    { items: [{ id: 'b' }], page: 1, totalPages: 1, totalItems: 7, last: true },
  );
  assert.deepEqual(readOrukPage([{ id: 'c' }]), {
    items: [{ id: 'c' }],
    page: 1,
    totalPages: 1,
    totalItems: 1,
    last: true,
  });
  // A page that does not say whether it is the last leaves `last` unknown rather than guessing either way.
  assert.equal(readOrukPage({ total_items: 1, total_pages: 1, page_number: 1, contents: [] })?.last, undefined);
  assert.equal(readOrukPage({ totalPages: 2, number: 1, last: 'yes', content: [] })?.last, undefined);
  assert.equal(readOrukPage({ services: [] }), null);
  assert.equal(readOrukPage('nope'), null);
});

test('readOrukPage: the last page of a 1.0 feed says it is last whichever way the feed counts `number`', () => {
  // The second of two pages, from a feed counting from 0 and from one counting from 1. `page` cannot tell them
  // apart (it reads 1 and 2); `last` and `totalPages` can, which is what a reader should go by.
  const zeroBased = readOrukPage({ totalElements: 4, totalPages: 2, number: 1, first: false, last: true, content: [] });
  const oneBased = readOrukPage({ totalElements: 4, totalPages: 2, number: 2, first: false, last: true, content: [] });
  assert.deepEqual([zeroBased?.last, zeroBased?.totalPages], [true, 2]);
  assert.deepEqual([oneBased?.last, oneBased?.totalPages], [true, 2]);
});

test('fromOruk never reads a 12-hour time or a time range as a different time of day', () => {
  const { service, problems } = fromOruk({
    id: 'times',
    name: 'Afternoon group',
    schedules: [
      { freq: 'WEEKLY', byday: 'MO', opens_at: '1:30 PM', closes_at: '5:00pm' },
      { freq: 'WEEKLY', byday: 'TU', opens_at: '12:15 a.m.', closes_at: '12:00 PM' },
      { freq: 'WEEKLY', byday: 'WE', opens_at: '09:00-17:00', closes_at: '09:00 - 17:00' },
      { freq: 'WEEKLY', byday: 'TH', opens_at: '09:30:00', closes_at: '17:00:00.000' },
    ],
  });
  assert.ok(service);
  assert.deepEqual(
    service.schedules.map((s) => [s.opensAt, s.closesAt]),
    [
      ['13:30', '17:00'],
      ['00:15', '12:00'],
      [undefined, undefined],
      ['09:30', '17:00'],
    ],
  );
  const paths = problems.map((p) => p.path);
  assert.deepEqual(paths, ['schedules[2].opens_at', 'schedules[2].closes_at']);
  assert.match(problems[0]!.message, /"09:00-17:00" is not a time/);
});

test('fromOruk reads times in the form the ORUK schema describes: HH:MM with Z or an offset', () => {
  const { service, problems } = fromOruk({
    id: 'zones',
    name: 'Library',
    schedules: [
      { freq: 'WEEKLY', byday: 'MO', opens_at: '09:00Z', closes_at: '17:30+01:00' },
      { freq: 'WEEKLY', byday: 'TU', opens_at: '09:00-05:00', closes_at: '17:00:00+0100' },
    ],
  });
  assert.deepEqual(
    service?.schedules.map((s) => [s.opensAt, s.closesAt]),
    [
      ['09:00', '17:30'],
      ['09:00', '17:00'],
    ],
  );
  // UK offsets (Z, +01:00) are the UK clock; -05:00 is a clock elsewhere, whose UK time the schedule cannot hold.
  assert.deepEqual(
    problems.map((p) => p.path),
    ['schedules[1].opens_at'],
  );
  assert.match(problems[0]!.message, /^UTC-5 is not UK time/);
});

test('fromOruk takes a schedule’s timezone as UK time when it is 0 or 1, and reports any other', () => {
  const { service, problems } = fromOruk({
    id: 'tz',
    name: 'Clinic',
    schedules: [
      { freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '12:00', timezone: 0 },
      { freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '12:00', timezone: 1 },
      { freq: 'WEEKLY', byday: 'WE', opens_at: '09:00', closes_at: '12:00', timezone: -5 },
      // A time's own offset says more than the schedule's: this one is UK time.
      { freq: 'WEEKLY', byday: 'TH', opens_at: '09:00+01:00', closes_at: '12:00+01:00', timezone: 3 },
      // No times, nothing to misread.
      { freq: 'WEEKLY', byday: 'FR', timezone: 3 },
    ],
  });
  assert.equal(service?.schedules.length, 5);
  assert.deepEqual(
    problems.map((p) => `${p.path}: ${p.message}`),
    ['schedules[2].timezone: UTC-5 is not UK time; the times are shown as written.'],
  );
});

test('fromOruk ends a schedule at its iCal `until`, or at valid_to when that is earlier', () => {
  const { service, problems } = fromOruk({
    id: 'until',
    name: 'Summer club',
    schedules: [
      { freq: 'WEEKLY', byday: 'MO', until: '2024-08-30' },
      { freq: 'WEEKLY', byday: 'TU', until: '20240830T170000Z' },
      { freq: 'WEEKLY', byday: 'WE', until: '20240830', valid_to: '2024-07-01' },
      { freq: 'WEEKLY', byday: 'TH', until: '2024-08-30', valid_to: '2025-01-01' },
      { freq: 'WEEKLY', byday: 'FR', until: 'end of August' },
    ],
  });
  assert.deepEqual(
    service?.schedules.map((s) => s.validTo),
    ['2024-08-30', '2024-08-30', '2024-07-01', '2024-08-30', undefined],
  );
  assert.deepEqual(
    problems.map((p) => p.path),
    ['schedules[4].until'],
  );
});

test('fromOruk ends a weekly schedule after its `count` sessions from dtstart, and reports a count it cannot work out', () => {
  const { service, problems } = fromOruk({
    id: 'count',
    name: 'Six-week course',
    schedules: [
      // Monday 6 January 2025, Mondays and Thursdays: 6, 9, 13, 16, 20 and 23 January.
      { freq: 'WEEKLY', byday: 'MO,TH', dtstart: '2025-01-06', count: 6 },
      // Fortnightly Wednesdays from Wednesday 1 January 2025: 1, 15 and 29 January.
      { freq: 'WEEKLY', byday: 'WE', interval: 2, dtstart: '20250101', count: 3 },
      // RFC 5545: dtstart is the first session even when it is not on one of the days (a Sunday here).
      { freq: 'WEEKLY', byday: 'MO', dtstart: '2025-01-05', count: 2 },
      // An until earlier than the last counted session wins.
      { freq: 'WEEKLY', byday: 'MO', dtstart: '2025-01-06', count: 10, until: '2025-01-20' },
      { freq: 'DAILY', dtstart: '2025-01-06', count: 3 },
      { freq: 'WEEKLY', byday: 'FR', count: 4 },
      { freq: 'MONTHLY', byday: '1MO', dtstart: '2025-01-06', count: 4 },
    ],
  });
  assert.deepEqual(
    service?.schedules.map((s) => s.validTo),
    ['2025-01-23', '2025-01-29', '2025-01-06', '2025-01-20', '2025-01-08', undefined, undefined],
  );
  const counts = problems.filter((p) => p.path.endsWith('.count')).map((p) => p.path);
  assert.deepEqual(counts, ['schedules[5].count', 'schedules[6].count']);
});

test('fromOruk combines several ORUK 1.0 eligibilities: the union of their ages and all their groups', () => {
  const read = (eligibilitys: unknown[]) => fromOruk({ id: 'e', name: 'Family centre', eligibilitys });
  const touching = read([
    { eligibility: 'child', minimum_age: 0, maximum_age: 5 },
    { eligibility: 'teen', minimum_age: 6, maximum_age: 11 },
    { eligibility: 'child', minimum_age: 3, maximum_age: 4 },
  ]);
  assert.equal(touching.service?.minimumAge, 0);
  assert.equal(touching.service?.maximumAge, 11);
  assert.equal(touching.service?.eligibility, 'child, teen');
  assert.deepEqual(touching.problems, []);

  // A gap cannot be kept in one range: the span, so no eligible child is filtered out, and said so.
  const gap = read([
    { minimum_age: 11, maximum_age: 16 },
    { minimum_age: 0, maximum_age: 4 },
  ]);
  assert.deepEqual([gap.service?.minimumAge, gap.service?.maximumAge], [0, 16]);
  assert.deepEqual(
    gap.problems.map((p) => p.path),
    ['eligibilitys'],
  );
  assert.match(gap.problems[0]!.message, /between 4 and 11/);

  // A group with no upper age leaves the combined range open above; one with no ages leaves the ages alone.
  const open = read([{ eligibility: 'family' }, { minimum_age: 2, maximum_age: 5 }, { minimum_age: 4 }]);
  assert.equal(open.service?.minimumAge, 2);
  assert.equal(open.service?.maximumAge, undefined);
  assert.equal(open.service?.eligibility, 'family');

  const backwards = read([
    { minimum_age: 16, maximum_age: 11 },
    { minimum_age: 0, maximum_age: 5 },
  ]);
  assert.deepEqual([backwards.service?.minimumAge, backwards.service?.maximumAge], [0, 5]);
  assert.deepEqual(
    backwards.problems.map((p) => p.path),
    ['eligibilitys[0].minimum_age'],
  );

  // The service's own ages still come first.
  const own = fromOruk({ id: 'e', name: 'Club', minimum_age: 1, eligibilitys: [{ minimum_age: 0, maximum_age: 5 }] });
  assert.deepEqual([own.service?.minimumAge, own.service?.maximumAge], [1, 5]);
});

test('fromOruk drops an age range that runs backwards rather than list a service for the wrong ages', () => {
  const { service, problems } = fromOruk({ id: 'ages', name: 'Teen club', minimum_age: 11, maximum_age: 5 });
  assert.ok(service);
  assert.equal(service.minimumAge, undefined);
  assert.equal(service.maximumAge, undefined);
  assert.deepEqual(
    problems.map((p) => p.path),
    ['minimum_age'],
  );
  assert.match(problems[0]!.message, /11 to 5/);
  const only = fromOruk({ id: 'ages', name: 'Teen club', minimum_age: 11, eligibilitys: [{ maximum_age: 16 }] });
  assert.deepEqual([only.service?.minimumAge, only.service?.maximumAge, only.problems], [11, 16, []]);
  assert.deepEqual(fromOruk({ id: 'a', name: 'Baby group', maximum_age: 1.5 }).service?.maximumAge, 1.5);
});

test('fromOruk never lists a service as free when a cost it could not read was given', () => {
  const unreadable = fromOruk({ id: 'c', name: 'Swim', cost_options: [{ option: 'Per session', amount: '£5' }] });
  assert.equal(unreadable.service?.free, false);
  assert.match(unreadable.problems[0]!.message, /"£5" is not a number/);
  const zero = fromOruk({ id: 'c', name: 'Swim', cost_options: [{ option: 'Per session', amount: 0 }] });
  assert.equal(zero.service?.free, true);
  const none = fromOruk({ id: 'c', name: 'Swim', cost_options: [{ option: 'No charge', amount: null }] });
  assert.equal(none.service?.free, true);
});

test('fromOruk reads days written as a list, with spaces, or with an RRULE ordinal, and says what it changed', () => {
  const { service, problems } = fromOruk({
    id: 'days',
    name: 'Parent and toddler',
    schedules: [
      { freq: 'WEEKLY', byday: ['MO', 'we'] },
      { freq: 'WEEKLY', byday: 'TU TH' },
      { freq: 'MONTHLY', byday: '1MO,-1FR' },
    ],
  });
  assert.ok(service);
  assert.deepEqual(
    service.schedules.map((s) => s.byDay),
    [
      ['MO', 'WE'],
      ['TU', 'TH'],
      ['MO', 'FR'],
    ],
  );
  const byPath = problems.map((p) => `${p.path}: ${p.message}`);
  assert.equal(byPath.length, 3, byPath.join('\n'));
  assert.match(byPath[0]!, /^schedules\[0\]\.byday: .*list/);
  assert.match(byPath[1]!, /^schedules\[2\]\.byday: "1MO" .*Monday/);
  assert.match(byPath[2]!, /^schedules\[2\]\.byday: "-1FR" .*Friday/);
});

test('fromOruk reads every spelling of a day a feed uses, and no other word', () => {
  const spellings = [
    ['MO', 'mo', 'Monday', 'MON', 'mon', '1'],
    ['TU', 'tu', 'TUESDAY', 'Tue', '2'],
    ['WE', 'we', 'wednesday', 'wed', '3'],
    ['TH', 'Th', 'Thursday', 'thu', '4'],
    ['FR', 'fr', 'Friday', 'fri', '5'],
    ['SA', 'sa', 'Saturday', 'sat', '6'],
    ['SU', 'su', 'Sunday', 'sun', '7'],
  ];
  const { service, problems } = fromOruk({
    id: 'spellings',
    name: 'Every day',
    schedules: spellings.flat().map((byday) => ({ freq: 'WEEKLY', byday })),
  });
  assert.ok(service);
  assert.deepEqual(
    service.schedules.map((s) => s.byDay[0]),
    spellings.flatMap((names) => names.map(() => names[0])),
  );
  assert.deepEqual(problems, []);
  // Words that are no day, including the names every JavaScript object answers to.
  const odd = ['0', '8', 'mond', 'tues', 'constructor', 'toString', '__proto__', 'm'];
  const read = fromOruk({ id: 'odd', name: 'Odd days', schedules: [{ freq: 'WEEKLY', byday: odd.join(',') }] });
  assert.ok(read.service, 'a word that is no day costs the service nothing');
  assert.deepEqual(read.service.schedules[0]!.byDay, []);
  assert.deepEqual(
    read.problems.map((p) => p.message),
    odd.map((d) => `"${d}" is not a day of the week.`),
  );
});

test('fromOruk reads a single object or text where the standard has a list, and reports it', () => {
  const { service, problems } = fromOruk({
    id: 'lists',
    name: 'Food bank',
    schedules: { freq: 'WEEKLY', byday: 'SA', opens_at: '10:00', closes_at: '12:00' },
    contacts: [{ name: 'Front desk', phones: ['01632 960001'] }],
    languages: 'Welsh',
  });
  assert.ok(service);
  assert.deepEqual(service.schedules, [{ freq: 'WEEKLY', byDay: ['SA'], opensAt: '10:00', closesAt: '12:00' }]);
  assert.deepEqual(service.contacts[0]!.phones, [{ number: '01632 960001' }]);
  assert.deepEqual(service.languages, [{ name: 'Welsh' }]);
  assert.deepEqual(problems.map((p) => p.path).sort(), ['contacts[0].phones[0]', 'languages', 'schedules']);
  const broken = fromOruk({ id: 'lists', name: 'Food bank', contacts: 42 });
  assert.deepEqual(broken.service?.contacts, []);
  assert.match(broken.problems[0]?.message ?? '', /42 is not a list; ignored/);
});

test('fromOruk reads a daily schedule as every day, and reports an interval it cannot show', () => {
  const { service, problems } = fromOruk({
    id: 'freq',
    name: 'Drop-in',
    schedules: [
      { freq: 'DAILY', opens_at: '09:00', closes_at: '12:00' },
      { freq: 'daily', byday: 'MO,WE' },
      { freq: 'WEEKLY', byday: 'TH', interval: 2 },
      { freq: 'WEEKLY', byday: 'FR', interval: 1 },
    ],
  });
  assert.ok(service);
  assert.deepEqual(
    service.schedules.map((s) => [s.freq, s.byDay]),
    [
      ['WEEKLY', ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']],
      ['WEEKLY', ['MO', 'WE']],
      ['WEEKLY', ['TH']],
      ['WEEKLY', ['FR']],
    ],
  );
  const messages = problems.map((p) => `${p.path}: ${p.message}`);
  assert.equal(messages.length, 3, messages.join('\n'));
  assert.match(messages[0]!, /^schedules\[0\]\.freq: .*every day/);
  assert.match(messages[1]!, /^schedules\[1\]\.freq: /);
  assert.match(messages[2]!, /^schedules\[2\]\.interval: .*every 2 weeks/);
});

test('fromOruk reports a phone number given as a JSON number, which has lost any leading zero', () => {
  const { service, problems } = fromOruk({
    id: 'phone',
    name: 'Helpline',
    contacts: [{ name: 'Advice line', email: 'advice@example.org', phones: [{ number: 1632960001 }] }],
  });
  assert.equal(service?.contacts[0]!.phones[0]!.number, '1632960001');
  assert.deepEqual(
    problems.map((p) => p.path),
    ['contacts[0].phones[0].number'],
  );
  assert.match(problems[0]!.message, /number where text was expected/);
});

test('fromOruk removes quotes only when they wrap the whole value, never half of a quotation', () => {
  const { service } = fromOruk({
    id: 'quotes',
    name: 'The "Hub"',
    description: '"Best club in town", says a parent.',
    contacts: [{ name: '"Front desk"', phones: [{ number: '"+44 1234 234567"' }] }],
  });
  assert.ok(service);
  assert.equal(service.name, 'The "Hub"');
  assert.equal(service.description, '"Best club in town", says a parent.');
  assert.equal(service.contacts[0]!.name, 'Front desk');
  assert.equal(service.contacts[0]!.phones[0]!.number, '+44 1234 234567');
});

test('fromOruk does not call a service free when its fees or cost text name a charge', () => {
  const free = (extra: object) => fromOruk({ id: 'f', name: 'Swimming', ...extra }).service?.free;
  assert.equal(free({ fees: 'Free for under-5s, £3 for older children' }), false);
  assert.equal(free({ fees: 'Free parking. Sessions 50p each.' }), false);
  assert.equal(free({ cost_options: [{ option: 'Per session', amount_description: '£5 per session' }] }), false);
  assert.equal(free({ fees: 'Free' }), true);
  assert.equal(free({ fees: 'No charge (£0)' }), true);
  assert.equal(free({ cost_options: [{ option: 'Drop-in', amount: 0, amount_description: 'Free, £0.00' }] }), true);
});

test('fromOruk reads opening times given at a location when the service itself has none', () => {
  const weekly = (byday: string) => ({ freq: 'WEEKLY', byday, opens_at: '10:00:00', closes_at: '18:00:00' });
  const { service, problems } = fromOruk({
    id: 'at-location',
    name: 'Family hub',
    service_at_locations: [
      { id: 'sal1', schedules: [weekly('MO')], location: { id: 'l1', schedules: [weekly('MO'), weekly('SA')] } },
      { id: 'sal2', location: { id: 'l2', schedules: [weekly('WE')] } },
    ],
  });
  assert.deepEqual(
    service?.schedules.map((s) => s.byDay.join()),
    ['MO', 'SA', 'WE'],
    'each location’s times, once each',
  );
  assert.deepEqual(problems, []);
  const own = fromOruk({
    id: 'own',
    name: 'Family hub',
    schedules: [weekly('TU')],
    service_at_locations: [{ id: 'sal1', schedules: [weekly('MO')] }],
  });
  assert.deepEqual(
    own.service?.schedules.map((s) => s.byDay.join()),
    ['TU'],
    'the service’s own times win',
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesServiceFilters, withinAges, type Service } from '@c2c/schema';

const service = (schedule: Partial<Service['schedules'][number]>): Service => ({
  id: 'late',
  name: 'Late-night youth drop-in',
  status: 'active',
  locations: [],
  contacts: [],
  schedules: [{ freq: 'WEEKLY', byDay: ['FR'], ...schedule }],
  free: true,
  costOptions: [],
  languages: [],
  serviceAreas: [],
  taxonomyTerms: [],
  accessibility: [],
});

test('a session that closes after midnight is open late on its day and in the small hours of the next', () => {
  const late = service({ opensAt: '22:00', closesAt: '02:00' });
  assert.equal(matchesServiceFilters(late, { day: 'FR', time: '23:00' }), true);
  assert.equal(matchesServiceFilters(late, { day: 'SA', time: '01:30' }), true, 'Friday night runs into Saturday');
  assert.equal(matchesServiceFilters(late, { time: '01:30' }), true);
  assert.equal(matchesServiceFilters(late, { day: 'FR', time: '01:30' }), false, 'Thursday has no session');
  assert.equal(matchesServiceFilters(late, { day: 'FR', time: '12:00' }), false);
  assert.equal(matchesServiceFilters(late, { day: 'SA', time: '02:00' }), false, 'closed at the closing time');
  const toMidnight = service({ opensAt: '18:00', closesAt: '00:00' });
  assert.equal(matchesServiceFilters(toMidnight, { day: 'FR', time: '23:59' }), true);
  assert.equal(matchesServiceFilters(toMidnight, { day: 'FR', time: '17:59' }), false);
});

test('same-day sessions and day-only schedules match as before', () => {
  const day = service({ opensAt: '09:00', closesAt: '17:00' });
  assert.equal(matchesServiceFilters(day, { day: 'FR', time: '09:00' }), true);
  assert.equal(matchesServiceFilters(day, { day: 'FR', time: '17:00' }), false);
  assert.equal(matchesServiceFilters(day, { day: 'SA', time: '10:00' }), false);
  assert.equal(matchesServiceFilters(service({ byDay: [] }), { day: 'MO' }), false, 'weekly, no day: not known open');
  assert.equal(matchesServiceFilters(service({ byDay: [], freq: 'MONTHLY' }), { day: 'MO' }), true);
});

test('a schedule that ended before today does not make a service open on its day', () => {
  const ended = service({ opensAt: '10:00', closesAt: '12:00', validTo: '2026-07-20' });
  assert.equal(matchesServiceFilters(ended, { day: 'FR' }, '2026-12-07'), false);
  assert.equal(matchesServiceFilters(ended, { time: '11:00' }, '2026-12-07'), false);
  assert.equal(matchesServiceFilters(ended, { day: 'FR', time: '11:00' }, '2026-07-20'), true, 'its last day counts');
  assert.equal(matchesServiceFilters(ended, { day: 'FR' }), true, 'without a date every schedule counts');
  // Another schedule of the same service that still runs keeps it open.
  const both: Service = { ...ended, schedules: [...ended.schedules, { freq: 'WEEKLY', byDay: ['FR'] }] };
  assert.equal(matchesServiceFilters(both, { day: 'FR' }, '2026-12-07'), true);
  // Filters other than day and time do not look at schedules at all.
  assert.equal(matchesServiceFilters(ended, { free: true }, '2026-12-07'), true);
});

// In years, the nearest to 6 a child can be and still be 5: 365 days into a year that has a 29 February.
const DAY_BEFORE_SIXTH_BIRTHDAY = 5 + 365 / 366;

test('an age band "0 to 5" takes a child until their sixth birthday, as people read it', () => {
  const under6 = { ...service({}), minimumAge: 0, maximumAge: 5 };
  const at = (age: number) => matchesServiceFilters(under6, { age });
  assert.equal(at(5.5), true, 'five and a half is in "0 to 5"');
  assert.equal(at(DAY_BEFORE_SIXTH_BIRTHDAY), true, 'the day before the sixth birthday');
  assert.equal(at(6), false, 'on the sixth birthday');
  assert.equal(at(6.25), false);
  assert.equal(at(5), true);
  assert.equal(at(0), true, 'a newborn');
  assert.equal(at(0.5), true);
});

test('the youngest age of a band counts from that birthday', () => {
  const primary = { ...service({}), minimumAge: 5, maximumAge: 11 };
  assert.equal(matchesServiceFilters(primary, { age: 4 + 365 / 366 }), false, 'the day before the fifth birthday');
  assert.equal(matchesServiceFilters(primary, { age: 5 }), true, 'on the fifth birthday');
  assert.equal(matchesServiceFilters(primary, { age: 11.9 }), true, 'still 11');
  assert.equal(matchesServiceFilters(primary, { age: 12 }), false, 'on the twelfth birthday');
});

test('withinAges: a maximum with a fraction is taken as written; no limits take everyone', () => {
  assert.equal(withinAges(0.5, 0, 0.5), true, 'up to six months takes six months');
  assert.equal(withinAges(0.75, 0, 0.5), false, 'but not nine months');
  assert.equal(withinAges(0, 0, 0), true, 'a baby group "0 to 0" takes a child until their first birthday');
  assert.equal(withinAges(0.9, 0, 0), true);
  assert.equal(withinAges(1, 0, 0), false);
  assert.equal(withinAges(17.9, 16), true, 'no upper limit');
  assert.equal(withinAges(15.9, 16), false);
  assert.equal(withinAges(99), true, 'no limits at all');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  academicYearOf,
  addDays,
  addYears,
  ageOn,
  daysBetween,
  isLeapYear,
  milestonesFor,
  milestoneStanding,
  milestoneState,
  overdueUntil,
  phaseSpans,
  PHASES,
  receptionStartYear,
  yearGroupOn,
} from '@c2c/schema';
import { isoDateArb } from './arbitraries.js';

const yearArb = fc.integer({ min: 1995, max: 2050 });

test('academicYearOf: 31 August belongs to the year that started the September before, 1 September starts a new one', () => {
  assert.deepEqual(academicYearOf('2026-08-31'), {
    startYear: 2025,
    label: '2025/26',
    start: '2025-09-01',
    end: '2026-08-31',
  });
  assert.deepEqual(academicYearOf('2026-09-01'), {
    startYear: 2026,
    label: '2026/27',
    start: '2026-09-01',
    end: '2027-08-31',
  });
  assert.equal(academicYearOf('1999-09-01').label, '1999/00');
  assert.equal(academicYearOf(new Date(Date.UTC(2024, 1, 29))).startYear, 2023);
});

test('property: every date lies inside its academic year, which runs 1 September to 31 August', () => {
  fc.assert(
    fc.property(isoDateArb(), (date) => {
      const y = academicYearOf(date);
      assert.ok(y.start <= date && date <= y.end);
      assert.equal(addDays(y.end, 1), `${y.startYear + 1}-09-01`);
    }),
  );
});

test('yearGroupOn: the youngest (31 August) and the oldest (1 September) of a year group', () => {
  // 2025/26: Year 6 runs from children born 1 September 2014 (oldest) to 31 August 2015 (youngest).
  assert.equal(yearGroupOn('2014-09-01', '2025-09-01').code, 'Y6');
  assert.equal(yearGroupOn('2015-08-31', '2025-09-01').code, 'Y6');
  assert.equal(yearGroupOn('2014-08-31', '2025-09-01').code, 'Y7');
  assert.equal(yearGroupOn('2015-09-01', '2025-09-01').code, 'Y5');
  assert.equal(yearGroupOn('2015-08-31', '2026-08-31').code, 'Y6');
  assert.equal(yearGroupOn('2015-08-31', '2026-09-01').code, 'Y7');
  assert.equal(yearGroupOn('2020-09-01', '2025-09-01').code, 'R');
  assert.equal(yearGroupOn('2021-09-01', '2025-09-01').code, 'N2');
  assert.equal(yearGroupOn('2022-09-01', '2025-09-01').code, 'N1');
  assert.equal(yearGroupOn('2023-09-01', '2025-09-01').code, 'pre-school');
  assert.equal(yearGroupOn('2007-09-01', '2025-09-01').code, 'Y13');
  assert.equal(yearGroupOn('2006-09-01', '2025-09-01').code, 'adult');
});

test('property: a child born on 31 August is always exactly one year ahead of one born the next day', () => {
  fc.assert(
    fc.property(yearArb, isoDateArb(1995, 2080), (year, on) => {
      const older = yearGroupOn(`${year}-08-31`, on);
      const younger = yearGroupOn(`${year}-09-01`, on);
      assert.equal(older.offset, younger.offset + 1);
    }),
  );
});

test('property: year group offsets step by exactly one each 1 September, and not on any other day', () => {
  fc.assert(
    fc.property(
      isoDateArb(1995, 2040),
      yearArb.map((y) => y + 5),
      fc.integer({ min: 0, max: 364 }),
      (dob, year, dayOfYear) => {
        const before = yearGroupOn(dob, `${year}-08-31`).offset;
        const after = yearGroupOn(dob, `${year}-09-01`).offset;
        assert.equal(after, before + 1);
        const d = addDays(`${year}-09-01`, dayOfYear);
        if (d <= `${year + 1}-08-31`) assert.equal(yearGroupOn(dob, d).offset, after);
      },
    ),
  );
});

test('property: every child is 4 on the day before reception starts and 5 by the end of reception, leap days included', () => {
  const dobArb = fc.oneof(
    isoDateArb(1995, 2040),
    yearArb.filter(isLeapYear).map((y) => `${y}-02-29`),
  );
  fc.assert(
    fc.property(dobArb, (dob) => {
      const r = receptionStartYear(dob);
      assert.equal(ageOn(dob, `${r}-08-31`), 4);
      assert.equal(ageOn(dob, `${r + 1}-08-31`), 5);
      assert.equal(yearGroupOn(dob, `${r}-09-01`).code, 'R');
    }),
  );
});

test('a 29 February birthday falls on 1 March in common years', () => {
  assert.equal(addYears('2016-02-29', 1), '2017-03-01');
  assert.equal(addYears('2016-02-29', 4), '2020-02-29');
  assert.equal(ageOn('2016-02-29', '2017-02-28'), 0);
  assert.equal(ageOn('2016-02-29', '2017-03-01'), 1);
});

test('property: phaseSpans are in order, contiguous day by day, and agree with yearGroupOn', () => {
  fc.assert(
    fc.property(isoDateArb(1995, 2040), fc.integer({ min: 0, max: 25 * 365 - 1 }), (dob, ageDays) => {
      const spans = phaseSpans(dob);
      assert.deepEqual(
        spans.map((s) => s.phase),
        [...PHASES],
      );
      assert.equal(spans[0]!.start, dob);
      for (let i = 1; i < spans.length; i++) {
        assert.equal(
          spans[i]!.start,
          addDays(spans[i - 1]!.end, 1),
          `${spans[i]!.phase} starts the day after ${spans[i - 1]!.phase} ends`,
        );
        assert.ok(spans[i]!.start <= spans[i]!.end);
      }
      const day = addDays(dob, ageDays);
      const span = spans.find((s) => s.start <= day && day <= s.end);
      assert.ok(span, `${day} is inside a span`);
      assert.equal(yearGroupOn(dob, day).phase, span.phase);
    }),
  );
});

const byId = (dob: string, options?: Parameters<typeof milestonesFor>[1]) =>
  Object.fromEntries(milestonesFor(dob, options).map((m) => [m.id, m]));

test('milestonesFor a 31 August birth: the youngest in the year sits every milestone a year before a 1 September birth', () => {
  const aug = byId('2014-08-31');
  assert.deepEqual([aug['reception-baseline']!.from, aug['reception-baseline']!.by], ['2018-09-01', '2018-10-12']);
  assert.deepEqual([aug['eyfs-profile']!.from, aug['eyfs-profile']!.by], ['2019-04-15', '2019-06-30']);
  assert.deepEqual([aug['phonics-check']!.from, aug['phonics-check']!.by], ['2020-06-01', '2020-06-30']);
  assert.equal(aug['phonics-retake']!.conditional, true);
  assert.equal(aug['multiplication-tables-check']!.from, '2023-06-01');
  assert.equal(aug['ks2-tests']!.from, '2025-05-01');
  assert.equal(aug.gcse!.by, '2030-06-30');
  assert.deepEqual([aug['participation-18']!.from, aug['participation-18']!.by], ['2030-09-01', '2032-08-31']);
  assert.deepEqual([aug['progress-check-2']!.from, aug['progress-check-2']!.by], ['2016-08-31', '2017-08-30']);

  const sep = byId('2014-09-01');
  assert.equal(sep['reception-baseline']!.from, '2019-09-01');
  assert.equal(sep['ks2-tests']!.from, '2026-05-01');
  assert.equal(sep['participation-18']!.by, '2032-09-01');
});

test('milestonesFor a 29 February birth: anniversaries fall on 1 March in common years', () => {
  const leap = byId('2016-02-29');
  assert.equal(leap['progress-check-2']!.from, '2018-03-01');
  assert.equal(leap['progress-check-2']!.by, '2019-02-28');
  assert.equal(leap['progress-check-2']!.phase, 'pre-school');
  assert.equal(leap['reception-baseline']!.from, '2020-09-01');
  assert.equal(leap['participation-18']!.by, '2034-03-01');
});

test('milestonesFor: participation can end at the end of the academic year in which the young person turns 18', () => {
  assert.equal(byId('2016-02-29', { participationEnds: 'end-of-academic-year' })['participation-18']!.by, '2034-08-31');
  assert.equal(byId('2014-09-01', { participationEnds: 'end-of-academic-year' })['participation-18']!.by, '2033-08-31');
  assert.equal(byId('2014-09-01', { participationEnds: 'birthday' })['participation-18']!.by, '2032-09-01');
});

test('property: milestones happen in the year group the statutory calendar puts them in, each window opening before it closes', () => {
  const expected: Record<string, string> = {
    'reception-baseline': 'R',
    'eyfs-profile': 'R',
    'phonics-check': 'Y1',
    'phonics-retake': 'Y2',
    'multiplication-tables-check': 'Y4',
    'ks2-tests': 'Y6',
    gcse: 'Y11',
    'participation-18': 'Y12',
  };
  fc.assert(
    fc.property(isoDateArb(1995, 2040), (dob) => {
      for (const m of milestonesFor(dob)) {
        assert.ok(m.from <= m.by, m.id);
        if (expected[m.id]) assert.equal(yearGroupOn(dob, m.from).code, expected[m.id], m.id);
      }
    }),
  );
});

test('milestoneState moves from upcoming to due to overdue, and done wins', () => {
  const m = byId('2014-08-31')['phonics-check']!;
  assert.equal(milestoneState(m, '2020-05-31', false), 'upcoming');
  assert.equal(milestoneState(m, '2020-06-01', false), 'due');
  assert.equal(milestoneState(m, '2020-06-30', false), 'due');
  assert.equal(milestoneState(m, '2020-07-01', false), 'overdue');
  assert.equal(milestoneState(m, '2020-07-01', true), 'done');
});

test('milestoneStanding: an unrecorded milestone is overdue for a year after its window closes, then past', () => {
  const dob = '2014-08-31';
  const m = byId(dob)['phonics-check']!; // Year 1, June 2020; key stage 1 ends 31 August 2021
  assert.equal(milestoneStanding(m, dob, '2020-05-31', false), 'upcoming');
  assert.equal(milestoneStanding(m, dob, '2020-06-30', false), 'due');
  assert.equal(milestoneStanding(m, dob, '2020-07-01', false), 'overdue');
  assert.equal(overdueUntil(m, dob), '2021-08-31', 'the end of key stage 1 is later than a year on');
  assert.equal(milestoneStanding(m, dob, '2021-08-31', false), 'overdue');
  assert.equal(milestoneStanding(m, dob, '2021-09-01', false), 'past');
  assert.equal(milestoneStanding(m, dob, '2044-09-01', true), 'done', 'done stays done');
});

test('milestoneStanding: the progress check at two is overdue until a year after the third birthday', () => {
  const dob = '2014-08-31';
  const m = byId(dob)['progress-check-2']!;
  assert.equal(m.by, '2017-08-30');
  assert.equal(overdueUntil(m, dob), '2018-08-30', 'a year on is later than the end of pre-school (31 August 2017)');
  assert.equal(milestoneStanding(m, dob, '2018-08-30', false), 'overdue');
  assert.equal(milestoneStanding(m, dob, '2018-08-31', false), 'past');
});

test('milestoneStanding: the multiplication tables check stays overdue to the end of Year 6, its phase', () => {
  const dob = '2015-10-03'; // Year 4 in 2024/25, Year 6 in 2026/27
  const m = byId(dob)['multiplication-tables-check']!;
  assert.equal(m.by, '2025-06-30');
  assert.equal(overdueUntil(m, dob), '2027-08-31');
  assert.equal(milestoneStanding(m, dob, '2027-03-01', false), 'overdue', 'in Year 6, a year and more after it');
  assert.equal(milestoneStanding(m, dob, '2027-09-01', false), 'past', 'in Year 7');
});

test('milestoneStanding: nothing of a 30-year-old’s childhood is overdue, and a 17-year-old’s GCSEs still are', () => {
  const adult = '1996-10-03';
  for (const m of milestonesFor(adult)) assert.equal(milestoneStanding(m, adult, '2027-03-01', false), 'past', m.id);
  const teen = '2009-10-03'; // GCSEs in May and June 2026
  assert.equal(milestoneStanding(byId(teen).gcse!, teen, '2027-03-01', false), 'overdue');
  assert.equal(milestoneStanding(byId(teen)['participation-18']!, teen, '2027-03-01', false), 'due');
});

test('property: milestoneStanding is milestoneState, but past once overdueUntil (a year on at least) has gone by', () => {
  fc.assert(
    fc.property(isoDateArb(1990, 2030), isoDateArb(1990, 2070), fc.boolean(), (dob, today, done) => {
      for (const m of milestonesFor(dob)) {
        const until = overdueUntil(m, dob);
        assert.ok(until >= addYears(m.by, 1), m.id);
        const phase = phaseSpans(dob).find((p) => p.phase === m.phase)!;
        assert.ok(until >= phase.end, m.id);
        const state = milestoneState(m, today, done);
        const standing = milestoneStanding(m, dob, today, done);
        if (state === 'overdue' && today > until) assert.equal(standing, 'past', m.id);
        else assert.equal(standing, state, m.id);
      }
    }),
  );
});

test('a Date is read on London’s calendar: 00:30 BST on 1 September is already the new school year', () => {
  const justAfterMidnight = new Date('2025-08-31T23:30:00Z'); // 00:30 on 1 September in London
  assert.equal(academicYearOf(justAfterMidnight).label, '2025/26');
  assert.equal(yearGroupOn('2014-09-01', justAfterMidnight).code, 'Y6');
  assert.equal(yearGroupOn('2014-09-01', new Date('2025-08-31T22:59:00Z')).code, 'Y5');
  assert.equal(academicYearOf(new Date('2026-01-31T23:59:00Z')).label, '2025/26', 'in winter London is on UTC');
});

test('property: addDays and daysBetween agree, across leap days', () => {
  fc.assert(
    fc.property(isoDateArb(1990, 2060), fc.integer({ min: -4000, max: 4000 }), (d, n) => {
      assert.equal(daysBetween(d, addDays(d, n)), n);
    }),
  );
});

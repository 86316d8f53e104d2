import { expect } from '@open-wc/testing';
import type { Pathway, PathwayEvent } from '@c2c/schema';
import {
  centreOn,
  clampRange,
  clusterDays,
  dayOf,
  frameFor,
  isoOf,
  MIN_SPAN_DAYS,
  packSpans,
  panRange,
  scaleFor,
  stackLanes,
  ticksFor,
  visibleSlice,
  zoomRange,
} from './layout.js';
import { buildModel, laneStrands } from './model.js';
import { laneData, MAX_SPAN_ROWS, trackItems } from './items.js';

const ev = (id: string, date: string, extra: Partial<PathwayEvent> = {}): PathwayEvent => ({
  id,
  learnerId: 'lrn-1',
  kind: 'note',
  strand: 'achieving',
  date,
  title: `Event ${id}`,
  source: { name: 'Test school' },
  ...extra,
});
const pathway = (dateOfBirth: string, events: PathwayEvent[] = []): Pathway => ({
  learnerId: 'lrn-1',
  dateOfBirth,
  events,
});

describe('layout: days and scales', () => {
  it('converts ISO dates to day numbers and back, leap days included', () => {
    expect(dayOf('1970-01-01')).to.equal(0);
    expect(dayOf('2016-03-01') - dayOf('2016-02-28')).to.equal(2);
    expect(dayOf('2017-03-01') - dayOf('2017-02-28')).to.equal(1);
    for (const iso of ['2016-02-29', '2000-12-31', '2031-09-01']) expect(isoOf(dayOf(iso))).to.equal(iso);
    expect(isoOf(dayOf('2020-05-05') + 0.7)).to.equal('2020-05-05');
  });

  it('maps days to pixels for the visible range and back', () => {
    const s = scaleFor({ from: 100, to: 200 }, 1000);
    expect(s.k).to.equal(10);
    expect(s.pos(100)).to.equal(0);
    expect(s.pos(150)).to.equal(500);
    expect(s.pos(250)).to.equal(1500);
    expect(s.dayAt(250)).to.equal(125);
  });

  it('keeps ranges inside the bounds and no shorter than a term', () => {
    const bounds = { from: 0, to: 9000 };
    expect(clampRange({ from: -500, to: 500 }, bounds)).to.deep.equal({ from: 0, to: 1000 });
    expect(clampRange({ from: 8500, to: 9500 }, bounds)).to.deep.equal({ from: 8000, to: 9000 });
    const tiny = clampRange({ from: 4000, to: 4010 }, bounds);
    expect(tiny.to - tiny.from).to.equal(MIN_SPAN_DAYS);
    expect((tiny.from + tiny.to) / 2).to.equal(4005);
    expect(clampRange({ from: -10, to: 20000 }, bounds)).to.deep.equal(bounds);
  });

  it('zooms around an anchor that stays where it was on screen', () => {
    const bounds = { from: 0, to: 9000 };
    const r = zoomRange({ from: 1000, to: 3000 }, 2, 1500, bounds);
    expect(r).to.deep.equal({ from: 1250, to: 2250 });
    // The anchor sat a quarter of the way along before and after.
    expect((1500 - r.from) / (r.to - r.from)).to.equal(0.25);
    const out = zoomRange({ from: 1000, to: 3000 }, 0.001, 1500, bounds);
    expect(out).to.deep.equal(bounds);
    const deep = zoomRange({ from: 1000, to: 1100 }, 8, 1025, bounds);
    expect(deep.to - deep.from).to.equal(MIN_SPAN_DAYS);
    expect(deep.from).to.be.closeTo(1025 - 0.25 * MIN_SPAN_DAYS, 1e-9);
  });

  it('pans and stops at the edges; centres on a day', () => {
    const bounds = { from: 0, to: 9000 };
    expect(panRange({ from: 1000, to: 2000 }, 500, bounds)).to.deep.equal({ from: 1500, to: 2500 });
    expect(panRange({ from: 1000, to: 2000 }, -5000, bounds)).to.deep.equal({ from: 0, to: 1000 });
    expect(centreOn(4000, 1000, bounds)).to.deep.equal({ from: 3500, to: 4500 });
    expect(centreOn(8900, 1000, bounds)).to.deep.equal({ from: 8000, to: 9000 });
  });

  it('finds the visible slice of sorted days with a margin', () => {
    const days = [1, 5, 10, 20, 30, 40];
    expect(visibleSlice(days, { from: 9, to: 30 })).to.deep.equal([2, 5]);
    expect(visibleSlice(days, { from: 9, to: 30 }, 5)).to.deep.equal([1, 5]);
    expect(visibleSlice(days, { from: 50, to: 60 })).to.deep.equal([6, 6]);
  });
});

describe('layout: lanes, spans and clusters', () => {
  it('packs overlapping spans into the fewest rows', () => {
    const spans = [
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 11, end: 20 },
      { start: 12, end: 13 },
      { start: 30, end: 40 },
    ];
    const { rows, count } = packSpans(spans);
    expect(count).to.equal(3);
    expect(rows).to.deep.equal([0, 1, 0, 2, 0]);
    for (let i = 0; i < spans.length; i++)
      for (let j = i + 1; j < spans.length; j++)
        if (rows[i] === rows[j])
          expect(spans[i]!.end < spans[j]!.start || spans[j]!.end < spans[i]!.start, `spans ${i} and ${j} share a row`)
            .to.be.true;
    const capped = packSpans(spans, 0, 2);
    expect(capped.count).to.equal(2);
    expect(Math.max(...capped.rows)).to.equal(1);
  });

  it('clusters points closer than the minimum gap, independent of panning', () => {
    const days = [0, 1, 2, 50, 51, 100];
    const zoomedOut = clusterDays(days, 1, 10);
    expect(zoomedOut.map((c) => [c.start, c.end])).to.deep.equal([
      [0, 3],
      [3, 5],
      [5, 6],
    ]);
    expect(zoomedOut[0]).to.include({ from: 0, to: 2 });
    const zoomedIn = clusterDays(days, 20, 10);
    expect(zoomedIn).to.have.length(6);
  });

  it('stacks lanes and swaps axes for the vertical layout', () => {
    const lanes = stackLanes(
      [
        { key: 'a', size: 40 },
        { key: 'b', size: 60 },
      ],
      100,
    );
    expect(lanes.get('b')).to.deep.equal({ start: 140, end: 200 });
    expect(frameFor('horizontal').rect(10, 30, 5, 9)).to.deep.equal({ x: 10, y: 5, width: 20, height: 4 });
    expect(frameFor('vertical').rect(10, 30, 5, 9)).to.deep.equal({ x: 5, y: 10, width: 4, height: 20 });
    expect(frameFor('vertical').point(7, 3)).to.deep.equal({ x: 3, y: 7 });
  });

  it('ticks every five years zoomed out, every birthday, then months; leaplings on 1 March', () => {
    const dob = '2016-02-29';
    const all = { from: dayOf(dob), to: dayOf('2041-03-01') };
    const five = ticksFor(all, 100 / (all.to - all.from), dob);
    expect(five.map((t) => t.age)).to.deep.equal([0, 5, 10, 15, 20, 25]);
    const yearly = ticksFor(all, 1200 / (all.to - all.from), dob);
    expect(yearly).to.have.length(26);
    expect(isoOf(yearly[1]!.day)).to.equal('2017-03-01');
    expect(isoOf(yearly[4]!.day)).to.equal('2020-02-29');
    const term = { from: dayOf('2024-09-01'), to: dayOf('2024-12-20') };
    const months = ticksFor(term, 1000 / (term.to - term.from), dob);
    expect(months.map((t) => t.month)).to.deep.equal([8, 9, 10, 11]);
  });
});

describe('model: phases, milestones and transitions from the date of birth', () => {
  it('puts a child born on 31 August a whole year ahead of one born on 1 September', () => {
    const aug = buildModel(pathway('2015-08-31'), '2026-11-25');
    const sep = buildModel(pathway('2015-09-01'), '2026-11-25');
    const start = (m: typeof aug, phase: string) => m.phases.find((p) => p.phase === phase)!.start;
    expect(start(aug, 'ks1')).to.equal('2020-09-01');
    expect(start(sep, 'ks1')).to.equal('2021-09-01');
    expect(aug.transitions.find((t) => t.transition === 'ey-to-reception')!.date).to.equal('2019-09-01');
    expect(sep.transitions.find((t) => t.transition === 'ey-to-reception')!.date).to.equal('2020-09-01');
    expect(aug.transitions.find((t) => t.transition === 'y6-to-y7')!.date).to.equal('2026-09-01');
    expect(aug.milestones.find((m) => m.id === 'ks2-tests')!.from).to.equal('2026-05-01');
    expect(sep.milestones.find((m) => m.id === 'ks2-tests')!.from).to.equal('2027-05-01');
    // Phases tile the calendar without gaps or overlaps.
    for (const m of [aug, sep])
      for (let i = 1; i < m.phases.length; i++) expect(m.phases[i]!.fromDay).to.equal(m.phases[i - 1]!.toDay + 1);
  });

  it('places a leap-day birth: second birthday on 1 March, reception the September after turning 4', () => {
    const m = buildModel(pathway('2016-02-29'), '2026-11-25');
    expect(m.milestones.find((x) => x.id === 'progress-check-2')!.from).to.equal('2018-03-01');
    expect(m.transitions.find((t) => t.transition === 'ey-to-reception')!.date).to.equal('2020-09-01');
    expect(m.bounds.to).to.equal(dayOf('2041-03-01'));
  });

  it('marks milestones done, due, overdue and upcoming', () => {
    const m = buildModel(
      pathway('2015-09-01', [ev('a', '2017-10-01', { kind: 'milestone', milestoneId: 'progress-check-2' })]),
      '2026-05-10',
    );
    const state = (id: string) => m.milestones.find((x) => x.id === id)?.state;
    expect(state('progress-check-2')).to.equal('done');
    expect(state('multiplication-tables-check')).to.equal('overdue');
    expect(state('ks2-tests')).to.equal('upcoming');
    expect(
      buildModel(pathway('2015-09-01'), '2027-05-10').milestones.find((x) => x.id === 'ks2-tests')!.state,
    ).to.equal('due');
    // A retake whose window passed unrecorded is not a missed duty.
    expect(state('phonics-retake')).to.equal(undefined);
  });

  it('flags transitions without a sent handover, or with one not acknowledged', () => {
    const dob = '2015-09-01'; // Year 6 in 2026/27; Year 7 starts 1 September 2027
    const today = '2027-03-01';
    const none = buildModel(pathway(dob), today).transitions;
    expect(none.find((t) => t.transition === 'y6-to-y7')).to.include({ flag: 'missing', fragile: true });
    expect(none.find((t) => t.transition === 'y11-to-post16')).to.include({ flag: 'future', fragile: false });
    const handover = (status: 'draft' | 'submitted' | 'acknowledged') =>
      ev(`h-${status}`, '2027-02-01', {
        kind: 'handover',
        transition: 'y6-to-y7',
        handoverStatus: status,
        handoverId: 'hnd-1',
      });
    const flag = (events: PathwayEvent[]) =>
      buildModel(pathway(dob, events), today).transitions.find((t) => t.transition === 'y6-to-y7')!.flag;
    expect(flag([handover('draft')])).to.equal('missing');
    expect(flag([handover('submitted')])).to.equal('unacknowledged');
    expect(flag([handover('draft'), handover('acknowledged')])).to.equal('ok');
    expect(buildModel(pathway(dob), today, { transitions: ['y6-to-y7'] }).transitions).to.have.length(1);
  });

  it('runs ongoing support to today, sorts events and counts unreadable or repeated ones', () => {
    const m = buildModel(
      pathway('2015-09-01', [
        ev('b', '2024-01-10', { kind: 'support', serviceName: 'Speech therapy' }),
        ev('a', '2020-05-05'),
        ev('c', 'not-a-date'),
        ev('d', '2022-01-01', { kind: 'support', endDate: '2022-06-01' }),
        ev('a', '2020-05-05'),
        ev('e', '2021-01-01', { strand: 'wellbeing' as never }),
      ]),
      '2026-11-25',
    );
    expect(m.entries.map((e) => e.event.id)).to.deep.equal(['a', 'd', 'b']);
    expect(m.skipped).to.equal(3); // a bad date, a repeated id, an unknown strand
    expect(m.skippedFor).to.deep.equal({ unreadable: 2, incomplete: 0, repeated: 1 });
    const ongoing = m.entries.find((e) => e.event.id === 'b')!;
    expect(ongoing.ongoing).to.be.true;
    expect(ongoing.endDay).to.equal(dayOf('2026-11-25'));
    expect(m.entries.find((e) => e.event.id === 'd')!.endDay).to.equal(dayOf('2022-06-01'));
    expect(m.entries.find((e) => e.event.id === 'a')!.phase).to.equal('early-years');
  });

  it('gives a lane to every strand the viewer can receive, and to any strand with events', () => {
    const m = buildModel(
      pathway('2015-09-01', [ev('a', '2020-05-05', { strand: 'relationships' }), ev('b', '2021-05-05')]),
      '2026-11-25',
    );
    expect(m.recorded).to.deep.equal(['achieving', 'relationships']);
    // Only the DSL is sent the safe strand: for anyone else an empty safe lane could only ever be empty.
    for (const role of ['parent', 'teacher', 'senco', 'transition-lead', 'admin', 'social-worker'])
      expect(laneStrands(m.recorded, role), role).to.deep.equal(['healthy', 'achieving', 'relationships']);
    // The DSL can be sent it: an empty lane says nothing is recorded, which is worth knowing.
    expect(laneStrands(m.recorded, 'dsl')).to.deep.equal(['safe', 'healthy', 'achieving', 'relationships']);
    // No role: nothing to decide on, nothing withheld.
    expect(laneStrands(m.recorded, undefined)).to.have.length(4);
    // A role this version does not know is not on the allow-list, as the hub would treat it.
    expect(laneStrands(m.recorded, 'toString')).to.deep.equal(['healthy', 'achieving', 'relationships']);
    expect(laneStrands(m.recorded, 'deputy-head')).to.deep.equal(['healthy', 'achieving', 'relationships']);
    // Events in the strand are drawn whatever the role says.
    expect(laneStrands(['safe'], 'parent')).to.deep.equal(['safe', 'healthy', 'achieving', 'relationships']);
  });
});

describe('items: what the track draws at a zoom', () => {
  it('clusters dense events per lane, keeps long spans apart, and orders everything by time', () => {
    const events = [
      ev('p1', '2020-01-01'),
      ev('p2', '2020-01-03'),
      ev('p3', '2020-01-05'),
      ev('q', '2020-01-04', { strand: 'safe' }),
      ev('long', '2019-06-01', { kind: 'support', endDate: '2021-06-01', strand: 'healthy' }),
    ];
    const model = buildModel(pathway('2015-09-01', events), '2026-11-25');
    const lanes = laneData(model.entries, ['safe', 'healthy', 'achieving', 'relationships']);
    expect(lanes.map((l) => l.entries.length)).to.deep.equal([1, 1, 3, 0]);
    const zoomedOut = trackItems(model, lanes, 0.2, { minGapPx: 18 });
    const cluster = zoomedOut.find((i) => i.type === 'cluster');
    expect(cluster && cluster.type === 'cluster' ? cluster.entries.map((e) => e.event.id) : []).to.deep.equal([
      'p1',
      'p2',
      'p3',
    ]);
    expect(zoomedOut.some((i) => i.key === 'e:q')).to.be.true; // its own lane, so not merged
    expect(zoomedOut.find((i) => i.key === 'e:long')).to.include({ span: true });
    const days = zoomedOut.map((i) => i.day);
    expect(days).to.deep.equal([...days].sort((a, b) => a - b));
    const zoomedIn = trackItems(model, lanes, 40, { minGapPx: 18 });
    expect(zoomedIn.filter((i) => i.type === 'cluster')).to.have.length(0);
    expect(zoomedIn.filter((i) => i.type === 'event')).to.have.length(5);
  });
});

describe('items: spans past the rows a lane draws', () => {
  it('gathers each run of spans that overlap past three rows into one "+N" item, and draws the rest as bars', () => {
    const support = (id: string, date: string, endDate: string) =>
      ev(id, date, { kind: 'support', strand: 'healthy', endDate });
    const events = [
      ...['a', 'b', 'c', 'd', 'e'].map((id, i) => support(id, `2020-0${i + 1}-01`, '2020-12-31')),
      // Later, and apart from the first run: a second group of their own.
      ...['v', 'w', 'x', 'y'].map((id, i) => support(id, `2023-0${i + 1}-01`, '2023-12-31')),
    ];
    const model = buildModel(pathway('2015-09-01', events), '2026-11-25');
    const lanes = laneData(model.entries, ['healthy']);
    expect(lanes[0]!.rowCount).to.equal(MAX_SPAN_ROWS);
    const items = trackItems(model, lanes, 1, { minGapPx: 18 });
    const bars = items.filter((i) => i.type === 'event').map((i) => i.key);
    expect(bars).to.deep.equal(['e:a', 'e:b', 'e:c', 'e:v', 'e:w', 'e:x']);
    const more = items.filter((i) => i.type === 'more');
    expect(more.map((i) => (i.type === 'more' ? i.entries.map((e) => e.event.id) : []))).to.deep.equal([
      ['d', 'e'],
      ['y'],
    ]);
    expect(more[0]).to.include({ day: dayOf('2020-04-01'), end: dayOf('2020-12-31') });
    // The same groups at every zoom: they follow from the rows, not from the scale.
    expect(trackItems(model, lanes, 0.01, { minGapPx: 18 }).filter((i) => i.type === 'more')).to.have.length(2);
  });
});

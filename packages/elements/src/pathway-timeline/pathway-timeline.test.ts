import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { emulateForcedColours } from '../shared/test-utils/forced-colours.js';
import { ROLES, type Pathway, type PathwayEvent } from '@c2c/schema';
import { syntheticEvents } from '@c2c/schema/synthetic';
import { createClient } from '@c2c/sdk';
import { WELSH_MONTHS } from '../shared/welsh-dates.js';
import { unreflowed } from '../shared/test-utils/reflow.js';
import { EN_MONTHS, welshAfterI } from './format.js';
import * as stories from '../../../../stories/pathway-timeline.stories.js';
import './define.js';
import type { C2cPathwayTimeline, PathwayClient } from './pathway-timeline.js';

const TODAY = '2027-03-01';
/** Year 6 on TODAY (born 1 September 2015), moving to Year 7 on 1 September 2027. */
const Y6_DOB = '2015-09-01';

const ev = (id: string, date: string, extra: Partial<PathwayEvent> = {}): PathwayEvent => ({
  id,
  learnerId: 'lrn-0001',
  kind: 'note',
  strand: 'achieving',
  date,
  title: `Event ${id}`,
  source: { name: 'Millbrook Primary School' },
  ...extra,
});

function year6(events: PathwayEvent[] = defaultEvents()): Pathway {
  return { learnerId: 'lrn-0001', dateOfBirth: Y6_DOB, displayName: 'Ava', events };
}
function defaultEvents(): PathwayEvent[] {
  return [
    ev('e1', '2019-10-02', { kind: 'assessment', title: 'Speech and language screening', strand: 'healthy' }),
    ev('e2', '2020-09-01', {
      kind: 'handover',
      title: 'Nursery to reception handover',
      transition: 'ey-to-reception',
      handoverStatus: 'acknowledged',
      handoverId: 'hnd-1',
      strand: 'safe',
    }),
    ev('e3', '2022-01-10', {
      kind: 'support',
      title: 'Family support worker visits',
      strand: 'relationships',
      endDate: '2022-07-15',
    }),
    ev('e4', '2024-03-04', { kind: 'attendance', title: 'Attendance below 90%', strand: 'achieving' }),
    ev('e5', '2026-11-20', {
      kind: 'support',
      title: 'Speech and language therapy',
      strand: 'healthy',
      serviceName: 'Brookfield SALT',
    }),
    ev('e6', '2027-02-01', { kind: 'note', title: 'Joined lunchtime club', strand: 'relationships' }),
  ];
}

async function timeline(
  p: Pathway | undefined,
  attrs: { lang?: string; width?: number; from?: string; to?: string; role?: string } = {},
): Promise<C2cPathwayTimeline> {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${attrs.lang ?? 'en'} class="host-box"></div>`);
  wrapper.style.width = `${attrs.width ?? 1200}px`;
  const el = document.createElement('c2c-pathway-timeline');
  el.today = TODAY;
  if (attrs.role) el.setAttribute('user-role', attrs.role);
  if (attrs.from) el.from = attrs.from;
  if (attrs.to) el.to = attrs.to;
  if (p) el.pathway = p;
  wrapper.append(el);
  await settle(el);
  return el;
}

/** Waits for Lit and for the resize observer's measurement to be drawn. */
async function settle(el: C2cPathwayTimeline): Promise<void> {
  await el.updateComplete;
  await frame();
  await frame();
  await el.updateComplete;
}
/** A frame, or a short wait when the page is in a background tab (no frames there; see the report). */
const frame = () =>
  new Promise((r) => {
    requestAnimationFrame(r);
    setTimeout(r, 120);
  });

const $ = <T extends Element = HTMLElement>(el: C2cPathwayTimeline, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: C2cPathwayTimeline, sel: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
const axisText = (el: C2cPathwayTimeline) =>
  $$(el, '.track svg g[aria-hidden="true"]')
    .map((g) => g.textContent)
    .join(' ');
/** The lanes' labels on the chart, top to bottom. */
const laneLabels = (el: C2cPathwayTimeline) => $$(el, '.track text.lane-label').map((t) => t.textContent);
/** The strands offered as filters. */
const filterStrands = (el: C2cPathwayTimeline) => $$<HTMLInputElement>(el, 'input[name="strand"]').map((i) => i.value);
/** The list's lines for strands with nothing recorded. */
const emptyLaneLines = (el: C2cPathwayTimeline) => $$(el, '[part="list"] .lane-empty').map((p) => p.textContent);
/** A parent's view of Ava's pathway: the hub leaves out the safe strand. */
const parentsView = () => year6(defaultEvents().filter((e) => e.strand !== 'safe'));
const focused = (el: C2cPathwayTimeline) => el.shadowRoot!.activeElement as HTMLElement | SVGElement | null;
/**
 * Does `close` (a click, a key) and waits for the details dialog's `close` event, which the browser fires a task after
 * the dialog shuts. The element hands focus back from its own listener, added before this one, so focus is settled
 * when this returns. A dialog that stays open fails here at once rather than when the test times out.
 */
async function closeDialog(dialog: HTMLDialogElement, close: () => unknown, why = 'the dialog closes'): Promise<void> {
  const closed = oneEvent(dialog, 'close');
  await close();
  expect(dialog.open, why).to.be.false;
  await closed;
}
/**
 * Presses a button, or a key on whatever has focus, lets the timeline redraw, and returns what its polite status
 * region says then (trimmed: a message said twice in a row gets a no-break space, so the region changes and is read
 * again).
 */
async function press(el: C2cPathwayTimeline, what: HTMLElement | string): Promise<string> {
  if (typeof what === 'string') await sendKeys({ press: what });
  else what.click();
  await settle(el);
  return $(el, '[role="status"]')!.textContent!.trim();
}
/**
 * A control at its limit (Earlier at the start, Zoom out on the whole pathway): marked unavailable but still focusable,
 * a press says why it did nothing and keeps focus on it, and a second press says it again (a live region reads only a
 * change).
 */
async function expectSaysWhyNot(el: C2cPathwayTimeline, button: HTMLButtonElement, why: string): Promise<void> {
  expect(button.getAttribute('aria-disabled'), 'marked unavailable').to.equal('true');
  expect(button.disabled, 'still focusable and reachable').to.be.false;
  button.focus();
  expect(await press(el, button)).to.equal(why);
  expect(focused(el), 'focus stays on it').to.equal(button);
  const said = $(el, '[role="status"]')!.textContent;
  expect(await press(el, button), 'pressed again').to.equal(why);
  expect($(el, '[role="status"]')!.textContent, 'changed, so read again').to.not.equal(said);
}
/** Ava's pathway in Welsh. */
async function welshTimeline(): Promise<C2cPathwayTimeline> {
  const cy = await timeline(year6(), { lang: 'cy' });
  // The Welsh messages load on first use, and the element's first render waits for them: never English first.
  expect($(cy, '[data-action="zoom-out"]')!.textContent!.trim(), 'the Welsh labels').to.equal('Chwyddo allan');
  return cy;
}
const isoAfter = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
const span = (el: C2cPathwayTimeline) => {
  const r = el.visibleRange!;
  return (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;
};

/** Markers where the labels are: an event on the day of birth in every lane, and a cluster soon after. */
const atStart = () =>
  year6([
    ...defaultEvents(),
    ...(['safe', 'healthy', 'achieving', 'relationships'] as const).flatMap((strand) => [
      ev(`${strand}-0`, Y6_DOB, { strand, kind: 'handover' }),
      ev(`${strand}-1`, '2015-10-20', { strand, kind: 'support', endDate: '2016-03-01' }),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((d) =>
        ev(`${strand}-c${d}`, `2016-01-${String(d).padStart(2, '0')}`, { strand }),
      ),
    ]),
  ]);
/** A CSS colour as computed styles give it (`rgb(…)`). */
const colour = (css: string) => {
  const probe = document.createElement('span');
  probe.style.color = css;
  document.body.append(probe);
  const out = getComputedStyle(probe).color;
  probe.remove();
  return out;
};
const overlap = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
/** Labels that a marker, its focus halo (the hit area) or a bar is drawn over. */
const covered = (el: C2cPathwayTimeline) => {
  const drawn = $$(el, '.track .item .hit, .track .item .mark, .track .span-bar').map((m) => m.getBoundingClientRect());
  return $$(el, '.track text.lane-label')
    .filter((label) => drawn.some((m) => overlap(label.getBoundingClientRect(), m)))
    .map((label) => label.textContent);
};

describe('<c2c-pathway-timeline>', () => {
  it('is accessible, and draws phases, year groups, today, milestones and events', async () => {
    const el = await timeline(year6());
    await expect(el).to.be.accessible();
    expect($(el, 'h2')!.textContent).to.equal('Ava’s pathway');
    expect($(el, '.header p')!.textContent).to.contain('Age 11, Year 6');
    const axis = axisText(el);
    for (const label of ['Pre-school', 'KS1', 'KS2', 'KS3', 'Post-16', 'R', 'Y6', 'Today'])
      expect(axis).to.contain(label);
    expect($$(el, '.track .item.milestone')).to.have.length.greaterThan(5);
    expect($$(el, '.track .item.event, .track .item.cluster').length).to.be.greaterThan(0);
    expect($$(el, 'ol.phases > li h4').map((h) => h.textContent)).to.deep.equal([
      'Pre-school',
      'Early years',
      'Key stage 1',
      'Key stage 2',
      'Key stage 3',
      'Key stage 4',
      'Post-16',
      'Young adult',
    ]);
    // The current phase is open in the list; the others are collapsed with counts.
    expect($<HTMLDetailsElement>(el, 'li[data-phase="ks2"] details')!.open).to.be.true;
    expect($<HTMLDetailsElement>(el, 'li[data-phase="ks1"] details')!.open).to.be.false;
    expect($(el, 'li[data-phase="ks2"] .phase-meta')!.textContent).to.contain('3 events');
  });

  it('draws a pathway in one update, its events included, with no update scheduled after it', async () => {
    // Lit's dev build warns once per page; forgetting that it did lets this test hear the warning again.
    const issued = (globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings;
    issued?.forEach((w) => w.includes('change-in-update') && issued.delete(w));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="en" style="width: 1200px"></div>`);
      const el = document.createElement('c2c-pathway-timeline');
      el.today = TODAY;
      el.pathway = year6();
      wrapper.append(el);
      // `updateComplete` is false when another update was asked for while this one ran.
      expect(await el.updateComplete, 'no second update pending').to.equal(true);
      expect(el.shadowRoot!.querySelectorAll('.track .item').length, 'events drawn').to.be.greaterThan(0);
      await frame();
      expect(await el.updateComplete).to.equal(true);
    } finally {
      console.warn = warn;
    }
    expect(warnings.filter((w) => w.includes('change-in-update'))).to.deep.equal([]);
  });

  it('places a child born on 31 August one school year ahead of one born on 1 September', async () => {
    const range = { from: '2019-01-01', to: '2022-01-01' };
    const a = await timeline({ learnerId: 'a', dateOfBirth: '2015-08-31', events: [] }, range);
    const b = await timeline({ learnerId: 'b', dateOfBirth: '2015-09-01', events: [] }, range);
    const x = (el: C2cPathwayTimeline) => {
      const mark = $(el, '[data-key="t:ey-to-reception"] .mark')!.getBoundingClientRect();
      return mark.left + mark.width / 2 - $(el, '.track svg')!.getBoundingClientRect().left;
    };
    const pxPerDay =
      $<SVGSVGElement>(a, '.track svg')!.width.baseVal.value /
      ((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1);
    expect(x(b) - x(a)).to.be.closeTo(366 * pxPerDay, 2); // 1 Sep 2019 to 1 Sep 2020 spans a leap day
    expect($(a, '[data-key="t:ey-to-reception"]')!.getAttribute('aria-label')).to.contain('1 September 2019');
    expect($(b, '[data-key="t:ey-to-reception"]')!.getAttribute('aria-label')).to.contain('1 September 2020');
    expect($(a, 'li[data-phase="ks1"] .phase-meta')!.textContent).to.contain('1 September 2020 to 31 August 2022');
    expect($(b, 'li[data-phase="ks1"] .phase-meta')!.textContent).to.contain('1 September 2021 to 31 August 2023');
    expect($(a, '[data-key="m:reception-baseline"]')!.getAttribute('aria-label')).to.contain('1 September 2019');
    expect($(b, '[data-key="m:reception-baseline"]')!.getAttribute('aria-label')).to.contain('1 September 2020');
  });

  for (const lang of ['en', 'cy'])
    it(`draws the Today label inside the chart for a young person past 25, and down a phone in a view from today (${lang})`, async () => {
      // Past 25 the first view ends a month after today, and the label, drawn after the line, ran wholly past the edge.
      const adult = { learnerId: 'lrn-adult', dateOfBirth: '2001-06-01', events: [ev('n1', '2026-05-01')] };
      // Down a phone, a view from today (the label above the line) was cut off at the top in the same way.
      for (const [p, width, from, to] of [
        [adult, 1200, undefined, undefined],
        [adult, 700, undefined, undefined],
        [year6(), 320, TODAY, '2027-12-31'],
      ] as const) {
        const el = await timeline(p, { lang, width, ...(from ? { from, to } : {}) });
        const track = $(el, '.track')!;
        const box = track.getBoundingClientRect();
        const label = $(el, '.track .today-text');
        expect(label?.textContent, `${width}px`).to.equal(lang === 'cy' ? 'Heddiw' : 'Today');
        const r = label!.getBoundingClientRect();
        const where = `${Math.round(r.left)}-${Math.round(r.right)}, ${Math.round(r.top)}-${Math.round(r.bottom)}`;
        const inside =
          r.left >= box.left + track.clientLeft - 0.5 &&
          r.right <= box.left + track.clientLeft + track.clientWidth + 0.5 &&
          r.top >= box.top + track.clientTop - 0.5 &&
          r.bottom <= box.top + track.clientTop + track.clientHeight + 0.5;
        expect(
          inside,
          `${el.layout} at ${width}px: ${where} in ${Math.round(box.left)}-${Math.round(box.right)}, ${Math.round(box.top)}-${Math.round(box.bottom)}`,
        ).to.be.true;
        el.parentElement!.remove();
      }
    });

  it('places milestones for a child born on 29 February', async () => {
    const el = await timeline(
      { learnerId: 'leap', dateOfBirth: '2016-02-29', events: [] },
      { from: '2017-06-01', to: '2019-06-01' },
    );
    expect($(el, '[data-key="m:progress-check-2"]')!.getAttribute('aria-label')).to.contain(
      '1 March 2018 to 28 February 2019',
    );
    expect($(el, '.header p')!.textContent).to.contain('Born 29 February 2016');
    // Birthday ticks: age 2 on 1 March 2018 in a common year.
    const ticks = $$(el, '.track svg g[aria-hidden="true"] text').map((t) => t.textContent);
    expect(ticks).to.include('Age 2');
  });

  for (const [lang, header, group] of [
    ['en', 'Before birth. Date of birth 1 June 2027', 'Before birth'],
    ['cy', 'Cyn geni. Dyddiad geni 1 Mehefin 2027', 'Cyn geni'],
  ] as const)
    it(`shows a child not born yet with no age, today and the work so far in view, and lists that work (${lang})`, async () => {
      // Pre-birth work: a family support worker records an assessment months before the expected date of birth.
      const el = await timeline(
        {
          learnerId: 'lrn-unborn',
          dateOfBirth: '2027-06-01',
          displayName: 'Baby Jones',
          events: [ev('pb1', '2027-01-10', { title: 'Pre-birth assessment', strand: 'safe', kind: 'assessment' })],
        },
        { lang },
      );
      await expect(el).to.be.accessible();
      // It read "Age -1" ("-1 oed"), and "Born" a date still to come.
      expect($(el, '.header p')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(header);
      // The first view started at the date of birth: no Today line, and the assessment out of sight before it.
      const range = el.visibleRange!;
      expect(range.from <= '2027-01-10' && TODAY <= range.to, `${range.from} to ${range.to}`).to.be.true;
      expect($(el, '.track .today-text'), 'the Today line').to.exist;
      expect($(el, '[data-key="e:pb1"]'), 'the assessment on the chart').to.exist;
      // The group open in the list is the one holding the work so far, not none at all.
      const open = $$(el, '[part="phase"]').filter((p) => p.querySelector('details[open]'));
      expect(open.map((p) => p.querySelector('h4')!.textContent)).to.deep.equal([group]);
      expect(open[0]!.querySelector('.entries')!.textContent).to.contain('Pre-birth assessment');
    });

  it('opens on birth to 25 when an event is dated before birth or a century ahead, and zooms out to reach them', async () => {
    // 2115 for 2015: one mistyped year must not shrink the child's whole journey into a corner of the chart.
    const el = await timeline(
      year6([...defaultEvents(), ev('typo', '2115-03-02'), ev('antenatal', '2015-06-01', { strand: 'healthy' })]),
    );
    expect(el.visibleRange).to.deep.equal({ from: Y6_DOB, to: '2040-08-31' });
    const zoomOut = $(el, '[data-action="zoom-out"]')!;
    expect(zoomOut.getAttribute('aria-disabled'), 'there is more to zoom out to').to.equal('false');
    el.showAll();
    await settle(el);
    expect(el.visibleRange!.from).to.equal('2015-06-01');
    expect(el.visibleRange!.to > '2115-03-02').to.be.true;
    expect($(el, '[data-key="e:typo"]'), 'drawn once in view').to.exist;
  });

  for (const lang of ['en', 'cy'])
    it(`lists events dated before birth under a heading of their own, not under pre-school (${lang})`, async () => {
      const el = await timeline(
        year6([
          ...defaultEvents(),
          ev('antenatal', '2015-06-01', { strand: 'healthy', title: 'Antenatal contact' }),
          ev('newborn', '2015-10-01', { strand: 'healthy', title: 'Newborn hearing screening' }),
        ]),
        { lang },
      );
      const groups = $$(el, 'ol.phases > li');
      expect(groups[0]!.dataset.phase).to.equal('before-birth');
      expect(groups[0]!.querySelector('h4')!.textContent).to.equal(lang === 'cy' ? 'Cyn geni' : 'Before birth');
      expect(groups[0]!.querySelector('.phase-meta')!.textContent).to.contain(
        lang === 'cy' ? 'Cyn 1 Medi 2015, y dyddiad geni' : 'Before 1 September 2015, the date of birth',
      );
      for (const phase of ['before-birth', 'pre-school'])
        $<HTMLDetailsElement>(el, `li[data-phase="${phase}"] details`)!.open = true;
      await settle(el);
      const keys = (phase: string) =>
        $$(el, `li[data-phase="${phase}"] li[data-key^="e:"]`).map((li) => li.dataset.key);
      expect(keys('before-birth')).to.deep.equal(['e:antenatal']);
      expect(keys('pre-school')).to.deep.equal(['e:newborn']);
      await expect(el).to.be.accessible();
      // No such events (or none in the strands shown): no such group.
      el.strands = ['achieving'];
      await settle(el);
      expect($(el, 'li[data-phase="before-birth"]')).to.not.exist;
    });

  for (const lang of ['en', 'cy'])
    it(`lists a support episode in every phase it runs through, not only the one it started in (${lang})`, async () => {
      // Born 1 September 2015: pre-school to August 2019, early years to August 2021, key stage 1 to August 2023, key
      // stage 2 (today) to August 2027, then key stage 3.
      const el = await timeline(
        year6([
          ev('long', '2016-05-01', {
            kind: 'support',
            strand: 'relationships',
            title: 'Early help family support',
            endDate: '2025-07-20',
          }),
          ev('salt', '2021-01-10', { kind: 'support', strand: 'healthy', title: 'Speech and language therapy' }),
          ev('sleep', '2019-10-01', {
            kind: 'support',
            strand: 'healthy',
            title: 'Sleep clinic',
            endDate: '2019-12-01',
          }),
        ]),
        { lang },
      );
      for (const d of $$<HTMLDetailsElement>(el, 'li[data-phase] details')) d.open = true;
      await settle(el);
      const titles = (phase: string) =>
        $$(el, `li[data-phase="${phase}"] li.event`).map(
          (li) => `${li.querySelector('.title')!.textContent}${li.matches('.continued') ? ' (earlier)' : ''}`,
        );
      expect(titles('pre-school')).to.deep.equal(['Early help family support']);
      expect(titles('early-years')).to.deep.equal([
        'Early help family support (earlier)',
        'Sleep clinic',
        'Speech and language therapy',
      ]);
      // A SENCo reading key stages 1 and 2 in the list must not be told nothing was recorded while support ran
      // all through them, as the chart shows.
      expect(titles('ks1')).to.deep.equal([
        'Early help family support (earlier)',
        'Speech and language therapy (earlier)',
      ]);
      expect(titles('ks2')).to.deep.equal([
        'Early help family support (earlier)',
        'Speech and language therapy (earlier)',
      ]);
      // Ended, or still running today: not carried into phases it never reached.
      expect(titles('ks3')).to.deep.equal([]);
      const ks2 = $(el, 'li[data-phase="ks2"]')!;
      // The phase's count is of what was recorded in it; each carried line says where it comes from.
      expect(ks2.querySelector('.phase-meta')!.textContent).to.contain(lang === 'cy' ? '0 digwyddiad' : '0 events');
      const carried = ks2.querySelector<HTMLButtonElement>('li.continued button.entry')!;
      expect(carried.querySelector('.meta')!.textContent).to.contain(
        lang === 'cy' ? 'Dechreuodd mewn cyfnod cynharach.' : 'Started in an earlier phase.',
      );
      expect(carried.closest('li')!.hasAttribute('data-key'), 'the chart’s marker keeps its key to itself').to.be.false;
      await expect(el).to.be.accessible();
      // It opens the episode's details, and focus comes back to it.
      carried.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      expect(dialog.querySelector('h2')!.textContent).to.equal('Early help family support');
      await closeDialog(dialog, () => sendKeys({ press: 'Escape' }));
      expect(focused(el)).to.equal(carried);
    });

  it('says so when no events are recorded, and still shows milestones and transitions', async () => {
    const el = await timeline({ learnerId: 'lrn-9', dateOfBirth: '2024-04-02', events: [] });
    await expect(el).to.be.accessible();
    expect($(el, '[part="empty"]')!.textContent).to.contain('No events have been recorded yet');
    expect($$(el, '.track .item.milestone').length).to.be.greaterThan(0);
    expect($(el, '.header p')!.textContent).to.contain('Age 2');
  });

  it('draws 2,000 events with a bounded number of elements', async () => {
    const events = syntheticEvents(
      { id: 'lrn-0042', dateOfBirth: '2008-01-15', organisationId: 'sec-northgate' },
      2000,
      5,
      TODAY,
    );
    const t0 = performance.now();
    const el = await timeline({ learnerId: 'lrn-0042', dateOfBirth: '2008-01-15', events });
    const firstRender = performance.now() - t0;
    const items = $$(el, '.track .item');
    expect(items.length).to.be.greaterThan(20);
    expect(items.length).to.be.lessThan(400);
    const clusters = $$(el, '.track .item.cluster');
    expect(clusters.length).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelectorAll('*').length).to.be.lessThan(4000);
    expect($$(el, 'ol.entries > li').length).to.be.at.most(50);
    expect(firstRender).to.be.lessThan(2000); // a sanity ceiling; the benchmark measures the real figure
    // Zoomed to a term, only that term's events (plus a margin) are drawn.
    el.showRange('2020-09-01', '2020-12-20');
    await settle(el);
    const inTerm = events.filter((e) => e.date >= '2020-09-01' && e.date <= '2020-12-20').length;
    const drawn = $$(el, '.track .item.event, .track .item.cluster').length;
    expect(drawn).to.be.greaterThan(0);
    expect(drawn).to.be.lessThan(inTerm + 60);
    // "Show more" pages through a long phase.
    const ks3 = $<HTMLDetailsElement>(el, 'li[data-phase="ks3"] details')!;
    ks3.open = true;
    await oneEvent(ks3, 'toggle');
    await el.updateComplete;
    expect($$(el, 'li[data-phase="ks3"] ol.entries > li')).to.have.length(50);
    $(el, 'li[data-phase="ks3"] .more')!.click();
    await el.updateComplete;
    expect($$(el, 'li[data-phase="ks3"] ol.entries > li')).to.have.length(100);
  });

  it('keeps keyboard focus in the list when “Show more” shows the last entries of a phase and goes', async () => {
    const el = await timeline(year6());
    el.pageSize = 2;
    await settle(el);
    const phase = 'li[data-phase="ks2"]';
    const entries = () => $$(el, `${phase} ol.entries > li button.entry`);
    let presses = 0;
    while ($(el, `${phase} .more`) && presses++ < 10) {
      const shown = entries().length;
      $(el, `${phase} .more`)!.focus();
      await sendKeys({ press: 'Enter' });
      await settle(el);
      // Focus stays on “Show more” while more remain, and goes on to the first entry it showed when it goes.
      const expected = $(el, `${phase} .more`) ?? entries()[shown];
      const name = (e: Element | null | undefined) =>
        e ? `${e.className} ${e.textContent!.trim().slice(0, 40)}` : `nothing (${document.activeElement?.tagName})`;
      expect(name(focused(el)), `after showing ${entries().length}`).to.equal(name(expected));
    }
    expect(presses).to.be.greaterThan(0);
  });

  it('moves between events in time order with the arrow keys, with one tab stop', async () => {
    const el = await timeline(year6(), { from: '2019-06-01', to: '2027-08-01' });
    const items = $$(el, '.track .item');
    expect(items.filter((i) => i.getAttribute('tabindex') === '0')).to.have.length(1);
    const first = items.find((i) => i.getAttribute('tabindex') === '0')!;
    first.focus();
    const keys: string[] = [first.dataset.key ?? first.getAttribute('data-key')!];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'ArrowRight' });
      await settle(el);
      keys.push(focused(el)!.getAttribute('data-key')!);
    }
    expect(new Set(keys).size).to.equal(7);
    const days = keys.map((k) => el.shadowRoot!.querySelector(`[data-key="${k}"]`)).length;
    expect(days).to.equal(7);
    await sendKeys({ press: 'ArrowLeft' });
    await settle(el);
    expect(focused(el)!.getAttribute('data-key')).to.equal(keys[5]);
    await sendKeys({ press: 'End' });
    await settle(el);
    const last = focused(el)!.getAttribute('data-key');
    // The last thing on this pathway: the duty to participate until 18, which opens with Year 12.
    expect(last).to.equal('m:participation-18');
    expect($$(el, '.track .item').filter((i) => i.getAttribute('tabindex') === '0')).to.have.length(1);
  });

  it('reaches from the keyboard a support episode seen only as its bar across the view, and shows its focus there', async () => {
    // Zoomed into a term with nothing in it but the bar of support that began two years before: the bar could be
    // clicked, but had no tab stop, so Tab went past the chart.
    const el = await timeline(
      year6([ev('long', '2024-02-01', { kind: 'support', strand: 'healthy', title: 'Play therapy' })]),
      { from: '2026-10-01', to: '2026-12-31' },
    );
    const bar = $(el, '.track [data-key="e:long"] .span-bar')!;
    expect(bar, 'the bar is drawn').to.exist;
    expect(
      $(el, '.track [data-key="e:long"] .hit')!.getBoundingClientRect().right,
      'its marker is out of view',
    ).to.be.below($(el, '.track')!.getBoundingClientRect().left);
    $(el, '.track')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('data-key'), 'Tab reaches it').to.equal('e:long');
    // Its focus is seen on the bar, as the ring on its marker is out of view.
    const [focusFill, focusText] = ['--_focus', '--_focus-text'].map((v) =>
      getComputedStyle($(el, '.base')!).getPropertyValue(v).trim(),
    );
    const s = getComputedStyle(bar);
    expect(s.fill, 'filled in the focus colour').to.equal(colour(focusFill!));
    expect(s.stroke, 'edged in the focus text colour').to.equal(colour(focusText!));
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect($(el, '#dialog-title')!.textContent).to.equal('Play therapy');
    await closeDialog(dialog, () => sendKeys({ press: 'Escape' }));
    expect(focused(el)?.getAttribute('data-key'), 'focus back on it').to.equal('e:long');
  });

  it('keeps the view when the arrow keys move to a support episode whose bar crosses it', async () => {
    // From a note in this term to the episode running through it: the view jumped back a year to where it began.
    const el = await timeline(
      year6([
        ev('long', '2025-09-01', { kind: 'support', strand: 'healthy', title: 'Play therapy' }),
        ev('note', '2026-11-10', { title: 'Met the class teacher' }),
      ]),
      { from: '2026-10-01', to: '2026-12-31' },
    );
    const before = el.visibleRange;
    $<SVGGElement>(el, '.track [data-key="e:note"]')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await settle(el);
    expect(focused(el)?.getAttribute('data-key')).to.equal('e:long');
    expect(el.visibleRange).to.deep.equal(before);
  });

  it('keeps focus on the focused event, or the cluster holding it, when zooming from the keyboard', async () => {
    const events = [ev('x1', '2024-03-01'), ev('x2', '2024-03-20'), ev('x3', '2024-04-09')];
    const el = await timeline(year6(events), { from: '2023-12-01', to: '2024-06-30' });
    const item = $(el, '[data-key="e:x2"]')!;
    item.focus();
    await sendKeys({ press: '-' });
    await settle(el);
    await sendKeys({ press: '-' });
    await settle(el);
    await sendKeys({ press: '-' });
    await settle(el);
    const cluster = focused(el)!;
    expect(cluster.classList.contains('cluster')).to.be.true;
    expect(cluster.getAttribute('aria-label')).to.match(/^[23] events from 1 March 2024 to/);
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(focused(el)!.getAttribute('data-key')).to.equal('e:x1');
  });

  it('keeps focus on the chart when Page Down, Page Up or 0 moves the focused event out of sight', async () => {
    const el = await timeline(year6(), { from: '2023-09-01', to: '2024-09-01' });
    $(el, '[data-key="e:e4"]')!.focus();
    const inChart = () => {
      const a = focused(el);
      return a?.isConnected && !!a.closest('.track') ? 'in the chart' : `lost to ${document.activeElement?.tagName}`;
    };
    for (const key of ['PageDown', 'PageDown', 'PageUp', 'PageUp', 'PageUp', '0']) {
      await sendKeys({ press: key });
      await settle(el);
      expect(inChart(), `after ${key}`).to.equal('in the chart');
    }
    // Focus lands on the chart's tab stop, so the arrow keys carry on from there.
    expect(focused(el)!.getAttribute('tabindex')).to.equal('0');
  });

  it('zooms and pans with keys on the focused track, and reports the range', async () => {
    const el = await timeline(year6());
    const track = $(el, '.track')!;
    track.focus();
    const whole = span(el);
    const changed = oneEvent(el, 'c2c-range-change');
    await sendKeys({ press: '+' });
    const { detail } = await changed;
    await settle(el);
    expect(span(el)).to.be.closeTo(whole / 2, 2);
    expect(detail).to.deep.equal(el.visibleRange);
    expect($(el, '[aria-live="polite"]')!.textContent).to.match(/^Showing \w+ \d{4} to \w+ \d{4}$/);
    const before = el.visibleRange!.from;
    await sendKeys({ press: 'ArrowRight' });
    await settle(el);
    expect(el.visibleRange!.from > before).to.be.true;
    await sendKeys({ press: 'Home' });
    await settle(el);
    expect(el.visibleRange!.from).to.equal(Y6_DOB);
    await sendKeys({ press: 'PageDown' });
    await settle(el);
    expect(el.visibleRange!.from > Y6_DOB).to.be.true;
    await sendKeys({ press: 'End' });
    await settle(el);
    expect(el.visibleRange!.to >= '2040-08-31').to.be.true; // the day before her 25th birthday
    await sendKeys({ press: '-' });
    await settle(el);
    expect(span(el)).to.be.closeTo(whole, 2);
    // Buttons do the same, down to about a term and no further.
    for (let i = 0; i < 10; i++) $(el, '[data-action="zoom-in"]')!.click();
    await settle(el);
    expect(span(el)).to.be.within(80, 90);
    $(el, '[data-action="all"]')!.click();
    await settle(el);
    expect(span(el)).to.be.closeTo(whole, 2);
  });

  it('reports the range showRange was given, its last day included, and takes it back unchanged', async () => {
    const el = await timeline(year6());
    const asked = { from: '2020-09-01', to: '2020-12-31' };
    const changed = oneEvent(el, 'c2c-range-change');
    el.showRange(asked.from, asked.to);
    const { detail } = await changed;
    expect(detail).to.deep.equal(asked);
    expect(el.visibleRange).to.deep.equal(asked);
    await settle(el);
    expect($(el, '.range')!.textContent).to.equal('Showing Sept 2020 to Dec 2020');
    // A host that keeps the reported range (in the address, say) and sets it back gets the same view.
    el.from = detail.from;
    el.to = detail.to;
    await settle(el);
    expect(el.visibleRange).to.deep.equal(asked);
  });

  it('zooms with ctrl+wheel and pans with shift+wheel and by dragging', async () => {
    const el = await timeline(year6());
    const track = $(el, '.track')!;
    const r = track.getBoundingClientRect();
    const whole = span(el);
    track.dispatchEvent(
      new WheelEvent('wheel', {
        deltaY: -400,
        ctrlKey: true,
        clientX: r.left + r.width / 2,
        clientY: r.top + 100,
        bubbles: true,
        cancelable: true,
      }),
    );
    await settle(el);
    expect(span(el)).to.be.lessThan(whole / 2);
    const from = el.visibleRange!.from;
    track.dispatchEvent(new WheelEvent('wheel', { deltaY: 300, shiftKey: true, bubbles: true, cancelable: true }));
    await settle(el);
    const afterWheel = el.visibleRange!.from;
    expect(afterWheel > from).to.be.true;
    const opts = { pointerId: 7, pointerType: 'mouse', button: 0, bubbles: true, composed: true };
    track.dispatchEvent(new PointerEvent('pointerdown', { ...opts, clientX: r.left + 600, clientY: r.top + 150 }));
    track.dispatchEvent(new PointerEvent('pointermove', { ...opts, clientX: r.left + 700, clientY: r.top + 150 }));
    track.dispatchEvent(new PointerEvent('pointermove', { ...opts, clientX: r.left + 900, clientY: r.top + 150 }));
    track.dispatchEvent(new PointerEvent('pointerup', { ...opts, clientX: r.left + 900, clientY: r.top + 150 }));
    await settle(el);
    expect(el.visibleRange!.from < afterWheel).to.be.true; // dragging right shows earlier dates
  });

  it('zooms with a two-finger pinch', async () => {
    const el = await timeline(year6());
    const track = $(el, '.track')!;
    const r = track.getBoundingClientRect();
    const y = r.top + 150;
    const cx = r.left + r.width / 2;
    const whole = span(el);
    const touch = (type: string, pointerId: number, x: number) =>
      track.dispatchEvent(
        new PointerEvent(type, {
          pointerId,
          pointerType: 'touch',
          isPrimary: pointerId === 1,
          clientX: x,
          clientY: y,
          bubbles: true,
          composed: true,
        }),
      );
    touch('pointerdown', 1, cx - 50);
    touch('pointerdown', 2, cx + 50);
    for (let step = 1; step <= 5; step++) {
      touch('pointermove', 1, cx - 50 - step * 30);
      touch('pointermove', 2, cx + 50 + step * 30);
      await frame();
    }
    touch('pointerup', 1, cx - 200);
    touch('pointerup', 2, cx + 200);
    await settle(el);
    // Fingers 100px apart moved to 400px apart: about four times closer in.
    expect(span(el)).to.be.closeTo(whole / 4, whole * 0.05);
    const mid = (Date.parse(el.visibleRange!.from) + Date.parse(el.visibleRange!.to)) / 2;
    const before = Date.parse(Y6_DOB) + ((Date.parse('2040-09-01') - Date.parse(Y6_DOB)) * (cx - r.left)) / r.width;
    expect(Math.abs(mid - before) / 86_400_000).to.be.lessThan(200); // zoomed around the point between the fingers
  });

  it('opens details in a modal dialog, moves focus in, and returns it on Escape', async () => {
    const el = await timeline(year6(), { from: '2026-06-01', to: '2027-06-01' });
    const item = $(el, '[data-key="e:e6"]')!;
    item.focus();
    const opened = oneEvent(el, 'c2c-event-open');
    await sendKeys({ press: 'Enter' });
    const { detail } = await opened;
    expect(detail.event.id).to.equal('e6');
    await el.updateComplete;
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect(dialog.matches(':modal')).to.be.true;
    expect(dialog.contains(focused(el))).to.be.true;
    expect($(el, '#dialog-title')!.textContent).to.equal('Joined lunchtime club');
    await expect(el).to.be.accessible();
    await closeDialog(dialog, () => sendKeys({ press: 'Escape' }));
    expect(focused(el)?.getAttribute('data-key')).to.equal('e:e6');
  });

  it('closes the details dialog when the timeline changes to another learner', async () => {
    const el = await timeline(year6(), { from: '2026-06-01', to: '2027-06-01' });
    $(el, '[data-key="e:e6"]')!.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    await waitUntil(() => dialog.open, 'dialog open', { timeout: 15000 });
    // The same event ids, another child: nothing of Ava's may stay on screen under Ben's name.
    el.pathway = { ...year6(), learnerId: 'lrn-0002', displayName: 'Ben' };
    // Checked as soon as the update is done, before the dialog's `close` event (a task later) could tidy up: waiting
    // for it made this pass or fail by timing.
    await el.updateComplete;
    expect(dialog.open, 'dialog closed').to.be.false;
    expect(dialog.querySelector('#dialog-title')?.textContent, 'Ava’s event left in the dialog').to.equal(undefined);
    expect($(el, 'h2')!.textContent).to.equal('Ben’s pathway');
  });

  it('fits the details dialog to a 320 px screen when a recorded text has a long unbroken word, with a 44 px link', async () => {
    await setViewport({ width: 320, height: 256 });
    try {
      const long = `Reference ${'EHCP-2026-0042-'.repeat(6)}end`;
      const el = await timeline(
        year6([ev('w1', '2026-11-20', { kind: 'handover', handoverId: 'hnd-9', title: long, detail: long })]),
        { lang: 'cy', width: 320 },
      );
      el.handoverUrl = '/handovers/{id}';
      await settle(el);
      $<HTMLButtonElement>(el, 'li[data-key="e:w1"] button.entry')!.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      await waitUntil(() => dialog.open, 'dialog open', { timeout: 15000 });
      await settle(el);
      const box = dialog.getBoundingClientRect();
      expect(box.right, 'the dialog is on the screen').to.be.at.most(320);
      // WCAG 1.4.10: nothing to scroll sideways to read.
      expect(dialog.scrollWidth, 'no sideways scrolling').to.be.at.most(dialog.clientWidth + 1);
      const link = dialog.querySelector('a')!.getBoundingClientRect();
      expect(link.height, 'the handover link is a 44 px target').to.be.at.least(44);
      await sendKeys({ press: 'Escape' });
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('lets the host handle an event instead of the dialog, and links handovers', async () => {
    const el = await timeline(year6(), { from: '2020-06-01', to: '2021-06-01' });
    el.handoverUrl = '/handovers/{id}';
    await el.updateComplete;
    const cancel = (e: Event) => e.preventDefault();
    el.addEventListener('c2c-event-open', cancel, { once: true });
    $(el, 'li[data-phase="early-years"] details')!.setAttribute('open', '');
    await settle(el);
    const row = $(el, 'li[data-key="e:e2"] button')!;
    row.click();
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.be.false;
    row.click();
    await el.updateComplete;
    const link = $<HTMLAnchorElement>(el, 'dialog a')!;
    expect(link.href).to.equal(new URL('/handovers/hnd-1', document.baseURI).href);
    await closeDialog($<HTMLDialogElement>(el, 'dialog')!, () => $(el, 'dialog .close')!.click());
    expect(focused(el), 'focus goes back to the row that opened the dialog').to.equal(row);
  });

  it('closes the "+N" list when the host handles the event picked from it', async () => {
    const episodes = ['a', 'b', 'c', 'd'].map((id, i) =>
      ev(id, `2025-0${i + 1}-01`, { kind: 'support', strand: 'healthy', endDate: '2026-06-30' }),
    );
    const el = await timeline(year6(episodes), { from: '2024-09-01', to: '2026-08-31' });
    const opened: string[] = [];
    el.addEventListener('c2c-event-open', (e) => {
      opened.push((e as CustomEvent<{ event: PathwayEvent }>).detail.event.id);
      e.preventDefault();
    });
    const more = $(el, '.track .item.more')!;
    more.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    await waitUntil(() => dialog.open, 'list open', { timeout: 15000 });
    expect(opened, 'opening the list is no event of the host’s').to.deep.equal([]);
    await closeDialog(
      dialog,
      () => dialog.querySelector<HTMLButtonElement>('.more-list button')!.click(),
      'not left over the host’s own view',
    );
    expect(opened).to.deep.equal(['d']);
    expect(focused(el), 'focus back on the "+1" marker').to.equal(more);
  });

  it('filters lanes by strand in the track and the list', async () => {
    const el = await timeline(year6(), { from: '2019-06-01', to: '2027-08-01' });
    expect($(el, '[data-key="e:e5"]')).to.exist;
    const healthy = $<HTMLInputElement>(el, 'input[value="healthy"]')!;
    healthy.click();
    await settle(el);
    expect(healthy.checked).to.be.false;
    expect(el.strands).to.deep.equal(['safe', 'achieving', 'relationships']);
    expect($(el, '[data-key="e:e5"]')).to.not.exist;
    expect($$(el, '.track text.lane-label').map((t) => t.textContent)).to.not.include('Healthy');
    expect($(el, 'li[data-key="e:e5"]')).to.not.exist;
    expect($(el, 'li[data-key="e:e6"]')).to.exist;
    healthy.click();
    await settle(el);
    expect($(el, '[data-key="e:e5"]')).to.exist;
  });

  it('draws no lane, filter or list line for a strand a parent never receives', async () => {
    const el = await timeline(parentsView(), { role: 'parent' });
    expect(laneLabels(el)).to.deep.equal(['Healthy', 'Achieving', 'Relationships']);
    expect(filterStrands(el)).to.deep.equal(['healthy', 'achieving', 'relationships']);
    expect(emptyLaneLines(el)).to.deep.equal([]);
    expect(el.shadowRoot!.textContent).to.not.contain('Safe and supported');
    await expect(el).to.be.accessible();

    // Events in the strand are drawn all the same (offline data, another source): what is there is shown.
    el.pathway = year6();
    await settle(el);
    expect(laneLabels(el)).to.deep.equal(['Safe and supported', 'Healthy', 'Achieving', 'Relationships']);
    expect(filterStrands(el)).to.deep.equal(['safe', 'healthy', 'achieving', 'relationships']);

    // Anyone else can be sent the strand: its empty lane stays, and says nothing is recorded there, as the list does.
    const staff = await timeline(parentsView(), { role: 'dsl' });
    expect(laneLabels(staff)).to.deep.equal([
      'Safe and supported: nothing recorded',
      'Healthy',
      'Achieving',
      'Relationships',
    ]);
    expect(filterStrands(staff)).to.deep.equal(['safe', 'healthy', 'achieving', 'relationships']);
    expect(emptyLaneLines(staff)).to.deep.equal(['Safe and supported: nothing recorded.']);
    // Without a role, as before: every strand has a lane.
    const unknown = await timeline(parentsView());
    expect(laneLabels(unknown)).to.have.length(4);
    // Setting the role later takes the lane away.
    unknown.userRole = 'parent';
    await settle(unknown);
    expect(laneLabels(unknown)).to.deep.equal(['Healthy', 'Achieving', 'Relationships']);
    expect(emptyLaneLines(unknown)).to.deep.equal([]);
  });

  it('draws the safe lane for the DSL only, and tells other staff, in the same words for every child, who sees it', async () => {
    const note = (el: C2cPathwayTimeline) => $(el, '[part="withheld"]')?.textContent?.trim();
    // Every role there is, so a role added later is checked too.
    for (const role of ROLES) {
      // What the hub sends each role: the DSL is the only one sent the safe strand, here with nothing in it.
      const el = await timeline(parentsView(), { role });
      if (role === 'dsl') {
        expect(laneLabels(el), role).to.deep.equal([
          'Safe and supported: nothing recorded',
          'Healthy',
          'Achieving',
          'Relationships',
        ]);
        expect(note(el), role).to.equal(undefined);
        continue;
      }
      expect(laneLabels(el), role).to.deep.equal(['Healthy', 'Achieving', 'Relationships']);
      expect(filterStrands(el), role).to.not.include('safe');
      expect(emptyLaneLines(el), role).to.deep.equal([]);
      // A parent is not told (KCSIE leaves that to the professionals); staff are, so an absent lane is not a surprise.
      expect(note(el), role).to.equal(
        role === 'parent'
          ? undefined
          : 'Safe and supported events are shown only to the designated safeguarding lead (DSL).',
      );
    }
    const teacher = await timeline(parentsView(), { role: 'teacher' });
    await expect(teacher).to.be.accessible();
    // Another child with other events: the same line.
    const other = await timeline(year6([ev('o1', '2023-05-05', { strand: 'healthy' })]), { role: 'teacher' });
    expect(note(other)).to.equal(note(teacher));
    const welsh = await timeline(parentsView(), { role: 'senco', lang: 'cy' });
    await waitUntil(() => note(welsh)?.startsWith('Dim ond'), 'the Welsh line', { timeout: 15000 });
    expect(note(welsh)).to.equal(
      'Dim ond yr arweinydd diogelu dynodedig (DSL) sy’n gweld digwyddiadau Diogel a chael cefnogaeth.',
    );
  });

  it('marks Earlier and Later unavailable at the ends of the pathway, and says why a press there does nothing', async () => {
    const el = await timeline(year6());
    const earlier = $<HTMLButtonElement>(el, '[data-action="earlier"]')!;
    const later = $<HTMLButtonElement>(el, '[data-action="later"]')!;
    const start = 'This is the start of the pathway: there is nothing earlier.';
    const end = 'This is the end of the pathway: there is nothing later.';
    // The first view is the whole pathway: both ends are on screen.
    await expectSaysWhyNot(el, earlier, start);
    await expectSaysWhyNot(el, later, end);
    // Zoomed in at the start, only Later moves.
    el.showRange(Y6_DOB, '2017-09-01');
    await settle(el);
    expect(earlier.getAttribute('aria-disabled')).to.equal('true');
    expect(later.getAttribute('aria-disabled')).to.equal('false');
    expect(await press(el, later)).to.match(/^Showing /);
    expect(earlier.getAttribute('aria-disabled')).to.equal('false');
    // The arrow keys on the chart say the same at the start.
    el.showRange(Y6_DOB, '2017-09-01');
    await settle(el);
    $(el, '.track')!.focus();
    expect(await press(el, 'ArrowLeft')).to.equal(start);
    // End goes to the end and says where; pressed again there, it says that this is the end.
    expect(await press(el, 'End')).to.match(/^Showing /);
    expect(await press(el, 'End')).to.equal(end);
    await press(el, 'Home');
    expect(await press(el, 'Home')).to.equal(start);
    await expect(el).to.be.accessible();
    const cy = await welshTimeline();
    expect(await press(cy, $<HTMLButtonElement>(cy, '[data-action="earlier"]')!)).to.equal(
      'Dyma ddechrau’r llwybr: does dim byd cynharach.',
    );
  });

  it('marks a zoom button unavailable at its limit, keeps focus on it, and says why a press does nothing', async () => {
    const el = await timeline(year6());
    const zoomIn = $<HTMLButtonElement>(el, '[data-action="zoom-in"]')!;
    const zoomOut = $<HTMLButtonElement>(el, '[data-action="zoom-out"]')!;
    const outmost = 'Zoomed out as far as it goes: the whole pathway.';
    const inmost = 'Zoomed in as far as it goes: about one term.';
    // The whole pathway is as far out as it goes.
    expect(zoomIn.getAttribute('aria-disabled')).to.equal('false');
    await expectSaysWhyNot(el, zoomOut, outmost);
    zoomIn.focus();
    for (let i = 0; i < 10 && zoomIn.getAttribute('aria-disabled') !== 'true'; i++) await press(el, zoomIn);
    expect(span(el)).to.be.within(80, 90);
    expect(zoomOut.getAttribute('aria-disabled')).to.equal('false');
    const before = el.visibleRange;
    await expectSaysWhyNot(el, zoomIn, inmost);
    expect(el.visibleRange).to.deep.equal(before);
    // The keyboard on the chart says the same.
    $(el, '.track')!.focus();
    expect(await press(el, '+')).to.equal(inmost);
    await expect(el).to.be.accessible();
    // In Welsh too.
    const cy = await welshTimeline();
    expect(await press(cy, $<HTMLButtonElement>(cy, '[data-action="zoom-out"]')!)).to.equal(
      'Wedi chwyddo allan cyn belled ag y gellir: y llwybr cyfan.',
    );
  });

  it('mutates the month after “i” in the Welsh range it announces after a move (“i Fai”, not “i Mai”)', async () => {
    const cy = await welshTimeline();
    cy.showRange('2025-07-01', '2025-12-31');
    await settle(cy);
    // Half a year around today (1 March 2027): heard as "… i Fai 2027", as the Welsh Government writes "Ionawr i Fawrth".
    expect(await press(cy, $<HTMLButtonElement>(cy, '[data-action="today"]')!)).to.equal(
      'Yn dangos Tachwedd 2026 i Fai 2027',
    );
    // Written under the buttons with short months, where "Mai" is the whole name.
    expect($(cy, '.range')!.textContent!.trim()).to.equal('Yn dangos Tach 2026 i Fai 2027');
  });

  it('says once, not per lane in the list, that a pathway has no events', async () => {
    const el = await timeline({ ...year6([]) }, { role: 'parent' });
    expect($(el, '[part="empty"]')).to.exist;
    expect(emptyLaneLines(el)).to.deep.equal([]);
    expect(laneLabels(el)).to.deep.equal([
      'Healthy: nothing recorded',
      'Achieving: nothing recorded',
      'Relationships: nothing recorded',
    ]);
  });

  for (const lang of ['en', 'cy'])
    it(`reflows at 320 CSS pixels with every phase and an event's details open, the chart aside (${lang})`, async () => {
      const before = { width: window.innerWidth, height: window.innerHeight };
      await setViewport({ width: 320, height: 256 });
      try {
        const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
        const el = document.createElement('c2c-pathway-timeline');
        el.today = TODAY;
        el.pathway = year6();
        wrapper.append(el);
        await settle(el);
        for (const d of $$<HTMLDetailsElement>(el, 'details')) d.open = true;
        await settle(el);
        expect(unreflowed(el.shadowRoot!, 320, '.track svg'), 'page').to.deep.equal([]);
        expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
        $(el, 'li[data-key="e:e5"] button')!.click();
        await settle(el);
        const dialog = $<HTMLDialogElement>(el, 'dialog')!;
        expect(dialog.open).to.equal(true);
        expect(unreflowed(dialog, 320), 'details').to.deep.equal([]);
        dialog.close();
      } finally {
        await setViewport(before);
      }
    });

  it('wraps a long unbroken event title and learner name at 320 CSS pixels, in the list and the heading', async () => {
    const before = { width: window.innerWidth, height: window.innerHeight };
    await setViewport({ width: 320, height: 256 });
    try {
      // 92 characters with nowhere to break: a reference or web address pasted as a title (the schema allows 200).
      const long = `https://example.org/${'abcdefghij'.repeat(7)}x`;
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('c2c-pathway-timeline');
      el.today = TODAY;
      el.pathway = {
        ...year6([
          ...defaultEvents(),
          ev('w1', '2026-11-20', { kind: 'support', title: long, serviceName: long, endDate: '2026-12-01' }),
          ev('w2', '2018-11-21', { title: long }),
        ]),
        displayName: 'Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      };
      wrapper.append(el);
      await settle(el);
      for (const d of $$<HTMLDetailsElement>(el, 'details')) d.open = true;
      await settle(el);
      expect($$(el, 'li[data-key^="e:w"]')).to.have.length(2);
      expect(unreflowed(el.shadowRoot!, 320, '.track svg'), 'page').to.deep.equal([]);
      expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
    } finally {
      await setViewport(before);
    }
  });

  for (const [lang, months, done] of [
    ['en', EN_MONTHS, 'Milestone: Done. Recorded 10 June 2025'],
    ['cy', WELSH_MONTHS, 'Carreg filltir: Wedi’i wneud. Cofnodwyd 10 Mehefin 2025'],
  ] as const)
    it(`names every marker on the chart with what it is, then when, in the page's language (${lang})`, async () => {
      const recorded = ev('m1', '2025-06-10', {
        kind: 'milestone',
        milestoneId: 'multiplication-tables-check',
        title: 'multiplication-tables-check',
      });
      const el = await timeline(year6([...defaultEvents(), recorded]), { lang });
      await expect(el).to.be.accessible();
      // The list draws a phase's entries only while it is open.
      for (const d of $$<HTMLDetailsElement>(el, 'ol.phases details')) d.open = true;
      await settle(el);
      const when = new RegExp(`(^| )\\d{1,2} (${months.join('|')}) \\d{4}\\b`);
      const markers = $$(el, '.track [role="button"]');
      expect(markers.length, 'milestones, transitions and events drawn').to.be.greaterThan(10);
      for (const m of markers) {
        const key = m.dataset.key!;
        const [what, date] = m.getAttribute('aria-label')!.split('. ');
        // What: the same words the list gives the entry (its title), never a message key or an empty name.
        const title = $(el, `li[data-key="${key}"] .title`)?.textContent;
        expect(what, key).to.equal(title);
        expect(what, key).to.not.match(/^(milestone|transition|kind)\./);
        // When: a whole date in the page's language, straight after it.
        expect(date, key).to.match(when);
        // A milestone's name says all its list line says: that it is a milestone, its state, when it was recorded.
        const meta = $(el, `li[data-key="${key}"] .meta`)!.textContent!.replace(/\s+/g, ' ').trim();
        if (key.startsWith('m:')) expect(m.getAttribute('aria-label'), key).to.equal(`${title}. ${meta.slice(0, -1)}`);
        if (key.startsWith('t:'))
          expect(m.getAttribute('aria-label'), key).to.contain(`. ${meta.split('. ')[1]!.slice(0, -1)}. `);
      }
      expect($(el, '.track [data-key="m:multiplication-tables-check"]')!.getAttribute('aria-label')).to.contain(done);
    });

  describe('today, from the clock', () => {
    const RealDate = Date;
    let now = 0;
    /** A controlled clock: `new Date()` and `Date.now()` read `now`; every other use of Date is unchanged. */
    class ClockDate extends RealDate {
      constructor(...args: unknown[]) {
        super(...((args.length ? args : [now]) as [number]));
      }
      static override now() {
        return now;
      }
    }
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    /** Timers of more than a second still to run, by delay: the frames' 100 ms fallbacks and the tests' waits are not. */
    const waiting = new Map<unknown, number>();
    beforeEach(() => {
      globalThis.Date = ClockDate as DateConstructor;
      waiting.clear();
      globalThis.setTimeout = ((run: () => void, ms = 0) => {
        const id = realSetTimeout(() => {
          waiting.delete(id);
          run();
        }, ms);
        if (ms > 1000) waiting.set(id, ms);
        return id;
      }) as typeof setTimeout;
      globalThis.clearTimeout = ((id: ReturnType<typeof setTimeout>) => {
        waiting.delete(id);
        realClearTimeout(id);
      }) as typeof clearTimeout;
    });
    afterEach(() => {
      globalThis.Date = RealDate;
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    });

    it('moves to the new day when the page is shown again after midnight (UK time), unless the host set today', async () => {
      // 23:30 on 31 August 2027 in London (BST): Ava is 11 and in Year 6 until midnight.
      now = RealDate.parse('2027-08-31T22:30:00Z');
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="en" style="width: 1200px"></div>`);
      const el = document.createElement('c2c-pathway-timeline');
      el.pathway = year6();
      wrapper.append(el);
      await settle(el);
      expect($(el, '.header p')!.textContent).to.contain('Age 11, Year 6');
      now = RealDate.parse('2027-08-31T23:30:00Z'); // 00:30 on 1 September in London
      document.dispatchEvent(new Event('visibilitychange'));
      await settle(el);
      expect($(el, '.header p')!.textContent).to.contain('Age 12, Year 7');
      // Any redraw, here a strand filter, also moves to the new day.
      now = RealDate.parse('2028-09-01T11:00:00Z');
      el.strands = ['achieving'];
      await settle(el);
      expect($(el, '.header p')!.textContent).to.contain('Age 13, Year 8');
      el.today = '2027-03-01';
      await settle(el);
      now = RealDate.parse('2027-10-01T12:00:00Z');
      document.dispatchEvent(new Event('visibilitychange'));
      el.strands = ['healthy'];
      await settle(el);
      expect($(el, '.header p')!.textContent).to.contain('Age 11, Year 6');
    });

    it('moves an open details dialog to the new day too', async () => {
      // 23:30 on 30 June 2025 in London (BST): the multiplication tables check is due until midnight.
      now = RealDate.parse('2025-06-30T22:30:00Z');
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="en" style="width: 1200px"></div>`);
      const el = document.createElement('c2c-pathway-timeline');
      el.pathway = year6([]);
      el.from = '2025-01-01';
      el.to = '2025-12-31';
      wrapper.append(el);
      await settle(el);
      $<HTMLButtonElement>(el, 'li[data-key="m:multiplication-tables-check"] button')!.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      await waitUntil(() => dialog.open, 'dialog open', { timeout: 15000 });
      const status = () =>
        [...dialog.querySelectorAll('dt')].find((dt) => dt.textContent === 'Status')!.nextElementSibling!.textContent;
      expect(status()).to.equal('Due now');
      now = RealDate.parse('2025-06-30T23:30:00Z'); // 00:30 on 1 July in London
      document.dispatchEvent(new Event('visibilitychange'));
      await settle(el);
      expect(dialog.open).to.be.true;
      expect(status()).to.equal('Overdue: not recorded');
    });

    for (const today of ['31/08/2027', '2027-02-30'])
      it(`follows the clock, and moves on when the page is shown again, with a today that is no date (${today})`, async () => {
        now = RealDate.parse('2027-08-31T22:30:00Z'); // 23:30 on 31 August 2027 in London
        const wrapper = await fixture<HTMLDivElement>(html`<div lang="en" style="width: 1200px"></div>`);
        const el = document.createElement('c2c-pathway-timeline');
        el.setAttribute('today', today);
        el.pathway = year6();
        wrapper.append(el);
        await settle(el);
        expect($(el, '.header p')!.textContent).to.contain('Age 11, Year 6');
        now = RealDate.parse('2027-08-31T23:30:00Z');
        document.dispatchEvent(new Event('visibilitychange'));
        await settle(el);
        expect($(el, '.header p')!.textContent).to.contain('Age 12, Year 7');
      });

    it('moves to the new day at UK midnight with nothing happening, on one timer that goes with the element', async () => {
      // Half a second before midnight on 31 August 2027 in London (BST): Ava is in Year 6 until then.
      now = RealDate.parse('2027-08-31T22:59:59.500Z');
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="en" style="width: 1200px"></div>`);
      const el = document.createElement('c2c-pathway-timeline');
      el.pathway = year6();
      wrapper.append(el);
      await settle(el);
      expect($(el, '.header p')!.textContent).to.contain('Age 11, Year 6');
      expect([...waiting.values()], 'one timer, a second past midnight').to.deep.equal([1500]);
      now = RealDate.parse('2027-08-31T23:00:01Z');
      await new Promise((r) => realSetTimeout(r, 1700));
      await settle(el);
      expect($(el, '.header p')!.textContent).to.contain('Age 12, Year 7');
      // Set again for the next midnight, a day on.
      expect([...waiting.values()]).to.deep.equal([86_400_000]);
      el.remove();
      expect(waiting.size, 'cleared when disconnected').to.equal(0);
      wrapper.append(el);
      expect(waiting.size, 'set again when connected').to.equal(1);
      el.today = '2027-03-01';
      await settle(el);
      expect(waiting.size, 'none while the host sets today').to.equal(0);
      el.today = undefined;
      await settle(el);
      expect(waiting.size, 'back when the host stops').to.equal(1);
      el.remove();
    });
  });

  describe('lane labels', () => {
    it('keeps the labels clear of markers at every zoom level', async () => {
      const el = await timeline(atStart());
      expect(laneLabels(el)).to.have.length(4);
      let levels = 0;
      for (let before = Infinity; span(el) < before; levels++) {
        expect(covered(el), `covered labels when showing ${span(el)} days`).to.deep.equal([]);
        before = span(el);
        el.zoomIn();
        el.showRange(Y6_DOB, isoAfter(Y6_DOB, span(el) - 1));
        await settle(el);
      }
      expect(levels).to.be.greaterThan(5);
      // Focused, a marker's halo stays out of the label's way too.
      $(el, '.track')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(focused(el)?.getAttribute('data-key')).to.match(/^[emtc]:/);
      expect(covered(el)).to.deep.equal([]);
    });

    it('heads the columns of the vertical layout with the lanes’ names, each over its own lane', async () => {
      const el = await timeline(atStart(), { width: 320 });
      expect(el.layout).to.equal('vertical');
      const heads = $$(el, '[part="lane-heads"] .lane-head[data-strand]');
      expect(heads.map((h) => h.textContent!.trim())).to.deep.equal([
        'Safe and supported',
        'Healthy',
        'Achieving',
        'Relationships',
      ]);
      const svg = $(el, '.track svg')!.getBoundingClientRect();
      // A lane starts at its rule; the first rule is the milestones lane's.
      const starts = $$<SVGRectElement>(el, '.track .lane-rule')
        .slice(1)
        .map((r) => svg.left + r.x.baseVal.value);
      heads.forEach((h, i) => {
        const box = h.getBoundingClientRect();
        expect(box.left, `${h.textContent} starts where its lane does`).to.be.closeTo(starts[i]!, 1.5);
        expect(box.right, `${h.textContent} ends where the next lane starts`).to.be.closeTo(
          starts[i + 1] ?? svg.right,
          1.5,
        );
        // The whole name is shown: nothing cut off or spilling into the next column.
        expect(h.scrollWidth, `${h.textContent} fits its column`).to.be.at.most(h.clientWidth + 1);
        expect(h.scrollHeight, `${h.textContent} is not cut off`).to.be.at.most(h.clientHeight + 1);
      });
      // Above the chart, so no marker is ever drawn over them.
      expect($(el, '[part="lane-heads"]')!.getBoundingClientRect().bottom).to.be.at.most(
        $(el, '.track')!.getBoundingClientRect().top + 0.5,
      );
      await expect(el).to.be.accessible();
    });

    it('keeps every lane named and the chart within the screen at 400% zoom', async () => {
      // 400% of a 1280 by 1024 screen: 320 by 256 CSS pixels, where the page must reflow (WCAG 1.4.10).
      const before = { width: window.innerWidth, height: window.innerHeight };
      await setViewport({ width: 320, height: 256 });
      try {
        const el = await fixture<C2cPathwayTimeline>(
          html`<c2c-pathway-timeline today=${TODAY} .pathway=${atStart()}></c2c-pathway-timeline>`,
        );
        await settle(el);
        expect(el.layout).to.equal('vertical');
        const heads = $$(el, '[part="lane-heads"] .lane-head[data-strand]');
        expect(heads.map((h) => h.dataset.strand)).to.deep.equal(['safe', 'healthy', 'achieving', 'relationships']);
        for (const h of heads) {
          expect(h.scrollWidth, `${h.textContent} fits its column`).to.be.at.most(h.clientWidth + 1);
          expect(h.getBoundingClientRect().right).to.be.at.most(320);
        }
        const track = $(el, '.track')!;
        expect($<SVGSVGElement>(el, '.track svg')!.width.baseVal.value, 'the chart fits its box').to.be.at.most(
          track.clientWidth + 0.5,
        );
        expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
      } finally {
        await setViewport(before);
      }
    });

    for (const lang of ['en', 'cy'])
      it(`draws the last lane, its markers, bars and name inside the chart from 320 down to 240 px wide (${lang})`, async () => {
        // Below about 290px the axis (130px) and four lanes of at least 40px each were wider than the track, which
        // clipped the last lane and its name: a phone in a narrow column, or 400% zoom in a side panel.
        const events = [
          // Nothing in the safe lane, so its name is the longest there is ("… : nothing recorded", in Welsh too).
          ev('h1', '2019-10-02', { strand: 'healthy' }),
          ev('a1', '2021-05-01', { strand: 'achieving' }),
          // Three support episodes at once in the last lane: three rows of bars beside its markers.
          ...[1, 2, 3].map((n) =>
            ev(`r${n}`, `2022-0${n}-10`, { strand: 'relationships', kind: 'support', endDate: '2023-07-15' }),
          ),
          ev('r4', '2022-11-20', { strand: 'relationships' }),
        ];
        for (const width of [320, 300, 280, 260, 240]) {
          // Zoomed in on the episodes, so each is drawn on its own rather than as one cluster.
          const el = await timeline(year6(events), { lang, width, from: '2021-09-01', to: '2023-12-31' });
          expect(el.layout, `${width}px`).to.equal('vertical');
          const track = $(el, '.track')!;
          const box = track.getBoundingClientRect();
          // What the track shows: inside its border, as it clips whatever is drawn past it.
          const shown = { left: box.left + track.clientLeft, right: box.left + track.clientLeft + track.clientWidth };
          const inside = (r: DOMRect, what: string) => {
            expect(r.left, `${what} at ${width}px`).to.be.at.least(shown.left - 0.5);
            expect(r.right, `${what} at ${width}px`).to.be.at.most(shown.right + 0.5);
          };
          const svg = $<SVGSVGElement>(el, '.track svg')!;
          const rules = $$<SVGRectElement>(el, '.track .lane-rule');
          const lastLane = { left: svg.getBoundingClientRect().left + rules.at(-1)!.x.baseVal.value };
          inside(
            new DOMRect(lastLane.left, box.top, svg.width.baseVal.value - rules.at(-1)!.x.baseVal.value, 1),
            'the last lane',
          );
          const drawn = $$(el, '.track .item.event').filter((m) => m.querySelector('.s-relationships'));
          expect(drawn, `the last lane's markers at ${width}px`).to.have.length(4);
          expect($$(el, '.track .span-bar'), 'a bar for each episode').to.have.length(3);
          // Markers with their focus halos, and the bars, in the last lane and inside the chart.
          for (const m of [...drawn, ...$$(el, '.track .span-bar')]) {
            const what = m.getAttribute('aria-label') ?? 'a bar';
            const r = m.getBoundingClientRect();
            inside(r, what);
            expect(r.left, `${what} in its own lane at ${width}px`).to.be.at.least(lastLane.left - 0.5);
          }
          const heads = $$(el, '[part="lane-heads"] .lane-head[data-strand]');
          expect(heads.map((h) => h.dataset.strand)).to.deep.equal(['safe', 'healthy', 'achieving', 'relationships']);
          for (const h of heads) {
            const r = h.getBoundingClientRect();
            inside(r, `the head ${h.textContent!.trim()}`);
            expect(h.scrollWidth, `${h.textContent!.trim()} fits its column at ${width}px`).to.be.at.most(
              h.clientWidth + 1,
            );
            expect(h.scrollHeight, `${h.textContent!.trim()} is not cut off at ${width}px`).to.be.at.most(
              h.clientHeight + 1,
            );
          }
          expect(heads.at(-1)!.getBoundingClientRect().left, 'the last head over its lane').to.be.closeTo(
            lastLane.left,
            1.5,
          );
          el.parentElement!.remove();
        }
      });

    for (const [lang, years] of [
      ['en', ['N1', 'N2', 'R', ...Array.from({ length: 13 }, (_, i) => `Y${i + 1}`)]],
      ['cy', ['M1', 'M2', 'D', ...Array.from({ length: 13 }, (_, i) => `B${i + 1}`)]],
    ] as const)
      it(`names every year group down the narrow chart, Year 10 to 13 too, without overlapping (${lang})`, async () => {
        // The narrow layout has the room the wide one has: "Y10" was measured by its width along a time axis that
        // runs down the page, and Years 10 to 13 went unnamed at 320 px while the wide chart named them.
        const el = await timeline(year6(), { lang, width: 320 });
        el.showAll();
        await settle(el);
        expect(el.layout).to.equal('vertical');
        const labels = $$(el, '.track text.axis-text:not(.strong)').filter((t) => /^[A-Z]\d*$/.test(t.textContent!));
        expect(labels.map((t) => t.textContent)).to.deep.equal([...years]);
        const boxes = labels.map((t) => t.getBoundingClientRect());
        const clashes = boxes.slice(1).filter((b, i) => overlap(b, boxes[i]!));
        expect(clashes, 'labels clear of each other').to.have.length(0);
      });
  });

  it('keeps each strand checkbox at least 24 by 24 pixels when its Welsh label wraps, with text spacing increased', async () => {
    const el = await timeline(year6(), { lang: 'cy', width: 288 });
    // WCAG 1.4.12: the spacing a reader's own style sheet may set, inherited into the shadow root.
    el.parentElement!.style.letterSpacing = '0.12em';
    el.parentElement!.style.wordSpacing = '0.16em';
    await settle(el);
    const boxes = $$<HTMLInputElement>(el, 'input[name="strand"]').map((i) => {
      const box = i.getBoundingClientRect();
      return `${i.value} ${Math.round(Math.min(box.width, box.height))}`;
    });
    expect(boxes).to.deep.equal(['safe 24', 'healthy 24', 'achieving 24', 'relationships 24']);
  });

  it('flags transitions without a sent handover, or not acknowledged, in the track and in text', async () => {
    const el = await timeline(year6());
    // Ava's primary takes her from reception to Year 6, so there was no Year 3 move: by default it is checked.
    expect($(el, '[part="alerts"]')!.textContent).to.contain('2 transitions need attention');
    expect($(el, '[data-key="t:infant-to-junior"]')!.classList.contains('fl-missing')).to.be.true;
    el.transitions = ['ey-to-reception', 'y6-to-y7', 'y11-to-post16'];
    await settle(el);
    expect($(el, '[data-key="t:infant-to-junior"]')).to.not.exist;
    const alerts = $(el, '[part="alerts"]')!;
    expect(alerts.textContent).to.contain('1 transition needs attention');
    expect(alerts.textContent).to.contain('Primary to secondary school (Year 7)');
    expect(alerts.textContent).to.contain('No handover sent');
    const y7 = $(el, '[data-key="t:y6-to-y7"]')!;
    expect(y7.classList.contains('fl-missing')).to.be.true;
    expect(y7.getAttribute('aria-label')).to.contain('No handover sent');
    expect($(el, '[data-key="t:ey-to-reception"]')!.classList.contains('fl-ok')).to.be.true;
    expect($(el, 'li[data-key="t:y6-to-y7"]')!.classList.contains('fragile')).to.be.true;

    el.pathway = year6([
      ...defaultEvents(),
      ev('h7', '2027-02-20', {
        kind: 'handover',
        transition: 'y6-to-y7',
        handoverStatus: 'submitted',
        handoverId: 'hnd-7',
        strand: 'safe',
      }),
    ]);
    await settle(el);
    expect($(el, '[part="alerts"]')!.textContent).to.contain('Handover sent but not acknowledged');
    expect($(el, '[data-key="t:y6-to-y7"]')!.classList.contains('fl-unacknowledged')).to.be.true;
  });

  it('is horizontal in a wide container and vertical in a narrow one', async () => {
    const wide = await timeline(year6(), { width: 1200 });
    expect(wide.layout).to.equal('horizontal');
    expect($(wide, '.track')!.dataset.layout).to.equal('horizontal');
    const narrow = await timeline(year6(), { width: 320 });
    expect(narrow.layout).to.equal('vertical');
    const svg = $<SVGSVGElement>(narrow, '.track svg')!;
    expect(svg.height.baseVal.value).to.be.greaterThan(svg.width.baseVal.value);
    expect(svg.width.baseVal.value).to.be.at.most(320);
    await expect(narrow).to.be.accessible();
    // Resizing the container switches the layout.
    narrow.parentElement!.style.width = '1000px';
    await waitUntil(() => narrow.layout === 'horizontal', 'the layout follows the container', { timeout: 15000 });
    await settle(narrow);
    expect($(narrow, '.track')!.dataset.layout).to.equal('horizontal');
  });

  it('speaks Welsh on a Welsh page', async () => {
    const el = await timeline(year6(), { lang: 'cy' });
    await expect(el).to.be.accessible();
    expect($(el, 'h2')!.textContent).to.equal('Llwybr Ava');
    expect($(el, '.header p')!.textContent).to.contain('11 oed, Blwyddyn 6');
    expect($(el, '.header p')!.textContent).to.contain('1 Medi 2015');
    expect($$(el, 'ol.phases h4').map((h) => h.textContent)).to.include('Cyfnod allweddol 2');
    const axis = axisText(el);
    expect(axis).to.contain('B6');
    expect(axis).to.contain('D');
    expect($(el, '[part="alerts"]')!.textContent).to.contain('Dim trosglwyddiad wedi’i anfon');
    expect($(el, '[data-action="zoom-in"]')!.textContent!.trim()).to.equal('Chwyddo i mewn');
  });

  it('speaks dates with whole month names, which a Welsh voice can read, in cluster labels and range announcements', async () => {
    const el = await timeline(year6([ev('j1', '2024-06-03'), ev('j2', '2024-06-10')]), { lang: 'cy' });
    const cluster = $(el, '.track .item.cluster')!;
    expect(cluster.getAttribute('aria-label')).to.match(/^2 ddigwyddiad rhwng 3 Mehefin 2024 a 10 Mehefin 2024\./);
    $(el, '.track')!.focus();
    await sendKeys({ press: '+' });
    await settle(el);
    const said = $(el, '[aria-live="polite"]')!.textContent!.trim();
    const months = said.match(/^Yn dangos (\S+) \d{4} i (\S+) \d{4}$/);
    expect(months, said).to.not.equal(null);
    expect(WELSH_MONTHS, said).to.include(months![1]!);
    // After "i", the month is mutated ("i Fehefin"): still a whole name.
    expect(WELSH_MONTHS.map(welshAfterI), said).to.include(months![2]!);
  });

  it('titles a transition’s handover in Welsh on a Welsh page, and keeps other titles as they were recorded', async () => {
    // As the hub records them: one event per handover, titled in English.
    const events = [
      ev('h7', '2027-02-10', {
        kind: 'handover',
        title: 'Transition handover: Year 6 to Year 7',
        transition: 'y6-to-y7',
        handoverStatus: 'submitted',
        handoverId: 'hnd-7',
      }),
      ev('n1', '2026-10-05', { title: 'Joined chess club', strand: 'relationships' }),
    ];
    const el = await timeline(year6(events), { lang: 'cy' });
    const titles = $$(el, 'li[data-phase="ks2"] li[data-key^="e:"] .title').map((t) => t.textContent);
    expect(titles).to.deep.equal(['Joined chess club', 'Trosglwyddiad pontio: Blwyddyn 6 i Flwyddyn 7']);
    const labels = $$(el, '[aria-label]').map((e) => e.getAttribute('aria-label'));
    expect(labels.join(' | ')).to.not.contain('Transition handover');
    el.addEventListener('c2c-event-open', () => {}, { once: true });
    $(el, 'li[data-key="e:h7"] button')!.click();
    await el.updateComplete;
    expect($(el, 'dialog h2')!.textContent).to.equal('Trosglwyddiad pontio: Blwyddyn 6 i Flwyddyn 7');
    await expect(el).to.be.accessible();
  });

  it('marks what was recorded with the language records-lang names, on a Welsh page, and leaves its own Welsh alone', async () => {
    const events = [
      ev('h7', '2027-02-10', {
        kind: 'handover',
        title: 'Transition handover: Year 6 to Year 7',
        transition: 'y6-to-y7',
        handoverStatus: 'submitted',
        handoverId: 'hnd-7',
      }),
      ev('s1', '2026-10-05', {
        kind: 'support',
        title: 'Speech and language therapy',
        strand: 'healthy',
        serviceName: 'Brookfield SALT',
        detail: 'Weekly sessions in school',
      }),
    ];
    // The language marked inside the timeline; null where text takes the page's (Welsh).
    const lang = (e: Element | null) => e?.closest('[lang]')?.getAttribute('lang') ?? null;
    const titleLangs = (el: C2cPathwayTimeline) =>
      $$(el, 'li[data-phase="ks2"] li[data-key^="e:"] .title').map((t) => `${t.textContent} ${lang(t)}`);

    // Unset, nothing is marked: the records take the page's language, as the hub keeps none for them.
    const unmarked = await timeline(year6(events), { lang: 'cy' });
    expect(titleLangs(unmarked)).to.deep.equal([
      'Speech and language therapy null',
      'Trosglwyddiad pontio: Blwyddyn 6 i Flwyddyn 7 null',
    ]);

    const el = await timeline(year6(events), { lang: 'cy' });
    el.recordsLang = 'en';
    await settle(el);
    // The handover's title is the timeline's own, in Welsh; the support episode's is as recorded, in English.
    expect(titleLangs(el)).to.deep.equal([
      'Speech and language therapy en',
      'Trosglwyddiad pontio: Blwyddyn 6 i Flwyddyn 7 null',
    ]);
    $(el, 'li[data-key="e:s1"] button')!.click();
    await settle(el);
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(lang($(el, 'dialog h2'))).to.equal('en');
    const rows = $$(el, 'dialog dd').map((dd) => `${dd.textContent!.trim()} ${lang(dd.querySelector('span') ?? dd)}`);
    expect(rows).to.include.members([
      'Brookfield SALT en',
      'Millbrook Primary School en',
      'Weekly sessions in school en',
    ]);
    for (const dt of $$(el, 'dialog dt')) expect(lang(dt), dt.textContent!).to.equal(null);
    await expect(el).to.be.accessible();
    await closeDialog(dialog, () => dialog.close());
  });

  it('uses the Welsh forms for two, with the soft mutation that follows “dau”', async () => {
    // Reception's handover was acknowledged, so two transitions need attention; key stage 1 holds two events, close
    // enough to be drawn as one cluster of two on the whole pathway.
    const events = [defaultEvents()[1]!, ev('w1', '2021-10-04'), ev('w2', '2021-10-11')];
    const el = await timeline(year6(events), { lang: 'cy' });
    expect(new Intl.PluralRules('cy-GB').select(2), 'this browser’s Welsh plural rules').to.equal('two');
    expect($(el, '[part="alerts"] strong')!.textContent).to.equal('Mae angen sylw ar 2 gyfnod pontio');
    expect($(el, 'li[data-phase="ks1"] .phase-meta')!.textContent).to.contain('2 ddigwyddiad.');
    const summaries = $$(el, 'summary').map((s) => s.textContent!.trim());
    expect(summaries).to.include('Dangos 2 gofnod');
    expect(summaries).to.not.include('Dangos 2 cofnod');
    expect($(el, '.track .item.cluster')!.getAttribute('aria-label')).to.match(/^2 ddigwyddiad rhwng /);
    // Other counts keep the radical form.
    expect(summaries).to.include('Dangos 3 cofnod');
  });

  it('prints every phase of the list in full', async () => {
    const events = syntheticEvents(
      { id: 'lrn-0042', dateOfBirth: '2008-01-15', organisationId: 'sec-northgate' },
      300,
      5,
      TODAY,
    );
    const el = await timeline({ learnerId: 'lrn-0042', dateOfBirth: '2008-01-15', events }, {});
    el.pageSize = 20;
    await el.updateComplete;
    expect($$(el, 'ol.entries > li').length).to.be.at.most(20);
    window.dispatchEvent(new Event('beforeprint'));
    await el.updateComplete;
    expect($$(el, 'details').every((d) => (d as HTMLDetailsElement).open)).to.be.true;
    const rows = $$(el, 'ol.entries > li[data-key^="e:"]').length;
    expect(rows).to.equal(300);
    window.dispatchEvent(new Event('afterprint'));
    await el.updateComplete;
    expect($$(el, 'ol.entries > li').length).to.be.at.most(20);
  });

  for (const width of [1200, 360])
    it(`prints the list, not the chart cut to the screen's width and zoom (${width} px)`, async () => {
      const el = await timeline(year6(), { width });
      el.zoomIn();
      el.zoomIn();
      await settle(el);
      window.dispatchEvent(new Event('beforeprint'));
      await emulateMedia({ media: 'print' });
      try {
        await el.updateComplete;
        const shown = (sel: string) => {
          const node = $(el, sel);
          return !!node && getComputedStyle(node).display !== 'none' && node.getBoundingClientRect().height > 0;
        };
        expect(shown('.track'), 'chart').to.be.false;
        expect(shown('.lane-heads'), 'lane heads').to.be.false;
        expect(shown('[part="list"]'), 'list').to.be.true;
        expect(shown('.alerts'), 'transitions that need attention').to.be.true;
        const keys = $$(el, 'ol.entries > li[data-key^="e:"]').map((li) => li.dataset.key);
        expect(keys).to.have.members(defaultEvents().map((e) => `e:${e.id}`));
      } finally {
        await emulateMedia({ media: 'screen' });
        window.dispatchEvent(new Event('afterprint'));
      }
    });

  for (const [lang, only, none] of [
    ['en', 'Strands in this list: Healthy and Relationships.', 'No strands are selected, so this list has no events.'],
    [
      'cy',
      'Llinynnau yn y rhestr hon: Iach a Pherthnasoedd.',
      'Does dim llinynnau wedi’u dewis, felly does dim digwyddiadau yn y rhestr hon.',
    ],
  ] as const)
    it(`says on paper which strands a filtered list leaves out, as the filters are not printed (${lang})`, async () => {
      const el = await timeline(year6(), { lang });
      const line = () => {
        const p = $(el, '[part="list"] .listed-strands');
        return p && getComputedStyle(p).display !== 'none' ? p.textContent!.trim() : null;
      };
      await emulateMedia({ media: 'print' });
      try {
        expect(line(), 'every strand listed').to.equal(null);
        el.strands = ['healthy', 'relationships'];
        await settle(el);
        expect(line()).to.equal(only);
        el.strands = [];
        await settle(el);
        expect(line()).to.equal(none);
        await emulateMedia({ media: 'screen' });
        // On screen the checkboxes say it.
        expect(line(), 'on screen').to.equal(null);
      } finally {
        await emulateMedia({ media: 'screen' });
      }
    });

  it('names recorded milestones, and marks them done', async () => {
    const events = [
      ev('m1', '2025-06-10', {
        kind: 'milestone',
        milestoneId: 'multiplication-tables-check',
        title: 'multiplication-tables-check',
      }),
    ];
    const el = await timeline(year6(events), { lang: 'cy' });
    const row = $(el, 'li[data-key="e:m1"] .title')!;
    expect(row.textContent).to.equal('Gwiriad tablau lluosi');
    expect($(el, '[data-key="m:multiplication-tables-check"]')!.classList.contains('st-done')).to.be.true;
  });

  it('draws support bars, ongoing ones too, at 3:1 against the track, and ongoing ones not by lightness alone', async () => {
    const el = await timeline(year6());
    const rgb = (c: string) =>
      c
        .match(/[\d.]+/g)!
        .slice(0, 3)
        .map(Number);
    const luminance = (c: number[]) =>
      c
        .map((v) => v / 255)
        .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    // The phase bands behind the bars: the palest is the hardest case.
    const bands = $$(el, '.track .band').map((b) => rgb(getComputedStyle(b).fill));
    const band = bands.sort((a, b) => luminance(b) - luminance(a))[0]!;
    // What a person sees of a bar's edge: its outline when it has one, else its fill, laid over the band.
    const edge = (bar: Element) => {
      const s = getComputedStyle(bar);
      const outlined = s.stroke !== 'none' && parseFloat(s.strokeWidth) >= 1;
      const alpha = Number(s.opacity) * Number(outlined ? s.strokeOpacity : s.fillOpacity);
      return rgb(outlined ? s.stroke : s.fill).map((v, i) => alpha * v + (1 - alpha) * band[i]!);
    };
    const ongoing = $(el, '.track [data-key="e:e5"] .span-bar.ongoing')!;
    const ended = $(el, '.track [data-key="e:e3"] .span-bar:not(.ongoing)')!;
    expect(contrast(edge(ongoing), band), 'ongoing').to.be.at.least(3);
    expect(contrast(edge(ended), band), 'ended').to.be.at.least(3);
    expect(getComputedStyle(ongoing).strokeDasharray, 'ongoing, by its dashed edge').to.not.equal('none');
    expect(getComputedStyle(ended).strokeDasharray).to.equal('none');
  });

  for (const lang of ['en', 'cy'])
    it(`gives each of five overlapping support episodes a place of its own, the ones past three rows in a "+2" list (${lang})`, async () => {
      const episodes = ['Mentoring', 'Play therapy', 'Reading recovery', 'Speech therapy', 'Family liaison'].map(
        (title, i) =>
          ev(`s${i}`, `2025-0${i + 1}-01`, { kind: 'support', strand: 'healthy', title, endDate: '2026-06-30' }),
      );
      const el = await timeline(year6(episodes), { lang, from: '2024-09-01', to: '2026-08-31' });
      const drawn = $$(el, '.track .item.event[data-key^="e:s"]');
      const bars = $$(el, '.track .item.event .span-bar').map((b) => b.getBoundingClientRect());
      expect(bars, 'bars drawn').to.have.length(3);
      for (let i = 0; i < bars.length; i++)
        for (let j = i + 1; j < bars.length; j++) expect(overlap(bars[i]!, bars[j]!), `bars ${i} and ${j}`).to.be.false;
      const more = $$(el, '.track .item.more');
      expect(more, 'one "+N" marker for the rest').to.have.length(1);
      expect(more[0]!.textContent!.trim()).to.equal('+2');
      expect(more[0]!.getAttribute('role')).to.equal('button');
      expect(more[0]!.getAttribute('aria-label')).to.contain(
        lang === 'cy' ? '2 ddigwyddiad arall ar yr un pryd ag eraill' : '2 more events at the same time as others',
      );
      // The keyboard reaches it as it reaches every marker: by the arrow keys from the chart's tab stop.
      drawn[drawn.length - 1]!.focus();
      let steps = 0;
      while (focused(el) !== more[0] && steps++ < 10) await sendKeys({ press: 'ArrowRight' });
      expect(focused(el)?.getAttribute('data-key'), 'reached by the arrow keys').to.equal(
        more[0]!.getAttribute('data-key'),
      );
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      await waitUntil(() => dialog.open, 'list open', { timeout: 15000 });
      expect(dialog.querySelector('h2')!.textContent).to.equal(
        lang === 'cy' ? 'Digwyddiadau ar yr un pryd' : 'Events at the same time',
      );
      const listed = [...dialog.querySelectorAll<HTMLButtonElement>('.more-list button')];
      const titles = listed.map((b) => b.querySelector('.title')!.textContent);
      // Every episode has its place: a bar of its own, or a line in this list.
      expect([...drawn.map((d) => d.getAttribute('aria-label')!.split('.')[0]), ...titles].sort()).to.deep.equal(
        episodes.map((e) => e.title).sort(),
      );
      listed[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => dialog.querySelector('h2')!.textContent === titles[0], 'the episode’s details', {
        timeout: 15000,
      });
      expect(dialog.open).to.be.true;
      await closeDialog(dialog, () => sendKeys({ press: 'Escape' }));
      expect(focused(el), 'back on the "+2" marker').to.equal($(el, '.track .item.more'));
      await expect(el).to.be.accessible();
    });

  it('keeps the "+2" of five support episodes still running in a view that starts after they began', async () => {
    // Five services at once, all still running (no end date): zoomed into this term, the lane showed three bars and
    // nothing else, as the "+2" was drawn only where the first of the two began, years before the view.
    const episodes = ['Mentoring', 'Play therapy', 'Reading recovery', 'Speech therapy', 'Family liaison'].map(
      (title, i) => ev(`s${i}`, `2022-0${i + 1}-01`, { kind: 'support', strand: 'healthy', title }),
    );
    for (const width of [1200, 320]) {
      const el = await timeline(year6(episodes), { width, from: '2026-10-01', to: '2026-12-31' });
      expect($$(el, '.track .item.event .span-bar'), `three bars at ${width}px`).to.have.length(3);
      const more = $$(el, '.track .item.more');
      expect(more, `the "+2" at ${width}px`).to.have.length(1);
      expect(more[0]!.textContent!.trim()).to.equal('+2');
      const track = $(el, '.track')!;
      const box = track.getBoundingClientRect();
      const r = more[0]!.querySelector('.mark')!.getBoundingClientRect();
      const inside =
        r.left >= box.left + track.clientLeft - 0.5 &&
        r.right <= box.left + track.clientLeft + track.clientWidth + 0.5 &&
        r.top >= box.top + track.clientTop - 0.5 &&
        r.bottom <= box.top + track.clientTop + track.clientHeight + 0.5;
      expect(inside, `in sight at ${width}px`).to.be.true;
      (more[0] as unknown as HTMLElement).focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      await waitUntil(() => dialog.open, 'list open', { timeout: 15000 });
      expect($$(el, 'dialog .more-list button')).to.have.length(2);
      await closeDialog(dialog, () => sendKeys({ press: 'Escape' }));
      el.parentElement!.remove();
    }
  });

  it('tells a milestone’s state on the chart by shape and glyph, not by colour alone', async () => {
    // The progress check done; the multiplication tables check (Year 4) overdue in Year 6; the reception baseline past.
    const events = [ev('m1', '2017-10-10', { kind: 'milestone', milestoneId: 'progress-check-2', title: 'Check' })];
    const el = await timeline(year6(events));
    const byState = new Map<string, Set<string>>();
    for (const item of $$(el, '.track .item.milestone')) {
      const state = [...item.classList].find((c) => c.startsWith('st-'))!.slice(3);
      // What is left when colour is taken away: the marker's glyph, if any.
      const glyph = item.querySelector('text')?.textContent?.trim() ?? '';
      byState.set(state, (byState.get(state) ?? new Set()).add(glyph));
    }
    expect([...byState.keys()]).to.include.members(['done', 'overdue', 'past', 'upcoming']);
    expect([...byState.get('done')!]).to.deep.equal(['✓']);
    expect([...byState.get('overdue')!]).to.deep.equal(['!']);
    expect([...byState.get('past')!]).to.deep.equal(['–']);
    expect([...byState.get('upcoming')!]).to.deep.equal(['']);
  });

  it('keeps working after being moved in the page', async () => {
    const el = await timeline(year6());
    const parent = el.parentElement!;
    const other = document.createElement('div');
    other.style.width = '320px';
    document.body.append(other);
    other.append(el);
    await new Promise((r) => setTimeout(r, 50));
    await settle(el);
    expect(el.layout).to.equal('vertical');
    $(el, '[data-action="zoom-in"]')!.click();
    await settle(el);
    parent.append(el);
    await new Promise((r) => setTimeout(r, 50));
    await settle(el);
    expect(el.layout).to.equal('horizontal');
    other.remove();
  });

  // 30 February and month 13 match YYYY-MM-DD but are no dates: drawn, they gave "30 February 2017" and
  // "1 undefined 2017" as milestone dates.
  for (const dateOfBirth of ['15/09/2015', '2015-02-30', '2015-13-01'])
    it(`shows a readable error for a pathway with no valid date of birth (${dateOfBirth})`, async () => {
      const el = await timeline({ learnerId: 'x', dateOfBirth, events: [] });
      await expect(el).to.be.accessible();
      expect($(el, '[part="error"]')!.textContent).to.contain('no valid date of birth');
      expect($(el, '.track')).to.not.exist;
    });

  it('leaves out, and counts, events a host gives without a title or who recorded them, and still opens the rest', async () => {
    const noTitle = { ...ev('no-title', '2024-03-01'), title: undefined };
    const noSource = { ...ev('no-source', '2024-03-02'), source: undefined };
    const el = await timeline(year6([ev('ok', '2024-03-03'), null, noTitle, noSource] as unknown as PathwayEvent[]));
    await expect(el).to.be.accessible();
    expect($(el, '[part="error"]')).to.not.exist;
    expect($$(el, '[part="list"] li[data-key^="e:"]').map((li) => li.dataset.key)).to.deep.equal(['e:ok']);
    // Only the reason that applied: their dates and strands were fine.
    expect($(el, 'p.status')!.textContent).to.equal('3 events are not shown (a missing title, id or source).');
    $(el, '[part="list"] li[data-key="e:ok"] button')!.click();
    await el.updateComplete;
    expect($<HTMLDialogElement>(el, 'dialog')!.open).to.be.true;
    expect($(el, 'dialog')!.textContent).to.contain('Millbrook Primary School');
  });

  for (const lang of ['en', 'cy'])
    it(`says a pathway with no list of events could not be read, not that its date of birth is wrong (${lang})`, async () => {
      const el = await timeline({ ...year6(), events: null } as unknown as Pathway, { lang });
      await expect(el).to.be.accessible();
      const text = $(el, '[part="error"]')!.textContent!;
      expect(text).to.contain(
        lang === 'cy' ? 'Nid oedd modd darllen data’r llwybr hwn' : 'This pathway’s data could not be read',
      );
      expect(text).to.not.contain(lang === 'cy' ? 'dyddiad geni' : 'date of birth');
      expect($(el, '.track')).to.not.exist;
    });

  for (const lang of ['en', 'cy'])
    it(`says why events are not shown, naming only the reasons that applied (${lang})`, async () => {
      const noTitle = { ...ev('no-title', '2024-03-01'), title: '' };
      const said = async (events: unknown[]) =>
        $(await timeline(year6(events as PathwayEvent[]), { lang }), 'p.status')!.textContent;
      expect(await said([ev('ok', '2024-03-03'), noTitle])).to.equal(
        lang === 'cy'
          ? 'Nid yw 1 digwyddiad yn cael ei ddangos (teitl, dynodydd neu ffynhonnell ar goll).'
          : '1 event is not shown (a missing title, id or source).',
      );
      expect(await said([ev('ok', '2024-03-03'), ev('ok', '2024-03-04')])).to.equal(
        lang === 'cy'
          ? 'Nid yw 1 digwyddiad yn cael ei ddangos (cofnod sy’n ailadrodd un arall).'
          : '1 event is not shown (an entry that repeats another).',
      );
      expect(await said([ev('ok', '2024-03-03'), ev('ok', '2024-03-04'), ev('bad', '2024-13-01'), noTitle])).to.equal(
        lang === 'cy'
          ? 'Nid yw 3 digwyddiad yn cael eu dangos (dyddiad neu linyn nad oedd modd ei ddarllen; teitl, dynodydd neu ffynhonnell ar goll; cofnod sy’n ailadrodd un arall).'
          : '3 events are not shown (a date or strand that could not be read; a missing title, id or source; an entry that repeats another).',
      );
      // Two, in Welsh, mutates the noun after it ("2 ddigwyddiad").
      expect(await said([ev('ok', '2024-03-03'), ev('bad', '2024-13-01'), ev('worse', '2024-02-30')])).to.equal(
        lang === 'cy'
          ? 'Nid yw 2 ddigwyddiad yn cael eu dangos (dyddiad neu linyn nad oedd modd ei ddarllen).'
          : '2 events are not shown (a date or strand that could not be read).',
      );
    });

  it('leaves out, and counts, an event dated on a day the calendar does not have', async () => {
    const el = await timeline(
      year6([
        ev('ok', '2024-02-29'),
        ev('feb30', '2024-02-30'),
        ev('end', '2024-01-10', { kind: 'support', endDate: '2024-04-31' }),
      ]),
    );
    expect($$(el, '[part="list"] li[data-key^="e:"]').map((li) => li.dataset.key)).to.deep.equal(['e:ok']);
    expect($(el, 'p.status')!.textContent).to.equal(
      '2 events are not shown (a date or strand that could not be read).',
    );
    expect(el.shadowRoot!.textContent).to.not.contain('30 February');
  });

  describe('hub mode', () => {
    /** A fetch that answers like the hub: the pathway as JSON, or an RFC 9457 problem. */
    function hubFetch(respond: (path: string) => { status: number; body: unknown }, seen: string[] = []): typeof fetch {
      return async (input, init) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        seen.push(`${request.method} ${url.pathname} ${request.headers.get('authorization') ?? ''}`);
        const { status, body } = respond(url.pathname);
        const type = status >= 400 ? 'application/problem+json' : 'application/json';
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': type, 'x-request-id': 'req-1' },
        });
      };
    }

    it('loads the pathway for learner-id through the SDK client', async () => {
      const seen: string[] = [];
      const client: PathwayClient = createClient({
        baseUrl: 'https://hub.example.org',
        token: 'test-token',
        retries: 0,
        fetch: hubFetch(
          (path) =>
            path === '/v1/learners/lrn-0001/pathway' ? { status: 200, body: year6() } : { status: 404, body: {} },
          seen,
        ),
      });
      const el = document.createElement('c2c-pathway-timeline');
      el.today = TODAY;
      el.client = client;
      el.learnerId = 'lrn-0001';
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      host.style.width = '1200px';
      host.append(el);
      await el.updateComplete;
      expect($(el, '[role="status"]')!.textContent).to.contain('Loading the pathway');
      await waitFor(() => $(el, 'h2')?.textContent === 'Ava’s pathway');
      await settle(el);
      await expect(el).to.be.accessible();
      // Who is signed in is asked alongside the pathway (it says which strands can have events at all).
      expect(seen.sort()).to.deep.equal([
        'GET /v1/learners/lrn-0001/pathway Bearer test-token',
        'GET /v1/me Bearer test-token',
      ]);
      expect(laneLabels(el)).to.have.length(4);
      expect($(el, '[data-key="t:y6-to-y7"]')!.classList.contains('fl-missing')).to.be.true;
      // Milestones come from the date of birth, computed here, not fetched.
      expect($(el, '[data-key="m:ks2-tests"]')!.getAttribute('aria-label')).to.contain('Upcoming');
    });

    it('says it is loading another learner’s pathway through the live region that was already in the page, once', async () => {
      const client: PathwayClient = {
        pathways: {
          get: (id) => (id === 'lrn-0001' ? Promise.resolve(year6()) : new Promise<Pathway>(() => undefined)),
        },
      };
      const el = document.createElement('c2c-pathway-timeline');
      el.today = TODAY;
      el.client = client;
      el.learnerId = 'lrn-0001';
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
      await waitFor(() => $(el, 'h2')?.textContent === 'Ava’s pathway');
      const live = $(el, '[aria-live="polite"]')!;
      el.learnerId = 'lrn-0002';
      await settle(el);
      // A region added with its text is not reliably read out; one that was there and changes is.
      expect(live.isConnected).to.be.true;
      expect(live.textContent!.trim()).to.equal('Loading the pathway…');
      const saying = $$(el, '[role="status"], [role="alert"], [aria-live]').filter((r) =>
        r.textContent!.includes('Loading'),
      );
      expect(saying, 'said once').to.have.length(1);
    });

    it('learns from the client that a parent is viewing, and draws no lane for the strand a parent is never sent', async () => {
      const principal = (role: string) => ({
        user: {
          id: 'usr-0001',
          name: 'Sam Carer',
          email: 'sam@example.org',
          role,
          organisationId: 'pri-millbrook',
          learnerIds: ['lrn-0001'],
          disabled: false,
        },
        organisationName: 'Millbrook Primary School',
        tokenKind: 'session',
      });
      let role = 'parent';
      const client = createClient({
        baseUrl: 'https://hub.example.org',
        retries: 0,
        fetch: hubFetch((path) =>
          path === '/v1/me'
            ? { status: 200, body: principal(role) }
            : path === '/v1/learners/lrn-0001/pathway'
              ? { status: 200, body: parentsView() }
              : { status: 404, body: {} },
        ),
      });
      const el = await fixture<C2cPathwayTimeline>(
        html`<div class="host-box">
          <c2c-pathway-timeline learner-id="lrn-0001" today=${TODAY} .client=${client}></c2c-pathway-timeline>
        </div>`,
      ).then((d) => d.querySelector('c2c-pathway-timeline')!);
      el.parentElement!.style.width = '1200px';
      await waitFor(() => $(el, 'h2')?.textContent === 'Ava’s pathway');
      await settle(el);
      expect(laneLabels(el)).to.deep.equal(['Healthy', 'Achieving', 'Relationships']);
      expect(filterStrands(el)).to.not.include('safe');
      expect(emptyLaneLines(el)).to.deep.equal([]);

      // The same client signed in as the DSL (another client object): the empty lane is back, and says so.
      role = 'dsl';
      el.client = createClient({ ...client.options });
      await waitFor(() => laneLabels(el).length === 4);
      expect(laneLabels(el)[0]).to.equal('Safe and supported: nothing recorded');
      expect(emptyLaneLines(el)).to.deep.equal(['Safe and supported: nothing recorded.']);

      // The host's user-role wins over the client's answer.
      el.userRole = 'parent';
      await settle(el);
      expect(laneLabels(el)).to.deep.equal(['Healthy', 'Achieving', 'Relationships']);
    });

    it('clears the last learner’s pathway as soon as another learner is asked for, and when that load fails', async () => {
      const client = createClient({
        baseUrl: 'https://hub.example.org',
        retries: 0,
        fetch: hubFetch((path) =>
          path === '/v1/learners/lrn-0001/pathway'
            ? { status: 200, body: year6() }
            : {
                status: 404,
                body: { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found', requestId: 'req-2' },
              },
        ),
      });
      const el = await fixture<C2cPathwayTimeline>(
        html`<c2c-pathway-timeline learner-id="lrn-0001" today=${TODAY} .client=${client}></c2c-pathway-timeline>`,
      );
      await waitFor(() => $(el, 'h2')?.textContent === 'Ava’s pathway');
      el.learnerId = 'lrn-0002';
      await el.updateComplete;
      expect(el.shadowRoot!.textContent, 'while the next learner loads').to.not.contain('Ava');
      expect($(el, '[role="status"]')!.textContent).to.contain('Loading the pathway');
      await waitFor(() => Boolean($(el, '[part="error"]')));
      expect(el.shadowRoot!.textContent, 'after the next learner failed to load').to.not.contain('Ava');
      expect(el.shadowRoot!.querySelectorAll('[data-key]').length).to.equal(0);
    });

    it('adds no heading of its own while it has no pathway to name, so the host’s heading is not repeated', async () => {
      let answer = () => {};
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const refuse = hubFetch(() => ({
        status: 403,
        body: { type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', requestId: 'req-1' },
      }));
      const client = createClient({
        baseUrl: 'https://hub.example.org',
        retries: 0,
        // The hub answers once the loading state has been looked at.
        fetch: async (input, init) => {
          await answered;
          return refuse(input, init);
        },
      });
      const page = await fixture<HTMLElement>(
        html`<section>
          <h1>Pathway</h1>
          <c2c-pathway-timeline learner-id="lrn-0001" today=${TODAY} .client=${client}></c2c-pathway-timeline>
        </section>`,
      );
      const el = page.querySelector('c2c-pathway-timeline')!;
      await el.updateComplete;
      try {
        expect($(el, '[role="status"]')!.textContent, 'while loading').to.contain('Loading the pathway');
        expect($(el, 'h2')?.textContent, 'a heading while loading').to.equal(undefined);
      } finally {
        answer();
      }
      await waitFor(() => Boolean($(el, '[part="error"]')));
      expect($(el, 'h2')?.textContent, 'a heading after the load failed').to.equal(undefined);
      expect($(el, '[part="error"]')!.textContent).to.contain('You do not have access');
      await expect(page).to.be.accessible();

      // A host that gives its own heading still has it shown in every state.
      const titled = await fixture<C2cPathwayTimeline>(
        html`<c2c-pathway-timeline learner-id="lrn-0001" today=${TODAY} .client=${client}
          ><h2 slot="heading">Ava’s journey</h2></c2c-pathway-timeline
        >`,
      );
      await waitFor(() => Boolean($(titled, '[part="error"]')));
      const slot = $<HTMLSlotElement>(titled, 'slot[name="heading"]')!;
      expect(slot.assignedElements().map((h) => h.textContent)).to.deep.equal(['Ava’s journey']);
    });

    for (const lang of ['en', 'cy'])
      it(`says the hub's answer could not be read, not that access is wrong, for a malformed pathway (${lang})`, async () => {
        const client = createClient({
          baseUrl: 'https://hub.example.org',
          retries: 0,
          fetch: hubFetch(() => ({
            status: 200,
            body: { learnerId: 'lrn-0001', dateOfBirth: Y6_DOB, events: 'none' },
          })),
        });
        const page = await fixture<HTMLElement>(
          html`<main lang=${lang}>
            <c2c-pathway-timeline learner-id="lrn-0001" today=${TODAY} .client=${client}></c2c-pathway-timeline>
          </main>`,
        );
        const el = page.querySelector('c2c-pathway-timeline')!;
        await waitFor(() => Boolean($(el, '[part="error"]')));
        await expect(page).to.be.accessible();
        const text = $(el, '[part="error"]')!.textContent!;
        expect(text).to.contain('(invalid_response)');
        expect(text).to.contain(
          lang === 'cy' ? 'mewn ffurf na all y dudalen hon ei darllen' : 'in a form this page cannot read',
        );
        expect(text).to.not.contain(lang === 'cy' ? 'wirio’ch mynediad' : 'check your access');
        expect($(el, '.track')).to.not.exist;
      });

    it('explains a failed load with its code, and tries again', async () => {
      let fail = true;
      // Each answer (the pathway, and who is signed in) waits while the gate is shut, so the loading state can be
      // looked at. Letting them go opens the gate until the next try shuts it: a request that reaches fetch a few
      // microtasks after the release still goes through.
      const waiting: Array<() => void> = [];
      let open = false;
      const release = () => {
        open = true;
        waiting.splice(0).forEach((go) => go());
      };
      const notFound = hubFetch(() =>
        fail
          ? {
              status: 404,
              body: {
                type: 'about:blank',
                title: 'Not found',
                status: 404,
                code: 'not_found',
                detail: 'No such learner.',
                requestId: 'req-1',
              },
            }
          : { status: 200, body: year6() },
      );
      const client = createClient({
        baseUrl: 'https://hub.example.org',
        retries: 0,
        fetch: async (input, init) => {
          if (!open) await new Promise<void>((resolve) => waiting.push(resolve));
          return notFound(input, init);
        },
      });
      const el = await fixture<C2cPathwayTimeline>(
        html`<c2c-pathway-timeline learner-id="lrn-0001" today=${TODAY} .client=${client}></c2c-pathway-timeline>`,
      );
      release();
      await waitFor(() => Boolean($(el, '[part="error"]')));
      await expect(el).to.be.accessible();
      expect($(el, '[part="error"]')!.textContent).to.contain('No pathway was found for this learner');
      expect($(el, '[part="error"]')!.textContent).to.contain('(not_found)');
      const live = $(el, '[aria-live="polite"]')!;
      const retry = async () => {
        open = false;
        $(el, '[part="error"] button')!.focus();
        await sendKeys({ press: 'Enter' });
        await waitFor(() => deepActive()?.getAttribute('part') === 'header');
      };

      // Fails again: focus goes from the loading line on to the new Try again.
      await retry();
      expect(deepActive()!.textContent!.trim(), 'what focus lands on while it loads').to.equal('Loading the pathway…');
      expect(live.textContent!.trim()).to.equal('Loading the pathway…');
      release();
      await waitFor(() => Boolean($(el, '[part="error"]')));
      await el.updateComplete;
      expect(deepActive()?.textContent, 'focus on the new Try again').to.equal('Try again');

      fail = false;
      await retry();
      expect(deepActive()!.textContent!.trim(), 'what focus lands on while it loads').to.equal('Loading the pathway…');
      release();
      await waitFor(() => $(el, 'h2')?.textContent === 'Ava’s pathway');
      expect($(el, '[part="error"]')).to.not.exist;
      // Focus stays on the header, which now names the child; the live region says the load has finished.
      expect(deepActive()?.getAttribute('part'), deepActive()?.localName).to.equal('header');
      expect(deepActive()!.querySelector('h2')!.textContent).to.equal('Ava’s pathway');
      expect(live.textContent!.trim()).to.equal('The pathway has loaded.');
    });
  });
});

/** The focused element, looking into shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

// Generous, like every wait here: CI shares two cores between Chromium, two test pages and esbuild.
async function waitFor(check: () => boolean, timeout = 15000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error('Timed out waiting for the timeline');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('<c2c-pathway-timeline> at 400% zoom (320 by 256 CSS pixels) and with reduced motion', () => {
  afterEach(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    await setViewport({ width: 800, height: 600 });
  });

  /** The chart's axis labels (text shown) that the track, which clips, cuts off. */
  function cutOff(el: C2cPathwayTimeline): string[] {
    const track = $(el, '.track')!.getBoundingClientRect();
    return $$(el, '.track text.axis-text')
      .filter((t) => t.textContent!.trim())
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return (
          r.left < track.left - 1 || r.right > track.right + 1 || r.top < track.top - 1 || r.bottom > track.bottom + 1
        );
      })
      .map((t) => t.textContent!.trim());
  }

  it('draws every axis label inside the chart, the last age included, down a phone and across a wide page', async () => {
    await setViewport({ width: 320, height: 256 });
    const narrow = await timeline(year6(), { width: 300 });
    expect($(narrow, '.track')!.dataset.layout).to.equal('vertical');
    // The whole pathway is shown: its last tick, age 25, is at the chart's end, and its label was drawn past it.
    expect($$(narrow, '.track text.axis-text').map((t) => t.textContent!.trim())).to.include('25');
    expect(cutOff(narrow), 'down a phone').to.deep.equal([]);
    await setViewport({ width: 1280, height: 600 });
    const wide = await timeline(year6(), { width: 1200 });
    expect($(wide, '.track')!.dataset.layout).to.equal('horizontal');
    expect($$(wide, '.track text.axis-text').map((t) => t.textContent!.trim())).to.include('25');
    expect(cutOff(wide), 'across a wide page').to.deep.equal([]);
  });

  it('runs no animation when motion is reduced, zooming and panning included', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    await setViewport({ width: 320, height: 256 });
    const el = await timeline(year6(), { width: 300 });
    for (const action of ['zoom-in', 'later', 'earlier', 'zoom-out', 'today']) {
      $<HTMLButtonElement>(el, `[data-action="${action}"]`)!.click();
      await settle(el);
    }
    const moving = el
      .shadowRoot!.getAnimations()
      .filter((a) => Number(a.effect?.getComputedTiming().duration ?? 0) > 1)
      .map((a) => (a as CSSAnimation).animationName ?? a.constructor.name);
    expect(moving).to.deep.equal([]);
  });
});

describe('<c2c-pathway-timeline> in forced colours (Windows High Contrast)', () => {
  // Real forced colours, emulated by the runner: the browser forces its system colours, as on a Windows machine,
  // so these check what is painted rather than the element's rules put in force by hand.
  beforeEach(() => emulateForcedColours(true));
  afterEach(() => emulateForcedColours(false));

  /** What the page's system colours compute to, by name, in the order asked. */
  function systemColours<const N extends readonly string[]>(...names: N): { [K in keyof N]: string } {
    const probe = document.createElement('div');
    document.body.append(probe);
    const colours = names.map((name) => {
      probe.style.color = name;
      return getComputedStyle(probe).color;
    });
    probe.remove();
    return colours as { [K in keyof N]: string };
  }

  it('is in forced colours inside the test', () => {
    expect(matchMedia('(forced-colors: active)').matches).to.be.true;
  });

  it('edges its buttons and its details dialog, and rings whatever has keyboard focus', async () => {
    const el = await timeline(year6());
    const [canvas] = systemColours('Canvas');
    const edged = (e: Element) => {
      const s = getComputedStyle(e);
      return (['top', 'right', 'bottom', 'left'] as const).every(
        (side) =>
          s.getPropertyValue(`border-${side}-style`) === 'solid' &&
          parseFloat(s.getPropertyValue(`border-${side}-width`)) >= 1 &&
          s.getPropertyValue(`border-${side}-color`) !== canvas,
      );
    };
    const unedged = $$(el, '.zoom button, .track')
      .filter((b) => !edged(b))
      .map((b) => b.dataset.action ?? b.className);
    expect(unedged, 'edged').to.deep.equal([]);
    // The yellow fill of the focus style is forced away: only the outline is left to show focus.
    const details = $$<HTMLDetailsElement>(el, '[part="list"] details')[0]!;
    details.open = true;
    await settle(el);
    const unringed: string[] = [];
    for (const sel of [
      '[data-action="zoom-in"]',
      'input[name="strand"]',
      '.track',
      '[part="list"] summary',
      '.entry',
    ]) {
      const e = $(el, sel)!;
      e.focus();
      const s = getComputedStyle(e);
      if (!e.matches(':focus-visible') || s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2)
        unringed.push(`${sel} ${s.outlineStyle} ${s.outlineWidth}`);
    }
    expect(unringed, 'focus outlines').to.deep.equal([]);
    $(el, '.entry')!.click();
    await settle(el);
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect(edged(dialog), 'dialog edged').to.be.true;
    dialog.close();
  });

  it('rings a focused marker on the chart in Highlight, which the chart keeps', async () => {
    const el = await timeline(year6());
    const [highlight] = systemColours('Highlight');
    const item = $$<SVGGElement>(el, '.track .item')[0]!;
    item.focus();
    const hit = getComputedStyle(item.querySelector('.hit')!);
    expect([hit.stroke, parseFloat(hit.strokeWidth) >= 2]).to.deep.equal([highlight, true]);
  });

  it('shows the focus of a support episode seen only as its bar in Highlight, on the bar', async () => {
    const el = await timeline(
      year6([ev('long', '2024-02-01', { kind: 'support', strand: 'healthy', title: 'Play therapy' })]),
      { from: '2026-10-01', to: '2026-12-31' },
    );
    const [highlight] = systemColours('Highlight');
    const bar = $(el, '.track [data-key="e:long"] .span-bar')!;
    const before = getComputedStyle(bar).fill;
    $<SVGGElement>(el, '.track [data-key="e:long"]')!.focus();
    const s = getComputedStyle(bar);
    expect([before === highlight, s.fill, s.stroke]).to.deep.equal([false, highlight, highlight]);
  });

  it('draws the chart’s markers, bars and lines in system colours that stand out from its background', async () => {
    const el = await timeline(
      year6([
        ...defaultEvents(),
        ev('h1', '2020-06-01', { kind: 'handover', title: 'Handover', strand: 'safe' }),
        ev('n1', '2025-05-01', { kind: 'note', title: 'A note', strand: 'healthy' }),
      ]),
    );
    // In forced colours only system colours are painted as given: the browser paints an author's colour on SVG
    // shapes as the background, so the chart was an empty box.
    const [canvas, ...fg] = systemColours('Canvas', 'CanvasText', 'Highlight', 'GrayText');
    const foreground = new Set(fg);
    expect(foreground.has(canvas)).to.be.false;

    expect([...new Set($$(el, '.track .band').map((b) => getComputedStyle(b).fill))]).to.deep.equal([canvas]);
    // What a person sees of a shape: its fill, or its outline when it is hollow.
    const seen = (e: Element) => {
      const s = getComputedStyle(e);
      const opaque = Number(s.opacity) === 1;
      return opaque && (foreground.has(s.fill) || (foreground.has(s.stroke) && parseFloat(s.strokeWidth) >= 1.5));
    };
    const shapes = [
      ...$$(el, '.track .item .mark'),
      ...$$(el, '.track .span-bar'),
      ...$$(el, '.track .today, .track .transition-line'),
    ];
    expect(shapes.length).to.be.greaterThan(15);
    const unseen = shapes
      .filter((s) => !seen(s))
      .map((s) => `${s.closest('[data-key]')?.getAttribute('data-key') ?? ''} ${s.getAttribute('class')}`);
    expect(unseen).to.deep.equal([]);
    // The browser leaves these colours as they are.
    expect(getComputedStyle($(el, '.track svg')!).forcedColorAdjust).to.equal('none');
    // The glyphs on markers ("!", "✓", a cluster's count) are drawn in the background colour, over the marker; the
    // dash in the hollow marker of a milestone long past, in the text colour.
    const [canvasText] = fg;
    const glyphs = $$(el, '.track .flag-text, .track .cluster-text');
    expect(glyphs.some((g) => g.closest('.st-past'))).to.be.true;
    for (const glyph of glyphs) {
      const mark = glyph.parentElement!.querySelector('path.mark, circle.mark, rect.mark[rx]')!;
      const hollow = getComputedStyle(mark).fill === canvas;
      expect(getComputedStyle(glyph).fill).to.equal(hollow ? canvasText : canvas);
    }
  });

  it('draws the Today label over the markers, with a halo, and lets a click through to a marker under it', async () => {
    const el = await timeline(
      year6([
        ...defaultEvents(),
        ev('e7', TODAY, { kind: 'note', title: 'Met the new tutor', strand: 'relationships' }),
      ]),
    );
    const [label, ...others] = $$(el, '.track text.today-text');
    expect(label, 'one Today label').to.exist;
    expect(others).to.have.length(0);
    const items = $$(el, '.track .item');
    expect(items.length).to.be.above(0);
    for (const item of items)
      expect(
        item.compareDocumentPosition(label!) & Node.DOCUMENT_POSITION_FOLLOWING,
        'drawn after every marker',
      ).to.not.equal(0);
    const s = getComputedStyle(label!);
    expect(s.pointerEvents).to.equal('none');
    expect(s.stroke, 'a halo').to.not.equal('none');
    const [canvas] = systemColours('Canvas');
    expect(getComputedStyle(label!).stroke).to.equal(canvas);
  });

  it('keeps lane labels in CanvasText with a Canvas halo, clear of the markers', async () => {
    const el = await timeline(atStart());
    const [text, canvas] = systemColours('CanvasText', 'Canvas');
    const labels = $$(el, '.track text.lane-label');
    expect(labels).to.have.length(4);
    for (const label of labels) {
      const s = getComputedStyle(label);
      expect([s.fill, s.stroke, s.opacity]).to.deep.equal([text, canvas, '1']);
    }
    expect(covered(el)).to.deep.equal([]);
    // The vertical layout names its lanes above the chart in HTML, which the browser colours itself.
    const narrow = await timeline(atStart(), { width: 320 });
    const heads = $$(narrow, '[part="lane-heads"] .lane-head[data-strand]');
    expect(heads).to.have.length(4);
    for (const head of heads) expect(getComputedStyle(head).forcedColorAdjust).to.not.equal('none');
  });
});

type StoryArgs = Record<string, unknown>;
type Decorator = (story: () => unknown, context: unknown) => unknown;
type StoryDef = {
  args?: StoryArgs;
  render?: (args: StoryArgs) => unknown;
  decorators?: Decorator[];
  globals?: { locale?: string };
};

/** Every documented example is also checked by axe, as GOV.UK Frontend checks every example. */
describe('pathway timeline stories', () => {
  const meta = stories.default as unknown as StoryDef;
  for (const [name, story] of Object.entries(stories) as Array<[string, StoryDef]>) {
    if (name === 'default') continue;
    it(`${name} renders accessibly`, async () => {
      const args = { ...meta.args, ...story.args };
      let draw = () => (story.render ?? meta.render)!(args);
      for (const decorate of [...(story.decorators ?? []), ...(meta.decorators ?? [])]) {
        const inner = draw;
        draw = () => decorate(inner, { args });
      }
      const wrapper = await fixture<HTMLDivElement>(html`<div lang=${story.globals?.locale ?? 'en'}>${draw()}</div>`);
      const el = wrapper.querySelector('c2c-pathway-timeline')!;
      // Hub stories settle into loading or an error; the others into a drawn pathway.
      await waitFor(() => Boolean($(el, '.track, [part="error"], p.status')));
      await settle(el);
      await expect(wrapper).to.be.accessible();
      if (name === 'LoadError' || name === 'MalformedFromHub') expect($(el, '[part="error"] button')).to.exist;
      if (name === 'MalformedFromHub')
        expect($(el, '[part="error"]')!.textContent).to.contain('in a form this page cannot read');
      if (name === 'Welsh') expect($(el, 'h2')!.textContent).to.match(/^Llwybr /);
      if (name === 'AdultOver25' || name.startsWith('YoungAdult')) {
        // Grown up: nothing of their childhood is overdue or flagged.
        expect($(el, '[part="alerts"]'), 'no transitions needing attention').to.equal(null);
        expect($$(el, '.track .item.milestone.st-overdue')).to.have.length(0);
      }
      if (name.startsWith('YoungAdult')) expect($(el, 'li[data-phase="over-25"]'), 'not 25 yet').to.equal(null);
      if (name === 'AdultOver25') expect($(el, 'li[data-phase="over-25"] h4')!.textContent).to.equal('Over 25');
      if (name === 'WelshOverEnglishRecords') {
        expect($(el, 'h2')!.textContent).to.match(/^Llwybr /);
        expect($$(el, '[part="list"] .title[lang="en"]').length, 'recorded titles marked English').to.be.greaterThan(0);
      }
    });
  }
});

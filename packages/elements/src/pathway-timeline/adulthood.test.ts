// Browser tests for learners who are now adults: milestones and transitions of a childhood long past are history, not
// alarms; the time after the 25th birthday is a phase of its own; and pathways of every age read right at a phone's,
// a tablet's and a desktop's width, in English and Welsh. Every learner here is invented.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Pathway, PathwayEvent } from '@c2c/schema';
import { syntheticEvents } from '@c2c/schema/synthetic';
import { buildModel, OVER_25 } from './model.js';
import './define.js';
import type { C2cPathwayTimeline } from './pathway-timeline.js';

const TODAY = '2027-03-01';
/** Aged 30 on TODAY: born 3 October 1996, 25 on 3 October 2021. */
const ADULT_DOB = '1996-10-03';
/** In Year 6 on TODAY: born 3 October 2015; the multiplication tables check was in June 2025 (Year 4). */
const Y6_DOB = '2015-10-03';

const ev = (id: string, date: string, extra: Partial<PathwayEvent> = {}): PathwayEvent => ({
  id,
  learnerId: 'lrn-0950',
  kind: 'note',
  strand: 'achieving',
  date,
  title: `Event ${id}`,
  source: { name: 'Brookfield College' },
  ...extra,
});
const pathway = (dateOfBirth: string, events: PathwayEvent[] = []): Pathway => ({
  learnerId: 'lrn-0950',
  dateOfBirth,
  displayName: 'Robin',
  events,
});

async function timeline(p: Pathway, lang = 'en', width = 1200): Promise<C2cPathwayTimeline> {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  wrapper.style.width = `${width}px`;
  const el = document.createElement('c2c-pathway-timeline');
  el.today = TODAY;
  el.pathway = p;
  wrapper.append(el);
  await settle(el);
  return el;
}
async function settle(el: C2cPathwayTimeline): Promise<void> {
  await el.updateComplete;
  for (let i = 0; i < 3; i++) await new Promise((r) => (requestAnimationFrame(r), setTimeout(r, 120)));
  await el.updateComplete;
}
const $$ = <T extends Element = HTMLElement>(el: C2cPathwayTimeline, sel: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
const $ = <T extends Element = HTMLElement>(el: C2cPathwayTimeline, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel);

describe('pathway timeline: milestones long past', () => {
  it('reads a 30-year-old’s unrecorded milestones as past', () => {
    const m = buildModel(pathway(ADULT_DOB), TODAY);
    expect(m.milestones.length).to.be.greaterThan(0);
    expect(m.milestones.map((x) => `${x.id}:${x.state}`)).to.deep.equal(m.milestones.map((x) => `${x.id}:past`));
  });

  it('keeps a child’s recent gaps overdue: until a year on, or the end of the phase if later', () => {
    const m = buildModel(pathway(Y6_DOB), TODAY);
    const state = (id: string) => m.milestones.find((x) => x.id === id)?.state;
    expect(state('multiplication-tables-check'), 'Year 4, still in key stage 2').to.equal('overdue');
    expect(state('phonics-check'), 'Year 1, key stage 1 ended in 2023').to.equal('past');
    expect(state('ks2-tests')).to.equal('upcoming');
    expect(state('phonics-retake'), 'a retake not needed is not shown').to.equal(undefined);
  });

  for (const lang of ['en', 'cy'] as const) {
    it(`draws an adult’s milestones calmly, in words as well as shapes (${lang})`, async () => {
      const el = await timeline(pathway(ADULT_DOB), lang);
      await expect(el).to.be.accessible();
      const milestones = $$(el, '.track .item.milestone');
      expect(milestones.length).to.equal(8);
      const past = lang === 'en' ? 'Past: not recorded' : 'Wedi mynd heibio: heb ei gofnodi';
      for (const item of milestones) {
        expect(item.getAttribute('class')).to.contain('st-past');
        expect(item.querySelector('text')!.textContent, 'a dash, not “!”').to.equal('–');
        expect(item.getAttribute('aria-label')).to.contain(past);
      }
      // The list says the same as the chart.
      const list = $<HTMLDetailsElement>(el, 'li[data-phase="early-years"] details')!;
      list.open = true;
      await settle(el);
      expect(list.querySelector('[data-key="m:reception-baseline"]')!.textContent).to.contain(past);
      await expect(el).to.be.accessible();
    });
  }

  it('opens a past milestone’s details with its state in words', async () => {
    const el = await timeline(pathway(ADULT_DOB));
    const item = $<SVGGElement>(el, '.track [data-key="m:gcse"]')!;
    (item as unknown as HTMLElement).focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect(dialog.textContent).to.contain('Past: not recorded');
    await expect(el).to.be.accessible();
    dialog.close();
  });
});

describe('pathway timeline: transitions long past', () => {
  it('flags none of a 30-year-old’s childhood moves', () => {
    const m = buildModel(pathway(ADULT_DOB), TODAY);
    expect(m.transitions.map((t) => `${t.transition}:${t.flag}:${t.fragile}`)).to.deep.equal([
      'ey-to-reception:past:false',
      'infant-to-junior:past:false',
      'y6-to-y7:past:false',
      'y11-to-post16:past:false',
    ]);
  });

  it('flags a move until the child leaves the phase it took them into', () => {
    const flag = (today: string, events: PathwayEvent[] = []) =>
      buildModel(pathway(Y6_DOB, events), today).transitions.map((t) => t.flag);
    // ey-to-reception, infant-to-junior, y6-to-y7, y11-to-post16
    expect(flag(TODAY)).to.deep.equal(['past', 'missing', 'missing', 'future']);
    expect(flag('2021-08-31')[0], 'the last day of reception').to.equal('missing');
    expect(flag('2021-09-01')[0], 'in Year 1').to.equal('past');
    // A handover that was sent stays unacknowledged while it matters, and is history after; acknowledged stays ok.
    const sent = ev('h1', '2022-07-01', {
      kind: 'handover',
      transition: 'infant-to-junior',
      handoverStatus: 'submitted',
    });
    expect(flag(TODAY, [sent])[1]).to.equal('unacknowledged');
    expect(flag('2027-09-01', [sent])[1], 'in Year 7').to.equal('past');
    expect(flag('2040-01-01', [{ ...sent, handoverStatus: 'acknowledged' }])[1]).to.equal('ok');
  });

  for (const lang of ['en', 'cy'] as const) {
    it(`draws an adult’s transitions calmly, with no summary of moves needing attention (${lang})`, async () => {
      const el = await timeline(pathway(ADULT_DOB), lang);
      expect($(el, '[part="alerts"]'), 'no transitions “need attention”').to.equal(null);
      const moved = lang === 'en' ? 'Past: no acknowledged handover recorded' : 'Wedi mynd heibio: dim trosglwyddiad';
      const items = $$(el, '.track .item.transition');
      expect(items.length).to.equal(4);
      for (const item of items) {
        expect(item.querySelector('text')!.textContent, 'a dash, not “!”').to.equal('–');
        expect(item.getAttribute('aria-label')).to.contain(moved);
      }
      const list = $<HTMLDetailsElement>(el, 'li[data-phase="early-years"] details')!;
      list.open = true;
      await settle(el);
      // In the list, in grey and plain type rather than the flag's colour and weight.
      const flag = list.querySelector<HTMLElement>('[data-key="t:ey-to-reception"] .flag')!;
      expect(flag.textContent).to.contain(moved);
      expect(getComputedStyle(flag).fontWeight).to.equal('400');
      await expect(el).to.be.accessible();
    });
  }
});

describe('pathway timeline: after the 25th birthday', () => {
  const events = [
    ev('a1', '2019-09-10', { kind: 'support', title: 'EHC plan', strand: 'achieving', endDate: '2021-07-20' }),
    ev('a2', '2024-05-02', { title: 'Supported internship review', strand: 'achieving' }),
  ];

  it('gives the time after 25 a phase of its own, from the day after the birthday to the chart’s end', () => {
    const m = buildModel(pathway(ADULT_DOB, events), TODAY);
    const last = m.phases[m.phases.length - 1]!;
    expect(last).to.include({ phase: OVER_25, start: '2021-10-04' });
    expect(last.toDay).to.equal(m.bounds.to);
    expect(m.phases[m.phases.length - 2]).to.include({ phase: 'adult', end: '2021-10-03' });
    expect(m.entries.find((e) => e.event.id === 'a2')!.phase).to.equal(OVER_25);
    // A 19-year-old's chart ends at 25: no time after it to give a phase.
    expect(buildModel(pathway('2007-06-21'), TODAY).phases.map((p) => p.phase)).not.to.include(OVER_25);
  });

  for (const [lang, young, over, from] of [
    ['en', 'Young adult', 'Over 25', 'From 4 October 2021'],
    ['cy', 'Oedolyn ifanc', 'Dros 25 oed', 'O 4 Hydref 2021 ymlaen'],
  ] as const) {
    it(`lists what happened after 25 under it, not under a range that ends at 25 (${lang})`, async () => {
      const el = await timeline(pathway(ADULT_DOB, events), lang);
      const group = $(el, `li[data-phase="${OVER_25}"]`)!;
      expect(group.querySelector('h4')!.textContent).to.equal(over);
      expect(group.querySelector('.phase-meta')!.textContent).to.contain(from);
      expect(group.querySelector('details')!.open, 'today is in it, so it is open').to.be.true;
      expect(group.querySelector('[data-key="e:a2"]'), 'the review at 27').to.exist;
      const adult = $(el, 'li[data-phase="adult"]')!;
      expect(adult.querySelector('h4')!.textContent).to.equal(young);
      expect(adult.querySelector('[data-key="e:a2"]')).to.equal(null);
      // The chart names both bands.
      const bands = $$(el, '.track svg text.strong').map((t) => t.textContent);
      expect(bands).to.include.members([
        lang === 'en' ? 'Young adult' : 'Oedolyn ifanc',
        lang === 'en' ? 'Over 25' : 'Dros 25',
      ]);
      expect($$(el, '.track rect.band').length, 'a band for each of the nine').to.equal(9);
    });
  }
  it('reaches what happened after 25 from the keyboard, as anything else on the chart', async () => {
    const el = await timeline(pathway(ADULT_DOB, events));
    $(el, '.track')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('data-key'), 'Tab moves to the first item').to.match(/^[mte]:/);
    await sendKeys({ press: 'End' });
    await settle(el);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-key'), 'End goes to the last').to.equal('e:a2');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const dialog = $<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect(dialog.querySelector('h2')!.textContent).to.equal('Supported internship review');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-key'), 'focus goes back to it').to.equal('e:a2');
  });
});

describe('pathway timeline: every age at every width', () => {
  /** Date of birth by age on TODAY (1 March 2027). */
  const ages: Array<[string, string]> = [
    ['before birth', '2027-06-01'],
    ['newborn', '2027-02-10'],
    ['4', '2022-10-03'],
    ['11', '2015-10-03'],
    ['16', '2010-10-03'],
    ['19', '2007-10-03'],
    ['24', '2002-10-03'],
    ['30', '1996-10-03'],
  ];
  for (const width of [240, 768, 1280]) {
    it(`reads right at ${width}px in English and Welsh, labels inside the chart`, async () => {
      for (const [i, [age, dob]] of ages.entries()) {
        const lang = i % 2 ? 'cy' : 'en';
        const events =
          age === 'before birth'
            ? []
            : syntheticEvents({ id: 'lrn-0951', dateOfBirth: dob, organisationId: 'org-1' }, 30, 3, TODAY);
        const el = await timeline(pathway(dob, events), lang, width);
        const why = `${age} at ${width}px (${lang})`;
        expect(el.layout, why).to.equal(width < 640 ? 'vertical' : 'horizontal');
        expect(el.scrollWidth, `${why}: nothing wider than the container`).to.be.at.most(width);
        const track = $(el, '.track')!.getBoundingClientRect();
        for (const t of $$(el, '.track svg text.axis-text')) {
          if (!t.textContent) continue;
          const r = t.getBoundingClientRect();
          expect(r.left >= track.left - 1 && r.right <= track.right + 1, `${why}: “${t.textContent}” across`).to.be
            .true;
          expect(r.top >= track.top - 1 && r.bottom <= track.bottom + 1, `${why}: “${t.textContent}” down`).to.be.true;
        }
        // The keyboard's way in: the chart, then one item of it.
        expect($$(el, '.track [tabindex="0"]').length, `${why}: one tab stop among the items`).to.equal(1);
        await expect(el, why).to.be.accessible();
        el.parentElement!.remove();
      }
    });
  }
});

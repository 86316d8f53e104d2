// Browser tests for learners who are now adults: milestones and transitions of a childhood long past are history, not
// alarms. Every learner here is invented.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Pathway, PathwayEvent } from '@c2c/schema';
import { buildModel } from './model.js';
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

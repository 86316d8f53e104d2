import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { Pathway, PathwayEvent } from '@c2c/schema';
import { syntheticEvents } from '@c2c/schema/synthetic';
import '../packages/elements/src/pathway-timeline/define.js';
import type { PathwayClient } from '../packages/elements/src/pathway-timeline/pathway-timeline.js';

/** Every story is drawn as on this day, so screenshots and axe checks do not drift. */
const TODAY = '2027-03-01';

const learner = (id: string, dateOfBirth: string) => ({ id, dateOfBirth, organisationId: 'pri-millbrook' });
const event = (id: string, date: string, fields: Partial<PathwayEvent>): PathwayEvent => ({
  id,
  learnerId: 'lrn-0101',
  kind: 'note',
  strand: 'achieving',
  date,
  title: 'Note',
  source: { name: 'Millbrook Primary School', organisationId: 'pri-millbrook' },
  ...fields,
});

/** Aged 3, at nursery: the progress check at two is done, reception is on the horizon. */
const youngChild: Pathway = {
  learnerId: 'lrn-0100',
  dateOfBirth: '2023-11-12',
  displayName: 'Noah',
  events: [
    ...syntheticEvents(learner('lrn-0100', '2023-11-12'), 8, 3, TODAY),
    event('n-1', '2026-01-20', {
      learnerId: 'lrn-0100',
      kind: 'support',
      strand: 'healthy',
      title: 'Speech and language therapy',
      serviceName: 'Brookfield SALT',
    }),
  ],
};

/** In Year 6: the Year 7 handover has been sent to the secondary school, not yet acknowledged. */
const year6: Pathway = {
  learnerId: 'lrn-0101',
  dateOfBirth: '2015-10-03',
  displayName: 'Ava',
  events: [
    ...syntheticEvents(learner('lrn-0101', '2015-10-03'), 30, 4, TODAY),
    event('a-1', '2020-07-10', {
      kind: 'handover',
      strand: 'safe',
      title: 'Nursery to reception handover',
      transition: 'ey-to-reception',
      handoverStatus: 'acknowledged',
      handoverId: 'hnd-0100',
    }),
    event('a-2', '2027-02-14', {
      kind: 'handover',
      strand: 'safe',
      title: 'Year 6 to Year 7 handover to Brookfield Academy',
      transition: 'y6-to-y7',
      handoverStatus: 'submitted',
      handoverId: 'hnd-0101',
      detail: 'Sent with the one-page profile. Brookfield Academy has not yet acknowledged it.',
    }),
    event('a-3', '2026-09-15', {
      kind: 'support',
      strand: 'relationships',
      title: 'Transition nurture group',
      serviceName: 'Brookfield Youth Hub',
    }),
  ],
};

/** Aged 19, at college: the whole school journey behind them, with a gap where a handover should be. */
const nineteen: Pathway = {
  learnerId: 'lrn-0102',
  dateOfBirth: '2007-06-21',
  displayName: 'Jordan',
  events: [
    ...syntheticEvents(learner('lrn-0102', '2007-06-21'), 60, 9, TODAY),
    event('j-1', '2011-07-01', {
      learnerId: 'lrn-0102',
      kind: 'handover',
      strand: 'safe',
      title: 'Nursery to reception handover',
      transition: 'ey-to-reception',
      handoverStatus: 'acknowledged',
    }),
    event('j-2', '2018-06-20', {
      learnerId: 'lrn-0102',
      kind: 'handover',
      strand: 'safe',
      title: 'Year 6 to Year 7 handover',
      transition: 'y6-to-y7',
      handoverStatus: 'acknowledged',
    }),
    event('j-3', '2023-06-30', {
      learnerId: 'lrn-0102',
      kind: 'handover',
      strand: 'achieving',
      title: 'Year 11 to college handover',
      transition: 'y11-to-post16',
      handoverStatus: 'acknowledged',
    }),
  ],
};

/**
 * Aged 22, a young adult at college with an EHC plan that continues to 25: the plan runs on from Year 11, and the
 * milestones and moves of their childhood are history, not overdue.
 */
const youngAdultEhc: Pathway = {
  learnerId: 'lrn-0106',
  dateOfBirth: '2004-11-08',
  displayName: 'Kai',
  events: [
    event('k-1', '2008-12-02', {
      learnerId: 'lrn-0106',
      kind: 'assessment',
      strand: 'healthy',
      title: 'Progress check at two',
      milestoneId: 'progress-check-2',
      source: { name: 'Brookfield Health Visiting' },
    }),
    event('k-2', '2019-03-18', {
      learnerId: 'lrn-0106',
      kind: 'support',
      strand: 'achieving',
      title: 'EHC plan',
      detail: 'Plan kept under annual review; it continues while Kai is in education or training, up to 25.',
      serviceName: 'Brookfield SEND team',
      source: { name: 'Brookfield Council SEND team' },
    }),
    event('k-3', '2021-06-28', {
      learnerId: 'lrn-0106',
      kind: 'handover',
      strand: 'achieving',
      title: 'Year 11 to college handover',
      transition: 'y11-to-post16',
      handoverStatus: 'acknowledged',
      source: { name: 'Brookfield Academy' },
    }),
    event('k-4', '2023-09-04', {
      learnerId: 'lrn-0106',
      kind: 'note',
      strand: 'achieving',
      title: 'Started a supported internship',
      source: { name: 'Brookfield College' },
    }),
    event('k-5', '2026-11-16', {
      learnerId: 'lrn-0106',
      kind: 'assessment',
      strand: 'achieving',
      title: 'EHC plan annual review: preparing for adulthood',
      source: { name: 'Brookfield College' },
    }),
  ],
};

/**
 * Aged 30: the EHC plan ended at 25, and the record is kept to 31 (the retention period for a SEN file). The time after
 * 25 is a band and a list group of its own, and nothing of their childhood reads as overdue or needing attention.
 */
const adult: Pathway = {
  learnerId: 'lrn-0107',
  dateOfBirth: '1996-10-03',
  displayName: 'Morgan',
  events: [
    event('g-1', '2010-01-11', {
      learnerId: 'lrn-0107',
      kind: 'support',
      strand: 'achieving',
      title: 'EHC plan',
      endDate: '2021-10-03',
      serviceName: 'Brookfield SEND team',
      source: { name: 'Brookfield Council SEND team' },
    }),
    event('g-2', '2021-07-14', {
      learnerId: 'lrn-0107',
      kind: 'note',
      strand: 'achieving',
      title: 'EHC plan ceased: the young person has left education and training',
      source: { name: 'Brookfield Council SEND team' },
    }),
    event('g-3', '2023-02-20', {
      learnerId: 'lrn-0107',
      kind: 'note',
      strand: 'relationships',
      title: 'Subject access request answered',
      source: { name: 'Brookfield College' },
    }),
  ],
};

/** 2,000 events: dense points cluster on the track; the list pages through each phase. */
const dense: Pathway = {
  learnerId: 'lrn-0042',
  dateOfBirth: '2008-01-15',
  displayName: 'Sam',
  events: syntheticEvents(learner('lrn-0042', '2008-01-15'), 2000, 5, TODAY),
};

/**
 * In Year 6, with family support that ran from the age of 2 to Year 5 and speech and language therapy still going.
 */
const longSupport: Pathway = {
  learnerId: 'lrn-0104',
  dateOfBirth: '2015-10-03',
  displayName: 'Leo',
  events: [
    event('l-1', '2018-01-15', {
      learnerId: 'lrn-0104',
      kind: 'support',
      strand: 'relationships',
      title: 'Early help family support',
      endDate: '2026-07-17',
    }),
    event('l-2', '2020-11-02', {
      learnerId: 'lrn-0104',
      kind: 'support',
      strand: 'healthy',
      title: 'Speech and language therapy',
      serviceName: 'Brookfield SALT',
    }),
  ],
};

/** Not born yet: a family support worker's pre-birth assessment and a midwife's referral, months before the date. */
const preBirth: Pathway = {
  learnerId: 'lrn-0105',
  dateOfBirth: '2027-06-01',
  displayName: 'Baby Jones',
  events: [
    event('p-1', '2026-11-18', {
      learnerId: 'lrn-0105',
      kind: 'note',
      strand: 'healthy',
      title: 'Referral from the community midwife',
    }),
    event('p-2', '2027-01-10', {
      learnerId: 'lrn-0105',
      kind: 'support',
      strand: 'relationships',
      title: 'Pre-birth family support',
      serviceName: 'Brookfield Family Hub',
    }),
  ],
};

type Args = { pathway?: Pathway; handoverUrl: string; width: string };

const meta: Meta<Args> = {
  title: 'Components/Pathway timeline',
  render: ({ pathway, handoverUrl, width }) =>
    html`<div class=${`story-width-${width}`}>
      <c2c-pathway-timeline today=${TODAY} handover-url=${handoverUrl} .pathway=${pathway}></c2c-pathway-timeline>
    </div>`,
  args: { pathway: year6, handoverUrl: '/handovers/{id}', width: 'full' },
  argTypes: {
    pathway: { control: false },
    handoverUrl: { control: 'text' },
    width: { control: 'inline-radio', options: ['full', 'narrow', 'narrowest'] },
  },
  decorators: [
    // Widths come from a class, not a style attribute: stories follow the same CSP rules as the component.
    (story) =>
      html`<style>
          .story-width-narrow {
            width: 320px;
          }
          .story-width-narrowest {
            width: 240px;
          }
        </style>
        ${story()}`,
  ],
};
export default meta;
type Story = StoryObj<Args>;

/** Aged 3, at nursery. */
export const YoungChild: Story = { args: { pathway: youngChild } };

/**
 * A Year 6 pupil mid-transition: the Year 7 handover is sent and waiting to be acknowledged. Stories without a
 * `user-role` draw every strand they are given; see TeacherView and DslView for who is sent the safe strand.
 */
export const Year6MidTransition: Story = { args: { pathway: year6 } };

/** A 19-year-old at college. */
export const NineteenYearOld: Story = { args: { pathway: nineteen } };

/**
 * A young adult of 22 at college, with an EHC plan that continues to 25: "Young adult" on the chart, the plan running
 * on, and the gaps of their childhood (an EYFS profile never recorded) read as past, not overdue.
 */
export const YoungAdultWithEhcPlan: Story = { args: { pathway: youngAdultEhc } };

/** The same young adult in Welsh, at a phone's width. */
export const YoungAdultWithEhcPlanWelshNarrowest: Story = {
  args: { pathway: youngAdultEhc, width: 'narrowest' },
  globals: { locale: 'cy' },
};

/**
 * An adult of 30 whose EHC plan ended at 25: the chart goes on into "Over 25", and every milestone and move of their
 * childhood reads "Past", in grey, with no summary of transitions needing attention.
 */
export const AdultOver25: Story = { args: { pathway: adult } };

/** 2,000 events. */
export const DenseHistory: Story = { args: { pathway: dense } };

/** No events recorded yet: milestones and transitions still come from the date of birth. */
export const NoEvents: Story = {
  args: { pathway: { learnerId: 'lrn-0103', dateOfBirth: '2021-02-28', displayName: 'Mia', events: [] } },
};

/**
 * Support that runs for years: the chart draws each episode as one bar; the list gives it in the phase it started in
 * and again, "Started in an earlier phase", in each phase it ran on into, the one open now included.
 */
export const LongSupportEpisode: Story = { args: { pathway: longSupport } };

/**
 * A parent's view (`user-role="parent"`): the hub never sends a parent the safe strand, so it has no lane, filter or
 * list line. A strand a parent can be sent but with nothing recorded keeps its lane and says so.
 */
export const ParentView: Story = {
  render: ({ handoverUrl }) =>
    html`<c2c-pathway-timeline
      today=${TODAY}
      user-role="parent"
      handover-url=${handoverUrl}
      .pathway=${{ ...year6, events: year6.events.filter((e) => e.strand !== 'safe' && e.strand !== 'healthy') }}
    ></c2c-pathway-timeline>`,
};

/**
 * A teacher's view (`user-role="teacher"`): the hub sends the safe strand to the DSL only, so a teacher gets no lane,
 * filter or list line for it, and one line, the same for every child, saying who sees it.
 */
export const TeacherView: Story = {
  render: ({ handoverUrl }) =>
    html`<c2c-pathway-timeline
      today=${TODAY}
      user-role="teacher"
      handover-url=${handoverUrl}
      .pathway=${{ ...year6, events: year6.events.filter((e) => e.strand !== 'safe') }}
    ></c2c-pathway-timeline>`,
};

/** The DSL's view (`user-role="dsl"`) of the same pathway: the safe strand is there, as only the DSL is sent it. */
export const DslView: Story = {
  render: ({ handoverUrl }) =>
    html`<c2c-pathway-timeline
      today=${TODAY}
      user-role="dsl"
      handover-url=${handoverUrl}
      .pathway=${year6}
    ></c2c-pathway-timeline>`,
};

/** Welsh: the nearest `lang` is `cy`. */
export const Welsh: Story = { args: { pathway: year6 }, globals: { locale: 'cy' } };

/**
 * Welsh, over records written in English, said with `records-lang="en"`: recorded titles, services and who recorded
 * an event are marked as English in the list and the details, so a screen reader reads them as English.
 */
export const WelshOverEnglishRecords: Story = {
  render: ({ handoverUrl }) =>
    html`<c2c-pathway-timeline
      today=${TODAY}
      records-lang="en"
      handover-url=${handoverUrl}
      .pathway=${year6}
    ></c2c-pathway-timeline>`,
  globals: { locale: 'cy' },
};

/** A child not born yet: no age, today in view, the list open on the work before birth. */
export const PreBirth: Story = { args: { pathway: preBirth } };

/** A narrow container (320px, as a page at 400% zoom): time runs down the page, the lanes named above it. */
export const Narrow: Story = { args: { pathway: year6, width: 'narrow' } };

/**
 * The narrowest container the chart is laid out for (240px: a phone in a narrow column), in Welsh: a narrower axis
 * leaves the four lanes room, the last one and its name included.
 */
export const NarrowestWelsh: Story = { args: { pathway: year6, width: 'narrowest' }, globals: { locale: 'cy' } };

const never: PathwayClient = { pathways: { get: () => new Promise(() => {}) } };
const failing: PathwayClient = {
  pathways: { get: () => Promise.reject(Object.assign(new Error('Forbidden'), { code: 'forbidden' })) },
};

/** Hub mode while the pathway loads. */
export const Loading: Story = {
  render: () =>
    html`<c2c-pathway-timeline learner-id="lrn-0101" today=${TODAY} .client=${never}></c2c-pathway-timeline>`,
};

/** Hub mode when the hub refuses: the message carries the stable code and a retry. */
export const LoadError: Story = {
  render: () =>
    html`<c2c-pathway-timeline learner-id="lrn-0101" today=${TODAY} .client=${failing}></c2c-pathway-timeline>`,
};

/**
 * Hub mode when the hub's answer is not a pathway the SDK can validate (`invalid_response`): the message says the
 * data could not be read and to tell the hub administrator, not that the viewer's access is wrong.
 */
export const MalformedFromHub: Story = {
  render: () =>
    html`<c2c-pathway-timeline learner-id="lrn-0101" today=${TODAY} .client=${malformed}></c2c-pathway-timeline>`,
};
const malformed: PathwayClient = {
  pathways: {
    get: () =>
      Promise.reject(Object.assign(new Error('The hub sent an invalid pathway.'), { code: 'invalid_response' })),
  },
};

/** A trust's own strand colours, through CSS custom properties on an ancestor. */
export const Themed: Story = {
  args: { pathway: year6 },
  decorators: [
    (story) =>
      html`<style>
          .story-themed {
            --c2c-timeline-strand-safe: #003078;
            --c2c-timeline-strand-healthy: #005a30;
            --c2c-timeline-strand-achieving: #4c2c92;
            --c2c-timeline-strand-relationships: #942514;
            --c2c-timeline-phase-odd: #eef3f8;
          }
        </style>
        <div class="story-themed">${story()}</div>`,
  ],
};

/**
 * Messages of `<c2c-pathway-timeline>`, English with Welsh beside it. Hosts override any of them through
 * the element's `messages` property. Phase names follow England's key stages (the hub's phase model);
 * year groups in Welsh follow the names Welsh law keeps (meithrin, derbyn, blwyddyn 1 to 13).
 */
import type { Catalogue, Messages } from '../shared/localize.js';

export const en = {
  heading: 'Pathway',
  headingNamed: ({ name }: Record<string, string | number>) => `${name}’s pathway`,
  summary: ({ age, yearGroup }: Record<string, string | number>) => `Age ${age}, ${yearGroup}`,
  summaryAdult: ({ age }: Record<string, string | number>) => `Age ${age}`,
  bornOn: ({ date }: Record<string, string | number>) => `Born ${date}`,
  /** In place of `bornOn` when the date of birth is after today (pre-birth work, or a date mistyped): no age yet. */
  birthDate: ({ date }: Record<string, string | number>) => `Date of birth ${date}`,
  loading: 'Loading the pathway…',
  /** Said through the live region when a load has finished and the pathway is drawn. */
  loaded: 'The pathway has loaded.',
  loadError: ({ code }: Record<string, string | number>) =>
    `The pathway could not be loaded (${code}). Try again, or ask your hub administrator to check your access.`,
  'loadError.forbidden':
    'You do not have access to this learner’s pathway. If you should, ask your hub administrator to check your role (forbidden).',
  'loadError.not_found': 'No pathway was found for this learner. Check the learner is recorded on the hub (not_found).',
  'loadError.unauthenticated': 'Your sign-in has ended. Sign in again, then try again (unauthenticated).',
  'loadError.token_expired': 'Your sign-in has ended. Sign in again, then try again (token_expired).',
  'loadError.network_error':
    'The hub could not be reached. Check your internet connection, then try again (network_error).',
  'loadError.timeout': 'The hub took too long to answer. Try again in a moment (timeout).',
  /** The hub's answer did not match the pathway schema: trying again gets the same answer, and access is not the cause. */
  'loadError.invalid_response':
    'The hub sent this pathway in a form this page cannot read, so it cannot be shown. Tell your hub administrator (invalid_response).',
  invalidPathway: 'This pathway has no valid date of birth (it must be written as YYYY-MM-DD), so it cannot be drawn.',
  unreadablePathway: 'This pathway’s data could not be read, so it cannot be drawn. Tell your hub administrator.',
  noInput: 'No pathway to show yet: set a learner and an SDK client, or a pathway.',
  retry: 'Try again',
  empty: 'No events have been recorded yet. Statutory milestones and transitions are shown from the date of birth.',
  /** `reasons`: the `skippedWhy` reasons that applied, joined with semicolons. */
  skipped_one: ({ reasons }: Record<string, string | number>) => `1 event is not shown (${reasons}).`,
  skipped_other: ({ count, reasons }: Record<string, string | number>) => `${count} events are not shown (${reasons}).`,
  'skippedWhy.unreadable': 'a date or strand that could not be read',
  'skippedWhy.incomplete': 'a missing title, id or source',
  'skippedWhy.repeated': 'an entry that repeats another',
  strands: 'Strands',
  zoom: 'Zoom and move',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomAll: 'Whole pathway',
  zoomToday: 'Today',
  /** Said (and the button marked unavailable) when a zoom button is pressed at the limit. */
  zoomInLimit: 'Zoomed in as far as it goes: about one term.',
  zoomOutLimit: 'Zoomed out as far as it goes: the whole pathway.',
  earlier: 'Earlier',
  later: 'Later',
  /** Said (and the button marked unavailable) when Earlier or Later is pressed at the start or end. */
  earlierLimit: 'This is the start of the pathway: there is nothing earlier.',
  laterLimit: 'This is the end of the pathway: there is nothing later.',
  showing: ({ from, to }: Record<string, string | number>) => `Showing ${from} to ${to}`,
  trackLabel: 'Timeline chart. Arrow keys move through time, plus and minus zoom; Tab moves to the events.',
  trackHelp: 'Drag or use Shift and the mouse wheel to move; Ctrl and the wheel, or pinch, to zoom.',
  listHeading: 'Pathway as a list',
  phaseRange: ({ from, to }: Record<string, string | number>) => `${from} to ${to}`,
  /** The range of the time after the 25th birthday, which has no end. */
  phaseFrom: ({ from }: Record<string, string | number>) => `From ${from}`,
  events_one: '1 event',
  events_other: ({ count }: Record<string, string | number>) => `${count} events`,
  showEvents_one: 'Show 1 entry',
  showEvents_other: ({ count }: Record<string, string | number>) => `Show ${count} entries`,
  showMore: ({ count }: Record<string, string | number>) => `Show ${count} more`,
  noEntries: 'Nothing recorded in this phase.',
  /** After a support episode listed again in a later phase it was still running in. */
  continued: 'Started in an earlier phase.',
  /** Printed only (the strand filters are not): which strands a filtered list holds. */
  listedStrands: ({ strands }: Record<string, string | number>) => `Strands in this list: ${strands}.`,
  listedNone: 'No strands are selected, so this list has no events.',
  cluster: ({ count, from, to }: Record<string, string | number>) =>
    `${count} events from ${from} to ${to}. Zoom in to see them.`,
  /** A "+N" marker for spans that overlap more of their lane's spans than it has rows of bars for. */
  moreLabel_one: ({ from, to }: Record<string, string | number>) =>
    `1 more event at the same time as others, ${from} to ${to}. Press to see it.`,
  moreLabel_other: ({ count, from, to }: Record<string, string | number>) =>
    `${count} more events at the same time as others, ${from} to ${to}. Press to list them.`,
  moreTitle: 'Events at the same time',
  today: 'Today',
  age: ({ age }: Record<string, string | number>) => `Age ${age}`,
  ageShort: ({ age }: Record<string, string | number>) => `${age}`,
  ongoing: 'ongoing',
  dateRange: ({ from, to }: Record<string, string | number>) => `${from} to ${to}`,
  dateOngoing: ({ from }: Record<string, string | number>) => `${from} onwards (ongoing)`,
  close: 'Close',
  openHandover: 'Open the handover',
  fieldDate: 'Date',
  fieldKind: 'Type',
  fieldStrand: 'Strand',
  fieldStatus: 'Status',
  fieldSource: 'Recorded by',
  fieldService: 'Service',
  fieldTransition: 'Transition',
  fieldDetail: 'Details',
  fieldWindow: 'Expected',
  fieldYearGroup: 'Year group',
  milestoneWindow: ({ from, by }: Record<string, string | number>) => `${from} to ${by}`,
  milestoneConditional: 'Only if the first check was not met.',
  milestoneRecorded: ({ date }: Record<string, string | number>) => `Recorded ${date}`,
  transitionOn: ({ date, yearGroup }: Record<string, string | number>) => `Starts ${yearGroup} on ${date}`,
  /** The list's group, first, for events dated before the date of birth (in no phase of the child's education). */
  beforeBirth: 'Before birth',
  beforeBirthRange: ({ date }: Record<string, string | number>) => `Before ${date}, the date of birth`,
  // Phases
  'phase.pre-school': 'Pre-school',
  'phase.early-years': 'Early years',
  'phase.ks1': 'Key stage 1',
  'phase.ks2': 'Key stage 2',
  'phase.ks3': 'Key stage 3',
  'phase.ks4': 'Key stage 4',
  'phase.post-16': 'Post-16',
  /** From leaving Year 13 to the 25th birthday (an EHC plan can continue to 25). */
  'phase.adult': 'Young adult',
  'phase.over-25': 'Over 25',
  'phaseShort.pre-school': 'Pre-school',
  'phaseShort.early-years': 'Early years',
  'phaseShort.ks1': 'KS1',
  'phaseShort.ks2': 'KS2',
  'phaseShort.ks3': 'KS3',
  'phaseShort.ks4': 'KS4',
  'phaseShort.post-16': 'Post-16',
  'phaseShort.adult': 'Young adult',
  'phaseShort.over-25': 'Over 25',
  // Year groups: long for sentences, short for the axis
  'year.pre-school': 'Pre-school',
  'year.N1': 'Nursery (first year)',
  'year.N2': 'Nursery',
  'year.R': 'Reception',
  'year.Y': ({ n }: Record<string, string | number>) => `Year ${n}`,
  'year.adult': 'Adult',
  'yearShort.N1': 'N1',
  'yearShort.N2': 'N2',
  'yearShort.R': 'R',
  'yearShort.Y': ({ n }: Record<string, string | number>) => `Y${n}`,
  // Strands
  'strand.safe': 'Safe and supported',
  'strand.healthy': 'Healthy',
  'strand.achieving': 'Achieving',
  'strand.relationships': 'Relationships',
  /** A strand's lane, and its line in the list, when the strand has no events. */
  laneEmpty: ({ strand }: Record<string, string | number>) => `${strand}: nothing recorded`,
  /**
   * Shown to staff who are never sent the safe strand. The same for every child, so it says nothing about this one.
   */
  safeWithheld: 'Safe and supported events are shown only to the designated safeguarding lead (DSL).',
  // Event kinds
  'kind.handover': 'Handover',
  'kind.milestone': 'Milestone',
  'kind.assessment': 'Assessment',
  'kind.support': 'Support',
  'kind.attendance': 'Attendance',
  'kind.note': 'Note',
  'kind.transition': 'Transition',
  // Handover statuses
  'status.draft': 'Draft, not sent',
  'status.submitted': 'Sent, not yet acknowledged',
  'status.acknowledged': 'Acknowledged',
  // Milestones
  'milestone.progress-check-2': 'Progress check at age two',
  'milestone.reception-baseline': 'Reception baseline assessment',
  'milestone.eyfs-profile': 'Early years foundation stage profile',
  'milestone.phonics-check': 'Phonics screening check',
  'milestone.phonics-retake': 'Phonics screening check retake',
  'milestone.multiplication-tables-check': 'Multiplication tables check',
  'milestone.ks2-tests': 'Key stage 2 tests',
  'milestone.gcse': 'GCSEs',
  'milestone.participation-18': 'Education or training until 18',
  'state.done': 'Done',
  'state.due': 'Due now',
  'state.overdue': 'Overdue: not recorded',
  /** A milestone whose time passed long ago with nothing recorded (see `overdueUntil` in `@c2c/schema`). */
  'state.past': 'Past: not recorded',
  'state.upcoming': 'Upcoming',
  // Transitions
  'transition.ey-to-reception': 'Starting reception',
  'transition.infant-to-junior': 'Infant to junior school (Year 3)',
  'transition.y6-to-y7': 'Primary to secondary school (Year 7)',
  'transition.y11-to-post16': 'Year 11 to post-16',
  'transition.in-year': 'Moving school during the year',
  // A transition's handover, as an event (the hub records one per handover)
  'handoverTitle.ey-to-reception': 'Transition handover: early years to Reception',
  'handoverTitle.infant-to-junior': 'Transition handover: infant to junior',
  'handoverTitle.y6-to-y7': 'Transition handover: Year 6 to Year 7',
  'handoverTitle.y11-to-post16': 'Transition handover: Year 11 to post-16',
  'handoverTitle.in-year': 'In-year move handover',
  'flag.missing': 'No handover sent',
  'flag.unacknowledged': 'Handover sent but not acknowledged',
  'flag.ok': 'Handover acknowledged',
  'flag.future': 'Handover not due yet',
  /** The child has left the phase the move took them into, with no acknowledged handover recorded. */
  'flag.past': 'Past: no acknowledged handover recorded',
  fragileCount_one: '1 transition needs attention',
  fragileCount_other: ({ count }: Record<string, string | number>) => `${count} transitions need attention`,
} satisfies Messages;

export type TimelineMessageKey = keyof typeof en;

/**
 * Plural forms English does without: `Intl.PluralRules` gives Welsh zero, two, few and many too. A form a
 * language leaves out falls back to `_other`; Welsh gives `_two`, whose noun takes the soft mutation that follows
 * "dau" ("2 ddigwyddiad").
 */
export type TimelinePluralKey =
  `${'skipped' | 'events' | 'showEvents' | 'fragileCount' | 'moreLabel'}_${'zero' | 'two' | 'few' | 'many'}`;

/** A language's messages: every message English has, and any plural forms English does without. */
export type TimelineMessages = Messages<TimelineMessageKey> & Partial<Messages<TimelinePluralKey>>;

/** English bundled; Welsh loaded the first time a page shows the timeline in Welsh. */
export const strings: Catalogue<TimelineMessageKey> = {
  en,
  cy: () => import('./strings-cy.js').then((m) => m.cy),
};

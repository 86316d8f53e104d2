/**
 * Turns a pathway (date of birth plus events) into what the timeline draws: phases, year groups,
 * statutory milestones with their state, the transitions with a flag when their handover is missing or
 * unacknowledged, and the events in time order. Pure and DOM-free.
 */
import {
  addYears,
  milestonesFor,
  milestoneStanding,
  phaseOfOffset,
  phaseSpans,
  receptionStartYear,
  yearGroupOfOffset,
  type HandoverStatus,
  type Milestone,
  type MilestoneOptions,
  type MilestoneStanding,
  type Pathway,
  type PathwayEvent,
  type Phase,
  type Strand,
  type StrandReaders,
  type Transition,
  type YearGroupCode,
} from '@c2c/schema';
import { dayOf, isoOf, type DayRange } from './layout.js';

/**
 * The strands in lane order. The same list as `STRANDS` in `@c2c/schema`, repeated here because importing
 * that module pulls its zod schemas (about 15 kB gzipped) into the CDN bundle; the type below fails to
 * compile if the two ever differ.
 */
export const STRAND_ORDER = ['safe', 'healthy', 'achieving', 'relationships'] as const satisfies readonly Strand[];
type MissingStrand = Exclude<Strand, (typeof STRAND_ORDER)[number]>;
const _allStrands: [MissingStrand] extends [never] ? true : never = true;
void _allStrands;

/**
 * The roles each restricted strand is sent to (only the DSL is sent `safe`): `STRAND_READERS` in `@c2c/schema`,
 * repeated for the same reason as the list above; the check below fails to compile if the two ever differ.
 */
const READERS = { safe: ['dsl'] } as const;
const _sameReaders: [StrandReaders, typeof READERS] extends [typeof READERS, StrandReaders] ? true : never = true;
void _sameReaders;
const STRAND_READERS: Readonly<Partial<Record<Strand, readonly string[]>>> = READERS;

/**
 * Whether a viewer in `role` can ever be sent `strand`. No role (the host did not say, or `me()` failed) withholds
 * nothing, as there is nothing to decide on; a role this version does not know is sent only the unrestricted
 * strands, as the hub's allow-list would treat it.
 */
export function receivesStrand(role: string | undefined, strand: Strand): boolean {
  if (!role || !Object.hasOwn(STRAND_READERS, strand)) return true;
  return STRAND_READERS[strand]!.includes(role);
}

/**
 * The strands that get a lane, in lane order: every strand the viewer can receive (an empty one says that nothing is
 * recorded, which is worth knowing), and any strand the data has events in, whatever the role says. A strand the
 * viewer never receives and that has no events gets no lane: it would only ever be empty.
 */
export function laneStrands(recorded: ReadonlyArray<Strand>, role: string | undefined): Strand[] {
  return STRAND_ORDER.filter((s) => recorded.includes(s) || receivesStrand(role, s));
}

/** The transitions a timeline checks for a handover, with the year group the child moves into. */
export const TRANSITION_STARTS: ReadonlyArray<{ transition: Exclude<Transition, 'in-year'>; offset: number }> = [
  { transition: 'ey-to-reception', offset: 0 },
  { transition: 'infant-to-junior', offset: 3 },
  { transition: 'y6-to-y7', offset: 7 },
  { transition: 'y11-to-post16', offset: 12 },
];

/**
 * Where a transition stands: `missing` (no handover sent), `unacknowledged` (sent, not yet acknowledged),
 * `ok` (acknowledged), `future` (too far ahead for a handover to be expected: more than a year away), or `past` (the
 * child has since left the phase the move took them into, with no acknowledged handover on record: history, no longer
 * something to chase).
 */
export type TransitionFlag = 'missing' | 'unacknowledged' | 'ok' | 'future' | 'past';

/**
 * The time after the 25th birthday, where the pathway's phases (`phaseSpans` in `@c2c/schema`) end: the toolkit covers
 * a young person to 25 (an EHC plan can continue that far). A timeline reaches it only for someone older, or for an
 * event recorded after it, and gives it a band and a group of its own, so it is not taken for part of the last phase.
 */
export const OVER_25 = 'over-25';
/** A phase of the pathway, or the time after it ({@link OVER_25}). */
export type TimelinePhaseName = Phase | typeof OVER_25;

export interface TimelinePhase {
  phase: TimelinePhaseName;
  start: string;
  end: string;
  fromDay: number;
  toDay: number;
}

export interface TimelineYearGroup {
  code: YearGroupCode;
  start: string;
  end: string;
  fromDay: number;
  toDay: number;
}

export interface TimelineMilestone extends Milestone {
  /** Overdue only for a while after its window (see `overdueUntil` in `@c2c/schema`); `past` after that. */
  state: MilestoneStanding;
  fromDay: number;
  byDay: number;
  /** The event that recorded it, when one did. */
  event?: PathwayEvent;
}

export interface TimelineTransition {
  transition: Exclude<Transition, 'in-year'>;
  /** The first day in the new setting (1 September). */
  date: string;
  day: number;
  /** The year group the child moves into. */
  yearGroup: YearGroupCode;
  flag: TransitionFlag;
  /** The most advanced handover recorded for it. */
  handover?: PathwayEvent;
  /** Convenience: `flag` is `missing` or `unacknowledged`. */
  fragile: boolean;
}

/** One event placed on the timeline. Support episodes carry an end (today while they continue). */
export interface TimelineEntry {
  event: PathwayEvent;
  day: number;
  endDay: number;
  ongoing: boolean;
  phase: TimelinePhaseName;
}

export interface TimelineModel {
  learnerId: string;
  displayName?: string;
  dateOfBirth: string;
  today: string;
  todayDay: number;
  /** From birth to the 25th birthday, stretched to cover today and every event. */
  bounds: DayRange;
  /**
   * From birth (for a child not born yet, from a year before it or a month before today) to the 25th birthday, or a
   * month past today if that is later: the first view. Not stretched to events
   * dated before birth or long after, so one mistyped year (2105 for 2015) cannot shrink the whole journey into a
   * corner of the chart; zooming out still reaches them.
   */
  lifespan: DayRange;
  /** The phases in order, ending with {@link OVER_25} when the bounds run past the 25th birthday. */
  phases: TimelinePhase[];
  yearGroups: TimelineYearGroup[];
  milestones: TimelineMilestone[];
  transitions: TimelineTransition[];
  /** Every valid event, ascending by date. */
  entries: TimelineEntry[];
  /** The strands with at least one valid event, in lane order. */
  recorded: Strand[];
  /** Events that could not be placed (a malformed date), counted so the host can be told. */
  skipped: number;
  /** Why: `skipped` split by reason, so what the page says names only the reasons that applied. */
  skippedFor: SkippedFor;
}

/**
 * Events left out, by reason: `unreadable` (a date, end date or strand that is not one), `incomplete` (no id, title or
 * `source`; or not an event at all), `repeated` (an id another event already has).
 */
export interface SkippedFor {
  unreadable: number;
  incomplete: number;
  repeated: number;
}

export interface ModelOptions extends MilestoneOptions {
  /** Which transitions to check for a handover. Default: all four (reception, Year 3, Year 7, Year 12). */
  transitions?: ReadonlyArray<Exclude<Transition, 'in-year'>>;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A date on the calendar written `YYYY-MM-DD`. The pattern alone lets `2015-02-30` and `2015-13-01` through, which
 * `Date.UTC` rolls over into March or the next year while the text is still shown as written ("30 February").
 */
export const isCalendarDate = (s: unknown): s is string =>
  typeof s === 'string' && ISO.test(s) && isoOf(dayOf(s)) === s;
const STATUS_RANK: Record<HandoverStatus, number> = { draft: 0, submitted: 1, acknowledged: 2 };

/**
 * Whether an event has what every view of it reads: an id, a title to name its marker and its line by, and who
 * recorded it (the details dialog shows it). A host's own client or a `pathway` given directly is not validated by
 * the SDK: an event without a title was listed and announced with none, and one without a source kept the dialog from opening.
 */
function isDrawable(e: unknown): e is PathwayEvent {
  if (typeof e !== 'object' || e === null) return false;
  const { id, title, source } = e as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof title === 'string' &&
    title.trim() !== '' &&
    typeof source === 'object' &&
    source !== null &&
    typeof (source as Record<string, unknown>).name === 'string'
  );
}

/** The phase containing `day` (before birth counts as pre-school, after the 25th birthday as {@link OVER_25}). */
export function phaseAt(phases: ReadonlyArray<TimelinePhase>, day: number): TimelinePhaseName {
  for (const p of phases) if (day <= p.toDay) return p.phase;
  return OVER_25;
}

/** Builds the timeline model for a pathway on a given day. */
export function buildModel(pathway: Pathway, today: string, options: ModelOptions = {}): TimelineModel {
  const dob = pathway.dateOfBirth;
  if (!isCalendarDate(dob)) throw new RangeError(`The date of birth must be written YYYY-MM-DD, got "${dob}".`);
  const todayDay = dayOf(today);
  const phases: TimelinePhase[] = phaseSpans(dob).map((p) => ({ ...p, fromDay: dayOf(p.start), toDay: dayOf(p.end) }));

  const r = receptionStartYear(dob);
  const yearGroups: TimelineYearGroup[] = [];
  for (let offset = -2; offset <= 13; offset++) {
    const start = `${r + offset}-09-01`;
    const end = `${r + offset + 1}-08-31`;
    yearGroups.push({ code: yearGroupOfOffset(offset), start, end, fromDay: dayOf(start), toDay: dayOf(end) });
  }

  if (!Array.isArray(pathway.events)) throw new TypeError('The pathway has no list of events.');
  const skippedFor: SkippedFor = { unreadable: 0, incomplete: 0, repeated: 0 };
  const entries: TimelineEntry[] = [];
  const ids = new Set<string>();
  for (const event of pathway.events as unknown[]) {
    if (!isDrawable(event)) {
      skippedFor.incomplete++;
      continue;
    }
    // Ids identify events on screen (focus, keyed drawing): a repeated id is a copy, counted and left out.
    if (ids.has(event.id)) {
      skippedFor.repeated++;
      continue;
    }
    ids.add(event.id);
    // Data from outside the hub is not validated by the SDK: an unknown strand has no lane to go in.
    if (
      !isCalendarDate(event.date) ||
      (event.endDate !== undefined && !isCalendarDate(event.endDate)) ||
      !(STRAND_ORDER as readonly string[]).includes(event.strand)
    ) {
      skippedFor.unreadable++;
      continue;
    }
    const day = dayOf(event.date);
    const ongoing = event.kind === 'support' && !event.endDate;
    const endDay = event.endDate ? Math.max(day, dayOf(event.endDate)) : ongoing ? Math.max(day, todayDay) : day;
    entries.push({ event, day, endDay, ongoing, phase: phaseAt(phases, day) });
  }
  entries.sort((a, b) => a.day - b.day || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));

  const doneBy = new Map<string, PathwayEvent>();
  for (const e of entries)
    if (e.event.milestoneId && !doneBy.has(e.event.milestoneId)) doneBy.set(e.event.milestoneId, e.event);
  const milestones: TimelineMilestone[] = [];
  for (const m of milestonesFor(dob, options)) {
    const event = doneBy.get(m.id);
    const state = milestoneStanding(m, dob, today, Boolean(event));
    // A retake only happens when the first check was not met: once its window has passed unrecorded,
    // it is not a missed duty, so it is not shown as overdue, nor later as past.
    if (m.conditional && (state === 'overdue' || state === 'past')) continue;
    milestones.push({ ...m, state, fromDay: dayOf(m.from), byDay: dayOf(m.by), ...(event ? { event } : {}) });
  }

  const checked = new Set(options.transitions ?? TRANSITION_STARTS.map((t) => t.transition));
  const transitions: TimelineTransition[] = [];
  for (const { transition, offset } of TRANSITION_STARTS) {
    if (!checked.has(transition)) continue;
    const date = `${r + offset}-09-01`;
    const day = dayOf(date);
    let handover: PathwayEvent | undefined;
    for (const e of entries) {
      const ev = e.event;
      if (ev.kind !== 'handover' || ev.transition !== transition) continue;
      if (!handover || STATUS_RANK[ev.handoverStatus ?? 'draft'] > STATUS_RANK[handover.handoverStatus ?? 'draft'])
        handover = ev;
    }
    const status = handover?.handoverStatus ?? (handover ? 'submitted' : undefined);
    // Handovers are written in the year before the move, so a flag only makes sense from then on; and only until the
    // child leaves the phase the move took them into (reception, key stage 2 or 3, post-16), while the school that
    // should have had the handover is still theirs. A 30-year-old's pathway flagged every move of their childhood.
    const expected = todayDay >= day - 365;
    const entered = phases.find((p) => p.phase === phaseOfOffset(offset));
    const closed = !!entered && todayDay > entered.toDay;
    const flag: TransitionFlag =
      !expected && !handover
        ? 'future'
        : status === 'acknowledged'
          ? 'ok'
          : closed
            ? 'past'
            : status === 'submitted'
              ? 'unacknowledged'
              : 'missing';
    transitions.push({
      transition,
      date,
      day,
      yearGroup: yearGroupOfOffset(offset),
      flag,
      fragile: flag === 'missing' || flag === 'unacknowledged',
      ...(handover ? { handover } : {}),
    });
  }

  const last = entries.reduce((max, e) => Math.max(max, e.endDay), -Infinity);
  const inStrand = new Set(entries.map((e) => e.event.strand));
  // A child not born yet (pre-birth work) opened on a chart starting at the date of birth, with today, and the work
  // recorded so far, out of sight before it: the first view starts a year before birth (the whole pregnancy), or a
  // month before today if that is earlier.
  const born = dayOf(dob);
  const lifespan: DayRange = {
    from: todayDay < born ? Math.min(todayDay - 30, born - 365) : born,
    to: Math.max(dayOf(addYears(dob, 25)), todayDay + 30),
  };
  const bounds: DayRange = {
    from: Math.min(lifespan.from, entries[0]?.day ?? Infinity),
    to: Math.max(lifespan.to, last + 30),
  };
  // Drawn and listed only when the chart reaches past the 25th birthday; it runs to the end of the chart.
  const lastDay = phases[phases.length - 1]!.toDay;
  if (bounds.to > lastDay + 1)
    phases.push({
      phase: OVER_25,
      start: isoOf(lastDay + 1),
      end: isoOf(bounds.to),
      fromDay: lastDay + 1,
      toDay: bounds.to,
    });

  return {
    learnerId: pathway.learnerId,
    ...(pathway.displayName ? { displayName: pathway.displayName } : {}),
    dateOfBirth: dob,
    today,
    todayDay,
    bounds,
    lifespan,
    phases,
    yearGroups,
    milestones,
    transitions,
    entries,
    recorded: STRAND_ORDER.filter((s) => inStrand.has(s)),
    skipped: skippedFor.unreadable + skippedFor.incomplete + skippedFor.repeated,
    skippedFor,
  };
}

/** Keeps the entries in the given strands, preserving time order. */
export function filterEntries(entries: ReadonlyArray<TimelineEntry>, strands: ReadonlySet<Strand>): TimelineEntry[] {
  return entries.filter((e) => strands.has(e.event.strand));
}

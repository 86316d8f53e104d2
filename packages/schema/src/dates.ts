/**
 * Date maths for England's school calendar. Dates are ISO `YYYY-MM-DD` strings treated as
 * calendar days (no time zone), so a date of birth never shifts by a day across zones.
 */

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

let london: Intl.DateTimeFormat | undefined;

/**
 * A `Date` is a moment; a school day is a calendar day in England. Read moments on London's calendar, so that
 * 00:30 on 1 September (British Summer Time, still 31 August in UTC) is already the new academic year.
 */
function parse(date: IsoDate | Date): Ymd {
  if (date instanceof Date) {
    london ??= new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    return parse(london.format(date));
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${date}".`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function format({ y, m, d }: Ymd): IsoDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Today's date in the given time zone (default Europe/London, where schools keep their registers). */
export function todayIso(now: Date = new Date(), timeZone = 'Europe/London'): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return parts;
}

/**
 * The anniversary of `date` after `years` years. A 29 February anniversary in a common year falls on
 * 1 March, as UK law counts a leapling's birthday.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const { y, m, d } = parse(date);
  const ny = y + years;
  if (m === 2 && d === 29 && !isLeapYear(ny)) return format({ y: ny, m: 3, d: 1 });
  return format({ y: ny, m, d });
}

/** Adds days to a date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const { y, m, d } = parse(date);
  const t = Date.UTC(y, m - 1, d) + days * 86_400_000;
  const next = new Date(t);
  return format({ y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() });
}

/** Whole years between a date of birth and a date (the person's age on that date). */
export function ageOn(dateOfBirth: IsoDate, date: IsoDate): number {
  const birth = parse(dateOfBirth);
  const on = parse(date);
  let age = on.y - birth.y;
  const birthday = parse(addYears(dateOfBirth, age));
  if (on.m < birthday.m || (on.m === birthday.m && on.d < birthday.d)) age -= 1;
  return age;
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const pa = parse(a);
  const pb = parse(b);
  return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / 86_400_000);
}

/** An academic year in England: 1 September to 31 August. */
export interface AcademicYear {
  /** The calendar year in which it starts. */
  startYear: number;
  /** As schools write it: `2025/26`. */
  label: string;
  start: IsoDate;
  end: IsoDate;
}

/** The academic year (1 September to 31 August) that contains `date` (a `Date` is read on London's calendar). */
export function academicYearOf(date: IsoDate | Date): AcademicYear {
  const { y, m } = parse(date);
  const startYear = m >= 9 ? y : y - 1;
  return {
    startYear,
    label: `${startYear}/${pad((startYear + 1) % 100)}`,
    start: `${startYear}-09-01`,
    end: `${startYear + 1}-08-31`,
  };
}

/** Year groups from birth to the end of Year 13, then `adult`. */
export const YEAR_GROUPS = [
  'pre-school',
  'N1',
  'N2',
  'R',
  'Y1',
  'Y2',
  'Y3',
  'Y4',
  'Y5',
  'Y6',
  'Y7',
  'Y8',
  'Y9',
  'Y10',
  'Y11',
  'Y12',
  'Y13',
  'adult',
] as const;
export type YearGroupCode = (typeof YEAR_GROUPS)[number];

/** Phases of a child's pathway, in order. */
export const PHASES = ['pre-school', 'early-years', 'ks1', 'ks2', 'ks3', 'ks4', 'post-16', 'adult'] as const;
export type Phase = (typeof PHASES)[number];

/** A year group as placed for one child on one date. */
export interface YearGroupPlacement {
  code: YearGroupCode;
  /** Years after the start of reception: 0 for reception, 6 for Year 6, negative before reception. */
  offset: number;
  phase: Phase;
  academicYear: AcademicYear;
}

/** The academic year in which a child born on `dateOfBirth` starts reception (the September after they turn 4). */
export function receptionStartYear(dateOfBirth: IsoDate): number {
  return academicYearOf(dateOfBirth).startYear + 5;
}

export function phaseOfOffset(offset: number): Phase {
  if (offset <= -3) return 'pre-school';
  if (offset <= 0) return offset === -2 ? 'pre-school' : 'early-years';
  if (offset <= 2) return 'ks1';
  if (offset <= 6) return 'ks2';
  if (offset <= 9) return 'ks3';
  if (offset <= 11) return 'ks4';
  if (offset <= 13) return 'post-16';
  return 'adult';
}

export function yearGroupOfOffset(offset: number): YearGroupCode {
  if (offset <= -3) return 'pre-school';
  if (offset === -2) return 'N1';
  if (offset === -1) return 'N2';
  if (offset === 0) return 'R';
  if (offset <= 13) return `Y${offset}` as YearGroupCode;
  return 'adult';
}

/**
 * The year group a child born on `dateOfBirth` is in on `date`, by England's 1 September cut-off:
 * a child born on 31 August is the youngest in their year, one born on 1 September the oldest in the next.
 * N1 and N2 are the two nursery years (ages 2-3 and 3-4).
 */
export function yearGroupOn(dateOfBirth: IsoDate, date: IsoDate | Date): YearGroupPlacement {
  const academicYear = academicYearOf(date);
  const offset = academicYear.startYear - receptionStartYear(dateOfBirth);
  return { code: yearGroupOfOffset(offset), offset, phase: phaseOfOffset(offset), academicYear };
}

/** The first and last day of each phase for a child, from birth to their 25th birthday. */
export interface PhaseSpan {
  phase: Phase;
  start: IsoDate;
  end: IsoDate;
}

/** Places each phase of a child's pathway on the calendar. */
export function phaseSpans(dateOfBirth: IsoDate): PhaseSpan[] {
  const r = receptionStartYear(dateOfBirth);
  const sept = (offset: number) => `${r + offset}-09-01`;
  const aug = (offset: number) => `${r + offset + 1}-08-31`;
  return [
    { phase: 'pre-school', start: dateOfBirth, end: aug(-2) },
    { phase: 'early-years', start: sept(-1), end: aug(0) },
    { phase: 'ks1', start: sept(1), end: aug(2) },
    { phase: 'ks2', start: sept(3), end: aug(6) },
    { phase: 'ks3', start: sept(7), end: aug(9) },
    { phase: 'ks4', start: sept(10), end: aug(11) },
    { phase: 'post-16', start: sept(12), end: aug(13) },
    { phase: 'adult', start: sept(14), end: addYears(dateOfBirth, 25) },
  ];
}

/** Identifiers of the statutory milestones in England. */
export const MILESTONE_IDS = [
  'progress-check-2',
  'reception-baseline',
  'eyfs-profile',
  'phonics-check',
  'phonics-retake',
  'multiplication-tables-check',
  'ks2-tests',
  'gcse',
  'participation-18',
] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

/** A statutory milestone placed for one child. */
export interface Milestone {
  id: MilestoneId;
  phase: Phase;
  /** The earliest date the milestone can happen. */
  from: IsoDate;
  /** The date by which it is due. */
  by: IsoDate;
  /** True for milestones that only happen in some cases (a phonics retake). */
  conditional: boolean;
}

/** Options for {@link milestonesFor}. */
export interface MilestoneOptions {
  /**
   * When the duty to participate in education or training ends: the 18th birthday (default) or the end of
   * the academic year in which the young person turns 18. Sources differ; a local authority chooses.
   */
  participationEnds?: 'birthday' | 'end-of-academic-year';
}

/** The statutory milestones for a child in England, with the window in which each is expected. */
export function milestonesFor(dateOfBirth: IsoDate, options: MilestoneOptions = {}): Milestone[] {
  const r = receptionStartYear(dateOfBirth);
  const eighteenth = addYears(dateOfBirth, 18);
  const participationEnd =
    options.participationEnds === 'end-of-academic-year' ? academicYearOf(eighteenth).end : eighteenth;
  return [
    {
      id: 'progress-check-2',
      phase: phaseOf(dateOfBirth, addYears(dateOfBirth, 2)),
      from: addYears(dateOfBirth, 2),
      by: addDays(addYears(dateOfBirth, 3), -1),
      conditional: false,
    },
    {
      id: 'reception-baseline',
      phase: 'early-years',
      from: `${r}-09-01`,
      by: addDays(`${r}-09-01`, 41),
      conditional: false,
    },
    { id: 'eyfs-profile', phase: 'early-years', from: `${r + 1}-04-15`, by: `${r + 1}-06-30`, conditional: false },
    { id: 'phonics-check', phase: 'ks1', from: `${r + 2}-06-01`, by: `${r + 2}-06-30`, conditional: false },
    { id: 'phonics-retake', phase: 'ks1', from: `${r + 3}-06-01`, by: `${r + 3}-06-30`, conditional: true },
    {
      id: 'multiplication-tables-check',
      phase: 'ks2',
      from: `${r + 5}-06-01`,
      by: `${r + 5}-06-30`,
      conditional: false,
    },
    { id: 'ks2-tests', phase: 'ks2', from: `${r + 7}-05-01`, by: `${r + 7}-05-31`, conditional: false },
    { id: 'gcse', phase: 'ks4', from: `${r + 12}-05-01`, by: `${r + 12}-06-30`, conditional: false },
    { id: 'participation-18', phase: 'post-16', from: `${r + 12}-09-01`, by: participationEnd, conditional: false },
  ];
}

function phaseOf(dateOfBirth: IsoDate, date: IsoDate): Phase {
  return yearGroupOn(dateOfBirth, date).phase;
}

/**
 * Every answer to where a milestone stands: not yet open, open now, done (an event recorded it), overdue, or past
 * (left unrecorded so long ago that it is history: see {@link milestoneStanding}).
 */
export const MILESTONE_STATES = ['upcoming', 'due', 'done', 'overdue', 'past'] as const;

/** Where a milestone stands on a date by its window alone: not yet open, open now, done, or overdue. */
export type MilestoneState = Exclude<MilestoneStanding, 'past'>;

/**
 * Where a milestone stands on a date by its window alone: once the window has closed with nothing recorded it is
 * `overdue` from then on. The pathway timeline and the hub's `GET /v1/learners/:id/milestones` answer with
 * {@link milestoneStanding}, which lets an old gap rest.
 */
export function milestoneState(milestone: Milestone, today: IsoDate, done: boolean): MilestoneState {
  if (done) return 'done';
  if (today < milestone.from) return 'upcoming';
  if (today <= milestone.by) return 'due';
  return 'overdue';
}

/**
 * {@link MilestoneState}, and `past`: the window closed so long ago, with nothing recorded, that the gap is no longer
 * something to chase (the progress check at two, for a 30-year-old).
 */
export type MilestoneStanding = (typeof MILESTONE_STATES)[number];

/**
 * The last day a milestone not recorded reads as overdue: a year after its window closed, or the end of the phase it
 * belongs to if that is later. Within that time the setting that should have done or recorded it (or the next one,
 * which a handover tells) can still act: record a check that happened, or find out why it did not. The phase keeps
 * the multiplication tables check (Year 4) overdue to the end of Year 6, while the primary school holding its result
 * is still the child's. After it, the gap is history, and flagging it for ever told the reader of an adult's pathway
 * that every milestone of their childhood needed attention now.
 */
export function overdueUntil(milestone: Milestone, dateOfBirth: IsoDate): IsoDate {
  const yearOn = addYears(milestone.by, 1);
  const phaseEnd = phaseSpans(dateOfBirth).find((p) => p.phase === milestone.phase)?.end ?? yearOn;
  return phaseEnd > yearOn ? phaseEnd : yearOn;
}

/**
 * Where a milestone stands for a child born on `dateOfBirth` on a date: as {@link milestoneState}, except that one
 * left unrecorded past {@link overdueUntil} is `past` (not recorded, nothing to do now) rather than overdue for ever.
 */
export function milestoneStanding(
  milestone: Milestone,
  dateOfBirth: IsoDate,
  today: IsoDate,
  done: boolean,
): MilestoneStanding {
  const state = milestoneState(milestone, today, done);
  return state === 'overdue' && today > overdueUntil(milestone, dateOfBirth) ? 'past' : state;
}

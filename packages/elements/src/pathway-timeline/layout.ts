/**
 * Pure geometry for the pathway timeline: calendar days to pixels for a visible range, zoom and pan
 * arithmetic, packing of overlapping spans into rows, clustering of dense points and axis ticks.
 * Nothing here touches the DOM, so every rule can be tested on its own and reused by other views.
 */

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** A range of days, as whole days since 1970-01-01 (UTC calendar days, so no time zone drift). */
export interface DayRange {
  from: number;
  to: number;
}

/** The day number of an ISO date (`YYYY-MM-DD`). */
export function dayOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The ISO date (`YYYY-MM-DD`) of a day number; fractional days round down. */
export function isoOf(day: number): string {
  return new Date(Math.floor(day) * DAY_MS).toISOString().slice(0, 10);
}

/** Shortest span the timeline zooms to: about one school term (a 12-week half of autumn plus its edges). */
export const MIN_SPAN_DAYS = 84;

/**
 * Keeps a range inside `bounds` and no shorter than `minSpan` (nor longer than the bounds), moving it
 * rather than cutting it, so panning into an edge stops there instead of squashing the view.
 */
export function clampRange(range: DayRange, bounds: DayRange, minSpan = MIN_SPAN_DAYS): DayRange {
  const full = bounds.to - bounds.from;
  let span = Math.min(Math.max(range.to - range.from, Math.min(minSpan, full)), full);
  if (!Number.isFinite(span) || span <= 0) span = Math.max(1, full);
  let from = range.from;
  if (range.to - range.from !== span) from = (range.from + range.to) / 2 - span / 2;
  from = Math.min(Math.max(from, bounds.from), bounds.to - span);
  return { from, to: from + span };
}

/**
 * Zooms by `factor` (above 1 zooms in) keeping the day `anchor` at the same place on screen, as maps do
 * under the pointer.
 */
export function zoomRange(
  range: DayRange,
  factor: number,
  anchor: number,
  bounds: DayRange,
  minSpan = MIN_SPAN_DAYS,
): DayRange {
  const span = range.to - range.from;
  const next = span / factor;
  const ratio = span > 0 ? (anchor - range.from) / span : 0.5;
  const from = anchor - ratio * next;
  const clamped = clampRange({ from, to: from + next }, bounds, minSpan);
  // When the span hit its limit, clampRange centred the range; put the anchor back where it was.
  if (Math.abs(clamped.to - clamped.from - next) > 1e-6) {
    const s = clamped.to - clamped.from;
    const f = anchor - ratio * s;
    return clampRange({ from: f, to: f + s }, bounds, minSpan);
  }
  return clamped;
}

/** Moves a range by `days` (negative moves earlier), stopping at the bounds. */
export function panRange(range: DayRange, days: number, bounds: DayRange, minSpan = MIN_SPAN_DAYS): DayRange {
  return clampRange({ from: range.from + days, to: range.to + days }, bounds, minSpan);
}

/** A range of `span` days centred on `day`, inside the bounds. */
export function centreOn(day: number, span: number, bounds: DayRange, minSpan = MIN_SPAN_DAYS): DayRange {
  return clampRange({ from: day - span / 2, to: day + span / 2 }, bounds, minSpan);
}

/** Maps days to pixels along a track of `length` pixels showing `range`. */
export interface Scale {
  readonly range: DayRange;
  readonly length: number;
  /** Pixels per day. */
  readonly k: number;
  pos(day: number): number;
  dayAt(px: number): number;
}

export function scaleFor(range: DayRange, length: number): Scale {
  const span = Math.max(range.to - range.from, 1e-9);
  const k = length / span;
  return {
    range,
    length,
    k,
    pos: (day) => (day - range.from) * k,
    dayAt: (px) => range.from + px / k,
  };
}

/** Index of the first element of an ascending array that is `>= value` (the array length if none). */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The slice `[start, end)` of ascending `days` inside the range widened by `margin` days on each side,
 * found by binary search so a 2,000-event history costs two lookups per frame.
 */
export function visibleSlice(days: ArrayLike<number>, range: DayRange, margin = 0): [number, number] {
  return [lowerBound(days, range.from - margin), lowerBound(days, range.to + margin + 1e-9)];
}

/** Whether a span `[start, end]` overlaps the range widened by `margin`. */
export function overlaps(start: number, end: number, range: DayRange, margin = 0): boolean {
  return end >= range.from - margin && start <= range.to + margin;
}

/**
 * Packs spans into the fewest rows so that no two spans in a row overlap (interval partitioning, greedy
 * by start). Returns each span's row, in input order, and the number of rows. Spans beyond `maxRows`
 * share the last row rather than growing the lane without limit.
 */
export function packSpans(
  spans: ReadonlyArray<{ start: number; end: number }>,
  gap = 0,
  maxRows = Infinity,
): { rows: number[]; count: number } {
  const order = spans
    .map((_, i) => i)
    .sort((a, b) => spans[a]!.start - spans[b]!.start || spans[a]!.end - spans[b]!.end);
  const rowEnds: number[] = [];
  const rows = new Array<number>(spans.length).fill(0);
  for (const i of order) {
    const s = spans[i]!;
    let row = rowEnds.findIndex((end) => end + gap < s.start);
    if (row === -1) {
      if (rowEnds.length < maxRows) row = rowEnds.push(s.end) - 1;
      else row = rowEnds.length - 1;
    }
    rowEnds[row] = Math.max(rowEnds[row] ?? -Infinity, s.end);
    rows[i] = row;
  }
  return { rows, count: rowEnds.length };
}

/** A run of points close enough on screen to be drawn as one. `start`/`end` index the input. */
export interface Cluster {
  start: number;
  end: number;
  /** First and last day in the cluster. */
  from: number;
  to: number;
}

/**
 * Groups ascending days into clusters: a point joins the cluster before it when it lies within `minGapPx`
 * pixels of that cluster's first point at `pxPerDay`. Clusters depend only on the zoom (pixels per day),
 * not on where the view is panned, so a pan never reshuffles them.
 */
export function clusterDays(days: ArrayLike<number>, pxPerDay: number, minGapPx: number): Cluster[] {
  const out: Cluster[] = [];
  const gapDays = minGapPx / Math.max(pxPerDay, 1e-9);
  let i = 0;
  while (i < days.length) {
    const first = days[i]!;
    let j = i + 1;
    while (j < days.length && days[j]! - first < gapDays) j++;
    out.push({ start: i, end: j, from: first, to: days[j - 1]! });
    i = j;
  }
  return out;
}

/** The unit of the ticks along the axis, chosen from the zoom. */
export type TickUnit = 'year5' | 'year' | 'month';

export interface Tick {
  day: number;
  unit: TickUnit;
  /** Birthday age for year ticks; month index (0-11) and year for month ticks. */
  age?: number;
  month?: number;
  year?: number;
}

/**
 * Ticks for the visible range: a birthday every five years when zoomed right out, every birthday when a
 * year is at least `minYearPx` wide, and month starts when zoomed into a year or less.
 */
export function ticksFor(range: DayRange, pxPerDay: number, dateOfBirth: string, minYearPx = 28): Tick[] {
  const yearPx = pxPerDay * 365.25;
  const out: Tick[] = [];
  if (yearPx >= 800) {
    const start = new Date(Math.floor(range.from) * DAY_MS);
    let y = start.getUTCFullYear();
    let m = start.getUTCMonth();
    for (;;) {
      const day = Math.round(Date.UTC(y, m, 1) / DAY_MS);
      if (day > range.to) break;
      if (day >= range.from) out.push({ day, unit: 'month', month: m, year: y });
      m++;
      if (m === 12) {
        m = 0;
        y++;
      }
    }
    return out;
  }
  const step = yearPx >= minYearPx ? 1 : 5;
  const unit: TickUnit = step === 1 ? 'year' : 'year5';
  const birthYear = Number(dateOfBirth.slice(0, 4));
  const md = dateOfBirth.slice(4);
  for (let age = 0; age <= 200; age += step) {
    // A leapling's birthday falls on 1 March in common years.
    let iso = `${String(birthYear + age).padStart(4, '0')}${md}`;
    if (md === '-02-29' && !isLeap(birthYear + age)) iso = `${String(birthYear + age).padStart(4, '0')}-03-01`;
    const day = dayOf(iso);
    if (day > range.to) break;
    if (day >= range.from) out.push({ day, unit, age });
  }
  return out;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Which way time runs: along x on wide containers, down y on narrow ones. */
export type Orientation = 'horizontal' | 'vertical';

/**
 * Turns main-axis (time) and cross-axis (lanes) coordinates into SVG x/y, so one drawing routine serves
 * both layouts.
 */
export interface Frame {
  orientation: Orientation;
  rect(m0: number, m1: number, c0: number, c1: number): { x: number; y: number; width: number; height: number };
  point(m: number, c: number): { x: number; y: number };
}

export function frameFor(orientation: Orientation): Frame {
  const horizontal = orientation === 'horizontal';
  return {
    orientation,
    rect(m0, m1, c0, c1) {
      const m = Math.min(m0, m1);
      const ml = Math.max(Math.abs(m1 - m0), 0);
      const c = Math.min(c0, c1);
      const cl = Math.abs(c1 - c0);
      return horizontal ? { x: m, y: c, width: ml, height: cl } : { x: c, y: m, width: cl, height: ml };
    },
    point(m, c) {
      return horizontal ? { x: m, y: c } : { x: c, y: m };
    },
  };
}

/** The cross-axis band of each lane, stacked from `offset`. */
export function stackLanes<K extends string>(
  lanes: ReadonlyArray<{ key: K; size: number }>,
  offset = 0,
): Map<K, { start: number; end: number }> {
  const out = new Map<K, { start: number; end: number }>();
  let at = offset;
  for (const lane of lanes) {
    out.set(lane.key, { start: at, end: at + lane.size });
    at += lane.size;
  }
  return out;
}

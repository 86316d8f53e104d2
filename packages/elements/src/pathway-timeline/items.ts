/**
 * What the track draws at a given zoom: per-strand lanes with their support spans packed into rows, and
 * one time-ordered list of items (single events, clusters of dense events, long spans, milestones and
 * transitions). That list is also the keyboard order: arrow keys walk it. Pure and DOM-free.
 */
import type { Strand } from '@c2c/schema';
import { clusterDays, packSpans } from './layout.js';
import type { TimelineEntry, TimelineMilestone, TimelineModel, TimelineTransition } from './model.js';

export interface LaneData {
  strand: Strand;
  /** The lane's entries, ascending by day. */
  entries: TimelineEntry[];
  /** Row of each entry's span (0 for points); a row of `MAX_SPAN_ROWS` or more is not drawn as a bar (see `more`). */
  rows: number[];
  /** Rows of bars the lane draws (at least 1, at most `MAX_SPAN_ROWS`). */
  rowCount: number;
}

/**
 * Most rows of bars a lane grows to. A span that overlaps this many others is not drawn over one of them (a bar on a
 * bar could not be told apart): it goes into a "+N more" item, which lists it.
 */
export const MAX_SPAN_ROWS = 3;

/** Groups the entries by strand, in the order of `strands`, packing each lane's spans into rows. */
export function laneData(entries: ReadonlyArray<TimelineEntry>, strands: ReadonlyArray<Strand>): LaneData[] {
  return strands.map((strand) => {
    const mine = entries.filter((e) => e.event.strand === strand);
    const spanIdx: number[] = [];
    mine.forEach((e, i) => {
      if (e.endDay > e.day) spanIdx.push(i);
    });
    const packed = packSpans(
      spanIdx.map((i) => ({ start: mine[i]!.day, end: mine[i]!.endDay })),
      2,
    );
    const rows = new Array<number>(mine.length).fill(0);
    spanIdx.forEach((i, j) => (rows[i] = packed.rows[j]!));
    return { strand, entries: mine, rows, rowCount: Math.max(1, Math.min(MAX_SPAN_ROWS, packed.count)) };
  });
}

interface Base {
  /** Stable identity across renders, used for roving focus. */
  key: string;
  /** Where the item starts and ends, in day numbers. */
  day: number;
  end: number;
}
export type TrackItem =
  | (Base & { type: 'event'; lane: Strand; entry: TimelineEntry; row: number; span: boolean })
  | (Base & { type: 'cluster'; lane: Strand; entries: TimelineEntry[] })
  /** Spans that overlap in time beyond the lane's rows of bars, listed rather than drawn over each other. */
  | (Base & { type: 'more'; lane: Strand; entries: TimelineEntry[] })
  | (Base & { type: 'milestone'; milestone: TimelineMilestone })
  | (Base & { type: 'transition'; transition: TimelineTransition });

export interface ItemOptions {
  /** Points closer than this on screen are drawn as one cluster. */
  minGapPx?: number;
  /** Spans at least this long on screen are always drawn on their own. */
  longSpanPx?: number;
}

/**
 * The items at a zoom of `pxPerDay`, ascending by day (ties: milestones lane first, then lanes in order).
 * Clusters depend only on the zoom, so panning reuses this list.
 */
export function trackItems(
  model: Pick<TimelineModel, 'milestones' | 'transitions'>,
  lanes: ReadonlyArray<LaneData>,
  pxPerDay: number,
  options: ItemOptions = {},
): TrackItem[] {
  const minGap = options.minGapPx ?? 18;
  const longPx = options.longSpanPx ?? minGap * 2;
  const out: Array<TrackItem & { order: number }> = [];
  model.transitions.forEach((t) =>
    out.push({ type: 'transition', key: `t:${t.transition}`, day: t.day, end: t.day, transition: t, order: 0 }),
  );
  model.milestones.forEach((m) => {
    const day = m.event ? Math.max(m.fromDay, Math.min(m.byDay, dayNumber(m.event.date, m.fromDay))) : m.fromDay;
    out.push({ type: 'milestone', key: `m:${m.id}`, day, end: m.byDay, milestone: m, order: 1 });
  });
  lanes.forEach((lane, li) => {
    const order = 2 + li;
    /** The lane's `i`th entry, drawn on its own (not clustered). */
    const eventItem = (i: number): TrackItem & { order: number } => {
      const e = lane.entries[i]!;
      return {
        type: 'event',
        key: `e:${e.event.id}`,
        day: e.day,
        end: e.endDay,
        lane: lane.strand,
        entry: e,
        row: lane.rows[i]!,
        span: e.endDay > e.day,
        order,
      };
    };
    const points: number[] = [];
    const pointIdx: number[] = [];
    // Rows do not depend on the zoom, so neither do these groups: one per run of spans that overlap one another.
    let more: TimelineEntry[] = [];
    let moreEnd = -Infinity;
    const endMore = () => {
      if (!more.length) return;
      out.push({
        type: 'more',
        key: `o:${lane.strand}:${more[0]!.event.id}`,
        day: more[0]!.day,
        end: moreEnd,
        lane: lane.strand,
        entries: more,
        order,
      });
      more = [];
      moreEnd = -Infinity;
    };
    lane.entries.forEach((e, i) => {
      const span = e.endDay > e.day;
      if (lane.rows[i]! >= MAX_SPAN_ROWS) {
        if (e.day > moreEnd) endMore();
        more.push(e);
        moreEnd = Math.max(moreEnd, e.endDay);
      } else if (span && (e.endDay - e.day) * pxPerDay >= longPx) {
        out.push(eventItem(i));
      } else {
        points.push(e.day);
        pointIdx.push(i);
      }
    });
    endMore();
    for (const c of clusterDays(points, pxPerDay, minGap)) {
      if (c.end - c.start === 1) {
        out.push(eventItem(pointIdx[c.start]!));
      } else {
        const entries = pointIdx.slice(c.start, c.end).map((i) => lane.entries[i]!);
        const end = entries.reduce((max, e) => Math.max(max, e.endDay), c.to);
        out.push({
          type: 'cluster',
          key: `c:${lane.strand}:${entries[0]!.event.id}`,
          day: c.from,
          end,
          lane: lane.strand,
          entries,
          order,
        });
      }
    }
  });
  out.sort((a, b) => a.day - b.day || a.order - b.order);
  return out.map(({ order: _order, ...item }) => item as TrackItem);
}

function dayNumber(iso: string, fallback: number): number {
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(t) ? Math.round(t / 86_400_000) : fallback;
}

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
  /** Row of each entry's span (0 for points). */
  rows: number[];
  /** Rows the lane needs for its spans (at least 1). */
  rowCount: number;
}

/** Most rows of spans a lane grows to; further overlapping spans share the last row. */
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
      MAX_SPAN_ROWS,
    );
    const rows = new Array<number>(mine.length).fill(0);
    spanIdx.forEach((i, j) => (rows[i] = packed.rows[j]!));
    return { strand, entries: mine, rows, rowCount: Math.max(1, packed.count) };
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
    lane.entries.forEach((e, i) => {
      const span = e.endDay > e.day;
      if (span && (e.endDay - e.day) * pxPerDay >= longPx) {
        out.push(eventItem(i));
      } else {
        points.push(e.day);
        pointIdx.push(i);
      }
    });
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

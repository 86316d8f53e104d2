/**
 * Draws the graphical track as SVG. Every position is an SVG attribute (x, y, width, transform), never a
 * style, so the chart works under a strict Content-Security-Policy. Decorative layers are hidden from
 * assistive technology; each item is a focusable button with a full text label (roving tabindex, one tab
 * stop).
 *
 * Why the drawing is built this way: attribute writes on SVG are what a frame costs. Items are drawn in
 * "world" coordinates (days since the start of the pathway times pixels per day) inside one group that is
 * translated to the visible range, so a pan changes one attribute, not hundreds. Each item is a group
 * positioned by one `transform`, with its shapes at fixed offsets, so a zoom changes one attribute per
 * item. Only the labels that stick to the edge of the view are drawn in screen coordinates.
 */
import { svg, nothing, type SVGTemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Strand } from '@c2c/schema';
import type { Frame, Scale, Tick } from '../layout.js';
import type { TrackItem } from '../items.js';
import type { TimelineModel } from '../model.js';

/** Cross-axis bands of the track, in pixels. */
export interface Band {
  start: number;
  end: number;
}

export interface TrackGeometry {
  frame: Frame;
  scale: Scale;
  /** The day that world coordinates count from (the start of the pathway). */
  origin: number;
  /** Size of the drawing across the time axis. */
  cross: number;
  phaseRow: Band;
  yearRow: Band;
  tickRow: Band;
  milestoneLane: Band;
  /** Where the year groups' and ages' labels start across the time axis (vertical layout). */
  yearTextAt: number;
  tickTextAt: number;
  /** Where across the milestones lane transitions and milestones are drawn. */
  transitionAt: number;
  milestoneAt: number;
  lanes: ReadonlyArray<{
    strand: Strand;
    band: Band;
    /** Baseline of the lane's label, in the row the lane keeps clear of markers for it (horizontal layout). */
    labelAt: number;
    pointAt: number;
    rowAt: (row: number) => number;
  }>;
  /** Thickness of span bars. */
  bar: number;
}

export interface TrackContent {
  model: TimelineModel;
  items: ReadonlyArray<TrackItem>;
  ticks: ReadonlyArray<Tick>;
  /** The item that holds the single tab stop. */
  tabKey: string | undefined;
  label(item: TrackItem): string;
  phaseLabel(phase: string): string;
  yearLabel(code: string): string;
  /** The first tick says what the numbers are ("Age 5"); the rest are bare numbers. */
  tickLabel(tick: Tick, first: boolean): string;
  laneLabel(strand: Strand): string;
  todayLabel: string;
}

const round = (n: number) => Math.round(n * 10) / 10;
/** The room a year group's label needs along a vertical time axis: its 12px text's line, and a little clear of the next. */
const YEAR_LABEL_LINE = 14;

/** An age's 12px label along the axis: a generous width per character, and the line it takes down the page. */
const TICK_LABEL_CHAR = 7.5;
const TICK_LABEL_LINE = 14;

/** The Today label's 11px bold type: a generous width per character, and its line's height. */
const TODAY_LABEL_CHAR = 7.5;
const TODAY_LABEL_LINE = 14;

/**
 * The glyph on a milestone's marker by state (the same as a transition's: ✓ done, ! needs attention), and a dash on
 * the hollow marker of one whose time has passed unrecorded, which upcoming's hollow marker would otherwise look like.
 */
const MILESTONE_GLYPH: Record<string, string | undefined> = { done: '✓', overdue: '!', past: '–' };

/** A transition's glyph when it needs no attention: ✓ acknowledged, – long past without one, › still to come. */
const TRANSITION_GLYPH: Record<string, string | undefined> = { ok: '✓', past: '–' };

export function renderTrack(g: TrackGeometry, c: TrackContent): SVGTemplateResult {
  const { frame, scale } = g;
  const vertical = frame.orientation === 'vertical';
  const L = scale.length;
  const k = scale.k;
  /** World position of a day. */
  const w = (day: number) => round((day - g.origin) * k);
  const offset = (scale.range.from - g.origin) * k;
  const width = vertical ? g.cross : L;
  const height = vertical ? L : g.cross;
  const translate = vertical ? `translate(0 ${round(-offset)})` : `translate(${round(-offset)} 0)`;
  const visible = (m0: number, m1: number) => m1 - offset > -2 && m0 - offset < L + 2;

  const world: SVGTemplateResult[] = [];
  c.model.phases.forEach((p, i) => {
    const m0 = w(p.fromDay);
    const m1 = w(p.toDay + 1);
    if (!visible(m0, m1)) return;
    const band = frame.rect(m0, m1, 0, g.cross);
    const rule = frame.rect(m0, m0 + 1, 0, g.cross);
    world.push(
      svg`<rect class="band ${i % 2 ? 'even' : ''}" x=${band.x} y=${band.y} width=${band.width} height=${band.height}></rect><rect class="gridline" x=${rule.x} y=${rule.y} width=${rule.width} height=${rule.height}></rect>`,
    );
  });
  for (const yg of c.model.yearGroups) {
    const m0 = w(yg.fromDay);
    if (!visible(m0, m0)) continue;
    const t = frame.rect(m0, m0 + 1, g.yearRow.start, g.yearRow.end);
    world.push(svg`<rect class="tick" x=${t.x} y=${t.y} width=${t.width} height=${t.height}></rect>`);
  }
  // The first label is wider ("Age 5"): drop the second one when it would run into it.
  const crowded = c.ticks.length > 1 && (c.ticks[1]!.day - c.ticks[0]!.day) * k < 48;
  const tickMarks = repeat(
    c.ticks,
    (t) => t.day,
    (tick, i) => {
      const m = w(tick.day);
      const t = frame.rect(m, m + 1, g.tickRow.start, g.tickRow.start + 6);
      const text = i === 1 && crowded ? '' : c.tickLabel(tick, i === 0);
      // A label goes after its tick, but the track clips at the view's end: a tick near it (age 25 when the whole
      // pathway is shown, age 30 a few months before the end of a 30-year-old's first view) had its label cut off, or
      // drawn wholly outside, so it goes before its tick instead.
      const s = m - offset;
      const atEnd = vertical ? s + TICK_LABEL_LINE > L : s + 3 + text.length * TICK_LABEL_CHAR > L;
      const at = vertical
        ? frame.point(atEnd ? m - 4 : m + 12, g.tickTextAt)
        : frame.point(atEnd ? m - 3 : m + 3, g.tickRow.end - 4);
      return svg`<rect class="tick" x=${t.x} y=${t.y} width=${t.width} height=${t.height}></rect><text class="axis-text" text-anchor=${!vertical && atEnd ? 'end' : nothing} x=${at.x} y=${at.y}>${text}</text>`;
    },
  );
  for (const t of c.model.transitions) {
    const m = w(t.day);
    if (!visible(m, m)) continue;
    const r = frame.rect(m - 1, m + 1, g.milestoneLane.start, g.cross);
    world.push(
      svg`<rect class="transition-line ${t.fragile ? 'fragile' : ''}" x=${r.x} y=${r.y} width=${r.width} height=${r.height}></rect>`,
    );
  }
  const todayM = w(c.model.todayDay);
  // Its label goes over the markers, not under them: a marker of the last lane drawn near today hid it.
  let todayLabel: SVGTemplateResult | typeof nothing = nothing;
  if (visible(todayM, todayM)) {
    const r = frame.rect(todayM - 1, todayM + 1, g.milestoneLane.start - 6, g.cross);
    // After the line across the page and above it down the page, unless that runs past the view's edge and is cut off:
    // today a month from the end of the view (the first view of anyone past 25) drew the whole label past it.
    const s = todayM - offset;
    const flip = vertical ? s < TODAY_LABEL_LINE : s + 4 + c.todayLabel.length * TODAY_LABEL_CHAR > L;
    const at = vertical
      ? frame.point(flip ? todayM + TODAY_LABEL_LINE : todayM - 4, g.cross - 4)
      : frame.point(flip ? todayM - 4 : todayM + 4, g.cross - 6);
    world.push(svg`<rect class="today" x=${r.x} y=${r.y} width=${r.width} height=${r.height}></rect>`);
    todayLabel = svg`<text class="today-text" text-anchor=${vertical || flip ? 'end' : 'start'} x=${at.x} y=${at.y}>${c.todayLabel}</text>`;
  }

  // Labels that stay readable at the edge of the view: screen coordinates.
  const sticky: SVGTemplateResult[] = [];
  for (const p of c.model.phases) {
    const s0 = w(p.fromDay) - offset;
    const s1 = w(p.toDay + 1) - offset;
    if (s1 <= 0 || s0 >= L) continue;
    const label = c.phaseLabel(p.phase);
    if (Math.min(s1, L) - Math.max(s0, 0) <= label.length * 7 + 8) continue;
    const at = frame.point(Math.max(s0, 0) + 4, vertical ? g.phaseRow.start + 6 : g.phaseRow.end - 8);
    sticky.push(svg`<text class="axis-text strong ${vertical ? 'v-text' : ''}" x=${at.x} y=${at.y}>${label}</text>`);
  }
  for (const yg of c.model.yearGroups) {
    const s0 = w(yg.fromDay) - offset;
    const s1 = w(yg.toDay + 1) - offset;
    if (s1 <= 0 || s0 >= L) continue;
    const label = c.yearLabel(yg.code);
    // Across the time axis when it runs down the page, so a label needs its line's height there, not its width: sized
    // by width, "Y10" to "Y13" (and "B10" to "B13") were left off the narrow chart, which still had room for them.
    const needs = vertical ? YEAR_LABEL_LINE : label.length * 7 + 4;
    if (Math.min(s1, L) - Math.max(s0, 0) <= needs) continue;
    const mid = (Math.max(s0, 0) + Math.min(s1, L)) / 2;
    const at = vertical ? frame.point(mid + 4, g.yearTextAt) : frame.point(mid, g.yearRow.end - 6);
    sticky.push(
      svg`<text class="axis-text" text-anchor=${vertical ? 'start' : 'middle'} x=${round(at.x)} y=${round(at.y)}>${label}</text>`,
    );
  }
  const laneRules = [g.milestoneLane, ...g.lanes.map((l) => l.band)].map((b) => {
    const r = frame.rect(0, L, b.start, b.start + 1);
    return svg`<rect class="lane-rule" x=${r.x} y=${r.y} width=${r.width} height=${r.height}></rect>`;
  });
  // Vertical lanes are named by the heads above the chart (HTML, which wraps), not in their narrow columns.
  const laneLabels = vertical
    ? nothing
    : g.lanes.map((l) => svg`<text class="lane-label" x="4" y=${l.labelAt}>${c.laneLabel(l.strand)}</text>`);

  return svg`<svg width=${width} height=${height} viewBox="0 0 ${width} ${height}" focusable="false">
    <g transform=${translate}>
      <g aria-hidden="true">${world}${tickMarks}</g>
    </g>
    <g aria-hidden="true">${sticky}${laneRules}${laneLabels}</g>
    <g transform=${translate}>${repeat(
      c.items,
      (it) => it.key,
      (it) => renderItem(g, c, it, w, offset),
    )}</g>
    <g transform=${translate} aria-hidden="true">${todayLabel}</g>
  </svg>`;
}

/** `start`: where the view starts, in world coordinates. */
function renderItem(
  g: TrackGeometry,
  c: TrackContent,
  it: TrackItem,
  w: (day: number) => number,
  start: number,
): SVGTemplateResult {
  const { frame } = g;
  let m = w(it.day);
  const tab = it.key === c.tabKey ? 0 : -1;
  const label = c.label(it);
  const at = (cross: number) => {
    const p = frame.point(m, cross);
    return `translate(${p.x} ${p.y})`;
  };
  if (it.type === 'transition') {
    const fl = it.transition.flag;
    return svg`<g class="item transition fl-${fl}" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key} transform=${at(g.transitionAt)}>
      <circle class="hit" r="12"></circle>
      <circle class="mark" r="9"></circle>
      <text class="flag-text" text-anchor="middle" y="4" aria-hidden="true">${it.transition.fragile ? '!' : (TRANSITION_GLYPH[fl] ?? '›')}</text>
    </g>`;
  }
  if (it.type === 'milestone') {
    const ms = it.milestone;
    const win = frame.rect(w(ms.fromDay) - m, w(ms.byDay + 1) - m, -1.5, 1.5);
    // The state is not told by colour alone: upcoming is hollow, due is filled, done, overdue and past carry a glyph.
    const glyph = MILESTONE_GLYPH[ms.state];
    return svg`<g class="item milestone st-${ms.state}" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key} transform=${at(g.milestoneAt)}>
      <rect class="mark" x=${win.x} y=${win.y} width=${win.width} height=${win.height}></rect>
      <circle class="hit" r="12"></circle>
      <path class="mark" d="M0 -9L9 0L0 9L-9 0Z"></path>
      ${glyph ? svg`<text class="flag-text state-text" text-anchor="middle" y="4" aria-hidden="true">${glyph}</text>` : nothing}
    </g>`;
  }
  const lane = g.lanes.find((l) => l.strand === it.lane);
  if (!lane) return svg``;
  if (it.type === 'cluster') {
    const n = it.entries.length;
    const r = n >= 100 ? 13 : n >= 10 ? 11 : 9;
    return svg`<g class="item cluster" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key} transform=${at(lane.pointAt)}>
      <circle class="hit" r=${Math.max(12, r + 3)}></circle>
      <circle class="mark" r=${r}></circle>
      <text class="cluster-text" text-anchor="middle" y="4">${n > 999 ? '999+' : n}</text>
    </g>`;
  }
  if (it.type === 'more') {
    // A pill, not a circle: "+2" is told from a cluster's "2" by its shape as well as its sign. The whole count is
    // shown, as the label says it (what is seen is part of what is heard), so the pill widens with it.
    const n = it.entries.length;
    const half = 6 + 3.5 * String(n).length;
    const hit = Math.max(13, half + 2);
    // Its episodes have no bars: drawn only where the first began, it left the view with them still running, and a
    // lane zoomed into this term showed three bars of five. It stays at the view's edge until the last of them ends.
    m = round(Math.min(Math.max(m, start + hit), w(it.end + 1)));
    return svg`<g class="item more" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key} transform=${at(lane.pointAt)}>
      <circle class="hit" r=${hit}></circle>
      <rect class="mark" x=${-half} y="-8" width=${2 * half} height="16" rx="8"></rect>
      <text class="cluster-text" text-anchor="middle" y="4">+${n}</text>
    </g>`;
  }
  const e = it.entry;
  const strand = e.event.strand;
  let bar: SVGTemplateResult | typeof nothing = nothing;
  if (it.span) {
    const cr = lane.rowAt(it.row) - lane.pointAt;
    const b = frame.rect(0, Math.max(2, w(it.end + 1) - m), cr, cr + g.bar);
    bar = svg`<rect class="span-bar s-${strand} ${e.ongoing ? 'ongoing' : ''}" x=${b.x} y=${b.y} width=${b.width} height=${b.height}></rect>`;
  }
  return svg`<g class="item event" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key} transform=${at(lane.pointAt)}>
    ${bar}
    <circle class="hit" r="12"></circle>
    ${marker(e.event.kind, strand)}
  </g>`;
}

/** Marker shapes by kind, so colour is never the only cue. Geometry is static markup; only the class is bound. */
function marker(kind: string, strand: string): SVGTemplateResult {
  const cls = `mark s-${strand} k-${kind}`;
  switch (kind) {
    case 'handover':
      return svg`<rect class=${cls} x="-6" y="-6" width="12" height="12"></rect>`;
    case 'assessment':
    case 'milestone':
      return svg`<path class=${cls} d="M0 -7.5L7.5 0L0 7.5L-7.5 0Z"></path>`;
    case 'attendance':
      return svg`<circle class=${cls} r="5"></circle>`;
    case 'note':
      return svg`<path class=${cls} d="M0 -7L7 5.6L-7 5.6Z"></path>`;
    default:
      return svg`<circle class=${cls} r="6"></circle>`;
  }
}

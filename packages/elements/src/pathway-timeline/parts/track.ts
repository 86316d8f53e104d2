/**
 * Draws the graphical track as SVG. Every position is an SVG attribute (x, y, width, d), never a style,
 * so the chart works under a strict Content-Security-Policy. Decorative layers are hidden from assistive
 * technology; each item is a focusable button with a full text label (roving tabindex, one tab stop).
 */
import { svg, nothing, type SVGTemplateResult } from 'lit';
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
  /** Size of the drawing across the time axis. */
  cross: number;
  phaseRow: Band;
  yearRow: Band;
  tickRow: Band;
  milestoneLane: Band;
  lanes: ReadonlyArray<{ strand: Strand; band: Band; pointAt: number; rowAt: (row: number) => number }>;
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
  tickLabel(tick: Tick): string;
  laneLabel(strand: Strand): string;
  todayLabel: string;
}

const R = 6;

export function renderTrack(g: TrackGeometry, c: TrackContent): SVGTemplateResult {
  const { frame, scale } = g;
  const vertical = frame.orientation === 'vertical';
  const L = scale.length;
  const clip = (v: number) => Math.max(-2, Math.min(L + 2, v));
  const width = vertical ? g.cross : L;
  const height = vertical ? L : g.cross;

  const bands = c.model.phases.map((p, i) => {
    const m0 = clip(scale.pos(p.fromDay));
    const m1 = clip(scale.pos(p.toDay + 1));
    if (m1 <= 0 || m0 >= L) return nothing;
    const rect = frame.rect(m0, m1, 0, g.cross);
    const gl = frame.rect(m0, m0 + 1, 0, g.cross);
    const label = c.phaseLabel(p.phase);
    const room = m1 - Math.max(m0, 0);
    const fits = room > label.length * 7 + 8;
    const at = frame.point(Math.max(m0, 0) + 4, vertical ? g.phaseRow.start + 6 : g.phaseRow.end - 8);
    return svg`<rect class="band ${i % 2 ? 'even' : ''}" x=${rect.x} y=${rect.y} width=${rect.width} height=${rect.height}></rect>
      <rect class="gridline" x=${gl.x} y=${gl.y} width=${gl.width} height=${gl.height}></rect>
      ${fits ? svg`<text class="axis-text strong ${vertical ? 'v-text' : ''}" x=${at.x} y=${at.y}>${label}</text>` : nothing}`;
  });

  const years = c.model.yearGroups.map((yg) => {
    const m0 = scale.pos(yg.fromDay);
    const m1 = scale.pos(yg.toDay + 1);
    if (m1 <= 0 || m0 >= L) return nothing;
    const t = frame.rect(clip(m0), clip(m0) + 1, g.yearRow.start, g.yearRow.end);
    const label = c.yearLabel(yg.code);
    const mid = (Math.max(m0, 0) + Math.min(m1, L)) / 2;
    const fits = Math.min(m1, L) - Math.max(m0, 0) > label.length * 7 + 4;
    const at = vertical ? frame.point(mid + 4, g.yearRow.start + 4) : frame.point(mid, g.yearRow.end - 6);
    return svg`<rect class="tick" x=${t.x} y=${t.y} width=${t.width} height=${t.height}></rect>
      ${fits ? svg`<text class="axis-text" text-anchor=${vertical ? 'start' : 'middle'} x=${at.x} y=${at.y}>${label}</text>` : nothing}`;
  });

  const ticks = c.ticks.map((tick) => {
    const m = scale.pos(tick.day);
    const t = frame.rect(m, m + 1, g.tickRow.start, g.tickRow.start + 6);
    const at = vertical ? frame.point(m + 4, g.tickRow.start + 8) : frame.point(m + 3, g.tickRow.end - 4);
    return svg`<rect class="tick" x=${t.x} y=${t.y} width=${t.width} height=${t.height}></rect>
      <text class="axis-text" x=${at.x} y=${at.y}>${c.tickLabel(tick)}</text>`;
  });

  const laneRules = [g.milestoneLane, ...g.lanes.map((l) => l.band)].map((b) => {
    const r = frame.rect(0, L, b.start, b.start + 1);
    return svg`<rect class="lane-rule" x=${r.x} y=${r.y} width=${r.width} height=${r.height}></rect>`;
  });
  const laneLabels = vertical
    ? nothing
    : g.lanes.map((l) => svg`<text class="lane-label" x="4" y=${l.band.start + 11}>${c.laneLabel(l.strand)}</text>`);

  const todayM = scale.pos(c.model.todayDay);
  const today =
    todayM >= 0 && todayM <= L
      ? (() => {
          const r = frame.rect(todayM - 1, todayM + 1, g.milestoneLane.start - 6, g.cross);
          const at = vertical ? frame.point(todayM - 4, g.cross - 4) : frame.point(todayM + 4, g.milestoneLane.start - 2);
          return svg`<rect class="today" x=${r.x} y=${r.y} width=${r.width} height=${r.height}></rect>
            <text class="today-text" text-anchor=${vertical ? 'end' : 'start'} x=${at.x} y=${at.y}>${c.todayLabel}</text>`;
        })()
      : nothing;

  const transitionLines = c.items.map((it) => {
    if (it.type !== 'transition') return nothing;
    const m = scale.pos(it.day);
    const r = frame.rect(m - 1, m + 1, g.milestoneLane.start, g.cross);
    return svg`<rect class="transition-line ${it.transition.fragile ? 'fragile' : ''}" x=${r.x} y=${r.y} width=${r.width} height=${r.height}></rect>`;
  });

  return svg`<svg width=${width} height=${height} viewBox="0 0 ${width} ${height}" focusable="false">
    <g aria-hidden="true">${bands}${years}${ticks}${laneRules}${laneLabels}${transitionLines}${today}</g>
    <g>${c.items.map((it) => renderItem(g, c, it))}</g>
  </svg>`;
}

function renderItem(g: TrackGeometry, c: TrackContent, it: TrackItem): SVGTemplateResult {
  const { frame, scale } = g;
  const m = scale.pos(it.day);
  const tab = it.key === c.tabKey ? 0 : -1;
  const label = c.label(it);
  if (it.type === 'transition') {
    const p = frame.point(m, g.milestoneLane.start + 14);
    const fl = it.transition.flag;
    return svg`<g class="item transition fl-${fl}" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key}>
      <circle class="hit" cx=${p.x} cy=${p.y} r="12"></circle>
      <circle class="halo" cx=${p.x} cy=${p.y} r="12"></circle>
      <circle class="mark" cx=${p.x} cy=${p.y} r="9"></circle>
      <text class="flag-text" text-anchor="middle" x=${p.x} y=${p.y + 4} aria-hidden="true">${it.transition.fragile ? '!' : fl === 'ok' ? '✓' : '›'}</text>
    </g>`;
  }
  if (it.type === 'milestone') {
    const c0 = g.milestoneLane.start + (frame.orientation === 'vertical' ? 34 : 38);
    const p = frame.point(m, c0);
    const win = frame.rect(scale.pos(it.milestone.fromDay), scale.pos(it.milestone.byDay + 1), c0 - 1.5, c0 + 1.5);
    return svg`<g class="item milestone st-${it.milestone.state}" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key}>
      <rect class="mark" x=${win.x} y=${win.y} width=${Math.max(win.width, 0)} height=${Math.max(win.height, 0)}></rect>
      <circle class="hit" cx=${p.x} cy=${p.y} r="12"></circle>
      <circle class="halo" cx=${p.x} cy=${p.y} r="11"></circle>
      <path class="mark" d=${diamond(p.x, p.y, 8)}></path>
    </g>`;
  }
  const lane = g.lanes.find((l) => l.strand === it.lane);
  if (!lane) return svg``;
  const p = frame.point(m, lane.pointAt);
  if (it.type === 'cluster') {
    const n = it.entries.length;
    const r = n >= 100 ? 13 : n >= 10 ? 11 : 9;
    return svg`<g class="item cluster" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key}>
      <circle class="hit" cx=${p.x} cy=${p.y} r="12"></circle>
      <circle class="halo" cx=${p.x} cy=${p.y} r=${r + 3}></circle>
      <circle class="mark" cx=${p.x} cy=${p.y} r=${r}></circle>
      <text class="cluster-text" text-anchor="middle" x=${p.x} y=${p.y + 4}>${n > 999 ? '999+' : n}</text>
    </g>`;
  }
  const e = it.entry;
  const kind = e.event.kind;
  const strand = e.event.strand;
  const bar = it.span
    ? (() => {
        const cr = lane.rowAt(it.row);
        const b = frame.rect(Math.max(m, -4), Math.min(scale.pos(it.end + 1), scale.length + 4), cr, cr + g.bar);
        return svg`<rect class="span-bar s-${strand} ${e.ongoing ? 'ongoing' : ''}" x=${b.x} y=${b.y} width=${Math.max(b.width, 2)} height=${Math.max(b.height, 2)}></rect>`;
      })()
    : nothing;
  return svg`<g class="item event" role="button" tabindex=${tab} aria-label=${label} data-key=${it.key}>
    ${bar}
    <circle class="hit" cx=${p.x} cy=${p.y} r="12"></circle>
    <circle class="halo" cx=${p.x} cy=${p.y} r="10"></circle>
    ${marker(kind, strand, p.x, p.y)}
  </g>`;
}

function marker(kind: string, strand: string, x: number, y: number): SVGTemplateResult {
  const cls = `mark s-${strand} k-${kind}`;
  switch (kind) {
    case 'handover':
      return svg`<rect class=${cls} x=${x - R} y=${y - R} width=${R * 2} height=${R * 2}></rect>`;
    case 'assessment':
    case 'milestone':
      return svg`<path class=${cls} d=${diamond(x, y, R + 1.5)}></path>`;
    case 'attendance':
      return svg`<circle class=${cls} cx=${x} cy=${y} r=${R - 1}></circle>`;
    case 'note':
      return svg`<path class=${cls} d=${triangle(x, y, R + 1)}></path>`;
    default:
      return svg`<circle class=${cls} cx=${x} cy=${y} r=${R}></circle>`;
  }
}

function diamond(x: number, y: number, r: number): string {
  return `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z`;
}
function triangle(x: number, y: number, r: number): string {
  return `M${x} ${y - r}L${x + r} ${y + r * 0.8}L${x - r} ${y + r * 0.8}Z`;
}

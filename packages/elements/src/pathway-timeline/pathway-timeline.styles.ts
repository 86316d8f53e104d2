import { css } from 'lit';

/**
 * Styles of `<c2c-pathway-timeline>`. The host is a size container: the track runs left to right on wide
 * containers and top to bottom on narrow ones. The element reads `--_layout` to lay the chart out the same
 * way, so the container query is the single source of truth for the layout.
 */
export const styles = css`
  :host {
    display: block;
    container: c2c-timeline / inline-size;
    --_strand-safe: var(--c2c-timeline-strand-safe, #1d70b8);
    --_strand-healthy: var(--c2c-timeline-strand-healthy, #00703c);
    --_strand-achieving: var(--c2c-timeline-strand-achieving, #6f2c91);
    --_strand-relationships: var(--c2c-timeline-strand-relationships, #b4481a);
    --_phase-odd: var(--c2c-timeline-phase-odd, #f3f2f1);
    --_phase-even: var(--c2c-timeline-phase-even, #ffffff);
    --_today: var(--c2c-timeline-today, #d4351c);
    --_flag: var(--c2c-timeline-flag, #b4481a);
    --_flag-ok: var(--c2c-timeline-flag-ok, var(--_success));
    --_milestone: var(--c2c-timeline-milestone, #0b0c0c);
    --_track-height: var(--c2c-timeline-track-height, 34rem);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    --_layout: horizontal;
    /*
     * Titles, names and service names are recorded elsewhere and can hold a long unbroken reference or web address:
     * they wrap, so a phone (or a page at 400%) never scrolls sideways to read one.
     */
    overflow-wrap: anywhere;
  }
  @container c2c-timeline (max-width: 39.99rem) {
    .base {
      --_layout: vertical;
      /* The width of the axis columns (VERTICAL_AXES in pathway-timeline.ts reads it), which the lane heads' first
         column matches. */
      --_axis: 130px;
    }
    /* Sized by the container query itself, so the first measurement is already the vertical one. */
    .track {
      height: var(--_track-height);
      touch-action: pan-x;
    }
  }
  /* A narrower axis leaves the lanes room down to 240px (a phone in a narrow column, 400% zoom in a side panel):
     with the full one, four lanes needed about 290px and the last was cut off. */
  @container c2c-timeline (max-width: 19.99rem) {
    .base {
      --_axis: 104px;
    }
  }

  h2,
  h3,
  h4 {
    margin: 0 0 var(--_space-2);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.5rem;
  }
  h3 {
    font-size: 1.25rem;
  }
  h4 {
    font-size: 1.1rem;
  }
  .muted {
    color: var(--_muted);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_space-1) var(--_space-3);
    margin-bottom: var(--_space-2);
  }
  .header p {
    margin: 0;
  }
  .alerts {
    border-left: 5px solid var(--_flag);
    padding: var(--_space-2) var(--_space-3);
    margin: 0 0 var(--_space-3);
    background: var(--_surface);
  }
  .alerts ul {
    margin: var(--_space-1) 0 0;
    padding-left: var(--_space-4);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2) var(--_space-4);
    align-items: flex-end;
    margin-bottom: var(--_space-2);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0;
    margin-bottom: var(--_space-1);
  }
  .filters .options,
  .zoom .options {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-1) var(--_space-3);
  }
  .filters .withheld {
    margin: var(--_space-1) 0 0;
  }
  .filters label {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-2);
    min-height: var(--_target);
    cursor: pointer;
  }
  .filters input,
  .swatch {
    /* A label that wraps (Welsh, a phone, wider text spacing) must not squeeze the box below 24px (WCAG 2.5.8). */
    flex: none;
  }
  .filters input {
    width: 1.5rem;
    height: 1.5rem;
    min-height: 0;
    margin: 0;
    accent-color: var(--_text);
  }
  .swatch {
    display: inline-block;
    width: 0.9rem;
    height: 0.9rem;
    border-radius: 50%;
  }
  .sw-safe {
    background: var(--_strand-safe);
  }
  .sw-healthy {
    background: var(--_strand-healthy);
  }
  .sw-achieving {
    background: var(--_strand-achieving);
  }
  .sw-relationships {
    background: var(--_strand-relationships);
  }
  .zoom button {
    padding: var(--_space-1) var(--_space-2);
  }
  .range {
    margin: 0 0 var(--_space-1);
    font-size: 0.9rem;
  }

  /* The lanes' names above the vertical chart, whose columns are too narrow to hold them: one grid column per lane.
     The first is as wide as the chart's axis columns (--_axis); the lanes share the rest equally, as the chart's
     lanes do, however narrow. Names run down the page, as the phase names beside them do, and wrap. */
  .lane-heads {
    display: grid;
    grid-template-columns: var(--_axis, 130px);
    grid-auto-flow: column;
    grid-auto-columns: minmax(0, 1fr);
    border: 1px solid var(--_border);
    border-bottom: 0;
    background: var(--_bg);
    overflow: hidden;
  }
  .lane-head {
    display: flex;
    min-width: 0;
    padding: var(--_space-1) 2px;
    border-left: 1px solid var(--_border);
  }
  .lane-head.axis {
    border-left: 0;
  }
  .lane-head .name {
    writing-mode: vertical-rl;
    max-inline-size: 10rem;
    font-size: 0.75rem;
    line-height: 1.15;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  /* The compact axis leaves columns of 33px at 240px, which hold two lines of a name: longer lines keep the longest
     (the Welsh of "Safe and supported: nothing recorded") to two. */
  @container c2c-timeline (max-width: 19.99rem) {
    .lane-head .name {
      max-inline-size: 13rem;
    }
  }

  .track {
    position: relative;
    overflow: hidden;
    border: 1px solid var(--_border);
    background: var(--_bg);
    touch-action: pan-y;
    user-select: none;
    -webkit-user-select: none;
    cursor: grab;
  }
  .track.dragging {
    cursor: grabbing;
  }
  .track:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_focus-text);
    background-color: var(--_bg);
  }
  .track svg {
    display: block;
    overflow: visible;
  }
  .help {
    font-size: 0.875rem;
    margin: var(--_space-1) 0 var(--_space-3);
  }

  /* SVG drawing: colours and strokes come from classes, positions from attributes (no inline styles). */
  .band {
    fill: var(--_phase-odd);
  }
  .band.even {
    fill: var(--_phase-even);
  }
  .axis-text {
    font-size: 12px;
    fill: var(--_text);
  }
  .axis-text.strong {
    font-weight: 700;
  }
  .v-text {
    writing-mode: vertical-rl;
  }
  .tick {
    fill: var(--_border);
  }
  .gridline {
    fill: var(--_border);
    opacity: 0.6;
  }
  .lane-rule {
    fill: var(--_border);
    opacity: 0.5;
  }
  .lane-label,
  .axis-text,
  .today-text {
    /* A halo in the background colour keeps labels readable over bars, bands and markers. */
    paint-order: stroke;
    stroke: var(--_bg);
    stroke-width: 3px;
    stroke-linejoin: round;
  }
  .lane-label {
    font-size: 11px;
    fill: var(--_muted);
  }
  .today {
    fill: var(--_today);
  }
  .today-text {
    font-size: 11px;
    font-weight: 700;
    fill: var(--_today);
    /* Drawn over the markers: a click on a marker under it still reaches the marker. */
    pointer-events: none;
  }
  .item {
    cursor: pointer;
    outline: none;
  }
  .item .hit {
    fill: transparent;
  }
  /* The hit area doubles as the focus halo: one element fewer per item. */
  .item:focus-visible .hit,
  .item:focus .hit {
    fill: var(--_focus);
    stroke: var(--_focus-text);
    stroke-width: 3;
  }
  .item:hover .mark {
    stroke: var(--_text);
    stroke-width: 2;
  }
  .mark {
    stroke: var(--_bg);
    stroke-width: 1.5;
  }
  .s-safe {
    fill: var(--_strand-safe);
  }
  .s-healthy {
    fill: var(--_strand-healthy);
  }
  .s-achieving {
    fill: var(--_strand-achieving);
  }
  .s-relationships {
    fill: var(--_strand-relationships);
  }
  .mark.k-attendance {
    fill: var(--_bg);
    stroke-width: 3;
  }
  .mark.k-attendance.s-safe,
  .span-bar.ongoing.s-safe {
    stroke: var(--_strand-safe);
  }
  .mark.k-attendance.s-healthy,
  .span-bar.ongoing.s-healthy {
    stroke: var(--_strand-healthy);
  }
  .mark.k-attendance.s-achieving,
  .span-bar.ongoing.s-achieving {
    stroke: var(--_strand-achieving);
  }
  .mark.k-attendance.s-relationships,
  .span-bar.ongoing.s-relationships {
    stroke: var(--_strand-relationships);
  }
  .span-bar {
    opacity: 0.75;
  }
  /* Paler inside, so support that continues stands apart from support that ended, but edged in the strand's own
     colour, dashed as it has no end yet: a bar that was only pale had under 3:1 against the track (WCAG 1.4.11), and
     was told apart by lightness alone. */
  .span-bar.ongoing {
    opacity: 1;
    fill-opacity: 0.45;
    stroke-width: 1.5;
    stroke-dasharray: 4 2;
  }
  /* An episode's marker can be out of view while its bar crosses it: the bar shows the focus too
     (after the strand colours, which it overrides). */
  .item:focus-visible .span-bar,
  .item:focus .span-bar {
    fill: var(--_focus);
    fill-opacity: 1;
    opacity: 1;
    stroke: var(--_focus-text);
    stroke-width: 2;
    stroke-dasharray: none;
  }
  .cluster .mark,
  .more .mark {
    fill: var(--_text);
  }
  .cluster-text {
    font-size: 11px;
    font-weight: 700;
    fill: var(--_bg);
    pointer-events: none;
  }
  .milestone .mark {
    fill: var(--_milestone);
  }
  .milestone.st-upcoming .mark {
    fill: var(--_bg);
    stroke: var(--_milestone);
    stroke-width: 2;
  }
  .milestone.st-due .mark {
    fill: var(--_warning);
    stroke: var(--_text);
  }
  .milestone.st-overdue .mark {
    fill: var(--_error);
  }
  .milestone.st-done .mark {
    fill: var(--_success);
  }
  /* Time passed with nothing recorded: history, not an alarm. Hollow and grey, with a dash (see MILESTONE_GLYPH). */
  .milestone.st-past .mark {
    fill: var(--_bg);
    stroke: var(--_muted);
    stroke-width: 2;
  }
  .milestone.st-past .state-text {
    fill: var(--_muted);
  }
  .transition .mark {
    fill: var(--_muted);
  }
  .transition.fl-ok .mark {
    fill: var(--_flag-ok);
  }
  .transition.fl-missing .mark,
  .transition.fl-unacknowledged .mark {
    fill: var(--_flag);
  }
  .transition-line {
    fill: var(--_muted);
    opacity: 0.5;
  }
  .transition-line.fragile {
    fill: var(--_flag);
    opacity: 0.9;
  }
  .flag-text.state-text {
    font-size: 11px;
  }
  .flag-text {
    font-size: 12px;
    font-weight: 700;
    fill: #fff;
    pointer-events: none;
  }

  /* The list: the same data, what screen readers navigate. */
  .list {
    margin-top: var(--_space-4);
  }
  ol.phases,
  ol.entries {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ol.phases > li {
    border-top: 1px solid var(--_border);
    padding: var(--_space-3) 0;
  }
  .phase-meta {
    margin: 0 0 var(--_space-2);
  }
  details > summary {
    cursor: pointer;
    color: var(--_link);
    text-decoration: underline;
    min-height: var(--_target);
    display: list-item;
    padding-block: var(--_space-2);
  }
  ol.entries > li {
    border-left: 4px solid var(--_border);
    padding: var(--_space-1) var(--_space-3);
    margin: var(--_space-2) 0;
  }
  ol.entries > li.s-safe {
    border-left-color: var(--_strand-safe);
  }
  ol.entries > li.s-healthy {
    border-left-color: var(--_strand-healthy);
  }
  ol.entries > li.s-achieving {
    border-left-color: var(--_strand-achieving);
  }
  ol.entries > li.s-relationships {
    border-left-color: var(--_strand-relationships);
  }
  ol.entries > li.fragile {
    border-left: 6px solid var(--_flag);
  }
  .entry {
    display: block;
    width: 100%;
    text-align: left;
    background: none;
    box-shadow: none;
    color: var(--_text);
    padding: var(--_space-1) 0;
    border: 0;
    min-height: var(--_target);
  }
  .entry .title {
    color: var(--_link);
    text-decoration: underline;
    font-weight: 700;
  }
  .entry:focus-visible .title {
    color: var(--_focus-text);
    text-decoration: none;
  }
  .entry .meta {
    display: block;
    color: var(--_muted);
    font-size: 0.9rem;
  }
  .flag {
    display: inline-block;
    font-weight: 700;
    color: var(--_flag);
  }
  .flag.ok {
    color: var(--_success);
  }
  .flag.past {
    color: var(--_muted);
    font-weight: 400;
  }
  .empty,
  .status {
    margin: var(--_space-2) 0;
  }
  .error {
    border: 3px solid var(--_error);
    padding: var(--_space-3);
    margin: var(--_space-2) 0;
  }

  dialog {
    border: 3px solid var(--_text);
    border-radius: var(--_radius);
    padding: var(--_space-4);
    max-width: min(36rem, calc(100vw - 2rem));
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--_font);
    /* Recorded text can hold a long unbroken reference or address: it wraps, so a phone never scrolls sideways. */
    overflow-wrap: anywhere;
  }
  dialog::backdrop {
    background: rgb(11 12 12 / 0.5);
  }
  .more-list {
    list-style: none;
    margin: var(--_space-3) 0;
    padding: 0;
  }
  dialog dl {
    display: grid;
    grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
    gap: var(--_space-1) var(--_space-3);
    margin: var(--_space-3) 0;
  }
  dialog dt {
    font-weight: 700;
  }
  dialog dd {
    margin: 0;
    white-space: pre-line;
  }
  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-2);
    align-items: center;
  }
  .dialog-actions a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target);
  }

  /* Forced colours (Windows High Contrast) would paint every shape of the chart in the background colour, so the
     markers, bars and lines vanished: the chart keeps its own drawing, in system colours. Shapes and glyphs still
     tell kinds and flags apart; lanes tell strands apart. */
  @media (forced-colors: active) {
    .track svg {
      forced-color-adjust: none;
    }
    .band,
    .band.even {
      fill: Canvas;
    }
    .tick,
    .gridline,
    .lane-rule,
    .transition-line {
      fill: GrayText;
      opacity: 1;
    }
    .axis-text,
    .lane-label {
      fill: CanvasText;
      stroke: Canvas;
    }
    .today-text {
      fill: CanvasText;
      stroke: Canvas;
    }
    .today,
    .transition-line.fragile {
      fill: Highlight;
      opacity: 1;
    }
    .mark,
    .mark[class*='s-'],
    .cluster .mark,
    .more .mark,
    .milestone .mark,
    .milestone[class*='st-'] .mark,
    .transition[class*='fl-'] .mark {
      fill: CanvasText;
      stroke: Canvas;
      stroke-width: 1.5;
    }
    .mark.k-attendance[class*='s-'],
    .milestone.st-upcoming .mark,
    .milestone.st-past .mark {
      fill: Canvas;
      stroke: CanvasText;
      stroke-width: 2;
    }
    .milestone.st-past .state-text {
      fill: CanvasText;
    }
    .span-bar,
    .span-bar.ongoing {
      fill: CanvasText;
      opacity: 1;
    }
    .span-bar.ongoing {
      fill: GrayText;
      fill-opacity: 1;
      stroke: CanvasText;
    }
    .flag-text,
    .cluster-text {
      fill: Canvas;
    }
    .item:hover .mark {
      stroke: Highlight;
    }
    .item:focus .hit,
    .item:focus-visible .hit {
      fill: Canvas;
      stroke: Highlight;
      stroke-width: 3;
    }
    .item:focus .span-bar,
    .item:focus-visible .span-bar {
      fill: Highlight;
      stroke: Highlight;
    }
  }

  .listed-strands {
    display: none;
  }
  @media print {
    :host {
      color: #000;
    }
    .listed-strands {
      display: block;
      font-weight: 700;
    }
    /*
     * The chart is drawn to the screen's width and the range it was zoomed to: on paper narrower than the screen it
     * is cut off at the right, and zoomed in it shows a term of the pathway. The list says all of it, so a pathway
     * printed for a meeting is the list.
     */
    .controls,
    .help,
    .zoom,
    .range,
    .track,
    .lane-heads,
    details > summary,
    .more,
    dialog {
      display: none !important;
    }
    .entry {
      min-height: 0;
      padding: 0;
    }
    .entry .title {
      color: #000;
      text-decoration: none;
    }
    ol.phases > li {
      break-inside: auto;
    }
    h4 {
      break-after: avoid;
    }
  }
`;

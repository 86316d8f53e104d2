import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import {
  ageOn,
  yearGroupOn,
  type Pathway,
  type PathwayEvent,
  type Role,
  type Strand,
  type Transition,
} from '@c2c/schema';
import { LocalizeController, type Messages } from '../shared/localize.js';
import { base, focusRing, tokens } from '../shared/theme.js';
import { emit } from '../shared/events.js';
import { styles } from './pathway-timeline.styles.js';
import { strings, type TimelineMessageKey, type TimelinePluralKey } from './strings.js';
import { formatDate, nextUkMidnight, type DateStyle } from './format.js';
import { ukToday } from '../shared/uk-time.js';
import {
  centreOn,
  clampRange,
  dayOf,
  frameFor,
  isoOf,
  overlaps,
  panRange,
  scaleFor,
  ticksFor,
  zoomRange,
  MIN_SPAN_DAYS,
  type DayRange,
  type Orientation,
  type Tick,
} from './layout.js';
import {
  OVER_25,
  STRAND_ORDER as STRANDS,
  buildModel,
  isCalendarDate,
  laneStrands,
  phaseAt,
  receivesStrand,
  type TimelineEntry,
  type TimelineMilestone,
  type TimelineModel,
  type TimelineTransition,
} from './model.js';
import { laneData, trackItems, type LaneData, type TrackItem } from './items.js';
import { renderTrack, type TrackGeometry } from './parts/track.js';

/**
 * The part of an SDK client the timeline uses. `createClient()` from `@c2c/sdk` satisfies it; tests and
 * hosts with their own transport can pass anything of this shape. `me` (who is signed in) is optional: with it,
 * the timeline knows the viewer's role without `user-role`.
 */
export interface PathwayClient {
  pathways: { get(learnerId: string, options?: { signal?: AbortSignal }): Promise<Pathway> };
  me?(options?: { signal?: AbortSignal }): Promise<{ user: { role: Role } }>;
}

/** Detail of `c2c-event-open`. */
export interface EventOpenDetail {
  event: PathwayEvent;
}
/** Detail of `c2c-range-change`: the visible range as ISO dates of its first and last day. */
export interface RangeChangeDetail {
  from: string;
  to: string;
}

/** The list's group for events dated before the date of birth (not a phase: no education happens there). */
const BEFORE_BIRTH = 'before-birth';
/** How much one zoom step (a button, a key) changes the scale. */
const ZOOM_STEP = 2;
/** Events this far outside the view (as a share of the visible span) are still drawn, so a pan shows no gap. */
const MARGIN = 0.15;
const ITEM_GAP_PX = 20;
/**
 * Height of the row at the top of a horizontal lane that holds its label: the label's text and halo (11px type on a
 * 12px baseline) end above it, and the largest marker's hit area (a cluster's, radius 16) starts below it.
 */
const LANE_LABEL_ROW = 14;
/**
 * The vertical layout's axis columns (phases, year groups, ages, milestones) by the width the styles give them
 * (`--_axis`, which the lane heads' first column takes too): 130px, or 104px in a container narrower than 20rem, where
 * the full axis left the four lanes less than their 40px and the last one was cut off below about 290px.
 */
const VERTICAL_AXES = {
  full: { phase: 24, year: 54, tick: 82, end: 130, yearText: 4, tickText: 8, transition: 14, milestone: 34 },
  // Measured in Chromium: "B10" ends 2px short of the ticks, "25" where a transition's marker starts.
  compact: { phase: 16, year: 42, tick: 62, end: 104, yearText: 2, tickText: 7, transition: 11, milestone: 31 },
} as const;
const CHECKED_TRANSITIONS: ReadonlyArray<Exclude<Transition, 'in-year'>> = [
  'ey-to-reception',
  'infant-to-junior',
  'y6-to-y7',
  'y11-to-post16',
];

type LoadState = 'idle' | 'loading' | 'ready' | 'error';
type ListRow =
  /** `continued`: an episode that started in an earlier phase and is still running at this one's start. */
  | { type: 'event'; day: number; entry: TimelineEntry; continued?: boolean }
  | { type: 'milestone'; day: number; milestone: TimelineMilestone }
  | { type: 'transition'; day: number; transition: TimelineTransition };
type Detail =
  | { type: 'event'; entry: TimelineEntry }
  | { type: 'more'; entries: TimelineEntry[] }
  | { type: 'milestone'; milestone: TimelineMilestone }
  | { type: 'transition'; transition: TimelineTransition };

/**
 * A child's journey from birth to early adulthood at a glance: the phases of education as bands with year
 * groups and ages, today, the statutory milestones with their state, transitions flagged where a handover
 * is missing or unacknowledged, and events (handovers, assessments, support episodes, attendance changes,
 * notes) in a lane per strand. A strand the viewer never receives (a parent or carer is not sent `safe`) gets
 * no lane unless the data has events in it; a strand the viewer does receive keeps its lane when empty, saying that
 * nothing is recorded. Zooms from the whole 0-25 years to a single term; pans with mouse, touch
 * and keyboard. The same data is given as an ordered list grouped by phase, which is what screen readers
 * navigate. Loads through an SDK client (`learner-id` + `client`), or draws a `pathway` given directly.
 *
 * @summary Pathway timeline from birth to 25.
 *
 * @slot heading - Replaces the default heading (the learner's name), which is drawn only once a pathway is. A heading given here is shown while loading and after an error too.
 * @slot empty - Replaces the text shown when no events are recorded.
 *
 * @event c2c-event-open - An event's details are opening. Cancelable: call `preventDefault()` to show your own view instead of the built-in dialog. `detail: { event: PathwayEvent }`.
 * @event c2c-range-change - The visible range changed (zoom, pan, or a property). `detail: { from: string; to: string }`, the first and last day shown as ISO dates.
 *
 * @csspart base - The wrapper around everything.
 * @csspart header - The heading and the learner's age and year group.
 * @csspart alerts - The summary of transitions that need attention.
 * @csspart controls - The strand filters and zoom buttons.
 * @csspart filters - The strand checkboxes.
 * @csspart withheld - The line telling staff who are never sent the safe strand that only the DSL sees it.
 * @csspart zoom - The zoom and move buttons.
 * @csspart track - The graphical timeline (SVG).
 * @csspart lane-heads - The lanes' names above the track in the vertical (narrow) layout.
 * @csspart list - The list view grouped by phase.
 * @csspart phase - One phase in the list view.
 * @csspart entry - One entry in the list view.
 * @csspart dialog - The details dialog.
 * @csspart empty - The empty-state text.
 * @csspart error - The error message.
 *
 * @cssprop --c2c-timeline-strand-safe - Colour of the "safe and supported" strand.
 * @cssprop --c2c-timeline-strand-healthy - Colour of the "healthy" strand.
 * @cssprop --c2c-timeline-strand-achieving - Colour of the "achieving" strand.
 * @cssprop --c2c-timeline-strand-relationships - Colour of the "relationships" strand.
 * @cssprop --c2c-timeline-phase-odd - Fill of alternate phase bands.
 * @cssprop --c2c-timeline-phase-even - Fill of the other phase bands.
 * @cssprop --c2c-timeline-today - Colour of the today line.
 * @cssprop --c2c-timeline-flag - Colour of transitions that need attention.
 * @cssprop --c2c-timeline-flag-ok - Colour of transitions whose handover was acknowledged.
 * @cssprop --c2c-timeline-milestone - Colour of milestone markers.
 * @cssprop --c2c-timeline-track-height - Height of the track in the vertical (narrow) layout.
 * @cssprop --c2c-color-focus - Focus colour (from the shared theme).
 */
export class C2cPathwayTimeline extends LitElement {
  static override styles = [tokens, base, focusRing, styles];

  /** The learner whose pathway to load through `client`. */
  @property({ attribute: 'learner-id' }) learnerId = '';

  /** An SDK client (`createClient()` from `@c2c/sdk`), used with `learner-id`. */
  @property({ attribute: false }) client?: PathwayClient;

  /** A pathway to draw without a hub (offline use, previews, tests). Takes precedence over `client`. */
  @property({ attribute: false }) pathway?: Pathway;

  /**
   * Today's date as `YYYY-MM-DD` (default: today in Europe/London, checked again on each redraw, when the page is
   * shown again and at each UK midnight, so a page left open overnight moves on). Set it for deterministic output.
   * A value that is not a date on the calendar (`31/08/2027`, `2027-02-30`) is ignored, as if left out.
   */
  @property() today?: string;

  /** Strands to show; the strand checkboxes change it. Default: all four. */
  @property({ attribute: false }) strands: Strand[] = [...STRANDS];

  /**
   * The viewer's role, which says which strands they can ever receive: only a `dsl` is sent the `safe` strand, so for
   * anyone else it gets no lane, filter or list line unless the data has events in it, and other staff get one line
   * saying that only the DSL sees it. Read from `client.me()` when loading through a client that has it; set it when
   * giving `pathway` directly. Empty: every strand gets a lane; a role this version does not know: no `safe` lane.
   * (Not `role`: that attribute is the element's ARIA role.)
   */
  @property({ attribute: 'user-role' }) userRole: Role | '' = '';

  /** Which transitions are checked for a handover. Default: reception, Year 3, Year 7 and Year 12. */
  @property({ attribute: false }) transitions: ReadonlyArray<Exclude<Transition, 'in-year'>> = CHECKED_TRANSITIONS;

  /** Start of the visible range as `YYYY-MM-DD` (default: the date of birth). */
  @property() from?: string;

  /**
   * End of the visible range as `YYYY-MM-DD` (default: the 25th birthday, or a month past today if that is later).
   * The default range leaves out events dated before birth or after it; zooming out or `showAll()` reaches them.
   */
  @property() to?: string;

  /**
   * A link to a handover, with `{id}` replaced by the handover's id (for example `/handovers/{id}`).
   * Without it, the details dialog offers no link; hosts can still listen for `c2c-event-open`.
   */
  @property({ attribute: 'handover-url' }) handoverUrl = '';

  /**
   * The language the pathway's records are written in (BCP 47), when the host knows it: an event's recorded title,
   * its detail, its service and who recorded it are then marked with it, so a screen reader on a Welsh page reads
   * an English title as English (WCAG 3.1.2). Unset, they take the page's language: the hub keeps no language for a
   * record. The timeline's own words, and titles it gives in the page's language, are never marked.
   */
  @property({ attribute: 'records-lang' }) recordsLang = '';

  /** Entries shown per phase in the list before "Show more". */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  /**
   * Replacement wording per language, for example `{ en: { heading: 'Journey' } }`. Plural messages have a key per
   * form the language uses: `events_one`, `events_other`, and in Welsh also `events_two` and so on.
   */
  @property({ attribute: false }) messages?: Partial<
    Record<'en' | 'cy', Partial<Messages<TimelineMessageKey | TimelinePluralKey>>>
  >;

  @state() private loadState: LoadState = 'idle';
  @state() private loadError = '';
  @state() private loaded?: Pathway;
  /** The role `client.me()` gave with the last load (`userRole` wins over it). */
  @state() private viewerRole?: Role;
  @state() private view?: DayRange;
  // Not reactive: the track's size is measured after the DOM commits, and the redraw it needs is asked for by hand
  // (see update()); a reactive property set then would schedule a second update after each first draw.
  private orientation: Orientation = 'horizontal';
  private trackLength = 0;
  private trackCross = 0;
  /** Which axis the styles give the vertical layout (see VERTICAL_AXES). */
  private axis: keyof typeof VERTICAL_AXES = 'full';
  @state() private openPhases = new Set<string>();
  @state() private pages = new Map<string, number>();
  @state() private detail?: Detail;
  @state() private printing = false;
  @state() private announcement = '';
  @state() private dragging = false;

  @query('.track') private trackEl?: HTMLElement;
  @query('dialog') private dialogEl?: HTMLDialogElement;

  private readonly l = new LocalizeController<TimelineMessageKey>(this, strings, () => this.messages);
  private model?: TimelineModel;
  private modelError = '';
  private lanes: LaneData[] = [];
  private lanesFor?: TimelineModel;
  private lanesKey = '';
  private items: TrackItem[] = [];
  private itemsKey = '';
  private activeKey?: string;
  private opener?: HTMLElement | null;
  private abort?: AbortController;
  private resize?: ResizeObserver;
  private observed?: HTMLElement;
  private frame = 0;
  private pending?: DayRange;
  private lastEmitted = '';
  private readonly pointers = new Map<number, { x: number; y: number }>();
  private gesture?: { startX: number; startY: number; moved: boolean; pinch?: { dist: number } };
  private readonly dateCache = new Map<string, string>();
  private midnight?: ReturnType<typeof setTimeout>;
  private dateCacheLang = '';

  /** The layout in use: `horizontal` on wide containers, `vertical` on narrow ones. */
  get layout(): Orientation {
    return this.orientation;
  }

  /** The visible range as ISO dates, or undefined before a pathway is drawn. */
  get visibleRange(): RangeChangeDetail | undefined {
    return this.view ? reported(this.view) : undefined;
  }

  /** Zooms in one step around the middle of the view. */
  zoomIn(): void {
    this.zoomBy(ZOOM_STEP);
  }

  /** Zooms out one step around the middle of the view. */
  zoomOut(): void {
    this.zoomBy(1 / ZOOM_STEP);
  }

  /** Shows the whole pathway: birth to 25, and any event dated before or after. */
  showAll(): void {
    if (this.model) this.setView(this.model.bounds);
  }

  /** Shows the given range (ISO dates), clamped to the pathway. */
  showRange(from: string, to: string): void {
    if (this.model) this.setView({ from: dayOf(from), to: dayOf(to) + 1 });
  }

  /** Loads the pathway again through the client (after an error, or to pick up new events). */
  reload(): void {
    void this.load();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeprint', this.onBeforePrint);
    window.addEventListener('afterprint', this.onAfterPrint);
    document.addEventListener('visibilitychange', this.onVisible);
    this.armMidnight();
    if (this.hasUpdated) {
      // Moved in the DOM: observe the track again, and finish a load the disconnect cut short.
      if (this.loadState === 'loading') void this.load();
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeprint', this.onBeforePrint);
    window.removeEventListener('afterprint', this.onAfterPrint);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.midnight);
    this.midnight = undefined;
    this.resize?.disconnect();
    this.resize = undefined;
    this.observed = undefined;
    this.abort?.abort();
    cancelFrame(this.frame);
    this.frame = 0;
    if (this.pending) this.view = this.pending;
    this.pending = undefined;
  }

  /** A page in Welsh loads the Welsh messages first (once per page), so it never shows English before Welsh. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.l.whenLoaded(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another learner (or another signed-in client): the last child's pathway must not stay on screen under the
    // new one's name while it loads, nor after its load fails.
    const learnerChanged = !this.pathway && (changed.has('learnerId') || changed.has('client'));
    if (learnerChanged) {
      this.loaded = undefined;
      this.viewerRole = undefined;
      void this.load();
    }
    const source = this.pathway ?? this.loaded;
    // Worked out on every update, not once: a page left open past midnight must not keep showing yesterday.
    const today = this.hostToday ?? ukToday();
    if (
      changed.has('pathway') ||
      learnerChanged ||
      (changed as Map<PropertyKey, unknown>).has('loaded') ||
      changed.has('today') ||
      (this.model && this.model.today !== today) ||
      changed.has('transitions')
    ) {
      const previous = this.model;
      this.model = undefined;
      this.modelError = '';
      if (source) {
        try {
          this.model = buildModel(source, today, { transitions: this.transitions });
        } catch {
          // Say which: a date of birth that is fine points the reader away from it, at the rest of the data.
          this.modelError = this.l.t(
            isCalendarDate((source as { dateOfBirth?: unknown }).dateOfBirth) ? 'unreadablePathway' : 'invalidPathway',
          );
        }
      }
      this.itemsKey = '';
      const sameChild =
        !!previous &&
        !!this.model &&
        previous.learnerId === this.model.learnerId &&
        previous.dateOfBirth === this.model.dateOfBirth;
      // An open dialog shows what it opened on as the new model has it (at UK midnight a milestone due yesterday is
      // overdue today, an ongoing support episode runs a day longer); one whose item is gone, or another child's, closes.
      if (this.detail) {
        const now = sameChild ? currentDetail(this.detail, this.model!) : undefined;
        if (now) this.detail = now;
        else {
          // Emptied in this update, not when the dialog's `close` event comes (a task later): until then the closed
          // dialog still held the last child's details under the new child's name.
          if (this.dialogEl?.open) this.closeDialog();
          this.detail = undefined;
        }
      }
      if (this.model && !sameChild) {
        this.view = undefined;
        const now = this.model.todayDay;
        // The group open now: before birth, for a child not born yet, is where the work so far is listed.
        this.openPhases = new Set([
          now < dayOf(this.model.dateOfBirth)
            ? BEFORE_BIRTH
            : (this.model.phases.find((p) => p.fromDay <= now && now <= p.toDay)?.phase ?? OVER_25),
        ]);
        this.pages = new Map();
        this.activeKey = undefined;
      }
    }
    if (this.model && (!this.view || changed.has('from') || changed.has('to'))) {
      const b = this.model.bounds;
      const first = this.model.lifespan;
      const from =
        this.from && /^\d{4}-\d{2}-\d{2}$/.test(this.from) ? dayOf(this.from) : (this.view?.from ?? first.from);
      const to = this.to && /^\d{4}-\d{2}-\d{2}$/.test(this.to) ? dayOf(this.to) + 1 : (this.view?.to ?? first.to);
      this.view = clampRange({ from, to: Math.max(to, from + 1) }, b);
    }
    if (changed.has('strands') || changed.has('userRole') || (changed as Map<PropertyKey, unknown>).has('viewerRole'))
      this.itemsKey = '';
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const track = this.trackEl ?? undefined;
    if (track === this.observed) return;
    // Measuring in the next frame keeps a layout switch (which resizes the track) out of the observer's loop.
    this.resize ??= new ResizeObserver(() => nextFrame(() => this.measure() && this.requestUpdate()));
    if (this.observed) this.resize.unobserve(this.observed);
    this.observed = track;
    if (!track) return;
    this.resize.observe(track);
    // The chart is drawn to the track's size, known only once the track is in the document: a new track is measured
    // and drawn again within this update, so no frame shows it without its events and no second update follows.
    if (this.measure()) super.update(changed);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('today')) this.armMidnight();
    if (this.view) {
      const range = reported(this.view);
      const key = `${range.from}/${range.to}`;
      if (key !== this.lastEmitted) {
        const first = this.lastEmitted === '';
        this.lastEmitted = key;
        // The first range is the one the host asked for; only changes are news.
        if (!first || changed.has('from') || changed.has('to')) emit(this, 'c2c-range-change', range);
      }
    }
  }

  private async load(): Promise<void> {
    this.abort?.abort();
    if (this.pathway || !this.client || !this.learnerId) {
      this.loadState = 'idle';
      return;
    }
    const abort = (this.abort = new AbortController());
    this.loadState = 'loading';
    this.loadError = '';
    // Said through the live region that is always there: a status element added with its text is not reliably read.
    this.announcement = this.l.t('loading');
    try {
      const client = this.client;
      // Who is viewing decides which strands can have events at all. Asked alongside the pathway (and awaited with
      // it, so a lane is not drawn and then taken away); without it, or when it fails, every strand gets a lane.
      const me =
        !this.userRole && client.me
          ? client.me({ signal: abort.signal }).then(
              (p) => p.user.role,
              () => undefined,
            )
          : undefined;
      const pathway = await client.pathways.get(this.learnerId, { signal: abort.signal });
      const role = await me;
      if (abort.signal.aborted) return;
      this.loaded = pathway;
      this.viewerRole = role;
      this.loadState = 'ready';
      // The loading was said here, so the end of it is too: someone who heard "Loading" is not left waiting.
      this.announcement = this.l.t('loaded');
    } catch (error) {
      if (abort.signal.aborted) return;
      const code = (error as { code?: unknown })?.code;
      this.loadError = typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : 'network_error';
      this.loadState = 'error';
      this.announcement = '';
    }
  }

  /** Reads the track's layout and size; true when they changed and the chart must be drawn again. */
  private measure(): boolean {
    const track = this.trackEl;
    if (!track) return false;
    const base = this.renderRoot.querySelector('.base');
    const layout = base ? getComputedStyle(base).getPropertyValue('--_layout').trim() : '';
    const orientation: Orientation = layout === 'vertical' ? 'vertical' : 'horizontal';
    const axisWidth = base ? parseFloat(getComputedStyle(base).getPropertyValue('--_axis')) : NaN;
    const axis = axisWidth === VERTICAL_AXES.compact.end ? 'compact' : 'full';
    const rect = track.getBoundingClientRect();
    const border = 2;
    const length = Math.max(120, Math.round((orientation === 'vertical' ? rect.height : rect.width) - border));
    const cross = Math.max(0, Math.round((orientation === 'vertical' ? rect.width : rect.height) - border));
    let changed = false;
    if (orientation !== this.orientation || Math.abs(length - this.trackLength) > 0.5) {
      this.orientation = orientation;
      this.trackLength = length;
      this.itemsKey = '';
      changed = true;
    }
    if (orientation === 'vertical' && (Math.abs(cross - this.trackCross) > 0.5 || axis !== this.axis)) {
      this.trackCross = cross;
      this.axis = axis;
      changed = true;
    }
    return changed;
  }

  // ---- range changes -------------------------------------------------------------------------

  private setView(range: DayRange, announce = false): void {
    if (!this.model) return;
    this.pending = undefined;
    this.view = clampRange(range, this.model.bounds);
    // Spoken, so in whole month names: a voice reads "Meh" or "Gorff" as a syllable, not as a month.
    if (announce) this.announcement = this.rangeText('monthLong');
  }

  /** Coalesces pointer and wheel input into at most one update per animation frame. */
  private queueView(range: DayRange): void {
    if (!this.model) return;
    this.pending = clampRange(range, this.model.bounds);
    if (this.frame) return;
    this.frame = nextFrame(() => {
      this.frame = 0;
      if (this.pending) this.view = this.pending;
      this.pending = undefined;
    });
  }

  private get current(): DayRange | undefined {
    return this.pending ?? this.view;
  }

  private zoomBy(factor: number, anchor?: number, announce = true): void {
    const v = this.current;
    if (!v || !this.model) return;
    // At the limit a zoom changes nothing, and a press that changes nothing and says nothing reads as broken.
    const limit = factor > 1 ? this.zoomLimit(v).inner : this.zoomLimit(v).outer;
    if (limit) {
      if (announce) this.say(this.l.t(factor > 1 ? 'zoomInLimit' : 'zoomOutLimit'));
      return;
    }
    this.setView(zoomRange(v, factor, anchor ?? (v.from + v.to) / 2, this.model.bounds), announce);
  }

  /** Whether a range is as narrow (`inner`) or as wide (`outer`) as the timeline zooms. */
  private zoomLimit(v: DayRange): { inner: boolean; outer: boolean } {
    const b = this.model!.bounds;
    const span = v.to - v.from;
    const full = b.to - b.from;
    return { inner: span <= Math.min(MIN_SPAN_DAYS, full) + 1e-6, outer: span >= full - 1e-6 };
  }

  /** Puts a message in the polite status region; the same words again are changed slightly, so they are read again. */
  private say(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private panBy(share: number, announce = true): void {
    const v = this.current;
    if (!v || !this.model) return;
    // As with zooming: at the edge a move changes nothing, and must say so rather than nothing at all (the default
    // view is the whole pathway, where both Earlier and Later are at an edge).
    if (share < 0 ? this.panLimit(v).start : this.panLimit(v).end) {
      if (announce) this.say(this.l.t(share < 0 ? 'earlierLimit' : 'laterLimit'));
      return;
    }
    this.setView(panRange(v, (v.to - v.from) * share, this.model.bounds), announce);
  }

  /** Whether a range starts where the pathway starts, and ends where it ends. */
  private panLimit(v: DayRange): { start: boolean; end: boolean } {
    const b = this.model!.bounds;
    return { start: v.from <= b.from + 1e-6, end: v.to >= b.to - 1e-6 };
  }

  private showToday(): void {
    const v = this.current;
    if (!v || !this.model) return;
    this.setView(centreOn(this.model.todayDay, v.to - v.from, this.model.bounds), true);
  }

  private rangeText(style: DateStyle = 'month'): string {
    if (!this.view) return '';
    const { from, to } = reported(this.view);
    return this.l.t('showing', { from: this.fmt(from, style), to: this.fmt(to, style) });
  }

  // ---- input -----------------------------------------------------------------------------------

  private onTrackKeydown = (e: KeyboardEvent) => {
    // Leave Ctrl/⌘ and Alt combinations to the browser: Ctrl and + is how many people enlarge the page.
    if (!this.model || !this.view || e.ctrlKey || e.metaKey || e.altKey) return;
    const item = this.itemFromEvent(e);
    const k = e.key;
    if (item) {
      if (k === 'ArrowRight' || k === 'ArrowDown') return this.moveFocus(e, item, 1);
      if (k === 'ArrowLeft' || k === 'ArrowUp') return this.moveFocus(e, item, -1);
      if (k === 'Home') return this.moveFocus(e, item, -Infinity);
      if (k === 'End') return this.moveFocus(e, item, Infinity);
      if (k === 'Enter' || k === ' ') {
        e.preventDefault();
        this.activate(item, e.target as HTMLElement);
        return;
      }
    } else {
      const earlier = k === 'ArrowLeft' || k === 'ArrowUp';
      const later = k === 'ArrowRight' || k === 'ArrowDown';
      if (earlier || later) {
        e.preventDefault();
        return this.panBy(earlier ? -0.1 : 0.1);
      }
      if (k === 'Home' || k === 'End') {
        e.preventDefault();
        // Already there: say so, as Earlier and Later do, rather than the same range again (which is not read again).
        if (k === 'Home' ? this.panLimit(this.view).start : this.panLimit(this.view).end)
          return this.say(this.l.t(k === 'Home' ? 'earlierLimit' : 'laterLimit'));
        const span = this.view.to - this.view.from;
        const b = this.model.bounds;
        return this.setView(k === 'Home' ? { from: b.from, to: b.from + span } : { from: b.to - span, to: b.to }, true);
      }
    }
    if (k === 'PageUp' || k === 'PageDown') {
      e.preventDefault();
      this.panBy(k === 'PageUp' ? -0.9 : 0.9);
      if (item) void this.stayOnChart();
      return;
    }
    if (k === '+' || k === '=' || k === '-' || k === '_') {
      e.preventDefault();
      this.zoomBy(k === '+' || k === '=' ? ZOOM_STEP : 1 / ZOOM_STEP, item?.day);
      if (item) void this.keepFocus(item);
      return;
    }
    if (k === '0') {
      e.preventDefault();
      this.setView(this.model.bounds, true);
      if (item) void this.stayOnChart();
    }
  };

  /**
   * A pan or zoom from a focused event can take it out of the view (or into a cluster), and items out of view are
   * not drawn: the focused one goes, and focus with it to the page. Move it to the chart's tab stop instead.
   */
  private async stayOnChart(): Promise<void> {
    await this.updateComplete;
    if (this.renderRoot.contains(this.shadowRoot?.activeElement ?? null)) return;
    (this.itemElement(this.tabKey() ?? '') ?? this.trackEl)?.focus();
  }

  private async moveFocus(e: KeyboardEvent, from: TrackItem, step: number): Promise<void> {
    e.preventDefault();
    const items = this.items;
    const at = items.findIndex((i) => i.key === from.key);
    const index =
      step === Infinity
        ? items.length - 1
        : step === -Infinity
          ? 0
          : Math.min(items.length - 1, Math.max(0, at + step));
    const next = items[index];
    if (!next || !this.view || !this.model) return;
    this.activeKey = next.key;
    // An episode whose bar (or a "+N" that) crosses the view is already in sight: moving to it keeps the view, rather
    // than jumping back years to where it began.
    if (!overlaps(next.day, drawnTo(next), this.view)) {
      this.setView(centreOn(next.day, this.view.to - this.view.from, this.model.bounds));
    } else this.requestUpdate();
    await this.updateComplete;
    this.itemElement(next.key)?.focus();
  }

  /**
   * After a zoom from the keyboard, keeps focus on what was focused: the same item, or the cluster that
   * now holds it, or the first of a cluster's events once they are drawn apart.
   */
  private async keepFocus(was: TrackItem): Promise<void> {
    await this.updateComplete;
    const ids = new Set(
      was.type === 'cluster' || was.type === 'more'
        ? was.entries.map((e) => e.event.id)
        : was.type === 'event'
          ? [was.entry.event.id]
          : [],
    );
    const next =
      this.items.find((i) => i.key === was.key) ??
      this.items.find((i) =>
        i.type === 'cluster' || i.type === 'more'
          ? i.entries.some((e) => ids.has(e.event.id))
          : i.type === 'event' && ids.has(i.entry.event.id),
      );
    if (!next) return;
    this.activeKey = next.key;
    this.requestUpdate();
    await this.updateComplete;
    this.itemElement(next.key)?.focus();
  }

  private itemElement(key: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  }

  private itemFromEvent(e: Event): TrackItem | undefined {
    const el = (e.composedPath() as Element[]).find((n) => n instanceof Element && n.hasAttribute?.('data-key'));
    const key = el?.getAttribute('data-key');
    return key ? this.items.find((i) => i.key === key) : undefined;
  }

  private onTrackClick = (e: MouseEvent) => {
    if (this.gesture?.moved) return;
    const item = this.itemFromEvent(e);
    if (!item) return;
    this.activeKey = item.key;
    this.activate(item, this.itemElement(item.key));
  };

  private onTrackFocusIn = (e: FocusEvent) => {
    const item = this.itemFromEvent(e);
    if (item && item.key !== this.activeKey) {
      this.activeKey = item.key;
      this.requestUpdate();
    }
  };

  private activate(item: TrackItem, opener: HTMLElement | null): void {
    if (item.type === 'cluster') {
      const pad = Math.max(14, (item.end - item.day) * 0.2);
      this.setView({ from: item.day - pad, to: item.end + pad }, true);
      // Focus the first event of the cluster once it is drawn on its own.
      const first = item.entries[0]!;
      this.activeKey = `e:${first.event.id}`;
      void this.updateComplete.then(() => {
        const target = this.itemElement(this.activeKey ?? '') ?? this.itemElement(this.tabKey() ?? '');
        target?.focus();
      });
      return;
    }
    if (item.type === 'event') this.openDetail({ type: 'event', entry: item.entry }, opener);
    else if (item.type === 'more') this.openDetail({ type: 'more', entries: item.entries }, opener);
    else if (item.type === 'milestone') this.openDetail({ type: 'milestone', milestone: item.milestone }, opener);
    else this.openDetail({ type: 'transition', transition: item.transition }, opener);
  }

  private onWheel = (e: WheelEvent) => {
    const v = this.current;
    if (!v || !this.model || !this.trackEl) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      const factor = Math.exp(-e.deltaY * 0.0025);
      this.queueView(zoomRange(v, factor, this.dayAtClient(e.clientX, e.clientY, v), this.model.bounds));
    } else if (e.shiftKey) {
      e.preventDefault();
      const delta = e.deltaX || e.deltaY;
      const k = this.trackLength / (v.to - v.from);
      this.queueView(panRange(v, delta / k, this.model.bounds));
    }
  };

  private dayAtClient(x: number, y: number, v: DayRange): number {
    const rect = this.trackEl!.getBoundingClientRect();
    const offset = this.orientation === 'vertical' ? y - rect.top : x - rect.left;
    return scaleFor(v, this.trackLength).dayAt(offset);
  }

  private onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (this.pointers.size === 1) this.gesture = { startX: e.clientX, startY: e.clientY, moved: false };
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      this.gesture = {
        startX: e.clientX,
        startY: e.clientY,
        moved: true,
        pinch: { dist: Math.hypot(a.x - b.x, a.y - b.y) },
      };
      for (const id of this.pointers.keys()) this.capture(id);
    }
  };

  private onPointerMove = (e: PointerEvent) => {
    const last = this.pointers.get(e.pointerId);
    if (!last || !this.gesture || !this.model) return;
    const v = this.current;
    if (!v) return;
    const next = { x: e.clientX, y: e.clientY };
    this.pointers.set(e.pointerId, next);
    if (this.gesture.pinch && this.pointers.size >= 2) {
      const [a, b] = [...this.pointers.values()] as [{ x: number; y: number }, { x: number; y: number }];
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      if (dist > 0 && this.gesture.pinch.dist > 0) {
        const anchor = this.dayAtClient((a.x + b.x) / 2, (a.y + b.y) / 2, v);
        this.queueView(zoomRange(v, dist / this.gesture.pinch.dist, anchor, this.model.bounds));
        this.gesture.pinch.dist = dist;
      }
      return;
    }
    const moved = Math.hypot(e.clientX - this.gesture.startX, e.clientY - this.gesture.startY);
    if (!this.gesture.moved && moved < 5) return;
    if (!this.gesture.moved) {
      this.gesture.moved = true;
      this.dragging = true;
      // Capture only once it is a drag, so a plain click still reaches the event under the pointer.
      this.capture(e.pointerId);
    }
    const delta = this.orientation === 'vertical' ? next.y - last.y : next.x - last.x;
    const k = this.trackLength / (v.to - v.from);
    this.queueView(panRange(v, -delta / k, this.model.bounds));
  };

  private capture(pointerId: number): void {
    try {
      this.trackEl?.setPointerCapture(pointerId);
    } catch {
      // The pointer already went away (or was synthetic); the drag still works without capture.
    }
  }

  private onPointerUp = (e: PointerEvent) => {
    this.pointers.delete(e.pointerId);
    if (this.pointers.size === 0) {
      this.dragging = false;
      // Let the click that follows a drag see `moved`, then forget the gesture.
      const g = this.gesture;
      setTimeout(() => {
        if (this.gesture === g) this.gesture = undefined;
      }, 0);
    }
  };

  private onFilter = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const strand = input.value as Strand;
    const set = new Set(this.strands);
    if (input.checked) set.add(strand);
    else set.delete(strand);
    this.strands = STRANDS.filter((s) => set.has(s));
  };

  /**
   * The `today` the host set, if it is a date on the calendar; otherwise (left out, `31/08/2027`, `2027-02-30`) the
   * timeline follows the clock, and moves on at midnight and when the page is shown again as if it were left out.
   */
  private get hostToday(): string | undefined {
    return isCalendarDate(this.today) ? this.today : undefined;
  }

  /**
   * A page left on screen with nothing happening gets no redraw, so one timer wakes it when the UK day changes, then
   * waits for the next. A second late, so that a timer firing a little early does not find the old day still there.
   */
  private armMidnight(): void {
    clearTimeout(this.midnight);
    this.midnight = undefined;
    if (!this.isConnected || this.hostToday) return;
    const now = Date.now();
    this.midnight = setTimeout(
      () => {
        this.midnight = undefined;
        this.requestUpdate();
        this.armMidnight();
      },
      nextUkMidnight(new Date(now)) - now + 1000,
    );
  }

  /** A tab shown again, perhaps the next morning: redraw only if the date has changed meanwhile. */
  private onVisible = () => {
    if (!document.hidden && this.model && this.model.today !== ukToday() && !this.hostToday) this.requestUpdate();
  };
  private onBeforePrint = () => {
    this.printing = true;
  };
  private onAfterPrint = () => {
    this.printing = false;
  };

  // ---- details dialog ------------------------------------------------------------------------

  private async openDetail(detail: Detail, opener: HTMLElement | null): Promise<void> {
    const event =
      detail.type === 'event'
        ? detail.entry.event
        : detail.type === 'milestone'
          ? detail.milestone.event
          : detail.type === 'transition'
            ? detail.transition.handover
            : undefined;
    if (event && !emit(this, 'c2c-event-open', { event }, { cancelable: true })) {
      // The host shows it its own way: the "+N" list it was picked from must not stay over that view, modal.
      if (this.dialogEl?.open && this.dialogEl.contains(opener)) this.closeDialog();
      return;
    }
    // An event opened from the dialog's own list: Close goes back to what opened the list, not into the closed dialog.
    if (!this.dialogEl?.open || !this.dialogEl.contains(opener)) this.opener = opener;
    this.detail = detail;
    await this.updateComplete;
    const dialog = this.dialogEl;
    if (!dialog || !this.detail) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('.close')?.focus();
  }

  private closeDialog = () => {
    this.dialogEl?.close();
  };

  private onDialogClose = () => {
    const opener = this.opener;
    this.detail = undefined;
    this.opener = undefined;
    if (opener?.isConnected) opener.focus();
    else if (this.activeKey) void this.updateComplete.then(() => this.itemElement(this.activeKey!)?.focus());
  };

  private onDialogClick = (e: MouseEvent) => {
    // A click on the backdrop lands on the dialog element itself.
    if (e.target === this.dialogEl) {
      const r = this.dialogEl.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.closeDialog();
    }
  };

  // ---- formatting ----------------------------------------------------------------------------

  private fmt(iso: string, style: DateStyle = 'long'): string {
    if (this.dateCacheLang !== this.l.lang) {
      this.dateCache.clear();
      this.dateCacheLang = this.l.lang;
    }
    const key = `${style}${iso}`;
    let out = this.dateCache.get(key);
    if (out === undefined) this.dateCache.set(key, (out = formatDate(this.l.lang, iso, style)));
    return out;
  }

  /** Numbers with a cached `Intl` object, which a timeline redrawing every animation frame needs. */
  private num(n: number): string {
    return intl(this.l.locale, 'number', () => new Intl.NumberFormat(this.l.locale)).format(n);
  }

  private yearLong(code: string): string {
    if (/^Y\d+$/.test(code)) return this.l.t('year.Y', { n: code.slice(1) });
    return this.l.t(`year.${code}` as TimelineMessageKey);
  }

  private yearShort(code: string): string {
    if (/^Y\d+$/.test(code)) return this.l.t('yearShort.Y', { n: code.slice(1) });
    return this.l.t(`yearShort.${code}` as TimelineMessageKey);
  }

  private eventLine(e: TimelineEntry): string {
    const ev = e.event;
    const when = e.endDay > e.day || e.ongoing ? this.spanText(e) : this.fmt(ev.date);
    const parts = [this.eventTitle(ev), when, this.l.t(`kind.${ev.kind}`), this.l.t(`strand.${ev.strand}`)];
    if (ev.handoverStatus) parts.push(this.l.t(`status.${ev.handoverStatus}`));
    return parts.join('. ');
  }

  /**
   * An event's title in the page's language where its data says what it is: the hub titles the handover of a
   * transition in English ("Transition handover: Year 6 to Year 7"), which a Welsh page must not show.
   * Systems that record a milestone often title it with its identifier; show its name instead. Anything else
   * keeps the title it was recorded with.
   */
  private eventTitle(ev: PathwayEvent): string {
    if (ev.kind === 'handover' && ev.transition) return this.l.t(`handoverTitle.${ev.transition}`);
    return ev.milestoneId && ev.title === ev.milestoneId ? this.l.t(`milestone.${ev.milestoneId}`) : ev.title;
  }

  /** The `lang` of an event's title as shown: the records' language when it is the recorded one (see eventTitle). */
  private titleLang(ev: PathwayEvent): string | typeof nothing {
    const ours = (ev.kind === 'handover' && !!ev.transition) || (!!ev.milestoneId && ev.title === ev.milestoneId);
    return ours ? nothing : this.recorded();
  }

  /** The `lang` of text as it was recorded (see {@link recordsLang}), or none, so it takes the page's. */
  private recorded(): string | typeof nothing {
    return this.recordsLang || nothing;
  }

  /** Recorded text in a span of its own language, for places the timeline's own words share. */
  private asRecorded(text: string): TemplateResult {
    return html`<span lang=${this.recorded()}>${text}</span>`;
  }

  private spanText(e: TimelineEntry): string {
    return e.ongoing || !e.event.endDate
      ? this.l.t('dateOngoing', { from: this.fmt(e.event.date) })
      : this.l.t('dateRange', { from: this.fmt(e.event.date), to: this.fmt(e.event.endDate) });
  }

  private milestoneLine(m: TimelineMilestone): string {
    return [this.l.t(`milestone.${m.id}`), ...this.milestoneFacts(m)].join('. ');
  }

  /**
   * When a milestone is expected, that it is one, its state and, once done, when it was recorded: the chart's marker
   * and the list's line say the same, so a screen reader user hears the same on either.
   */
  private milestoneFacts(m: TimelineMilestone): string[] {
    const facts = [
      this.l.t('milestoneWindow', { from: this.fmt(m.from), by: this.fmt(m.by) }),
      `${this.l.t('kind.milestone')}: ${this.l.t(`state.${m.state}`)}`,
    ];
    if (m.state === 'done' && m.event) facts.push(this.l.t('milestoneRecorded', { date: this.fmt(m.event.date) }));
    return facts;
  }

  private transitionLine(t: TimelineTransition): string {
    return [
      this.l.t(`transition.${t.transition}`),
      this.l.t('transitionOn', { date: this.fmt(t.date), yearGroup: this.yearLong(t.yearGroup) }),
      this.l.t('kind.transition'),
      this.l.t(`flag.${t.flag}`),
    ].join('. ');
  }

  /** Labels by item; an event's key always names the same event, so its label only changes with the language. */
  private readonly labels = new Map<string, string>();
  private labelsFor?: unknown;

  private itemLabel = (item: TrackItem): string => {
    if (this.labelsFor !== this.model || this.labelsLang !== this.l.lang || this.labelsMessages !== this.messages) {
      this.labels.clear();
      this.labelsFor = this.model;
      this.labelsLang = this.l.lang;
      this.labelsMessages = this.messages;
    }
    // A cluster keeps its key (and its DOM) across zoom levels while its size changes, so its size is part of the cache key.
    const key = item.type === 'cluster' ? `${item.key}:${item.entries.length}:${item.end}` : item.key;
    let label = this.labels.get(key);
    if (label === undefined) this.labels.set(key, (label = this.computeLabel(item)));
    return label;
  };
  private labelsLang = '';
  private labelsMessages?: unknown;

  private computeLabel(item: TrackItem): string {
    switch (item.type) {
      case 'event':
        return this.eventLine(item.entry);
      case 'milestone':
        return this.milestoneLine(item.milestone);
      case 'transition':
        return this.transitionLine(item.transition);
      case 'more':
        return this.l.plural('moreLabel', item.entries.length, {
          from: this.fmt(isoOf(item.day)),
          to: this.fmt(isoOf(item.end)),
        });
      case 'cluster':
        return this.l.t('cluster', {
          count: this.num(item.entries.length),
          // Only ever spoken (the marker shows the count): whole month names, as in every other label.
          from: this.fmt(isoOf(item.day)),
          to: this.fmt(isoOf(item.end)),
        });
    }
  }

  private tickLabel = (t: Tick, first: boolean): string => {
    if (t.unit === 'month') return this.fmt(`${t.year}-${String(t.month! + 1).padStart(2, '0')}-15`, 'monthShort');
    return this.l.t(first ? 'age' : 'ageShort', { age: t.age! });
  };

  // ---- rendering -----------------------------------------------------------------------------

  private geometry(model: TimelineModel, lanes: LaneData[], view: DayRange): TrackGeometry {
    const vertical = this.orientation === 'vertical';
    const frame = frameFor(this.orientation);
    const scale = scaleFor(view, this.trackLength || 960);
    const a = VERTICAL_AXES[this.axis];
    const phaseRow = vertical ? { start: 0, end: a.phase } : { start: 0, end: 26 };
    const yearRow = vertical ? { start: a.phase, end: a.year } : { start: 26, end: 48 };
    const tickRow = vertical ? { start: a.year, end: a.tick } : { start: 48, end: 68 };
    // The vertical layout's axis columns end where the lane heads above the chart start too.
    const milestoneLane = vertical ? { start: a.tick, end: a.end } : { start: 68, end: 120 };
    let at = milestoneLane.end;
    // Columns share the width exactly (not rounded down), as the lane heads' grid columns do, and never more than the
    // track has: a floor of 40px each drew the last lane past the track's edge, where it was cut off.
    const laneSize = vertical ? Math.max(0, (this.trackCross || 320) - at) / Math.max(1, lanes.length) : 0;
    // Horizontal lanes keep a row of their own for the label, so no marker, focus halo or bar is drawn over it at any
    // zoom; vertical lanes are named by the heads above the chart.
    const label = vertical ? 0 : LANE_LABEL_ROW;
    const geoLanes = lanes.map((lane) => {
      const size = vertical ? laneSize : label + 34 + lane.rowCount * 10;
      const start = at;
      at += size;
      const pointAt = start + label + (vertical ? 14 : 20);
      const gap = vertical ? Math.max(4, Math.min(10, (size - 28) / lane.rowCount)) : 10;
      // A narrow column moves its bars in, nearer the markers, so the last row still ends inside the column.
      const firstBar = vertical ? Math.min(26, size - 2 - (lane.rowCount - 1) * gap - 4) : 30;
      return {
        strand: lane.strand,
        band: { start, end: start + size },
        labelAt: start + 12,
        pointAt,
        rowAt: (row: number) => start + label + firstBar + row * gap,
      };
    });
    return {
      frame,
      scale,
      origin: model.bounds.from,
      cross: at,
      phaseRow,
      yearRow,
      tickRow,
      milestoneLane,
      yearTextAt: yearRow.start + a.yearText,
      tickTextAt: tickRow.start + a.tickText,
      transitionAt: milestoneLane.start + (vertical ? a.transition : 14),
      milestoneAt: milestoneLane.start + (vertical ? a.milestone : 38),
      lanes: geoLanes,
      bar: vertical ? 4 : 6,
    };
  }

  /** The strands that can have a lane for this viewer and data (whether or not the filters show them). */
  private laneStrands(model: TimelineModel): Strand[] {
    return laneStrands(model.recorded, this.userRole || this.viewerRole);
  }

  private ensureItems(model: TimelineModel, pxPerDay: number): void {
    const shown = this.laneStrands(model).filter((s) => this.strands.includes(s));
    const lanesKey = shown.join();
    // Clusters depend on the zoom only; rounding the scale keeps a pan (same zoom) from rebuilding them.
    const key = `${lanesKey}|${pxPerDay.toPrecision(6)}`;
    if (key === this.itemsKey) return;
    this.itemsKey = key;
    // Lanes (and their packed span rows) do not depend on the zoom: rebuild them only for new data or filters.
    if (this.lanesFor !== model || this.lanesKey !== lanesKey) {
      this.lanes = laneData(model.entries, shown);
      this.lanesFor = model;
      this.lanesKey = lanesKey;
    }
    this.items = trackItems(model, this.lanes, pxPerDay, { minGapPx: ITEM_GAP_PX });
  }

  private tabKey(): string | undefined {
    const v = this.view;
    if (!v) return undefined;
    const visible = (i: TrackItem) => overlaps(i.day, i.day, v);
    // A support episode that began before the view is seen only as its bar across it: with nothing else in view it had
    // no tab stop, so the one thing on the chart could be clicked but not reached from the keyboard.
    const seen = (i: TrackItem) => overlaps(i.day, drawnTo(i), v);
    if (this.activeKey && this.items.some((i) => i.key === this.activeKey && seen(i))) return this.activeKey;
    return (this.items.find(visible) ?? this.items.find(seen))?.key;
  }

  protected override render(): TemplateResult {
    const model = this.model;
    return html`<div class="base" part="base">
      ${this.renderHeader(model)}
      ${
        this.loadState === 'error'
          ? html`<div class="error" part="error" role="alert">
              <p>${this.loadErrorText()}</p>
              <button type="button" class="secondary" @click=${this.retry}>${this.l.t('retry')}</button>
            </div>`
          : nothing
      }
      ${this.modelError ? html`<div class="error" part="error" role="alert"><p>${this.modelError}</p></div>` : nothing}
      ${!model && this.loadState === 'idle' && !this.modelError ? html`<p class="status">${this.l.t('noInput')}</p>` : nothing}
      ${model ? this.renderBody(model) : nothing}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.renderDialog()}
    </div>`;
  }

  private retry = async (): Promise<void> => {
    const done = this.load();
    // The button goes as the load starts, which would drop focus to the page: the header above it stays, and while
    // the load runs it holds the loading line, so focus lands on what is happening. The live region says the outcome.
    await this.updateComplete;
    const header = this.renderRoot.querySelector<HTMLElement>('.header');
    header?.focus();
    await done;
    await this.updateComplete;
    // Failed again: the header is empty once more, so focus goes on to the new Try again (the alert is read out).
    if (this.loadState === 'error' && this.shadowRoot?.activeElement === header)
      this.renderRoot.querySelector<HTMLElement>('[part="error"] button')?.focus();
  };

  /** How many events are left out, and why: only the reasons that applied, in a fixed order. */
  private skippedText(model: TimelineModel): string {
    const reasons = (['unreadable', 'incomplete', 'repeated'] as const)
      .filter((r) => model.skippedFor[r] > 0)
      .map((r) => this.l.t(`skippedWhy.${r}`));
    return this.l.plural('skipped', model.skipped, { reasons: reasons.join('; ') });
  }

  /** A sentence for the code the SDK gave (stable across versions), or the general one naming the code. */
  private loadErrorText(): string {
    const key = `loadError.${this.loadError}`;
    return key in strings.en ? this.l.t(key as TimelineMessageKey) : this.l.t('loadError', { code: this.loadError });
  }

  private renderHeader(model: TimelineModel | undefined): TemplateResult {
    const name = model?.displayName;
    let summary: string | typeof nothing = nothing;
    // A date of birth after today (pre-birth work, or a mistyped year) gives no age: it read "Age -1".
    const unborn = !!model && model.todayDay < dayOf(model.dateOfBirth);
    if (model && unborn) summary = this.l.t('beforeBirth');
    else if (model) {
      const age = ageOn(model.dateOfBirth, model.today);
      const yg = yearGroupOn(model.dateOfBirth, model.today);
      summary =
        yg.code === 'adult' || yg.code === 'pre-school'
          ? this.l.t('summaryAdult', { age })
          : this.l.t('summary', { age, yearGroup: this.yearLong(yg.code) });
    }
    return html`<div class="header" part="header" tabindex="-1">
      <slot name="heading"
        >${
          // Until there is a pathway (loading, an error) a heading could say only "Pathway", which the host's own
          // heading says already; the status or error below says what is happening.
          model ? html`<h2>${name ? this.l.t('headingNamed', { name }) : this.l.t('heading')}</h2>` : nothing
        }</slot
      >
      ${model ? html`<p class="muted">${summary}. ${this.l.t(unborn ? 'birthDate' : 'bornOn', { date: this.fmt(model.dateOfBirth) })}</p>` : nothing}
      ${
        // In the header, which Retry focuses: what it says while the load runs is what focus lands on.
        this.loadState === 'loading' && !model ? html`<p class="status">${this.l.t('loading')}</p>` : nothing
      }
    </div>`;
  }

  private renderBody(model: TimelineModel): TemplateResult {
    const view = this.view ?? model.bounds;
    const geometryLanes = (() => {
      const scale = scaleFor(view, this.trackLength || 960);
      this.ensureItems(model, scale.k);
      return this.lanes;
    })();
    const g = this.geometry(model, geometryLanes, view);
    const margin = (view.to - view.from) * MARGIN;
    // Until the track has been measured, draw no items: they would all be drawn again at the real size.
    const visible = this.trackLength ? this.items.filter((i) => overlaps(i.day, drawnTo(i), view, margin)) : [];
    const ticks = ticksFor(view, g.scale.k, model.dateOfBirth);
    const fragile = model.transitions.filter((t) => t.fragile);
    const strandsSet = new Set(this.strands);
    const available = this.laneStrands(model);
    const lanes = this.lanes;
    // Not disabled: a disabled button loses focus, and pressed it says why nothing happens (see zoomBy).
    const limit = this.zoomLimit(view);
    const edge = this.panLimit(view);
    const role = this.userRole || this.viewerRole;
    // Staff who are never sent the safe strand are told that it exists and who sees it, in words that are the same
    // for every child; a parent is not (KCSIE leaves that to the professionals).
    const safeWithheld = !!role && role !== 'parent' && !available.includes('safe') && !receivesStrand(role, 'safe');

    return html`
      ${
        fragile.length
          ? html`<div class="alerts" part="alerts">
              <strong>${this.l.plural('fragileCount', fragile.length)}</strong>
              <ul>
                ${fragile.map((t) => html`<li>${this.l.t(`transition.${t.transition}`)} (${this.fmt(t.date)}): <span class="flag">${this.l.t(`flag.${t.flag}`)}</span></li>`)}
              </ul>
            </div>`
          : nothing
      }
      ${model.entries.length === 0 ? html`<p class="empty" part="empty"><slot name="empty">${this.l.t('empty')}</slot></p>` : nothing}
      ${model.skipped ? html`<p class="status">${this.skippedText(model)}</p>` : nothing}
      <div class="controls" part="controls">
        <fieldset class="filters" part="filters">
          <legend>${this.l.t('strands')}</legend>
          <div class="options">
            ${available.map(
              (s) =>
                html`<label
                  ><input
                    type="checkbox"
                    name="strand"
                    value=${s}
                    .checked=${strandsSet.has(s)}
                    @change=${this.onFilter}
                  /><span class="swatch s-${s} sw-${s}" aria-hidden="true"></span>${this.l.t(`strand.${s}`)}</label
                >`,
            )}
          </div>
          ${safeWithheld ? html`<p class="withheld muted" part="withheld">${this.l.t('safeWithheld')}</p>` : nothing}
        </fieldset>
        <fieldset class="zoom" part="zoom">
          <legend>${this.l.t('zoom')}</legend>
          <div class="options">
            <button
              type="button"
              class="secondary"
              data-action="zoom-out"
              aria-disabled=${limit.outer ? 'true' : 'false'}
              @click=${() => this.zoomOut()}
            >
              ${this.l.t('zoomOut')}
            </button>
            <button
              type="button"
              class="secondary"
              data-action="zoom-in"
              aria-disabled=${limit.inner ? 'true' : 'false'}
              @click=${() => this.zoomIn()}
            >
              ${this.l.t('zoomIn')}
            </button>
            <button
              type="button"
              class="secondary"
              data-action="earlier"
              aria-disabled=${edge.start ? 'true' : 'false'}
              @click=${() => this.panBy(-0.5)}
            >
              ${this.l.t('earlier')}
            </button>
            <button
              type="button"
              class="secondary"
              data-action="later"
              aria-disabled=${edge.end ? 'true' : 'false'}
              @click=${() => this.panBy(0.5)}
            >
              ${this.l.t('later')}
            </button>
            <button type="button" class="secondary" data-action="today" @click=${() => this.showToday()}>
              ${this.l.t('zoomToday')}
            </button>
            <button type="button" class="secondary" data-action="all" @click=${() => this.showAll()}>
              ${this.l.t('zoomAll')}
            </button>
          </div>
        </fieldset>
      </div>
      <p class="range muted">${this.rangeText()}</p>
      ${
        this.orientation === 'vertical'
          ? html`<div class="lane-heads" part="lane-heads" aria-hidden="true">
              <span class="lane-head axis"></span>
              ${lanes.map(
                (l) =>
                  html`<span class="lane-head" data-strand=${l.strand}
                    ><span class="name">${this.laneLabel(l.strand)}</span></span
                  >`,
              )}
            </div>`
          : nothing
      }
      <div
        class="track ${this.dragging ? 'dragging' : ''}"
        part="track"
        role="group"
        tabindex="0"
        data-layout=${this.orientation}
        aria-label=${this.l.t('trackLabel')}
        aria-describedby="track-help"
        @keydown=${this.onTrackKeydown}
        @click=${this.onTrackClick}
        @focusin=${this.onTrackFocusIn}
        @wheel=${this.onWheel}
        @pointerdown=${this.onPointerDown}
        @pointermove=${this.onPointerMove}
        @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerUp}
      >
        ${renderTrack(g, {
          model,
          items: visible,
          ticks,
          tabKey: this.tabKey(),
          label: this.itemLabel,
          phaseLabel: (p) => this.l.t(`phaseShort.${p}` as TimelineMessageKey),
          yearLabel: (c) => this.yearShort(c),
          tickLabel: this.tickLabel,
          laneLabel: this.laneLabel,
          todayLabel: this.l.t('today'),
        })}
      </div>
      <p class="help muted" id="track-help">${this.l.t('trackHelp')}</p>
      ${guard([model, lanes, this.openPhases, this.pages, this.printing, this.pageSize, this.l.lang, this.messages, this.recordsLang], () => this.renderList(model, lanes))}
    `;
  }

  /** A lane's label; an empty lane says that nothing is recorded in it, as the list does. */
  private laneLabel = (strand: Strand): string => {
    const name = this.l.t(`strand.${strand}`);
    return this.lanes.find((l) => l.strand === strand)?.entries.length ? name : this.l.t('laneEmpty', { strand: name });
  };

  /** The list of what the chart draws: the same lanes (strands), so the same events and the same empty lanes. */
  private renderList(model: TimelineModel, lanes: ReadonlyArray<LaneData>): TemplateResult {
    const strands = new Set(lanes.map((l) => l.strand));
    // With no events at all, the empty-state text above says so once.
    const empty = model.entries.length ? lanes.filter((l) => l.entries.length === 0) : [];
    const byPhase = new Map<string, ListRow[]>();
    // An event dated before birth (an antenatal contact, or a mistyped year) is in no phase of the child's education:
    // under "Pre-school" it read as something from the child's first years. It gets a group of its own, first.
    const born = dayOf(model.dateOfBirth);
    const beforeBirth = model.entries.some((e) => e.day < born && strands.has(e.event.strand));
    const groups: Array<{ phase: string; heading: string; range: string }> = [
      ...(beforeBirth
        ? [
            {
              phase: BEFORE_BIRTH,
              heading: this.l.t('beforeBirth'),
              range: this.l.t('beforeBirthRange', { date: this.fmt(model.dateOfBirth) }),
            },
          ]
        : []),
      ...model.phases.map((p) => ({
        phase: p.phase as string,
        heading: this.l.t(`phase.${p.phase}` as TimelineMessageKey),
        // The time after 25 has no end of its own: it runs on from the birthday.
        range:
          p.phase === OVER_25
            ? this.l.t('phaseFrom', { from: this.fmt(p.start) })
            : this.l.t('phaseRange', { from: this.fmt(p.start), to: this.fmt(p.end) }),
      })),
    ];
    for (const g of groups) byPhase.set(g.phase, []);
    const phaseOf = (day: number) => phaseAt(model.phases, day);
    // A transition is listed at the end of the phase it leaves: that is where the handover is written.
    for (const t of model.transitions)
      byPhase.get(phaseOf(t.day - 1))?.push({ type: 'transition', day: t.day, transition: t });
    for (const m of model.milestones) byPhase.get(m.phase)?.push({ type: 'milestone', day: m.fromDay, milestone: m });
    for (const e of model.entries)
      if (strands.has(e.event.strand))
        byPhase.get(e.day < born ? BEFORE_BIRTH : e.phase)?.push({ type: 'event', day: e.day, entry: e });
    // An episode also goes in each later phase it runs into. Listed only where it started, a six-year support episode
    // left the phases after it saying "Nothing recorded", and the phase open now silent on the support running today,
    // while the chart draws its bar right across them; the list is what a screen reader reads and what is printed.
    for (const e of model.entries)
      if (strands.has(e.event.strand) && e.endDay > e.day)
        for (const p of model.phases)
          if (p.fromDay > e.day && p.fromDay <= e.endDay)
            byPhase.get(p.phase)?.push({ type: 'event', day: p.fromDay, entry: e, continued: true });
    const order = { transition: 0, milestone: 1, event: 2 } as const;
    // The strand filters are not printed: a filtered list on paper says which strands it holds, or it reads as whole.
    const filtered = this.laneStrands(model).some((s) => !strands.has(s));
    const listed = lanes.map((l) => this.l.t(`strand.${l.strand}`));
    return html`<section class="list" part="list" aria-labelledby="list-heading">
      <h3 id="list-heading">${this.l.t('listHeading')}</h3>
      ${
        filtered
          ? html`<p class="listed-strands">
              ${listed.length ? this.l.t('listedStrands', { strands: this.l.list(listed) }) : this.l.t('listedNone')}
            </p>`
          : nothing
      }
      ${empty.map((l) => html`<p class="muted lane-empty" data-strand=${l.strand}>${this.laneLabel(l.strand)}.</p>`)}
      <ol class="phases">
        ${groups.map((p) => {
          const rows = byPhase.get(p.phase)!.sort((a, b) => a.day - b.day || order[a.type] - order[b.type]);
          const events = rows.filter((r) => r.type === 'event' && !r.continued).length;
          const open = this.printing || this.openPhases.has(p.phase);
          const shown = this.printing ? rows.length : (this.pages.get(p.phase) ?? 1) * this.pageSize;
          return html`<li part="phase" data-phase=${p.phase}>
            <h4>${p.heading}</h4>
            <p class="phase-meta muted">${p.range}. ${this.l.plural('events', events)}.</p>
            ${
              rows.length === 0
                ? html`<p class="muted">${this.l.t('noEntries')}</p>`
                : html`<details ?open=${open} @toggle=${(e: Event) => this.onToggle(p.phase, e)}>
                    <summary>${this.l.plural('showEvents', rows.length)}</summary>
                    ${
                      open
                        ? html`<ol class="entries">
                              ${rows.slice(0, shown).map((r) => this.renderRow(r))}
                            </ol>
                            ${
                              rows.length > shown
                                ? html`<button
                                    type="button"
                                    class="secondary more"
                                    @click=${() => this.showMore(p.phase)}
                                  >
                                    ${this.l.t('showMore', { count: this.num(Math.min(this.pageSize, rows.length - shown)) })}
                                  </button>`
                                : nothing
                            }`
                        : nothing
                    }
                  </details>`
            }
          </li>`;
        })}
      </ol>
    </section>`;
  }

  private renderRow(r: ListRow): TemplateResult {
    if (r.type === 'transition') {
      const t = r.transition;
      return html`<li part="entry" class="transition ${t.fragile ? 'fragile' : ''}" data-key="t:${t.transition}">
        <button
          type="button"
          class="entry"
          @click=${(e: Event) => this.openDetail({ type: 'transition', transition: t }, e.currentTarget as HTMLElement)}
        >
          <span class="title">${this.l.t(`transition.${t.transition}`)}</span>
          <span class="meta"><time datetime=${t.date}>${this.fmt(t.date)}</time>. ${this.l.t('kind.transition')}.</span>
          <span class="flag ${flagClass(t)}"
            >${t.fragile ? html`<span aria-hidden="true">⚠ </span>` : nothing}${this.l.t(`flag.${t.flag}`)}</span
          >
        </button>
      </li>`;
    }
    if (r.type === 'milestone') {
      const m = r.milestone;
      return html`<li part="entry" class="milestone st-${m.state}" data-key="m:${m.id}">
        <button
          type="button"
          class="entry"
          @click=${(e: Event) => this.openDetail({ type: 'milestone', milestone: m }, e.currentTarget as HTMLElement)}
        >
          <span class="title">${this.l.t(`milestone.${m.id}`)}</span>
          <span class="meta">${this.milestoneFacts(m).join('. ')}.</span>
        </button>
      </li>`;
    }
    const e = r.entry;
    const ev = e.event;
    // A carried line has no `data-key`: that names the event's one marker, which focus goes back to.
    return html`<li
      part="entry"
      class="event s-${ev.strand} ${r.continued ? 'continued' : ''}"
      data-key=${r.continued ? nothing : `e:${ev.id}`}
    >
      <button
        type="button"
        class="entry"
        @click=${(x: Event) => this.openDetail({ type: 'event', entry: e }, x.currentTarget as HTMLElement)}
      >
        <span class="title" lang=${this.titleLang(ev)}>${this.eventTitle(ev)}</span>
        <span class="meta"
          ><time datetime=${ev.date}>${e.endDay > e.day || e.ongoing ? this.spanText(e) : this.fmt(ev.date)}</time>.
          ${this.l.t(`kind.${ev.kind}`)},
          ${this.l.t(`strand.${ev.strand}`)}${ev.handoverStatus ? html`. ${this.l.t(`status.${ev.handoverStatus}`)}` : nothing}.${r.continued ? html` ${this.l.t('continued')}` : nothing}</span
        >
      </button>
    </li>`;
  }

  private onToggle(phase: string, e: Event): void {
    const open = (e.target as HTMLDetailsElement).open;
    if (open === this.openPhases.has(phase)) return;
    const next = new Set(this.openPhases);
    if (open) next.add(phase);
    else next.delete(phase);
    this.openPhases = next;
  }

  private showMore(phase: string): void {
    const shown = (this.pages.get(phase) ?? 1) * this.pageSize;
    const next = new Map(this.pages);
    next.set(phase, (next.get(phase) ?? 1) + 1);
    this.pages = next;
    // The last page takes the button away, and focus with it to the page: carry on from the first entry it showed.
    void this.updateComplete.then(() => {
      const li = this.renderRoot.querySelector(`li[data-phase="${CSS.escape(phase)}"]`);
      if (li && !li.querySelector('.more')) li.querySelectorAll<HTMLElement>('button.entry')[shown]?.focus();
    });
  }

  private renderDialog(): TemplateResult {
    const d = this.detail;
    let title = '';
    let titleLang: string | typeof nothing = nothing;
    let rows: Array<[string, string | TemplateResult]> = [];
    let link: TemplateResult | typeof nothing = nothing;
    if (d?.type === 'event') {
      const ev = d.entry.event;
      title = this.eventTitle(ev);
      titleLang = this.titleLang(ev);
      rows = [
        [
          this.l.t('fieldDate'),
          d.entry.endDay > d.entry.day || d.entry.ongoing ? this.spanText(d.entry) : this.fmt(ev.date),
        ],
        [this.l.t('fieldKind'), this.l.t(`kind.${ev.kind}`)],
        [this.l.t('fieldStrand'), this.l.t(`strand.${ev.strand}`)],
      ];
      if (ev.transition) rows.push([this.l.t('fieldTransition'), this.l.t(`transition.${ev.transition}`)]);
      if (ev.handoverStatus) rows.push([this.l.t('fieldStatus'), this.l.t(`status.${ev.handoverStatus}`)]);
      if (ev.serviceName) rows.push([this.l.t('fieldService'), this.asRecorded(ev.serviceName)]);
      if (ev.milestoneId) rows.push([this.l.t('kind.milestone'), this.l.t(`milestone.${ev.milestoneId}`)]);
      rows.push([this.l.t('fieldSource'), this.asRecorded(ev.source.name)]);
      if (ev.detail) rows.push([this.l.t('fieldDetail'), this.asRecorded(ev.detail)]);
      link = this.handoverLink(ev.handoverId);
    } else if (d?.type === 'more') {
      title = this.l.t('moreTitle');
    } else if (d?.type === 'milestone') {
      const m = d.milestone;
      title = this.l.t(`milestone.${m.id}`);
      rows = [
        [this.l.t('fieldWindow'), this.l.t('milestoneWindow', { from: this.fmt(m.from), by: this.fmt(m.by) })],
        [this.l.t('fieldStatus'), this.l.t(`state.${m.state}`)],
        [this.l.t('fieldYearGroup'), this.l.t(`phase.${m.phase}` as TimelineMessageKey)],
      ];
      if (m.event) rows.push([this.l.t('fieldDate'), this.l.t('milestoneRecorded', { date: this.fmt(m.event.date) })]);
      if (m.conditional) rows.push([this.l.t('fieldDetail'), this.l.t('milestoneConditional')]);
    } else if (d?.type === 'transition') {
      const t = d.transition;
      title = this.l.t(`transition.${t.transition}`);
      rows = [
        [
          this.l.t('fieldDate'),
          this.l.t('transitionOn', { date: this.fmt(t.date), yearGroup: this.yearLong(t.yearGroup) }),
        ],
        [this.l.t('fieldStatus'), html`<span class="flag ${flagClass(t)}">${this.l.t(`flag.${t.flag}`)}</span>`],
      ];
      if (t.handover)
        rows.push([
          this.l.t('kind.handover'),
          html`<span lang=${this.titleLang(t.handover)}>${this.eventTitle(t.handover)}</span>
            (${this.fmt(t.handover.date)})`,
        ]);
      link = this.handoverLink(t.handover?.handoverId);
    }
    return html`<dialog
      part="dialog"
      aria-labelledby="dialog-title"
      @close=${this.onDialogClose}
      @click=${this.onDialogClick}
    >
      ${
        d
          ? html`<h2 id="dialog-title" lang=${titleLang}>${title}</h2>
              ${
                d.type === 'more'
                  ? html`<ul class="more-list">
                      ${d.entries.map(
                        (entry) =>
                          html`<li>
                            <button
                              type="button"
                              class="entry"
                              @click=${(x: Event) =>
                                this.openDetail({ type: 'event', entry }, x.currentTarget as HTMLElement)}
                            >
                              <span class="title" lang=${this.titleLang(entry.event)}
                                >${this.eventTitle(entry.event)}</span
                              >
                              <span class="meta"
                                >${entry.endDay > entry.day || entry.ongoing ? this.spanText(entry) : this.fmt(entry.event.date)}.
                                ${this.l.t(`kind.${entry.event.kind}`)}.</span
                              >
                            </button>
                          </li>`,
                      )}
                    </ul>`
                  : nothing
              }
              ${
                rows.length
                  ? html`<dl>
                      ${rows.map(
                        ([k, v]) =>
                          html`<dt>${k}</dt>
                            <dd>${v}</dd>`,
                      )}
                    </dl>`
                  : nothing
              }
              <div class="dialog-actions">
                <button type="button" class="close" @click=${this.closeDialog}>${this.l.t('close')}</button>
                ${link}
              </div>`
          : nothing
      }
    </dialog>`;
  }

  private handoverLink(id: string | undefined): TemplateResult | typeof nothing {
    if (!id || !this.handoverUrl) return nothing;
    const href = handoverHref(this.handoverUrl, id);
    return href ? html`<a href=${href}>${this.l.t('openHandover')}</a>` : nothing;
  }
}

/**
 * A view as hosts give and read it (`from`, `to`, `showRange`, `visibleRange`, `c2c-range-change`): the first and
 * the last day shown. A view itself ends where its last day ends, at the start of the next.
 */
/** `d`'s item in `model`, by the same identity the list keys use; undefined when the model no longer has it. */
function currentDetail(d: Detail, model: TimelineModel): Detail | undefined {
  if (d.type === 'event') {
    const entry = model.entries.find((e) => e.event.id === d.entry.event.id);
    return entry && { type: 'event', entry };
  }
  if (d.type === 'more') {
    const ids = new Set(d.entries.map((e) => e.event.id));
    const entries = model.entries.filter((e) => ids.has(e.event.id));
    return entries.length ? { type: 'more', entries } : undefined;
  }
  if (d.type === 'milestone') {
    const milestone = model.milestones.find((m) => m.id === d.milestone.id);
    return milestone && { type: 'milestone', milestone };
  }
  const transition = model.transitions.find((t) => t.transition === d.transition.transition);
  return transition && { type: 'transition', transition };
}

/**
 * The last day an item is seen on: a support episode's bar runs to its end, and a "+N" marker stays at the edge of the
 * view while the episodes it holds run on (see renderTrack); anything else is a point.
 */
function drawnTo(i: TrackItem): number {
  return (i.type === 'event' && i.span) || i.type === 'more' ? i.end : i.day;
}

/** The class that colours a transition's flag in words: green when acknowledged, grey (calm) when long past. */
function flagClass(t: TimelineTransition): string {
  return t.flag === 'ok' || t.flag === 'past' ? t.flag : '';
}

function reported(view: DayRange): RangeChangeDetail {
  return { from: isoOf(view.from), to: isoOf(Math.ceil(view.to) - 1) };
}

/**
 * The link to a handover from a host's URL template. Relative templates resolve against the page (they are
 * the host's own routes, not data from elsewhere); anything but http(s) is refused.
 */
export function handoverHref(template: string, id: string): string | undefined {
  try {
    const url = new URL(template.replace('{id}', encodeURIComponent(id)), document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const cachedIntl = new Map<string, unknown>();
function intl<T>(locale: string, kind: string, make: () => T): T {
  const k = `${locale}|${kind}`;
  let v = cachedIntl.get(k) as T | undefined;
  if (v === undefined) cachedIntl.set(k, (v = make()));
  return v;
}

/**
 * The next animation frame, or 100 ms when frames are not running (a page in a background tab gets no
 * frames, and input or a host's call there must still take effect).
 */
const fallbacks = new Map<number, ReturnType<typeof setTimeout>>();
function nextFrame(run: () => void): number {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(fallbacks.get(id));
    fallbacks.delete(id);
    cancelAnimationFrame(id);
    run();
  };
  const id = requestAnimationFrame(once);
  fallbacks.set(id, setTimeout(once, 100));
  return id;
}
function cancelFrame(id: number): void {
  cancelAnimationFrame(id);
  clearTimeout(fallbacks.get(id));
  fallbacks.delete(id);
}

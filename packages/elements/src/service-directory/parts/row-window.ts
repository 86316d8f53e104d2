import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Rows kept rendered beyond each edge of the viewport, as a share of its height, so fast scrolling stays filled. */
const OVERSCAN = 0.75;
/** The height assumed for a row not yet measured, until some have been. */
const FIRST_GUESS_PX = 140;

/**
 * Renders only the rows of a long list that are near the viewport, so 10,000 results scroll smoothly.
 *
 * The rendered rows keep their normal layout; the rows before and after them are stood in for by the list's
 * `::before` and `::after`, sized through two custom properties set with CSSOM (which a strict
 * Content-Security-Policy allows). Row heights are measured once rendered and estimated from the average until
 * then; a change in an estimate above the viewport is absorbed by the browser's scroll anchoring, since the
 * pseudo-elements are not ancestors of the rows. Scrolling of the page, of any scrolling ancestor in the document
 * and of enclosing shadow roots moves the window.
 */
export class RowWindow<T> implements ReactiveController {
  /** The first row rendered and one past the last. */
  from = 0;
  to = 0;
  private items: readonly T[] = [];
  private readonly heights = new Map<string, number>();
  private measured = 0;
  private measuredCount = 0;
  private frame = 0;
  /** The window rendered is a step towards the one wanted: render again, before the frame is painted. */
  private stepping = false;
  private targets: EventTarget[] = [];
  private resize?: ResizeObserver;
  private readonly host: ReactiveControllerHost & HTMLElement;
  /** The list element, once rendered; its element children are the rendered rows, in order. */
  private readonly list: () => HTMLElement | null | undefined;
  /** A stable key per item, so a measured height follows its row when the list changes. */
  private readonly key: (item: T) => string;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    list: () => HTMLElement | null | undefined,
    key: (item: T) => string,
  ) {
    this.host = host;
    this.list = list;
    this.key = key;
    host.addController(this);
  }

  /**
   * The rows of `items` to render now: `[from, to)`.
   *
   * A window that moves so that it keeps some rows but drops others at one end and adds new ones at the other
   * is reached in two renders, through the two windows together: Lit's `repeat` would otherwise move a kept row
   * when only one is kept (its keys then match "old last, new first"), and moving an element out of the document
   * drops keyboard focus to the page. This happens whenever a row or two fill the viewport (a phone, 400% zoom) and
   * Tab scrolls the next button into view. Growing a window, or shrinking it, never moves a row.
   */
  window(items: readonly T[]): readonly [number, number] {
    const [was0, was1] = [this.from, this.to];
    this.items = items;
    const [from, to] = this.compute();
    const overlap = from < was1 && was0 < to;
    const grows = from <= was0 && to >= was1;
    const shrinks = from >= was0 && to <= was1;
    this.stepping = overlap && !grows && !shrinks;
    this.from = this.stepping ? Math.min(from, was0) : from;
    this.to = this.stepping ? Math.max(to, was1) : to;
    return [this.from, this.to];
  }

  /** The list is short enough to render whole: stop measuring and following the scroll. */
  off(): void {
    this.items = [];
  }

  hostConnected(): void {
    this.targets = [window];
    for (let root = this.host.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode())
      this.targets.push(root);
    // Scroll events do not bubble, but capturing listeners see those of every scrolling ancestor.
    for (const t of this.targets) t.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    window.addEventListener('resize', this.onScroll, { passive: true });
    if (typeof ResizeObserver === 'function') {
      // A narrower list has taller rows: measure again.
      this.resize = new ResizeObserver(() => this.items.length && this.host.requestUpdate());
      this.resize.observe(this.host);
    }
  }

  hostDisconnected(): void {
    for (const t of this.targets) t.removeEventListener('scroll', this.onScroll, { capture: true });
    window.removeEventListener('resize', this.onScroll);
    this.resize?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  /** After each render of a windowed list: measure the rendered rows and size the stand-ins. */
  hostUpdated(): void {
    const list = this.list();
    if (!list) this.items = []; // another view replaced the list
    if (!list || this.items.length === 0) return;
    const rows = list.children;
    let gap: number | undefined;
    for (let i = 0; i < rows.length && this.from + i < this.to; i++) {
      const row = rows[i] as HTMLElement;
      gap ??= parseFloat(getComputedStyle(row).marginBottom) || 0;
      const key = this.key(this.items[this.from + i]!);
      const h = row.getBoundingClientRect().height + gap;
      const old = this.heights.get(key);
      if (old === undefined) this.measuredCount++;
      this.measured += h - (old ?? 0);
      this.heights.set(key, h);
    }
    let before = 0;
    let after = 0;
    for (let i = 0; i < this.from; i++) before += this.height(i);
    for (let i = this.to; i < this.items.length; i++) after += this.height(i);
    list.style.setProperty('--_rows-before', `${before}px`);
    list.style.setProperty('--_rows-after', `${after}px`);
    if (this.stepping) {
      // Both windows are rendered: now drop the rows of the old one, in a microtask so before the next paint. Not
      // from here: an update asked for inside an update is what Lit's dev mode warns of ("change-in-update") on the
      // host page's console, and the `updateComplete` of the one that asked would resolve false.
      this.stepping = false;
      queueMicrotask(() => this.host.requestUpdate());
      return;
    }
    // With the measured heights the window may need to move; check in the next frame (not from inside an update).
    this.onScroll();
  }

  private readonly onScroll = () => {
    if (this.frame || this.items.length === 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const [from, to] = this.compute();
      if (from !== this.from || to !== this.to) this.host.requestUpdate();
    });
  };

  private height(i: number): number {
    return (
      this.heights.get(this.key(this.items[i]!)) ??
      (this.measuredCount ? this.measured / this.measuredCount : FIRST_GUESS_PX)
    );
  }

  /** The rows that overlap the viewport, widened by the overscan, in the list's own coordinates. */
  private compute(): readonly [number, number] {
    const n = this.items.length;
    const view = window.innerHeight || document.documentElement.clientHeight || 800;
    const top = this.list()?.getBoundingClientRect().top ?? 0;
    const start = -top - view * OVERSCAN;
    const end = view - top + view * OVERSCAN;
    let y = 0;
    let i = 0;
    while (i < n - 1 && y + this.height(i) <= start) y += this.height(i++);
    const from = i;
    while (i < n && y < end) y += this.height(i++);
    return [from, Math.max(i, Math.min(n, from + 1))];
  }
}

/**
 * <c2c-handover-form> in headless Chromium, from its CDN bundle, on a page served with a strict
 * Content-Security-Policy: first render of the Year 6 → Year 7 template (cold: the median of 7 fresh pages), main-thread time per keystroke
 * (validation, autosave scheduling and the field's re-render included; median and p95), the heap after 30
 * learners opened one after another against the heap after 1 (garbage collected before each reading), and
 * the gzipped size of what a page downloads up front versus the CTF importer, review and Welsh chunks loaded on
 * demand.
 *
 * The bundle is built fresh from the handover-form entry of rollup.config.mjs.
 *
 *   node --conditions=c2c-source --import tsx -e "import('./bench/handover.bench.ts').then(async m => console.table(await m.default()))"
 */
import {
  html,
  js,
  launchChromium,
  launchChromiumWithProfile,
  percentile,
  runBenchPage,
  round,
  serveStrictPage,
  VIEWPORT,
} from './lib/page.js';
import type { Browser } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { buildCdnBundle } from './lib/cdn-bundle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CDN = join(ROOT, 'packages/elements/dist/cdn');
const RUNS = 5;
const LEARNERS = 30;
const COLD_PAGES = 7;
const CPU_PAGES = 5;
/** Visits that fill the browser's caches before a return visit is measured. */
const RETURN_WARMUPS = 3;
const TYPED = 'I like drawing dragons and building things out of card. Maths is hard when it is fractions. ';

interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const buildBundle = () => buildCdnBundle('handover-form');

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>handover bench</title></head>
<body><main id="main"></main><script type="module" src="/bench.js"></script></body></html>`;

// Runs in the page. No hub: the form works on this device (IndexedDB), which is the path every keystroke takes.
// "First render" is what a person waits for: from the element being added to the end of the first frame that
// paints the form, which shows its top (heading, learner details, first section); "whole form" is to the end of
// the frame that paints every field, which the form adds in the next task (with its answers from this device,
// when it has a draft there). The form is
// spotted by a MutationObserver (a setTimeout poll is clamped to 4 ms steps), and the frame is waited for:
// a requestAnimationFrame callback runs before that frame's style, layout and paint, and a message posted
// from it is handled after them.
const SCRIPT = `
import '/cdn/handover-form.js';
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
const painted = () => new Promise((r) => requestAnimationFrame(() => r(task())));
const main = document.getElementById('main');
let el;
const task = () => new Promise((r) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => r();
  ch.port2.postMessage(0);
});
// Resolves once the form's shadow root holds \`selector\`.
const shows = (selector) => new Promise((resolve) => {
  const root = el.shadowRoot;
  if (root.querySelector(selector)) return resolve();
  const mo = new MutationObserver(() => {
    if (root.querySelector(selector)) { mo.disconnect(); resolve(); }
  });
  mo.observe(root, { childList: true, subtree: true });
});
const formShown = () => shows('form');
// The form's last part (its buttons) is in: every section is.
const whole = () => shows('[part="actions"]');
const settled = async () => {
  await el.updateComplete;
  await Promise.all([...el.shadowRoot.querySelectorAll('c2c-handover-field')].map((f) => f.updateComplete));
};
// The whole form and its fields are in the DOM, and \`check\` (say, a draft's answer shown) holds.
async function rendered(check) {
  await whole();
  await settled();
  // Answers that arrive later (a draft read from IndexedDB) change no light DOM a MutationObserver here could
  // see, so look once per task, which the 4 ms timer clamp does not slow.
  while (check && !check(el.shadowRoot)) {
    await task();
    await settled();
  }
}
function create(learnerId) {
  el?.remove();
  el = document.createElement('c2c-handover-form');
  el.setAttribute('user-role', 'teacher');
  el.setAttribute('transition', 'y6-to-y7');
  el.setAttribute('learner-id', learnerId);
}
// { first: element added → end of the first frame that paints the form; shown: fields in it;
//   dom: → every field in the DOM; paint: → end of the frame that paints them }
async function open(learnerId, check) {
  create(learnerId);
  performance.mark('c2c-open');
  const t0 = performance.now();
  main.append(el);
  await formShown();
  await settled();
  const firstDom = performance.now() - t0;
  // What that frame paints is looked at before it does; the time is taken after it, in a task that may run
  // after the form's own for the rest of the fields, so it is an upper bound (but see first-contentful-paint).
  const [shown, complete] = await new Promise((r) => requestAnimationFrame(() => {
    const root = el.shadowRoot;
    const seen = [root.querySelectorAll('c2c-handover-field').length, !!root.querySelector('[part="actions"]') && (!check || check(root))];
    task().then(() => r(seen));
  }));
  let first = performance.now() - t0;
  let dom = firstDom;
  let paint = first;
  // The first frame had it all (a form that renders in one go): that frame is the whole form's too.
  if (!complete) {
    await rendered(check);
    dom = performance.now() - t0;
    await painted();
    paint = performance.now() - t0;
  }
  performance.mark('c2c-painted');
  await frame();
  // On a fresh page the form is the page's first content, so the browser's own first-contentful-paint time is
  // when its first frame was shown: exact, where the task above can land after the form's task for the rest.
  const fcp = await firstContentfulPaint();
  if (fcp !== undefined && fcp >= t0 && fcp - t0 < first) first = fcp - t0;
  return { first, shown, dom, paint };
}
async function firstContentfulPaint() {
  for (let i = 0; i < 30; i++) {
    const [entry] = performance.getEntriesByName('first-contentful-paint');
    if (entry) return entry.startTime;
    await frame();
  }
  return undefined;
}
const DRAFT = 'Draft kept on this device';
const draftShown = (root) => {
  const f = root.querySelector('c2c-handover-field[name="sections.strengths.strengths"]');
  return f?.shadowRoot?.querySelector('textarea')?.value === DRAFT;
};
if (location.search === '?seed') {
  // Leaves a draft on this device, for a browser started afterwards on the same profile.
  create('lrn-draft');
  main.append(el);
  await rendered();
  const f = el.shadowRoot.querySelector('c2c-handover-field[name="sections.strengths.strengths"]');
  await f.updateComplete;
  const box = f.shadowRoot.querySelector('textarea');
  box.value = DRAFT;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.saveNow();
  window.__result = { seeded: true };
} else if (location.search === '?cpu') {
  // The cold open again, started from outside so the bench can trace it.
  window.__cold = () => open('lrn-cpu');
  window.__result = { ready: true };
} else if (location.search === '?cold-cy') {
  // The same on a Welsh page: the form fetches its Welsh messages (a separate chunk) before its first render.
  document.documentElement.lang = 'cy';
  window.__result = { cold: await open('lrn-cold') };
} else if (location.search === '?cold-host') {
  // The form where it is used: added to a page already shown (a MIS page with its own heading and text, a moment
  // after it loaded, when someone opens a learner). The form's code has loaded but never run; what showing any
  // page first costs (its first frame, the renderer's compositor) is paid before, as in a host.
  const heading = document.createElement('h1');
  heading.textContent = 'Year 6 handovers';
  const intro = document.createElement('p');
  intro.textContent = 'Choose a learner to write their handover.';
  main.before(heading, intro);
  if (document.readyState !== 'complete') await new Promise((r) => addEventListener('load', r, { once: true }));
  await painted();
  await new Promise((r) => setTimeout(r, 300));
  window.__result = { cold: await open('lrn-cold') };
} else if (location.search === '?baseline') {
  // Calibration, not the form: plain HTML about the size of the form's first frame (a heading, a line of text, six
  // labelled inputs), the first content of a fresh page, timed as the form is. What this takes, any page's first
  // content takes on this machine, before a component does anything.
  const box = document.createElement('form');
  const h = document.createElement('h2');
  h.textContent = 'Year 6 to Year 7 handover: Sam Example';
  const p = document.createElement('p');
  p.textContent = 'Draft. Saved on this device.';
  box.append(h, p);
  for (const name of ['Legal forename', 'Preferred forename', 'Legal surname', 'Date of birth', 'UPN', 'ULN']) {
    const label = document.createElement('label');
    label.textContent = name;
    label.append(document.createElement('input'));
    box.append(label);
  }
  const t0 = performance.now();
  main.append(box);
  await painted();
  let first = performance.now() - t0;
  const fcp = await firstContentfulPaint();
  if (fcp !== undefined && fcp >= t0 && fcp - t0 < first) first = fcp - t0;
  window.__result = { cold: { first, shown: 0, dom: first, paint: first } };
} else if (location.search === '?cold') {
  // One more cold open: the first element on another fresh page.
  window.__result = { cold: await open('lrn-cold') };
} else if (location.search === '?draft') {
  // The first element on a page in a freshly started browser opens a learner whose draft is on this device:
  // first render ends when the draft's answer is painted, not the empty form.
  window.__result = { draft: await open('lrn-draft', draftShown) };
} else {
window.__open = async (i) => {
  await open('lrn-heap-' + i);
  const f = el.shadowRoot.querySelector('c2c-handover-field[name="sections.strengths.strengths"]');
  const input = f.shadowRoot.querySelector('textarea');
  input.value = 'Learner ' + i;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.saveNow();
  el.remove();
  el = undefined;
  return true;
};
const firsts = [];
for (let run = 0; run <= ${RUNS}; run++) firsts.push(await open('lrn-bench-' + run));
const fields = el.shadowRoot.querySelectorAll('c2c-handover-field').length;
const field = el.shadowRoot.querySelector('c2c-handover-field[name="sections.pupil-voice.all-about-me"]');
const input = field.shadowRoot.querySelector('textarea');
const keys = [];
const text = ${JSON.stringify(TYPED)}.repeat(2);
for (let i = 1; i <= text.length; i++) {
  if (i % 10 === 0) await frame();
  const s = performance.now();
  input.value = text.slice(0, i);
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text[i - 1], inputType: 'insertText' }));
  await el.updateComplete;
  await field.updateComplete;
  keys.push(performance.now() - s);
}
const s = performance.now();
await el.saveNow();
const flush = performance.now() - s;
const upnField = el.shadowRoot.querySelector('c2c-handover-field[name="learner.upn"]');
const upn = upnField.shadowRoot.querySelector('input');
const upnKeys = [];
for (const [i, ch] of [...'B801200005001'].entries()) {
  const s2 = performance.now();
  upn.value = 'B801200005001'.slice(0, i + 1);
  upn.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: ch, inputType: 'insertText' }));
  await el.updateComplete;
  await upnField.updateComplete;
  upnKeys.push(performance.now() - s2);
}
el.remove();
el = undefined;
window.__result = { firsts, fields, keys, flush, upnKeys };
}
`;

const serve = (options?: { cdnCache: boolean }) =>
  serveStrictPage({ '/': html(PAGE), '/bench.js': js(SCRIPT) }, options);

interface Opened {
  /** element added → end of the first frame that paints the form (its top) */
  first: number;
  /** fields in that first frame */
  shown: number;
  /** element added → form and every field in the DOM */
  dom: number;
  /** element added → end of the frame that paints them */
  paint: number;
}

/**
 * Cold first render of a learner with a draft on this device: a browser on a fresh profile leaves the draft,
 * closes, and a browser started afterwards on that profile opens the learner as the first thing on its page.
 */
async function coldWithDraft(port: number): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-handover-bench-'));
  try {
    const run = async <T>(query: string): Promise<T> => {
      const context = await launchChromiumWithProfile(dir);
      try {
        return (await runBenchPage<T>(context, port, `/${query}`)).result;
      } finally {
        await context.close();
      }
    };
    await run<{ seeded: boolean }>('?seed');
    return (await run<{ draft: Opened }>('?draft')).draft;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A teacher's return visit: the first element on a fresh page of a browser that has loaded the page before,
 * with the bundle served as a CDN serves it (cacheable), so it comes from the browser's cache and Chromium
 * reuses the code it compiled from it (its code cache fills on the second and third loads). One browser context
 * for all the visits, a new page for each; the first visits fill the caches and are not counted.
 */
async function returnVisits(browser: Browser): Promise<Opened[]> {
  const server = await serve({ cdnCache: true });
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const port = (server.address() as AddressInfo).port;
    const opened: Opened[] = [];
    for (let visit = 0; visit < RETURN_WARMUPS + COLD_PAGES; visit++) {
      const { page, result } = await runBenchPage<{ cold: Opened }>(context, port, '/?cold');
      if (visit >= RETURN_WARMUPS) opened.push(result.cold);
      await page.close();
    }
    return opened;
  } finally {
    await context.close();
    server.close();
  }
}

/**
 * Main-thread CPU time of a cold open, from a DevTools trace of a fresh page: the thread time of every task
 * between the two marks, so unlike the wall-clock figures it hardly moves with other jobs on a shared machine.
 * Tracing itself adds a little.
 */
async function coldMainThreadCpu(port: number): Promise<number> {
  const browser = await launchChromium();
  try {
    const { page } = await runBenchPage<{ ready: boolean }>(browser, port, '/?cpu');
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'blink.user_timing', 'toplevel', 'v8.execute'],
    });
    await page.evaluate(() => (window as unknown as { __cold: () => Promise<unknown> }).__cold());
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: Array<{
        name: string;
        ph: string;
        ts: number;
        dur?: number;
        tdur?: number;
        pid: number;
        tid: number;
      }>;
    };
    const events = trace.traceEvents;
    const mark = (name: string) => events.find((e) => e.name === name && e.ph !== 'M');
    const from = mark('c2c-open');
    const to = mark('c2c-painted');
    if (!from || !to) throw new Error('the trace has no c2c-open / c2c-painted marks');
    const tasks = events
      .filter((e) => e.pid === from.pid && e.tid === from.tid && e.ph === 'X' && e.ts >= from.ts && e.ts < to.ts)
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let busy = 0;
    let until = 0;
    for (const e of tasks) {
      if (e.ts < until) continue; // nested inside a task already counted
      until = e.ts + (e.dur ?? 0);
      busy += e.tdur ?? e.dur ?? 0;
    }
    return busy / 1000;
  } finally {
    await browser.close();
  }
}

const gz = (file: string) => gzipSync(readFileSync(join(CDN, file)), { level: 9 }).length;

export default async function handoverBench(): Promise<Row[]> {
  const built = await buildBundle();
  const initialKb = built.initial.reduce((sum, f) => sum + gz(f), 0) / 1024;
  const ctf = built.lazy.filter((f) => f.includes('-ctf-'));
  // The Welsh strings, and the Welsh list writer (fetched with them only where Intl has no Welsh lists).
  const welshChunks = built.lazy.filter((f) => f.includes('strings-cy') || f.includes('welsh-lists'));
  // The acknowledgement, messages and receipt block: only a handover past its draft shows it.
  const review = built.lazy.filter((f) => f.includes('-review-'));
  // The device-copy retention sweep: once per page, when the page is idle after the first form is painted.
  const retention = built.lazy.filter((f) => f.includes('-retention-'));
  // The conflict panel and merge: only after the hub answers a save with 409, or as a handover opens with changes on
  // this device the hub has not got (the notice offering to discard them).
  const conflict = built.lazy.filter((f) => f.includes('-conflict-'));
  // The words for a page whose Content-Security-Policy blocks the hub: only when a request is blocked.
  const blocked = built.lazy.filter((f) => f.includes('strings-blocked'));
  const other = built.lazy.filter(
    (f) => ![ctf, welshChunks, review, retention, conflict, blocked].some((known) => known.includes(f)),
  );
  if (other.length) throw new Error(`unexpected on-demand chunks: ${other.join(', ')}`);
  const kb = (files: string[]) => files.reduce((sum, f) => sum + gz(f), 0) / 1024;
  const server = await serve();
  const port = (server.address() as AddressInfo).port;
  const browser = await launchChromium();
  try {
    const {
      page,
      errors,
      result: r,
    } = await runBenchPage<{
      firsts: Opened[];
      fields: number;
      keys: number[];
      flush: number;
      upnKeys: number[];
    }>(browser, port);

    // Heap: garbage-collect through the DevTools protocol before each reading, so the figures compare what is
    // still reachable, not what the collector has not got round to yet.
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const openOne = (i: number) =>
      page.evaluate((n) => (window as unknown as { __open: (n: number) => Promise<boolean> }).__open(n), i);
    await openOne(0); // warm the code paths
    const base = await heap();
    await openOne(1);
    const afterOne = await heap();
    const readings: number[] = [];
    for (let i = 2; i <= LEARNERS; i++) {
      await openOne(i);
      if (i % 5 === 0) readings.push(await heap());
    }
    const afterAll = await heap();
    // The cold open again on fresh pages (fresh contexts: nothing kept between them), for a median and a range:
    // one page load on a shared two-core machine says little.
    const colds: Opened[] = [r.firsts[0]!];
    for (let i = 1; i < COLD_PAGES; i++) {
      const { page: p, result } = await runBenchPage<{ cold: Opened }>(browser, port, '/?cold');
      colds.push(result.cold);
      await p.close();
    }
    const plain: number[] = [];
    for (let i = 0; i < COLD_PAGES; i++) {
      const { page: p, result } = await runBenchPage<{ cold: Opened }>(browser, port, '/?baseline');
      plain.push(result.cold.first);
      await p.close();
    }
    const hosted: Opened[] = [];
    for (let i = 0; i < COLD_PAGES; i++) {
      const { page: p, result } = await runBenchPage<{ cold: Opened }>(browser, port, '/?cold-host');
      hosted.push(result.cold);
      await p.close();
    }
    const welsh: Opened[] = [];
    for (let i = 0; i < COLD_PAGES; i++) {
      const { page: p, result } = await runBenchPage<{ cold: Opened }>(browser, port, '/?cold-cy');
      welsh.push(result.cold);
      await p.close();
    }
    const returning = await returnVisits(browser);
    const draft = await coldWithDraft(port);
    const cpus: number[] = [];
    for (let i = 0; i < CPU_PAGES; i++) cpus.push(await coldMainThreadCpu(port));

    const csp = errors.filter((e) => /Content Security Policy|Refused to/i.test(e));
    const load = `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`;
    const [, ...warm] = r.firsts as [Opened, ...Opened[]];
    const coldFirst = colds.map((o) => o.first);
    const coldPaint = colds.map((o) => o.paint);
    const range = (xs: number[]) => `${round(Math.min(...xs))} to ${round(Math.max(...xs))} ms`;
    const mb = (n: number) => round(n / 1024 / 1024);
    return [
      {
        name: 'handover: Y6→Y7 first render (cold), median',
        value: round(percentile(coldFirst, 50)),
        unit: 'ms',
        note: `first element on each of ${colds.length} fresh pages: added → the first frame that paints the form: its heading and the learner's details (${colds[0]!.shown} of ${r.fields} fields; ${range(coldFirst)}); aim < 50 ms; ${load}`,
      },
      {
        name: 'handover: plain HTML as a fresh page’s first content (calibration), median',
        value: round(percentile(plain, 50)),
        unit: 'ms',
        note: `not the form: a heading, a line and six labelled inputs added to each of ${plain.length} fresh pages, timed the same way (${range(plain)}); what any first content costs on this machine`,
      },
      {
        name: 'handover: Y6→Y7 first render (cold, added to a page already shown), median',
        value: round(
          percentile(
            hosted.map((o) => o.first),
            50,
          ),
        ),
        unit: 'ms',
        note: `first element on each of ${hosted.length} fresh pages that showed their own heading and text first, as a MIS page does before someone opens a learner; the form's code loaded but never run: added → the first frame that paints the form (${range(hosted.map((o) => o.first))}); whole form painted after a median ${round(
          percentile(
            hosted.map((o) => o.paint),
            50,
          ),
        )} ms; aim < 50 ms`,
      },
      {
        name: 'handover: Y6→Y7 whole form painted (cold), median',
        value: round(percentile(coldPaint, 50)),
        unit: 'ms',
        note: `the same opens: added → all ${r.fields} fields painted, the rest of the form added in the task after the first frame (${range(coldPaint)}; in the DOM after a median ${round(
          percentile(
            colds.map((o) => o.dom),
            50,
          ),
        )} ms), including the first IndexedDB open and lookup for a draft`,
      },
      {
        name: 'handover: Y6→Y7 whole form (cold), main-thread CPU',
        value: round(percentile(cpus, 50)),
        unit: 'ms',
        note: `the same cold open in ${CPU_PAGES} more fresh browsers, traced: thread time of the main-thread tasks from element added to every field painted, not the time waiting for a core (${range(cpus)})`,
      },
      {
        name: 'handover: Y6→Y7 first render (return visit), median',
        value: round(
          percentile(
            returning.map((o) => o.first),
            50,
          ),
        ),
        unit: 'ms',
        note: `first element on each of ${returning.length} fresh pages of a browser that has had the page ${RETURN_WARMUPS} times before, the bundle cached as a CDN lets it be (${range(returning.map((o) => o.first))}); whole form painted after a median ${round(
          percentile(
            returning.map((o) => o.paint),
            50,
          ),
        )} ms`,
      },
      {
        name: 'handover: Y6→Y7 first render (cold, Welsh page), median',
        value: round(
          percentile(
            welsh.map((o) => o.first),
            50,
          ),
        ),
        unit: 'ms',
        note: `first element on each of ${welsh.length} fresh pages in Welsh, including fetching the Welsh messages from the same server: first frame of the form (${range(welsh.map((o) => o.first))}); whole form painted after a median ${round(
          percentile(
            welsh.map((o) => o.paint),
            50,
          ),
        )} ms`,
      },
      {
        name: 'handover: Y6→Y7 first render (cold, draft on this device)',
        value: round(draft.paint),
        unit: 'ms',
        note: `first element on a page in a freshly started browser: added → painted with the draft's answers (in the DOM after ${round(draft.dom)} ms)`,
      },
      {
        name: 'handover: Y6→Y7 first render (median of warm)',
        value: round(
          percentile(
            warm.map((o) => o.first),
            50,
          ),
        ),
        unit: 'ms',
        note: `${warm.length} fresh elements, added → first frame of the form; whole form painted after ${round(
          percentile(
            warm.map((o) => o.paint),
            50,
          ),
        )} ms, in the DOM after ${round(
          percentile(
            warm.map((o) => o.dom),
            50,
          ),
        )} ms`,
      },
      {
        name: 'handover: keystroke main-thread time, median',
        value: round(percentile(r.keys, 50)),
        unit: 'ms',
        note: `${r.keys.length} keystrokes in a long-text answer: change handling, validation, autosave scheduling, host-form value, re-render; aim < 8 ms`,
      },
      { name: 'handover: keystroke main-thread time, p95', value: round(percentile(r.keys, 95)), unit: 'ms' },
      {
        name: 'handover: UPN keystroke, p95',
        value: round(percentile(r.upnKeys, 95)),
        unit: 'ms',
        note: 'the UPN check itself runs 300 ms after the last keystroke',
      },
      {
        name: 'handover: autosave write to IndexedDB',
        value: round(r.flush),
        unit: 'ms',
        note: 'once per pause in typing (≤ 1 s after a change), not per keystroke',
      },
      {
        name: 'handover: heap after 1 learner',
        value: mb(afterOne),
        unit: 'MB',
        note: `after GC; before any: ${mb(base)} MB`,
      },
      {
        name: `handover: heap after ${LEARNERS} learners in turn`,
        value: mb(afterAll),
        unit: 'MB',
        note: `after GC; growth over 1 learner ${round((afterAll - afterOne) / 1024)} kB; every 5th: ${readings.map(mb).join(', ')} MB`,
      },
      {
        name: 'handover: CDN bundle (gzip -9), loaded up front',
        value: round(initialKb),
        unit: 'kB',
        note: `${built.initial.join(' + ')}; target < 45 kB`,
      },
      {
        name: 'handover: CTF importer chunk (gzip -9), on demand',
        value: round(kb(ctf)),
        unit: 'kB',
        note: `${ctf.join(' + ') || 'none'}; fetched only when a file is imported`,
      },
      {
        name: 'handover: review chunk (gzip -9), on demand',
        value: round(kb(review)),
        unit: 'kB',
        note: `${review.join(' + ') || 'none'}; fetched as a submitted handover opens (the receiving school's review, the sender's messages); up front + this = ${round(initialKb + kb(review))} kB`,
      },
      {
        name: 'handover: retention sweep chunk (gzip -9), after first paint',
        value: round(kb(retention)),
        unit: 'kB',
        note: `${retention.join(' + ') || 'none'}; fetched once per page when it is idle after the first form is painted (it deletes device copies past the retention period); up front + this = ${round(initialKb + kb(retention))} kB`,
      },
      {
        name: 'handover: conflict chunk (gzip -9), on demand',
        value: round(kb(conflict)),
        unit: 'kB',
        note: `${conflict.join(' + ') || 'none'}; fetched only when the hub answers a save with a conflict (409), before the panel that compares both versions is shown, or as a handover opens with changes on this device the hub has not got; up front + this = ${round(initialKb + kb(conflict))} kB`,
      },
      {
        name: 'handover: blocked-hub words chunk (gzip -9), on demand',
        value: round(kb(blocked)),
        unit: 'kB',
        note: `${blocked.join(' + ') || 'none'}; fetched only when the page's Content-Security-Policy blocks a request to the hub`,
      },
      {
        name: 'handover: Welsh strings chunk (gzip -9), on demand',
        value: round(kb(welshChunks)),
        unit: 'kB',
        note: `${welshChunks.join(' + ') || 'none'}; fetched only by a page that shows the form in Welsh`,
      },
      {
        name: 'handover: CSP violations on a strict-policy page',
        value: csp.length,
        unit: 'count',
        note: csp.length
          ? csp.slice(0, 2).join(' | ')
          : errors.length
            ? `other errors: ${errors.slice(0, 2).join(' | ')}`
            : 'none',
      },
    ];
  } finally {
    await browser.close();
    await new Promise((r) => server.close(() => r(undefined)));
  }
}

/**
 * <c2c-pathway-timeline> in headless Chromium, from its CDN bundle, on a page served with a strict
 * Content-Security-Policy (no inline scripts or styles): first render of a 2,000-event history, the cost
 * of a zoom step and a pan step (median and p95 over 30 steps each), and the gzipped bundle size.
 *
 * The bundle is built fresh from the pathway-timeline entry of rollup.config.mjs, so the figure is the
 * size a school website would download. Set TIMELINE_SCREENSHOTS=<dir> to also save screenshots.
 *
 *   node --conditions=c2c-source --import tsx -e "import('./bench/timeline.bench.ts').then(async m => console.table(await m.default()))"
 */
import { css, html, js, json, launchChromium, percentile, round, serveStrictPage } from './lib/page.js';
import { readFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { buildCdnBundle, CDN } from './lib/cdn-bundle.js';
import { syntheticEvents } from '@c2c/schema/synthetic';

const TODAY = '2026-11-25';
const DOB = '2007-03-14';
const STEPS = 30;
const RUNS = 3;

interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>timeline bench</title>
<link rel="stylesheet" href="/page.css"><link rel="icon" href="data:,"></head>
<body><main id="main"></main><script type="module" src="/bench.js"></script></body></html>`;

const CSS = `body { margin: 16px; font-family: system-ui, sans-serif; } #main { width: 1200px; } #main.narrow { width: 360px; }`;

// Runs in the page. Each step: change the range, wait for Lit's update, force style and layout; the
// time is the main-thread work a frame needs before paint.
const SCRIPT = `
import '/cdn/pathway-timeline.js';
const data = await (await fetch('/data.json')).json();
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
// Before each measured phase the page waits here, so the bench can read the renderer's CPU clock around it.
window.__gates = {};
const gate = (name) => new Promise((r) => { window.__gates[name] = r; window.__waiting = name; });
const el = document.createElement('c2c-pathway-timeline');
el.today = data.today;
const main = document.getElementById('main');
main.append(el);
await el.updateComplete;
await frame();
await gate('cold');
const t0 = performance.now();
el.pathway = data.pathway;
await el.updateComplete;
const tUpdate = performance.now() - t0;
await frame();
await el.updateComplete;
el.shadowRoot.querySelector('svg').getBoundingClientRect();
const tReady = performance.now() - t0;
const items = el.shadowRoot.querySelectorAll('.track .item').length;
const nodes = el.shadowRoot.querySelectorAll('*').length;

async function steps(ranges) {
  const times = [];
  for (const [from, to] of ranges) {
    await frame();
    const s = performance.now();
    el.showRange(from, to);
    await el.updateComplete;
    el.shadowRoot.querySelector('svg').getBoundingClientRect();
    times.push(performance.now() - s);
  }
  return times;
}
const day = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const b0 = Date.parse(data.pathway.dateOfBirth), b1 = Date.parse(data.today) + 30 * day;
const zoom = [];
for (let i = 0; i < ${STEPS}; i++) {
  // From the whole pathway towards one term around the middle, geometric steps.
  const span = (b1 - b0) * Math.pow(90 * day / (b1 - b0), i / (${STEPS} - 1));
  const mid = b0 + (b1 - b0) * 0.55;
  zoom.push([iso(mid - span / 2), iso(mid + span / 2)]);
}
const pan = [];
for (let i = 0; i < ${STEPS}; i++) {
  const from = b0 + 3 * 365 * day + i * 73 * day;
  pan.push([iso(from), iso(from + 2 * 365 * day)]);
}
await gate('zoom');
const zoomTimes = await steps(zoom);
await gate('pan');
const panTimes = await steps(pan);
await gate('warm');
// A second element on the same page: the first render once the code is warm (a host that shows one learner
// after another).
const again = document.createElement('c2c-pathway-timeline');
again.today = data.today;
el.remove();
main.append(again);
await again.updateComplete;
await frame();
const w0 = performance.now();
again.pathway = data.pathway;
await again.updateComplete;
await frame();
await again.updateComplete;
again.shadowRoot.querySelector('svg').getBoundingClientRect();
const tWarm = performance.now() - w0;
await gate('end');
window.__result = { tUpdate, tReady, tWarm, items, nodes, zoomTimes, panTimes };
`;

const serve = (data: unknown) =>
  serveStrictPage({ '/': html(PAGE), '/page.css': css(CSS), '/bench.js': js(SCRIPT), '/data.json': json(data) });

const median = (xs: number[]) => percentile(xs, 50);

export default async function timelineBench(): Promise<Row[]> {
  const built = await buildCdnBundle('pathway-timeline');
  const gz = (files: string[]) =>
    files.reduce((sum, f) => sum + gzipSync(readFileSync(join(CDN, f)), { level: 9 }).length, 0) / 1024;
  const events = syntheticEvents({ id: 'lrn-0042', dateOfBirth: DOB, organisationId: 'sec-northgate' }, 2000, 5, TODAY);
  const server = await serve({
    today: TODAY,
    pathway: { learnerId: 'lrn-0042', dateOfBirth: DOB, displayName: 'Sam', events },
  });
  const port = (server.address() as AddressInfo).port;
  const browser = await launchChromium();
  try {
    const errors: string[] = [];
    type Result = {
      tUpdate: number;
      tReady: number;
      tWarm: number;
      items: number;
      nodes: number;
      zoomTimes: number[];
      panTimes: number[];
      cpu?: Record<string, number>;
    };
    const runs: Result[] = [];
    let page!: Awaited<ReturnType<typeof browser.newPage>>;
    // Fresh pages, several runs: the machine is shared, so one run can catch another process's burst.
    for (let i = 0; i < RUNS; i++) {
      if (page) await page.close();
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const threadTime = async () =>
        ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
      await page.goto(`http://127.0.0.1:${port}/`);
      // CPU time of the page's main thread per phase: unlike wall time, it hardly moves when other processes
      // compete for the machine's cores.
      const cpu: Record<string, number> = {};
      let last = NaN;
      let lastPhase = '';
      for (const phase of ['cold', 'zoom', 'pan', 'warm', 'end']) {
        await page.waitForFunction((p) => (window as unknown as { __waiting?: string }).__waiting === p, phase, {
          timeout: 60_000,
          polling: 50,
        });
        const now = await threadTime();
        if (lastPhase) cpu[lastPhase] = now - last;
        lastPhase = phase;
        last = await threadTime();
        await page.evaluate((p) => (window as unknown as { __gates: Record<string, () => void> }).__gates[p]!(), phase);
      }
      await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result, undefined, {
        timeout: 60_000,
      });
      runs.push({
        ...((await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as Result),
        cpu,
      });
      await cdp.detach();
    }
    const r = {
      tUpdate: median(runs.map((x) => x.tUpdate)),
      tReady: median(runs.map((x) => x.tReady)),
      tWarm: median(runs.map((x) => x.tWarm)),
      items: runs[0]!.items,
      nodes: runs[0]!.nodes,
      zoomTimes: runs.flatMap((x) => x.zoomTimes),
      panTimes: runs.flatMap((x) => x.panTimes),
      cpu: (phase: string) => median(runs.map((x) => x.cpu?.[phase] ?? NaN)),
    };
    const csp = errors.filter((e) => /Content Security Policy|Refused to/i.test(e));
    const shots = process.env['TIMELINE_SCREENSHOTS'];
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.evaluate(() =>
        (document.querySelector('c2c-pathway-timeline') as unknown as { showAll(): void }).showAll(),
      );
      await page.waitForTimeout(100);
      await page.screenshot({ path: join(shots, 'timeline-wide.png'), fullPage: true });
      await page.evaluate(() => document.getElementById('main')!.classList.add('narrow'));
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(shots, 'timeline-narrow.png'), fullPage: true });
    }
    return [
      {
        name: 'timeline: first render, 2,000 events, cold page (update)',
        value: round(r.tUpdate),
        unit: 'ms',
        note: `pathway set to Lit update done; median of ${RUNS} page loads`,
      },
      {
        name: 'timeline: first render, 2,000 events, cold page (drawn)',
        value: round(r.tReady),
        unit: 'ms',
        note: `measured and laid out; ${r.items} track items, ${r.nodes} shadow nodes`,
      },
      {
        name: 'timeline: first render, 2,000 events, warm (drawn)',
        value: round(r.tWarm),
        unit: 'ms',
        note: 'a second element on the same page',
      },
      {
        name: 'timeline: first render, cold page, main-thread CPU',
        value: round(r.cpu('cold')),
        unit: 'ms',
        note: 'CPU time, not wall time: steady on a busy machine',
      },
      { name: 'timeline: first render, warm, main-thread CPU', value: round(r.cpu('warm')), unit: 'ms' },
      {
        name: 'timeline: zoom step, main-thread CPU (mean)',
        value: round(r.cpu('zoom') / STEPS),
        unit: 'ms',
        note: 'includes the frame waits between steps',
      },
      { name: 'timeline: pan step, main-thread CPU (mean)', value: round(r.cpu('pan') / STEPS), unit: 'ms' },
      {
        name: 'timeline: zoom step, median',
        value: round(median(r.zoomTimes)),
        unit: 'ms',
        note: `${STEPS} steps x ${RUNS}, 25 years to one term; update + layout`,
      },
      { name: 'timeline: zoom step, p95', value: round(percentile(r.zoomTimes, 95)), unit: 'ms' },
      {
        name: 'timeline: pan step, median',
        value: round(median(r.panTimes)),
        unit: 'ms',
        note: `${STEPS} steps x ${RUNS} across a 2-year view`,
      },
      { name: 'timeline: pan step, p95', value: round(percentile(r.panTimes, 95)), unit: 'ms' },
      {
        name: 'timeline: CDN bundle, gzipped',
        value: round(gz(built.initial)),
        unit: 'kB',
        note: `${built.initial.join(', ')}, English; aim < 35 kB`,
      },
      {
        name: 'timeline: on demand, Welsh strings, gzipped',
        value: round(gz(built.lazy)),
        unit: 'kB',
        note: `${built.lazy.join(', ') || 'none'}; fetched only by a page that shows the timeline in Welsh`,
      },
      {
        name: 'timeline: CSP violations on a strict page',
        value: csp.length,
        unit: 'count',
        note: csp[0]?.slice(0, 120) ?? 'none',
      },
      {
        name: 'timeline: machine load (1-minute average)',
        value: round(loadavg()[0]!),
        unit: 'procs',
        note: `${cpus().length} cores; figures above scale with it`,
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
}

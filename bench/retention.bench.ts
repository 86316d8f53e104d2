/**
 * The hub's daily retention run over a large register: LEARNERS synthetic learners on SQLite (one in a hundred
 * past their keep, each with a handover, so the run has shared records to weigh and deletions to make), timed
 * as a report-only run (what `RETENTION=report` and `c2c-hub retention` do) and then as the run that deletes.
 * The run pages through learners 1,000 at a time, so its time grows with the register and its memory does not (pages of 1,000).
 * Seeding a million learners takes about a minute; set RETENTION_BENCH_LEARNERS for a smaller register.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handover, Learner } from '@c2c/schema';
import { syntheticHandovers, syntheticLearners, syntheticOrganisations } from '@c2c/schema/synthetic';
import { DEFAULT_RETENTION, Store, runRetention } from '../packages/hub/src/index.js';

interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const LEARNERS = Number(process.env.RETENTION_BENCH_LEARNERS ?? 1_000_000);
const PAST_KEEP_EVERY = 100;
const round = (n: number) => Math.round(n * 10) / 10;

/** Learners `from` to `to` of the register, ids unique; every PAST_KEEP_EVERY-th born long enough ago to be past its keep. */
function registerSlice(from: number, to: number, current: Learner[], old: Learner[]): Learner[] {
  const out: Learner[] = [];
  for (let i = from; i < to; i++) {
    const past = i % PAST_KEEP_EVERY === 0;
    const like = (past ? old : current)[i % current.length]!;
    // An EHC plan keeps a learner 31 years; born before 1990, these are past both keeps.
    out.push({ ...like, id: `lrn-b${String(i).padStart(7, '0')}`, senStatus: past ? 'none' : like.senStatus });
  }
  return out;
}

export default async function (): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-retention-bench-'));
  const store = await Store.open(`sqlite:${join(dir, 'hub.db')}`);
  try {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    await store.putOrganisations(syntheticOrganisations());
    const current = syntheticLearners(5_000, 1, today);
    const old = syntheticLearners(5_000, 2, '1990-09-01');
    // Written in slices, so a million learners never sit in memory at once.
    const past: Learner[] = [];
    for (let i = 0; i < LEARNERS; i += 5_000) {
      const slice = registerSlice(i, Math.min(i + 5_000, LEARNERS), current, old);
      await store.putLearners(slice);
      past.push(...slice.filter((l) => l.dateOfBirth < '2000-01-01'));
    }
    // A handover each for those past their keep, sent to another school: a second holder to check.
    const template = syntheticHandovers(syntheticLearners(50, 3, today), 3, now).find((h) => h.status !== 'draft')!;
    const handovers: Handover[] = past.map((l, i) => ({
      ...template,
      id: `hnd-b${String(i).padStart(7, '0')}`,
      learnerId: l.id,
      sendingOrganisationId: l.organisationId,
    }));
    for (let i = 0; i < handovers.length; i += 1_000)
      await store.insertHandovers(handovers.slice(i, i + 1_000), 'bench');

    let t = performance.now();
    const reported = await runRetention(store, DEFAULT_RETENTION, now, false);
    const reportMs = performance.now() - t;
    if (reported.learners !== past.length)
      throw new Error(`the report found ${reported.learners} learners past their keep, not ${past.length}`);

    t = performance.now();
    const deleted = await runRetention(store, DEFAULT_RETENTION, now, true);
    const applyMs = performance.now() - t;
    if (deleted.learners !== past.length || deleted.handovers !== past.length)
      throw new Error(`the run deleted ${deleted.learners} learners and ${deleted.handovers} handovers`);
    t = performance.now();
    const again = await runRetention(store, DEFAULT_RETENTION, now, false);
    const quietMs = performance.now() - t;
    if (again.learners !== 0) throw new Error('a second run still found learners past their keep');

    const n = LEARNERS.toLocaleString('en-GB');
    return [
      {
        name: `retention: report run, ${n} learners`,
        value: round(reportMs),
        unit: 'ms',
        note: `${past.length.toLocaleString('en-GB')} past their keep found`,
      },
      {
        name: `retention: deleting run, ${n} learners`,
        value: round(applyMs),
        unit: 'ms',
        note: `${deleted.learners.toLocaleString('en-GB')} learners and ${deleted.handovers.toLocaleString('en-GB')} handovers deleted, each audited`,
      },
      {
        name: `retention: the next day's run, ${n} learners`,
        value: round(quietMs),
        unit: 'ms',
        note: 'nothing to delete',
      },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

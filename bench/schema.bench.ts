/**
 * The schema's hot paths: what a hub pays per request and a component per keystroke.
 * - UPN check letters (validated on every handover field change),
 * - parsing ORUK services with the zod/mini schemas (every directory page load),
 * - the school-year maths behind a pathway timeline.
 */
import { ServiceSchema, milestonesFor, validateUpn, withUpnCheckLetter, yearGroupOn } from '@c2c/schema';
import { syntheticServices } from '@c2c/schema/synthetic';

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
function opsPerSecond(fn: () => unknown, ms = 400): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

export default async function (): Promise<Array<{ name: string; value: number; unit: string; note?: string }>> {
  const upns = Array.from({ length: 1000 }, (_, i) => withUpnCheckLetter(`801200026${String(i).padStart(3, '0')}`));
  let k = 0;
  const upn = opsPerSecond(() => validateUpn(upns[k++ % upns.length]!));

  const services = syntheticServices(500);
  const json = JSON.parse(JSON.stringify(services)) as unknown[];
  const t0 = performance.now();
  const rounds = 20;
  for (let i = 0; i < rounds; i++) for (const service of json) ServiceSchema.parse(service);
  const parseMs = (performance.now() - t0) / rounds;

  const dob = '2015-03-14';
  const year = opsPerSecond(() => yearGroupOn(dob, '2026-11-25'));
  const milestones = opsPerSecond(() => milestonesFor(dob));

  return [
    { name: 'validateUpn', value: upn, unit: 'ops/s' },
    {
      name: 'parse 500 services (zod/mini)',
      value: parseMs,
      unit: 'ms',
      note: `${((parseMs / 500) * 1000).toFixed(1)} µs per service`,
    },
    { name: 'yearGroupOn', value: year, unit: 'ops/s' },
    { name: 'milestonesFor (birth to 18)', value: milestones, unit: 'ops/s' },
  ];
}

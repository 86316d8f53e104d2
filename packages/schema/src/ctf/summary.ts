import type { CtfProblem } from './schema.js';

/** Problems of one kind at one place, counted across pupils: what an import screen lists. */
export interface CtfProblemSummary {
  code: string;
  severity: CtfProblem['severity'];
  /** The path with pupil and repeat numbers replaced by `*`, e.g. `CTfile/CTFpupilData/Pupil[*]/BasicDetails/Religion`. */
  path: string;
  /** How many times it occurs. */
  count: number;
  /** The first message of the group, as an example. */
  example: string;
}

/**
 * Groups the problems of {@link parseCtf} by code and place, errors first, so that 300 pupils with the same
 * unknown element make one line ("300 × ctf_unknown_element at Pupil[*]/BasicDetails/Religion"), not 300.
 */
export function summariseCtfProblems(problems: readonly CtfProblem[]): CtfProblemSummary[] {
  const groups = new Map<string, CtfProblemSummary>();
  for (const p of problems) {
    const path = p.path.replace(/\[\d+\]/g, '[*]');
    const key = `${p.severity}\u0000${p.code}\u0000${path}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { code: p.code, severity: p.severity, path, count: 1, example: p.message });
  }
  return [...groups.values()].sort((a, b) =>
    a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1,
  );
}

/**
 * The hub's retention schedule (OWASP ASVS 14.2.7: automatic deletion on a retention schedule). Defaults come
 * from the IRMS Information Management Toolkit for Schools as councils quote it; a school or trust sets its own
 * through the environment (`readConfig`).
 */
import { addYears, todayIso, type Learner } from '@c2c/schema';
import type { RetentionCounts, Store } from './store.js';

/** How long the hub keeps each kind of record. */
export interface RetentionPolicy {
  /** A handover draft never submitted, counted from its last change. Default 365 days. */
  draftDays: number;
  /**
   * A learner and every record about them (handovers, including a child-protection transfer; pathway; signposting),
   * counted from the date of birth. Default 25 years (secondary educational record; child-protection file).
   */
  learnerYears: number;
  /** The same for a learner with an EHC plan (SEN file). Default 31 years. */
  ehcPlanYears: number;
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = Object.freeze({
  draftDays: 365,
  learnerYears: 25,
  ehcPlanYears: 31,
});

/** Whether `learner`'s keep under `policy` has ended by `today` (an ISO date, in England's time zone). */
export function learnerExpired(learner: Learner, policy: RetentionPolicy, today: string): boolean {
  const years = learner.senStatus === 'ehc-plan' ? policy.ehcPlanYears : policy.learnerYears;
  return addYears(learner.dateOfBirth, years) <= today;
}

/**
 * Runs the schedule once at `now`: with `apply`, deletes what has reached the end of its keep (each deletion
 * audited as done by the `retention` system user); without, only counts it.
 */
export function runRetention(
  store: Store,
  policy: RetentionPolicy,
  now: Date,
  apply: boolean,
): Promise<RetentionCounts> {
  const today = todayIso(now);
  const draftsBefore = new Date(now.getTime() - policy.draftDays * 86_400_000);
  return store.expire(draftsBefore, (l) => learnerExpired(l, policy, today), now, apply);
}

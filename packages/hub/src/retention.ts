/**
 * The hub's retention schedule (OWASP ASVS 14.2.7: automatic deletion on a retention schedule). Defaults come
 * from the IRMS Information Management Toolkit for Schools as councils quote it; the hub's operator sets the
 * hub's own through the environment (`readConfig`), and each organisation may set its own periods through the
 * API (`PATCH /v1/organisations/:id/retention`).
 */
import {
  addDays,
  addYears,
  todayIso,
  type Learner,
  type OrganisationRecord,
  type RetentionOverrides,
  type RetentionPolicy,
} from '@c2c/schema';
import type { AuditActor, RetentionCounts, Store } from './store.js';

export type { RetentionPolicy } from '@c2c/schema';

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = Object.freeze({
  draftDays: 365,
  learnerYears: 25,
  ehcPlanYears: 31,
  // No schedule sets this; six years is the limitation period many records schedules keep case notes for.
  familySignpostingYears: 6,
});

const DAY = 86_400_000;

/**
 * The periods in force for an organisation: its own where it chose them, `defaults` otherwise. A learner with an
 * EHC plan is kept at least as long as any other learner, so a longer learner period lengthens theirs too.
 */
export function effectiveRetention(
  defaults: RetentionPolicy,
  overrides: RetentionOverrides | undefined,
): RetentionPolicy {
  const learnerYears = overrides?.learnerYears ?? defaults.learnerYears;
  return {
    draftDays: overrides?.draftDays ?? defaults.draftDays,
    learnerYears,
    ehcPlanYears: Math.max(overrides?.ehcPlanYears ?? defaults.ehcPlanYears, learnerYears),
    familySignpostingYears: overrides?.familySignpostingYears ?? defaults.familySignpostingYears,
  };
}

/** Whether `learner`'s keep under `policy` has ended by `today` (an ISO date, in England's time zone). */
export function learnerExpired(learner: Learner, policy: RetentionPolicy, today: string): boolean {
  const years = learner.senStatus === 'ehc-plan' ? policy.ehcPlanYears : policy.learnerYears;
  return addYears(learner.dateOfBirth, years) <= today;
}

/**
 * Runs the schedule once at `now`: with `apply`, deletes what has reached the end of its keep (each deletion
 * audited as done by `actor`: the `retention` system user, or the operator who ran it from the command line);
 * without, only counts it.
 *
 * A draft goes by the periods of the school that started it, and a signposting record with no learner (a family
 * known only by a reference) by those of the organisation that made it. A learner's records are shared by every
 * organisation that sent or received a handover, or recorded pathway events or signposting, about them; each of
 * those is a controller with its own keep, so a learner goes only once every one of their keeps has ended.
 */
export async function runRetention(
  store: Store,
  defaults: RetentionPolicy,
  now: Date,
  apply: boolean,
  actor?: AuditActor,
): Promise<RetentionCounts> {
  const policies = new Map(
    (await store.allOrganisations()).map((o: OrganisationRecord) => [o.id, effectiveRetention(defaults, o.retention)]),
  );
  const policyOf = (organisationId: string) => policies.get(organisationId) ?? defaults;
  const shortestDraftDays = Math.min(defaults.draftDays, ...[...policies.values()].map((p) => p.draftDays));
  const shortestFamilyYears = Math.min(
    defaults.familySignpostingYears,
    ...[...policies.values()].map((p) => p.familySignpostingYears),
  );
  const today = todayIso(now);
  return store.expire(
    {
      draftsBefore: new Date(now.getTime() - shortestDraftDays * DAY),
      draftExpired: (org, updatedAt) => Date.parse(updatedAt) < now.getTime() - policyOf(org).draftDays * DAY,
      learnerExpired: (learner, holders) => holders.every((org) => learnerExpired(learner, policyOf(org), today)),
      // Two days' margin on the day's edge: the timestamps are UTC, the days England's; the rule below decides.
      familySignpostingBefore: addYears(addDays(today, 2), -shortestFamilyYears),
      familySignpostingExpired: (org, createdAt) =>
        addYears(todayIso(new Date(createdAt)), policyOf(org).familySignpostingYears) <= today,
    },
    now,
    apply,
    actor,
  );
}

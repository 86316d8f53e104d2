import { syntheticCluster, syntheticServices } from '@c2c/schema/synthetic';
import { HUB_ORGANISATION, type AuditActor, type AuditInput, type Store } from './store.js';

/** How much demo data to create. */
export interface SeedOptions {
  /** Learners in the cluster (default 300). */
  learners?: number;
  /** Services in the directory (default 48; the benchmark uses 100,000). */
  services?: number;
  /** The date the cluster is built around (ages, handover dates). */
  now?: Date;
  /** Reports services stored so far, for a progress indicator. */
  onProgress?: (servicesDone: number, servicesTotal: number) => void;
  /**
   * Who loads it, for the audit log: given, every record stored gets its line (`create`, or `update` of a
   * learner's pathway), in the transaction that stores it. The command line names its operator here.
   */
  actor?: AuditActor;
}

/** Demo API keys are `demo_<userId>`; they exist only in seeded demo databases. */
export const demoToken = (userId: string) => `demo_${userId}`;

/**
 * Loads the synthetic cluster (`syntheticCluster()` from @c2c/schema/synthetic): organisations, users with
 * demo API keys, learners, pathway events, handovers (the move ahead at every status, and an acknowledged one for
 * every move a child has already made), and services. Deterministic.
 */
export async function seedDemo(
  store: Store,
  options: SeedOptions = {},
): Promise<{
  organisations: number;
  users: number;
  learners: number;
  handovers: number;
  services: number;
  events: number;
}> {
  const now = options.now ?? new Date();
  const serviceCount = options.services ?? 48;
  const cluster = syntheticCluster({ learners: options.learners ?? 300, services: Math.min(serviceCount, 48), now });
  const services = serviceCount > 48 ? syntheticServices(serviceCount, 2026 + 3) : cluster.services;
  const at = now.toISOString();
  const actor = options.actor;
  /** One audit line per record: `of` gives its id, its organisation and the learner it is about (if any). */
  const lines = <T>(
    records: readonly T[],
    action: AuditInput['action'],
    resource: AuditInput['resource'],
    of: (r: T) => [resourceId: string, organisationId: string, learnerId: string | null],
  ): AuditInput[] =>
    actor
      ? records.map((r) => {
          const [resourceId, organisationId, learnerId] = of(r);
          return {
            at,
            userId: actor.userId,
            role: actor.role,
            action,
            resource,
            resourceId,
            organisationId,
            learnerId,
          };
        })
      : [];
  await store.putOrganisations(
    cluster.organisations,
    lines(cluster.organisations, 'create', 'organisation', (o) => [o.id, o.id, null]),
  );
  await store.putUsers(
    cluster.users,
    lines(cluster.users, 'create', 'user', (u) => [u.id, u.organisationId, null]),
  );
  const expires = new Date(now.getTime() + 365 * 86_400_000);
  for (const user of cluster.users)
    await store.addToken(
      demoToken(user.id),
      user.id,
      'api-key',
      expires,
      now,
      lines([user], 'create', 'token:api-key', (u) => [u.id, u.organisationId, null]),
    );
  await store.putLearners(
    cluster.learners,
    lines(cluster.learners, 'create', 'learner', (l) => [l.id, l.organisationId, l.id]),
  );
  const withEvents = [...new Set(cluster.events.map((e) => e.learnerId))];
  const ownerOf = new Map(cluster.learners.map((l) => [l.id, l.organisationId]));
  await store.putEvents(
    cluster.events,
    lines(withEvents, 'update', 'pathway', (learnerId) => [
      learnerId,
      ownerOf.get(learnerId) ?? HUB_ORGANISATION,
      learnerId,
    ]),
  );
  const existing = new Set<string>();
  for (const h of cluster.handovers) if (await store.handover(h.id)) existing.add(h.id);
  const added = cluster.handovers.filter((h) => !existing.has(h.id));
  await store.insertHandovers(
    added,
    'Demo data',
    lines(added, 'create', 'handover', (h) => [h.id, h.sendingOrganisationId, h.learnerId]),
  );
  await store.putServices(
    services,
    (done) => options.onProgress?.(done, services.length),
    (batch) => lines(batch, 'create', 'service', (s) => [s.id, HUB_ORGANISATION, null]),
  );
  return {
    organisations: cluster.organisations.length,
    users: cluster.users.length,
    learners: cluster.learners.length,
    handovers: cluster.handovers.length,
    services: services.length,
    events: cluster.events.length,
  };
}

import { syntheticCluster, syntheticServices } from '@c2c/schema/synthetic';
import type { Store } from './store.js';

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
}

/** Demo API keys are `demo_<userId>`; they exist only in seeded demo databases. */
export const demoToken = (userId: string) => `demo_${userId}`;

/**
 * Loads the synthetic cluster (`syntheticCluster()` from @c2c/schema/synthetic): organisations, users with
 * demo API keys, learners, pathway events, handovers at every status, and services. Deterministic.
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
  await store.putOrganisations(cluster.organisations);
  await store.putUsers(cluster.users);
  const expires = new Date(now.getTime() + 365 * 86_400_000);
  for (const user of cluster.users) await store.addToken(demoToken(user.id), user.id, 'api-key', expires, now);
  await store.putLearners(cluster.learners);
  await store.putEvents(cluster.events);
  const existing = new Set<string>();
  for (const h of cluster.handovers) if (await store.handover(h.id)) existing.add(h.id);
  await store.insertHandovers(
    cluster.handovers.filter((h) => !existing.has(h.id)),
    'Demo data',
  );
  await store.putServices(services, (done) => options.onProgress?.(done, services.length));
  return {
    organisations: cluster.organisations.length,
    users: cluster.users.length,
    learners: cluster.learners.length,
    handovers: cluster.handovers.length,
    services: services.length,
    events: cluster.events.length,
  };
}

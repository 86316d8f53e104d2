import type { Service } from '@c2c/schema';

/**
 * The family's shortlist, kept in this browser's localStorage under a namespaced key. A copy of each saved
 * service is kept too, so the shortlist shows (and prints) offline and for services a later search does not
 * return. Service data is public directory data; nothing about the family is stored.
 *
 * Storage can be missing (privacy modes), full, or hold anything (another script, an old version, a manual
 * edit): reads never throw and ignore what they cannot use; writes fail quietly and the list lives on in memory.
 */
export class ShortlistStore {
  readonly key: string;

  constructor(namespace = 'default') {
    this.key = `c2c:service-directory:${namespace}:shortlist:v1`;
  }

  load(): Service[] {
    let raw: string | null = null;
    try {
      raw = localStorage.getItem(this.key);
    } catch {
      return [];
    }
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      const items = (parsed as { items?: unknown })?.items;
      if (!Array.isArray(items)) return [];
      const out: Service[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        const s = coerceService(item);
        if (s && !seen.has(s.id)) {
          seen.add(s.id);
          out.push(s);
        }
      }
      return out;
    } catch {
      return [];
    }
  }

  save(services: Service[]): boolean {
    try {
      if (services.length === 0) localStorage.removeItem(this.key);
      else localStorage.setItem(this.key, JSON.stringify({ items: services }));
      return true;
    } catch {
      return false;
    }
  }
}

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Makes a stored or fetched object safe to render: an id and name are required; every list the templates
 * iterate becomes an array. Text stays text (Lit escapes it); links still go through safeHref when shown.
 */
export function coerceService(v: unknown): Service | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const id = str(o.id);
  const name = str(o.name);
  if (!id || !name) return undefined;
  return {
    ...(o as Partial<Service>),
    id,
    name,
    status: (str(o.status) as Service['status']) ?? 'active',
    locations: arr<Service['locations'][number]>(o.locations)
      .filter((l) => typeof l === 'object' && l !== null)
      .map((l) => ({ ...l, accessibility: arr<string>(l.accessibility) })),
    contacts: arr<Service['contacts'][number]>(o.contacts)
      .filter((c) => typeof c === 'object' && c !== null)
      .map((c) => ({ ...c, phones: arr(c.phones) })),
    schedules: arr<Service['schedules'][number]>(o.schedules)
      .filter((s) => typeof s === 'object' && s !== null)
      .map((s) => ({ ...s, byDay: arr(s.byDay) })),
    free: o.free === true,
    costOptions: arr(o.costOptions),
    languages: arr(o.languages),
    serviceAreas: arr(o.serviceAreas),
    taxonomyTerms: arr(o.taxonomyTerms),
    accessibility: arr(o.accessibility),
  } as Service;
}

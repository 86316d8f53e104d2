import * as z from 'zod/mini';

/**
 * A service in a family directory: the Open Referral UK (HSDS 3.0 UK profile) shape, flattened for
 * searching and display. Ids are kept as the feed gives them (any string), since real feeds use UUIDs,
 * numbers and slugs.
 */
const FeedId = z.string().check(z.minLength(1), z.maxLength(200));
const Str = z.string();

export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export const DaySchema = z.enum(DAYS);
export type Day = z.infer<typeof DaySchema>;
const Time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM, like 09:30.'));

export const ScheduleSchema = z.strictObject({
  freq: z.enum(['WEEKLY', 'MONTHLY']),
  byDay: z.array(DaySchema),
  opensAt: z.optional(Time),
  closesAt: z.optional(Time),
  validFrom: z.optional(Str),
  validTo: z.optional(Str),
  termTimeOnly: z.optional(z.boolean()),
  description: z.optional(Str),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export const AddressSchema = z.strictObject({
  line1: Str,
  line2: z.optional(Str),
  city: Str,
  region: z.optional(Str),
  postcode: Str,
  country: Str,
});

export const LocationSchema = z.strictObject({
  id: FeedId,
  name: z.optional(Str),
  address: z.optional(AddressSchema),
  latitude: z.optional(z.number().check(z.gte(-90), z.lte(90))),
  longitude: z.optional(z.number().check(z.gte(-180), z.lte(180))),
  accessibility: z.array(Str),
});
export type ServiceLocation = z.infer<typeof LocationSchema>;

export const ServiceContactSchema = z.strictObject({
  name: z.optional(Str),
  title: z.optional(Str),
  email: z.optional(Str),
  phones: z.array(z.strictObject({ number: Str, description: z.optional(Str) })),
});

export const CostOptionSchema = z.strictObject({
  option: z.optional(Str),
  amount: z.optional(z.number()),
  currency: z.optional(Str),
  amountDescription: z.optional(Str),
});

export const TaxonomyTermSchema = z.strictObject({
  id: FeedId,
  name: Str,
  taxonomy: z.optional(Str),
  parentId: z.optional(Str),
});
export type TaxonomyTerm = z.infer<typeof TaxonomyTermSchema>;

export const ServiceSchema = z.strictObject({
  id: FeedId,
  name: z.string().check(z.minLength(1, 'A service needs a name.')),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  description: z.optional(Str),
  url: z.optional(Str),
  email: z.optional(Str),
  organisation: z.optional(z.strictObject({ id: FeedId, name: Str, url: z.optional(Str) })),
  locations: z.array(LocationSchema),
  contacts: z.array(ServiceContactSchema),
  schedules: z.array(ScheduleSchema),
  minimumAge: z.optional(z.number().check(z.gte(0))),
  maximumAge: z.optional(z.number().check(z.gte(0))),
  eligibility: z.optional(Str),
  howToAccess: z.optional(Str),
  /** True when the service costs families nothing (derived from cost options and fees). */
  free: z.boolean(),
  fees: z.optional(Str),
  costOptions: z.array(CostOptionSchema),
  languages: z.array(z.strictObject({ name: Str, code: z.optional(Str) })),
  serviceAreas: z.array(Str),
  taxonomyTerms: z.array(TaxonomyTermSchema),
  accessibility: z.array(Str),
  lastModified: z.optional(Str),
  /** ORUK fields this profile does not model, kept so that publishing the service again loses nothing. */
  extra: z.optional(z.record(z.string(), z.unknown())),
});
export type Service = z.infer<typeof ServiceSchema>;

/** Query for a service search, shared by the hub, the SDK and the directory's client-side search. */
export const ServiceQuerySchema = z.strictObject({
  q: z.optional(z.string().check(z.maxLength(200, 'Use 200 characters or fewer.'))),
  taxonomy: z.optional(z.string().check(z.maxLength(200))),
  age: z.optional(z.number().check(z.gte(0), z.lte(120))),
  free: z.optional(z.boolean()),
  language: z.optional(z.string().check(z.maxLength(60))),
  day: z.optional(DaySchema),
  /** Open at this time on `day` (or any day), `HH:MM`. */
  time: z.optional(Time),
  accessibility: z.optional(z.string().check(z.maxLength(100))),
  lat: z.optional(z.number().check(z.gte(-90), z.lte(90))),
  lng: z.optional(z.number().check(z.gte(-180), z.lte(180))),
  radiusKm: z.optional(z.number().check(z.positive(), z.lte(500))),
  cursor: z.optional(z.string().check(z.maxLength(500))),
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
});
export type ServiceQuery = z.infer<typeof ServiceQuerySchema>;

/** Great-circle distance in kilometres. */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Distance from a point to the nearest located venue of a service, or undefined when none has coordinates. */
export function nearestDistanceKm(service: Service, lat: number, lng: number): number | undefined {
  let best: number | undefined;
  for (const loc of service.locations) {
    if (loc.latitude === undefined || loc.longitude === undefined) continue;
    const d = distanceKm(lat, lng, loc.latitude, loc.longitude);
    if (best === undefined || d < best) best = d;
  }
  return best;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a service matches every filter of a query other than free text and paging. One function, so that
 * the hub's SQL results and the directory's in-browser results agree.
 */
export function matchesServiceFilters(service: Service, query: ServiceQuery): boolean {
  if (query.taxonomy) {
    const wanted = query.taxonomy.toLowerCase();
    if (!service.taxonomyTerms.some((t) => t.id.toLowerCase() === wanted || t.name.toLowerCase() === wanted)) return false;
  }
  if (query.age !== undefined) {
    if (service.minimumAge !== undefined && query.age < service.minimumAge) return false;
    if (service.maximumAge !== undefined && query.age > service.maximumAge) return false;
  }
  if (query.free !== undefined && service.free !== query.free) return false;
  if (query.language) {
    const lang = query.language.toLowerCase();
    if (!service.languages.some((l) => l.name.toLowerCase() === lang || l.code?.toLowerCase() === lang)) return false;
  }
  if (query.accessibility) {
    const a = query.accessibility.toLowerCase();
    const all = [...service.accessibility, ...service.locations.flatMap((l) => l.accessibility)];
    if (!all.some((x) => x.toLowerCase().includes(a))) return false;
  }
  if (query.day || query.time) {
    const open = service.schedules.some((s) => {
      if (query.day && s.byDay.length > 0 && !s.byDay.includes(query.day)) return false;
      if (query.day && s.byDay.length === 0 && s.freq === 'WEEKLY') return false;
      if (query.time && s.opensAt && s.closesAt) {
        const t = toMinutes(query.time);
        return t >= toMinutes(s.opensAt) && t < toMinutes(s.closesAt);
      }
      return !query.time || (!s.opensAt && !s.closesAt);
    });
    if (!open) return false;
  }
  if (query.lat !== undefined && query.lng !== undefined && query.radiusKm !== undefined) {
    const d = nearestDistanceKm(service, query.lat, query.lng);
    if (d === undefined || d > query.radiusKm) return false;
  }
  return true;
}

import * as z from 'zod/mini';
import { DAYS } from './service-filters.js';

// DAYS and the filter functions (matchesServiceFilters, distanceKm, nearestDistanceKm) live in
// service-filters.ts, a module without zod, so a browser bundle that only filters (the service directory)
// does not carry the schemas. The package index exports both modules.

/**
 * A service in a family directory: the Open Referral UK (HSDS 3.0 UK profile) shape, flattened for
 * searching and display. Ids are kept as the feed gives them (any string), since real feeds use UUIDs,
 * numbers and slugs.
 */
const FeedId = z.string().check(z.minLength(1), z.maxLength(200));
const Str = z.string();

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

import type { Service, ServiceQuery } from './service.js';

/** Days of the week as ORUK/iCalendar write them. */
export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

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

/**
 * Whether a child of `age` years (a fraction for part of a year: 5.5 is five and a half) falls in a service's age
 * range, read the way people read one: "ages 0 to 5" takes a child until their sixth birthday, so a whole-year
 * maximum runs to the next birthday. A maximum with a fraction (0.5, up to six months) is taken as written.
 *
 * @param minimumAge - The youngest age served, from that birthday on; none for no lower limit.
 * @param maximumAge - The oldest age served; none for no upper limit.
 */
export function withinAges(age: number, minimumAge?: number, maximumAge?: number): boolean {
  if (minimumAge !== undefined && age < minimumAge) return false;
  if (maximumAge === undefined) return true;
  return Number.isInteger(maximumAge) ? age < maximumAge + 1 : age <= maximumAge;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a service matches every filter of a query other than free text and paging. One function, so that
 * the hub's SQL results and the directory's in-browser results agree.
 *
 * @param today - England's date (`YYYY-MM-DD`): for the day and time filters a schedule that ended before it
 *   (`validTo`) no longer counts, so "open on Saturdays" does not find a Saturday club that stopped last term.
 *   Without it every schedule counts.
 */
export function matchesServiceFilters(service: Service, query: ServiceQuery, today?: string): boolean {
  if (query.taxonomy) {
    const wanted = query.taxonomy.toLowerCase();
    if (!service.taxonomyTerms.some((t) => t.id.toLowerCase() === wanted || t.name.toLowerCase() === wanted))
      return false;
  }
  if (query.age !== undefined && !withinAges(query.age, service.minimumAge, service.maximumAge)) return false;
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
      if (today && s.validTo && s.validTo.slice(0, 10) < today) return false;
      // A weekly schedule without days says nothing about which day; a monthly one may fall on any.
      const on = (d: ServiceQuery['day']) => !d || (s.byDay.length ? s.byDay.includes(d) : s.freq !== 'WEEKLY');
      if (query.time && s.opensAt && s.closesAt) {
        const t = toMinutes(query.time);
        const opens = toMinutes(s.opensAt);
        const closes = toMinutes(s.closesAt);
        if (opens < closes) return on(query.day) && t >= opens && t < closes;
        // Closes at or after midnight (22:00 to 02:00): the small hours belong to the session of the day before.
        const dayBefore = query.day && DAYS[(DAYS.indexOf(query.day) + 6) % 7];
        return (on(query.day) && t >= opens) || (on(dayBefore) && t < closes);
      }
      return on(query.day) && (!query.time || (!s.opensAt && !s.closesAt));
    });
    if (!open) return false;
  }
  if (query.lat !== undefined && query.lng !== undefined && query.radiusKm !== undefined) {
    const d = nearestDistanceKm(service, query.lat, query.lng);
    if (d === undefined || d > query.radiusKm) return false;
  }
  return true;
}

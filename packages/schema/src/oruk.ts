import type { Day, Schedule, Service } from './service.js';
import { DAYS } from './service-filters.js';
import { checkService } from './service-check.js';

/** Something in a feed record that could not be mapped, with where it was. */
export interface MappingProblem {
  /** JSON path inside the record, e.g. `service_at_locations[0].location.latitude`. */
  path: string;
  message: string;
}

/** The result of reading one ORUK record: the service (when it could be read at all) and what was not mapped. */
export interface OrukMapping {
  service: Service | null;
  problems: MappingProblem[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') {
    // Feeds wrap whole values in stray quotes ("\"+44 1234 234567\""); a quote at one end only is real text.
    const s = v.trim().replace(/^"+([^"]*)"+$/, '$1');
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
};
const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/** A feed's value as it can appear in a message: short, whatever its type. */
const shown = (v: unknown): string => {
  const s = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};
const absent = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * `str` and `num` that say what they changed: a number read as text, text read as a number, or a value of
 * the wrong kind ignored. Each of these changes what a family sees (a name, an age filter), so none is silent.
 */
function reporting(problems: MappingProblem[]) {
  return {
    text(v: unknown, path: string): string | undefined {
      const s = str(v);
      if (typeof v === 'number' && s !== undefined)
        problems.push({ path, message: `${shown(v)} is a number where text was expected; read as the text "${s}".` });
      else if (s === undefined && !absent(v)) problems.push({ path, message: `${shown(v)} is not text; ignored.` });
      return s;
    },
    number(v: unknown, path: string): number | undefined {
      const n = num(v);
      if (typeof v === 'string' && n !== undefined)
        problems.push({ path, message: `${shown(v)} is text where a number was expected; read as ${n}.` });
      else if (n === undefined && !absent(v)) problems.push({ path, message: `${shown(v)} is not a number; ignored.` });
      return n;
    },
    /** A list as the standard has it; one object or text where a list belongs is read as a list of one. */
    list(v: unknown, path: string): unknown[] {
      if (Array.isArray(v)) return v;
      if (absent(v)) return [];
      const one = isObj(v) || typeof v === 'string';
      problems.push({
        path,
        message: one
          ? `${shown(v)} is a single value where a list was expected; read as a list of one.`
          : `${shown(v)} is not a list; ignored.`,
      });
      return one ? [v] : [];
    },
  };
}

/** Service fields this mapping reads; anything else at the top level is kept in `extra`. */
const KNOWN = new Set([
  'id',
  'name',
  'status',
  'description',
  'url',
  'email',
  'fees',
  'fees_description',
  'minimum_age',
  'maximum_age',
  'eligibility_description',
  'application_process',
  'last_modified',
  'organization',
  'service_at_locations',
  'contacts',
  'schedules',
  'regular_schedules',
  'cost_options',
  'languages',
  'service_areas',
  'attributes',
  'service_taxonomys',
  'eligibilitys',
  'accessibility',
  'organization_id',
]);

/** The days' English names, in the order of {@link DAYS} (Monday first, as ORUK's `weekday` 1 is). */
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The English name of a day (`Monday`). */
const dayName = (d: Day) => {
  const n = DAY_NAMES[DAYS.indexOf(d)]!;
  return n[0]!.toUpperCase() + n.slice(1);
};

/** A day as a feed writes it: `MO` (any case), `Monday`, `mon`, or a number from 1 (Monday) to 7. */
function day(v: string): Day | undefined {
  const s = v.trim().toLowerCase();
  return DAYS[DAY_NAMES.findIndex((n, i) => s === n || s === n.slice(0, 3) || s === n.slice(0, 2) || s === `${i + 1}`)];
}

/** A time as `HH:MM`, and the UTC offset in minutes written after it, if any. */
function time(v: unknown): { t: string; zone?: number } | undefined {
  const s = str(v);
  if (!s) return undefined;
  // Anchored at both ends: reading only the start of "1:30 PM" or "09:00 - 17:00" gives a wrong time, which is
  // worse than none. A zone may follow (Z or an offset up to 14 hours, as the ORUK schema asks: "09:00-05:00"), so
  // "09:00-17:00" is no time.
  const m = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:\s*([ap])\.?\s*m\.?)?(Z|([+-])(0\d|1[0-4]):?(\d{2}))?$/i.exec(s);
  if (!m) return undefined;
  let h = Number(m[1]);
  if (m[3]) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (m[3].toLowerCase() === 'p' ? 12 : 0);
  }
  if (h > 23 || Number(m[2]) > 59) return undefined;
  const t = `${String(h).padStart(2, '0')}:${m[2]}`;
  if (!m[4]) return { t };
  return { t, zone: m[5] ? (m[5] === '-' ? -1 : 1) * (Number(m[6]) * 60 + Number(m[7])) : 0 };
}

/** An iCal or ISO date ("20250731", "2025-07-31", "20250731T170000Z") as `YYYY-MM-DD`. */
const isoDate = (v: unknown): string | undefined => {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|T)/.exec(str(v) ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};
const DAY_MS = 864e5;

/**
 * The date of the last of `count` sessions from `start`, for a schedule on `days` every `interval` weeks; as RFC
 * 5545 counts, `start` is the first session whatever its day.
 */
function lastOf(start: string, count: number, days: Day[], interval: number): string {
  const t0 = Date.parse(start);
  // Weeks are counted from the Monday of the start's week (iCal's default WKST).
  const monday = t0 - ((new Date(t0).getUTCDay() + 6) % 7) * DAY_MS;
  let t = t0;
  for (let n = 1, i = 1; n < count && i < 36600; i++) {
    const d = t0 + i * DAY_MS;
    if (((d - monday) / DAY_MS / 7) % interval < 1 && days.includes(DAYS[(new Date(d).getUTCDay() + 6) % 7]!)) {
      n++;
      t = d;
    }
  }
  return new Date(t).toISOString().slice(0, 10);
}

const TERM_TIME = /term[- ]time/i;

function schedule(raw: unknown, path: string, problems: MappingProblem[]): Schedule | undefined {
  if (!isObj(raw)) {
    if (!absent(raw)) problems.push({ path, message: `${shown(raw)} is not a schedule; ignored.` });
    return undefined;
  }
  let freq: Schedule['freq'] = 'WEEKLY';
  const f = str(raw.freq)?.toUpperCase();
  // A daily schedule is a weekly one on every day; read as a weekly one without days it would be open on none.
  const daily = f === 'DAILY' && absent(raw.byday);
  if (f === 'MONTHLY') freq = 'MONTHLY';
  else if (f && f !== 'WEEKLY')
    problems.push({
      path: `${path}.freq`,
      message: `Frequency "${str(raw.freq)}" is not WEEKLY or MONTHLY; read as weekly${daily ? ' on every day' : ''}.`,
    });
  const interval = num(raw.interval);
  if (interval !== undefined && interval > 1)
    problems.push({
      path: `${path}.interval`,
      message: `It runs every ${interval} ${freq === 'MONTHLY' ? 'months' : 'weeks'}, which a schedule here cannot show; its days are listed as if it ran every ${freq === 'MONTHLY' ? 'month' : 'week'}.`,
    });
  const days: Day[] = [];
  let byday = str(raw.byday) ?? '';
  if (Array.isArray(raw.byday)) {
    byday = raw.byday.map((d) => str(d) ?? '').join(',');
    problems.push({
      path: `${path}.byday`,
      message: `${shown(raw.byday)} is a list where text was expected; read as "${byday}".`,
    });
  }
  for (const part of byday.split(/[\s,;]+/).filter(Boolean)) {
    // An RRULE ordinal ("1MO", the first Monday; "-1FR", the last Friday) is kept as the day, and said so.
    const ordinal = /^[+-]?\d{1,2}([A-Za-z]{2})$/.exec(part);
    const d = day(ordinal ? ordinal[1]! : part);
    if (!d) problems.push({ path: `${path}.byday`, message: `"${part}" is not a day of the week.` });
    else {
      if (!days.includes(d)) days.push(d);
      if (ordinal)
        problems.push({
          path: `${path}.byday`,
          message: `"${part}" names one ${dayName(d)} of the month; read as ${dayName(d)}, so it may not run every ${dayName(d)}.`,
        });
    }
  }
  const weekday = str(raw.weekday);
  if (weekday) {
    const d = day(weekday);
    if (d && !days.includes(d)) days.push(d);
    else if (!d) problems.push({ path: `${path}.weekday`, message: `"${weekday}" is not a day of the week.` });
  }
  const out: Schedule = { freq, byDay: daily ? [...DAYS] : days };
  const opens = time(raw.opens_at);
  const closes = time(raw.closes_at);
  if (raw.opens_at !== undefined && raw.opens_at !== null && !opens)
    problems.push({ path: `${path}.opens_at`, message: `Opening time "${String(raw.opens_at)}" is not a time.` });
  if (raw.closes_at !== undefined && raw.closes_at !== null && !closes)
    problems.push({ path: `${path}.closes_at`, message: `Closing time "${String(raw.closes_at)}" is not a time.` });
  if (opens) out.opensAt = opens.t;
  if (closes) out.closesAt = closes.t;
  // Times are the UK clock. An offset the UK keeps (+00:00 in winter, +01:00 in summer, Z) is how a UK feed writes
  // its local time, and is read as it. Any other (a time's own, or the schedule's `timezone` in hours) is a clock
  // elsewhere, whose UK time changes by an hour with British Summer Time: shown as written, and reported.
  const zone = opens?.zone ?? closes?.zone ?? (num(raw.timezone) ?? 0) * 60;
  if ((opens || closes) && zone !== 0 && zone !== 60)
    problems.push({
      path: `${path}.${opens?.zone !== undefined ? 'opens_at' : closes?.zone !== undefined ? 'closes_at' : 'timezone'}`,
      message: `UTC${zone < 0 ? '' : '+'}${zone / 60} is not UK time; the times are shown as written.`,
    });
  const validFrom = str(raw.valid_from);
  let validTo = str(raw.valid_to);
  // A schedule ends on the earliest of its `valid_to`, its `until` and its last session by `count`; the directory
  // offers no next opening past `validTo`.
  let end = isoDate(raw.until);
  if (!end && !absent(raw.until))
    problems.push({ path: `${path}.until`, message: `${shown(raw.until)} is not a date; ignored.` });
  const count = num(raw.count);
  const start = isoDate(raw.dtstart);
  if (count! >= 1) {
    // Every N days (a daily interval) and monthly sessions are not counted here.
    if (start && out.byDay.length && f !== 'MONTHLY' && !(daily && interval! > 1)) {
      const last = lastOf(start, count!, out.byDay, daily ? 1 : (interval ?? 1));
      if (!end || last < end) end = last;
    } else
      problems.push({
        path: `${path}.count`,
        message: `Its end after ${count} sessions cannot be worked out; ignored.`,
      });
  }
  const to = isoDate(validTo);
  if (end && !(to && to <= end)) validTo = end;
  if (validFrom) out.validFrom = validFrom;
  if (validTo) out.validTo = validTo;
  const notes = str(raw.notes);
  if (notes && TERM_TIME.test(notes)) out.termTimeOnly = true;
  const description = str(raw.description);
  if (description) out.description = description;
  return out;
}

/**
 * Reads one service record from an Open Referral UK feed (HSDS-UK 3.0, or the older ORUK 1.0 field names)
 * into a {@link Service}. Off-spec values are fixed where the meaning is clear and reported; a record with no
 * id or name cannot be read and yields `service: null` with the reason.
 */
export function fromOruk(raw: unknown): OrukMapping {
  const problems: MappingProblem[] = [];
  if (!isObj(raw)) return { service: null, problems: [{ path: '', message: 'The record is not a JSON object.' }] };
  const id = str(raw.id);
  const name = str(raw.name);
  if (!id || !name) {
    return {
      service: null,
      problems: [
        { path: id ? 'name' : 'id', message: `The record has no ${id ? 'name' : 'id'}, so it cannot be listed.` },
      ],
    };
  }
  const { text, number, list } = reporting(problems);
  // Read again to report a number given as the id or name; the record is still listed under the text.
  text(raw.id, 'id');
  text(raw.name, 'name');
  const statusRaw = str(raw.status)?.toLowerCase() ?? 'active';
  const statuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
  let status: Service['status'] = 'active';
  if ((statuses as readonly string[]).includes(statusRaw)) status = statusRaw as Service['status'];
  else
    problems.push({ path: 'status', message: `Status "${statusRaw}" is not one the standard allows; read as active.` });

  const service: Service = {
    id,
    name,
    status,
    locations: [],
    contacts: [],
    schedules: [],
    free: true,
    costOptions: [],
    languages: [],
    serviceAreas: [],
    taxonomyTerms: [],
    accessibility: [],
  };
  const set = <K extends keyof Service>(k: K, v: Service[K] | undefined) => {
    if (v !== undefined) service[k] = v;
  };
  set('description', text(raw.description, 'description'));
  set('url', text(raw.url, 'url'));
  set('email', text(raw.email, 'email'));
  set('fees', text(raw.fees, 'fees') ?? text(raw.fees_description, 'fees_description'));
  set('eligibility', text(raw.eligibility_description, 'eligibility_description'));
  set('howToAccess', text(raw.application_process, 'application_process'));
  set('lastModified', text(raw.last_modified, 'last_modified'));
  set('minimumAge', number(raw.minimum_age, 'minimum_age'));
  set('maximumAge', number(raw.maximum_age, 'maximum_age'));
  // ORUK 1.0 lists each group a service is for as its own eligibility (HSDS 2: "the types of people for whom this
  // service is intended"), so a family in any of them is eligible: the ages are their union. A gap between the
  // ranges cannot be kept in one range; the span is listed, so no eligible child is filtered out, and reported.
  const ranges: Array<[number, number]> = [];
  const groups: string[] = [];
  list(raw.eligibilitys, 'eligibilitys').forEach((e, i) => {
    if (!isObj(e)) return;
    const at = `eligibilitys[${i}]`;
    const g = text(e.eligibility, `${at}.eligibility`);
    if (g && !groups.includes(g)) groups.push(g);
    const lo = number(e.minimum_age, `${at}.minimum_age`);
    const hi = number(e.maximum_age, `${at}.maximum_age`);
    if (lo === undefined && hi === undefined) return;
    if ((lo ?? -Infinity) > (hi ?? Infinity))
      problems.push({
        path: `${at}.minimum_age`,
        message: `The age range ${lo} to ${hi} runs backwards; both ages ignored.`,
      });
    else ranges.push([lo ?? -Infinity, hi ?? Infinity]);
  });
  if (ranges.length) {
    ranges.sort((a, b) => a[0] - b[0]);
    let hi = ranges[0]![1];
    for (const r of ranges.slice(1)) {
      // Whole years: "0 to 5" and "6 to 11" meet.
      if (r[0] > hi + 1)
        problems.push({
          path: 'eligibilitys',
          message: `No eligibility covers ages between ${hi} and ${r[0]}; listed for the whole range.`,
        });
      hi = Math.max(hi, r[1]);
    }
    const lo = ranges[0]![0];
    if (lo > -Infinity) set('minimumAge', service.minimumAge ?? lo);
    if (hi < Infinity) set('maximumAge', service.maximumAge ?? hi);
  }
  if (groups.length) set('eligibility', service.eligibility ?? groups.join(', '));
  for (const key of ['minimumAge', 'maximumAge'] as const) {
    const v = service[key];
    if (v !== undefined && (v < 0 || v > 130)) {
      problems.push({
        path: key === 'minimumAge' ? 'minimum_age' : 'maximum_age',
        message: `Age ${v} is not a real age; ignored.`,
      });
      delete service[key];
    }
  }
  if (service.minimumAge !== undefined && service.maximumAge !== undefined && service.minimumAge > service.maximumAge) {
    // Which end is wrong cannot be told, and a service listed for the wrong ages is worse than one listed for all.
    problems.push({
      path: 'minimum_age',
      message: `The age range ${service.minimumAge} to ${service.maximumAge} runs backwards; both ages ignored.`,
    });
    delete service.minimumAge;
    delete service.maximumAge;
  }

  if (isObj(raw.organization)) {
    const oid = str(raw.organization.id);
    const oname = str(raw.organization.name);
    if (oid && oname)
      service.organisation = {
        id: oid,
        name: oname,
        ...((str(raw.organization.url) ?? str(raw.organization.website))
          ? { url: (str(raw.organization.url) ?? str(raw.organization.website))! }
          : {}),
      };
  }

  const sals = list(raw.service_at_locations, 'service_at_locations');
  sals.forEach((sal, i) => {
    const path = `service_at_locations[${i}]`;
    const loc = isObj(sal) && isObj(sal.location) ? sal.location : isObj(sal) ? sal : undefined;
    if (!loc) return;
    const lid = str(loc.id) ?? (isObj(sal) ? str(sal.id) : undefined) ?? `${id}-loc-${i}`;
    const location: Service['locations'][number] = { id: lid, accessibility: [] };
    const lname = str(loc.name);
    if (lname) location.name = lname;
    const lat = number(loc.latitude, `${path}.location.latitude`);
    const lng = number(loc.longitude, `${path}.location.longitude`);
    if (lat !== undefined && lng !== undefined) {
      if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
        location.latitude = lat;
        location.longitude = lng;
      } else
        problems.push({
          path: `${path}.location.latitude`,
          message: `Coordinates ${lat}, ${lng} are outside the world; the location is listed without a map position.`,
        });
    }
    const addr = [...arr(loc.addresses), ...arr(loc.physical_addresses)][0];
    if (isObj(addr)) {
      const line1 = str(addr.address_1);
      const postcode = str(addr.postal_code);
      if (line1 || postcode) {
        location.address = {
          line1: line1 ?? '',
          city: str(addr.city) ?? '',
          postcode: postcode ?? '',
          country: str(addr.country) ?? 'GB',
        };
        const line2 = str(addr.address_2);
        const region = str(addr.region) ?? str(addr.state_province);
        if (line2) location.address.line2 = line2;
        if (region) location.address.region = region;
      }
    }
    for (const a of [...arr(loc.accessibility), ...arr(loc.accessibility_for_disabilities)]) {
      const d = isObj(a) ? (str(a.description) ?? str(a.accessibility)) : str(a);
      if (d) location.accessibility.push(d);
    }
    service.locations.push(location);
  });

  list(raw.contacts, 'contacts').forEach((c, ci) => {
    if (!isObj(c)) return;
    const contact: Service['contacts'][number] = { phones: [] };
    const cname = str(c.name);
    const title = str(c.title);
    const email = str(c.email);
    if (cname) contact.name = cname;
    if (title) contact.title = title;
    if (email) contact.email = email;
    list(c.phones, `contacts[${ci}].phones`).forEach((p, pi) => {
      // A phone sent as a JSON number has lost its leading zero: still listed, but never silently.
      const n = isObj(p)
        ? text(p.number, `contacts[${ci}].phones[${pi}].number`)
        : text(p, `contacts[${ci}].phones[${pi}]`);
      if (typeof p === 'string' && n)
        problems.push({
          path: `contacts[${ci}].phones[${pi}]`,
          message: `"${n}" is text where a phone was expected; read as its number.`,
        });
      if (n)
        contact.phones.push({
          number: n,
          ...(isObj(p) && str(p.description) ? { description: str(p.description)! } : {}),
        });
    });
    service.contacts.push(contact);
  });

  [...list(raw.schedules, 'schedules'), ...list(raw.regular_schedules, 'regular_schedules')].forEach((s, i) => {
    const sc = schedule(s, `schedules[${i}]`, problems);
    if (sc) service.schedules.push(sc);
  });
  if (service.schedules.length === 0) {
    // HSDS also puts opening times on a service at a location, or on the location: without them the service
    // would look closed on every day. The same times given at both levels are listed once.
    const seen = new Set<string>();
    sals.forEach((sal, i) => {
      if (!isObj(sal)) return;
      const at = `service_at_locations[${i}]`;
      const loc = isObj(sal.location) ? sal.location : {};
      for (const [where, v] of [
        [`${at}.schedules`, sal.schedules],
        [`${at}.location.schedules`, loc.schedules],
      ] as const)
        list(v, where).forEach((s, j) => {
          const sc = schedule(s, `${where}[${j}]`, problems);
          const key = JSON.stringify(sc);
          if (sc && !seen.has(key)) {
            seen.add(key);
            service.schedules.push(sc);
          }
        });
    });
  }

  let unreadableCost = false;
  list(raw.cost_options, 'cost_options').forEach((c, i) => {
    if (!isObj(c)) return;
    const option: Service['costOptions'][number] = {};
    const o = str(c.option);
    const amount = number(c.amount, `cost_options[${i}].amount`);
    if (amount === undefined && !absent(c.amount)) unreadableCost = true;
    const cur = str(c.currency);
    const ad = str(c.amount_description);
    if (o) option.option = o;
    if (amount !== undefined) option.amount = amount;
    if (cur) option.currency = cur;
    if (ad) option.amountDescription = ad;
    service.costOptions.push(option);
  });
  // An amount given but unreadable ("£5") may be a charge: "free" is a filter families rely on, so it is not claimed.
  // Text that names a sum ("Free for under-5s, £3 for others", "50p a session") is a charge, whatever else it says.
  const charge = (t = '') =>
    [...t.matchAll(/£\s*(\d[\d,]*(?:\.\d+)?)|\b(\d+)p\b/gi)].some((m) => Number((m[1] ?? m[2]!).replace(/,/g, '')) > 0);
  const paid =
    unreadableCost ||
    service.costOptions.some((c) => (c.amount ?? 0) > 0 || charge(c.amountDescription)) ||
    (service.fees !== undefined && (charge(service.fees) || !/free|no charge|no cost/i.test(service.fees)));
  service.free = !paid;

  list(raw.languages, 'languages').forEach((l) => {
    const lname = isObj(l) ? (str(l.name) ?? str(l.language)) : str(l);
    if (lname) service.languages.push({ name: lname, ...(isObj(l) && str(l.code) ? { code: str(l.code)! } : {}) });
  });
  list(raw.service_areas, 'service_areas').forEach((a) => {
    const n = isObj(a) ? (str(a.name) ?? str(a.service_area)) : str(a);
    if (n) service.serviceAreas.push(n);
  });
  const terms = [
    ...list(raw.attributes, 'attributes').map((a) => (isObj(a) ? a.taxonomy_term : undefined)),
    ...list(raw.service_taxonomys, 'service_taxonomys').map((a) => (isObj(a) ? a.taxonomy : undefined)),
  ];
  terms.forEach((t, i) => {
    if (!isObj(t)) return;
    const tid = str(t.id);
    const tname = str(t.name);
    if (!tid || !tname) {
      problems.push({ path: `attributes[${i}].taxonomy_term`, message: 'A taxonomy term has no id or name; skipped.' });
      return;
    }
    const term: Service['taxonomyTerms'][number] = { id: tid, name: tname };
    const taxonomy = isObj(t.taxonomy) ? str(t.taxonomy.name) : (str(t.taxonomy) ?? str(t.vocabulary));
    const parent = str(t.parent_id) ?? str(t.parent);
    if (taxonomy) term.taxonomy = taxonomy;
    if (parent) term.parentId = parent;
    service.taxonomyTerms.push(term);
  });
  const acc = raw.accessibility;
  for (const a of Array.isArray(acc) ? acc : acc === undefined ? [] : [acc]) {
    const d = isObj(a) ? str(a.description) : str(a);
    if (d) service.accessibility.push(d);
  }

  const extra: Json = {};
  for (const [k, v] of Object.entries(raw)) if (!KNOWN.has(k)) extra[k] = v;
  if (Object.keys(extra).length > 0) service.extra = extra;

  // ServiceSchema's check, without zod's runtime: the ORUK reader's browser bundle is 7 kB gzipped lighter for it.
  const issues = checkService(service);
  if (issues.length > 0)
    return { service: null, problems: [...problems, ...issues.map((i) => ({ path: i.path, message: i.message }))] };
  return { service, problems };
}

/**
 * Writes a {@link Service} as an HSDS-UK 3.0 service record, the shape the hub's `/oruk` endpoints publish.
 *
 * The UK profile requires an `id` on every nested record (contact, schedule, cost option, language, service area,
 * attribute, address, accessibility). The hub keeps none of them as records of their own, so each is named from its
 * service (or service at location) and its place in the list: `<service id>:contact:0`, `<service id>:<location
 * id>:address:0`. They are stable while the service is unchanged.
 * A required text the hub does not hold is written as honestly as it can be: an organisation's or a term's
 * description is its name, and an address's `state_province` is its region, or empty when it has none.
 */
export function toOruk(service: Service): Json {
  const out: Json = { ...(service.extra ?? {}), id: service.id, name: service.name, status: service.status };
  const put = (k: string, v: unknown) => {
    if (v !== undefined) out[k] = v;
  };
  const sid = service.id;
  put('description', service.description);
  put('url', service.url);
  put('email', service.email);
  put('fees', service.fees);
  put('eligibility_description', service.eligibility);
  put('application_process', service.howToAccess);
  put('last_modified', service.lastModified);
  put('minimum_age', service.minimumAge);
  put('maximum_age', service.maximumAge);
  if (service.organisation) {
    out.organization_id = service.organisation.id;
    out.organization = {
      id: service.organisation.id,
      name: service.organisation.name,
      description: service.organisation.name,
      // HSDS 3.0 calls it `website`; `url` is kept for readers of the 1.0 name.
      ...(service.organisation.url ? { website: service.organisation.url, url: service.organisation.url } : {}),
    };
  }
  out.service_at_locations = service.locations.map((l) => {
    const salId = `${sid}:${l.id}`;
    return {
      id: salId,
      service_id: sid,
      location_id: l.id,
      location: {
        id: l.id,
        location_type: 'physical',
        ...(l.name ? { name: l.name } : {}),
        ...(l.latitude !== undefined ? { latitude: l.latitude, longitude: l.longitude } : {}),
        addresses: l.address
          ? [
              {
                id: `${salId}:address:0`,
                location_id: l.id,
                address_1: l.address.line1,
                ...(l.address.line2 ? { address_2: l.address.line2 } : {}),
                city: l.address.city,
                ...(l.address.region ? { region: l.address.region } : {}),
                // Required by the UK profile; the county, which the hub holds as the region when it holds it at all.
                state_province: l.address.region ?? '',
                postal_code: l.address.postcode,
                country: l.address.country,
                address_type: 'physical',
              },
            ]
          : [],
        accessibility: l.accessibility.map((description, i) => ({
          id: `${salId}:accessibility:${i}`,
          location_id: l.id,
          description,
        })),
      },
    };
  });
  out.contacts = service.contacts.map((c, i) => {
    const id = `${sid}:contact:${i}`;
    return {
      id,
      service_id: sid,
      ...(c.name ? { name: c.name } : {}),
      ...(c.title ? { title: c.title } : {}),
      ...(c.email ? { email: c.email } : {}),
      phones: c.phones.map((p, j) => ({
        id: `${id}:phone:${j}`,
        contact_id: id,
        number: p.number,
        ...(p.description ? { description: p.description } : {}),
      })),
    };
  });
  out.schedules = service.schedules.map((s, i) => ({
    id: `${sid}:schedule:${i}`,
    service_id: sid,
    freq: s.freq,
    ...(s.byDay.length ? { byday: s.byDay.join(',') } : {}),
    ...(s.opensAt ? { opens_at: s.opensAt } : {}),
    ...(s.closesAt ? { closes_at: s.closesAt } : {}),
    ...(s.validFrom ? { valid_from: s.validFrom } : {}),
    ...(s.validTo ? { valid_to: s.validTo } : {}),
    ...(s.termTimeOnly ? { notes: 'Term time only' } : {}),
    ...(s.description ? { description: s.description } : {}),
  }));
  out.cost_options = service.costOptions.map((c, i) => ({
    id: `${sid}:cost:${i}`,
    service_id: sid,
    ...(c.option ? { option: c.option } : {}),
    ...(c.amount !== undefined ? { amount: c.amount } : {}),
    ...(c.currency ? { currency: c.currency } : {}),
    ...(c.amountDescription ? { amount_description: c.amountDescription } : {}),
  }));
  out.languages = service.languages.map((l, i) => ({
    id: `${sid}:language:${i}`,
    service_id: sid,
    name: l.name,
    ...(l.code ? { code: l.code } : {}),
  }));
  out.service_areas = service.serviceAreas.map((name, i) => ({ id: `${sid}:area:${i}`, service_id: sid, name }));
  out.attributes = service.taxonomyTerms.map((t, i) => ({
    id: `${sid}:attribute:${i}`,
    link_id: sid,
    taxonomy_term_id: t.id,
    taxonomy_term: {
      id: t.id,
      name: t.name,
      // As `/oruk/taxonomy_terms` publishes it: a term has no description but its name.
      description: t.name,
      ...(t.taxonomy ? { taxonomy: t.taxonomy, taxonomy_id: t.taxonomy } : {}),
      ...(t.parentId ? { parent_id: t.parentId } : {}),
    },
  }));
  if (service.accessibility.length)
    out.accessibility = service.accessibility.map((description, i) => ({
      id: `${sid}:accessibility:${i}`,
      description,
    }));
  return out;
}

/** One page of an ORUK list, read from either the 3.0 or the 1.0 page shape. */
export interface OrukPage {
  items: unknown[];
  /**
   * The page's number as the feed gives it, from 1. For a 1.0 page this is a guess: a 1.0 `number` counts from 0
   * in some feeds and from 1 in others, so the second page of one reads as the first of the other. A client that
   * asked for a page should go by the number it asked for, and by `last` and `totalPages`, not by this.
   */
  page: number;
  /** How many pages the feed says there are; 1 when it does not say. */
  totalPages: number;
  totalItems: number;
  /**
   * Whether the feed says this is its last page (3.0 `last_page`, 1.0 `last`); `undefined` when it does not say.
   * Unlike the page number it means the same whichever way the feed counts.
   */
  last?: boolean | undefined;
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Reads an ORUK list response (`contents` in 3.0, `content` in 1.0). Returns null when it is neither. */
export function readOrukPage(json: unknown): OrukPage | null {
  if (Array.isArray(json)) return { items: json, page: 1, totalPages: 1, totalItems: json.length, last: true };
  if (!isObj(json)) return null;
  if (Array.isArray(json.contents)) {
    return {
      items: json.contents,
      page: num(json.page_number) ?? 1,
      totalPages: num(json.total_pages) ?? 1,
      totalItems: num(json.total_items) ?? json.contents.length,
      last: bool(json.last_page),
    };
  }
  if (Array.isArray(json.content)) {
    // ORUK 1.0 pages count from 0 in some feeds and from 1 in others; only `first`, and a `number` of 0, tell
    // which, so a middle page of a feed counting from 0 reads one too low. See `page` above.
    const n = num(json.number) ?? 0;
    const page = json.first === true ? 1 : n + (n === 0 ? 1 : 0);
    return {
      items: json.content,
      page,
      totalPages: num(json.totalPages) ?? 1,
      totalItems: num(json.totalElements) ?? json.content.length,
      last: bool(json.last),
    };
  }
  return null;
}

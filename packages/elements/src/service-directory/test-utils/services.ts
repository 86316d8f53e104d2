import type { Day, Service } from '@c2c/schema';

/** A small hand-made directory whose filter answers are known without running our filter code. */
export function svc(id: string, name: string, extra: Partial<Service> = {}): Service {
  return {
    id,
    name,
    status: 'active',
    locations: [],
    contacts: [],
    schedules: [],
    free: false,
    costOptions: [],
    languages: [{ name: 'English', code: 'en' }],
    serviceAreas: [],
    taxonomyTerms: [],
    accessibility: [],
    ...extra,
  };
}

const weekly = (byDay: Day[], opensAt: string, closesAt: string, termTimeOnly = false) => ({
  freq: 'WEEKLY' as const,
  byDay,
  opensAt,
  closesAt,
  ...(termTimeOnly ? { termTimeOnly } : {}),
});
const at = (id: string, lat: number | undefined, lng: number | undefined, accessibility: string[] = []) => ({
  id,
  name: `${id} venue`,
  address: { line1: '1 High Street', city: 'Brookfield', postcode: 'CF10 1AA', country: 'GB' },
  ...(lat !== undefined ? { latitude: lat } : {}),
  ...(lng !== undefined ? { longitude: lng } : {}),
  accessibility,
});

export const BABY = svc('a', 'Baby Bounce', {
  description: 'Songs and rhymes for babies and toddlers.',
  organisation: { id: 'lib', name: 'Brookfield Libraries' },
  taxonomyTerms: [{ id: 'early-years', name: 'Early years' }],
  minimumAge: 0,
  maximumAge: 5,
  free: true,
  schedules: [weekly(['MO'], '09:30', '11:30')],
  locations: [at('a', 51.5, -3.2, ['Step-free access'])],
  contacts: [{ name: 'Sam', phones: [{ number: '01632 960001' }] }],
  email: 'baby@example.org',
  url: 'https://example.org/baby',
});
export const YOUTH = svc('b', 'Youth Club', {
  description: 'Games, music and support for young people.',
  taxonomyTerms: [{ id: 'youth', name: 'Youth' }],
  minimumAge: 11,
  maximumAge: 19,
  costOptions: [{ option: 'Per session', amount: 2, currency: 'GBP' }],
  schedules: [weekly(['TU', 'TH'], '18:00', '20:00')],
  languages: [
    { name: 'English', code: 'en' },
    { name: 'Welsh', code: 'cy' },
  ],
  locations: [at('b', 51.6, -3.0, ['Hearing loop'])],
});
export const CAFE = svc('c', 'Café Bach', {
  description: 'A community café with free lunches for families.',
  taxonomyTerms: [{ id: 'food', name: 'Food' }],
  minimumAge: 0,
  maximumAge: 99,
  free: true,
  schedules: [weekly(['SA'], '10:00', '12:00')],
  languages: [{ name: 'Welsh', code: 'cy' }],
  locations: [at('c', 51.48, -3.18)],
});
export const SPEECH = svc('d', 'Speech and Language Therapy', {
  description: 'Help for children who find talking or understanding hard.',
  taxonomyTerms: [{ id: 'health', name: 'Health' }],
  minimumAge: 0,
  maximumAge: 18,
  free: true,
  schedules: [weekly(['WE'], '13:00', '16:00', true)],
  accessibility: ['Accessible toilet'],
  locations: [at('d', undefined, undefined)],
});
export const PARENTING = svc('e', 'Parenting Course', {
  description: 'Eight weeks of ideas and support for parents.',
  taxonomyTerms: [{ id: 'parenting', name: 'Parenting' }],
  minimumAge: 0,
  maximumAge: 18,
  fees: '£5 a week',
  schedules: [weekly(['FR'], '10:00', '12:00')],
});

export const SMALL_DIRECTORY: Service[] = [BABY, YOUTH, CAFE, SPEECH, PARENTING];

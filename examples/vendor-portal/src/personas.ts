/**
 * The people the demo signs in as. Their API keys (`demo_<userId>`) exist only in a seeded demo hub;
 * a real portal would get a session token from its own sign-in.
 */
export interface Persona {
  userId: string;
  label: string;
}

export const PERSONAS: Persona[] = [
  { userId: 'pri-millbrook-teacher', label: 'Year 6 teacher, Millbrook Primary School' },
  { userId: 'sec-brookfield-academy-transition', label: 'Transition lead, Brookfield Academy (secondary)' },
  { userId: 'sec-northgate-transition', label: 'Transition lead, Northgate High School (secondary)' },
  { userId: 'pri-millbrook-dsl', label: 'Designated safeguarding lead, Millbrook Primary School' },
  { userId: 'sec-brookfield-academy-dsl', label: 'Designated safeguarding lead, Brookfield Academy' },
  { userId: 'parent-demo', label: 'Parent or carer of a Year 6 pupil' },
  { userId: 'youth-hub-worker', label: 'Youth worker, Brookfield Youth Hub' },
];

export const tokenFor = (userId: string) => `demo_${userId}`;

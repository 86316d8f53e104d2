/**
 * Seeded, deterministic synthetic data for tests, stories, the hub's demo cluster and benchmarks.
 * Every name, number and address is invented: UPNs and ULNs are valid in form only, phone numbers are
 * Ofcom's drama range, email domains are example.org.
 * @packageDocumentation
 */
import { withUlnCheckDigit, withUpnCheckLetter } from '../identifiers.js';
import {
  PHASES,
  addDays,
  addYears,
  milestonesFor,
  receptionStartYear,
  yearGroupOfOffset,
  yearGroupOn,
  type IsoDate,
  type YearGroupCode,
} from '../dates.js';
import type { Learner } from '../learner.js';
import type { Organisation } from '../organisation.js';
import type { Role, User } from '../user.js';
import type { Handover, HandoverStatus, Sections } from '../handover.js';
import type { Transition } from '../template.js';
import type { Day, Service } from '../service.js';
import type { PathwayEvent, Strand } from '../pathway.js';
import { Random } from './random.js';
import { FORENAMES, FORENAMES_BY_SEX, STREETS, SURNAMES, TOWN } from './names.js';

export { Random } from './random.js';
export { syntheticAnswers } from './answers.js';

const LA = '938';
const CENTRE = { lat: 52.63, lng: -1.13 };

/** A fictional postcode in the invented town's district. */
function postcode(r: Random): string {
  return `BF${r.int(1, 9)} ${r.int(1, 9)}${r.pick(['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J'])}${r.pick(['L', 'N', 'P', 'Q', 'R', 'T', 'U', 'W'])}`;
}
const phone = (r: Random) => `01632 960${String(r.int(0, 999)).padStart(3, '0')}`;

/** The cluster the demo hub serves: a local authority and the settings, schools and services around it. */
export interface SyntheticCluster {
  organisations: Organisation[];
  users: User[];
  learners: Learner[];
  handovers: Handover[];
  services: Service[];
  events: PathwayEvent[];
}

/** The sending school's DSL as a handover's safeguarding record names them (two draws: forename, surname). */
function sendingDsl(r: Random, organisationId: string) {
  return {
    name: `${r.pick(FORENAMES)} ${r.pick(SURNAMES)}`,
    email: `dsl@${organisationId}.example.org`,
    side: 'sending' as const,
  };
}

export function syntheticOrganisations(): Organisation[] {
  const org = (
    id: string,
    name: string,
    kind: Organisation['kind'],
    phases: Organisation['phases'],
    urn?: string,
    estab?: string,
  ): Organisation => ({
    id,
    name,
    kind,
    phases,
    allowedOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080'],
    email: `office@${id}.example.org`,
    ...(urn ? { urn } : {}),
    ...(estab ? { laCode: LA, establishmentNumber: estab } : {}),
  });
  /** Every phase from birth up to and including `last`. */
  const phasesTo = (last: (typeof PHASES)[number]) => PHASES.slice(0, PHASES.indexOf(last) + 1);
  return [
    org('la-brookfield', 'Brookfield Council Family Services', 'local-authority-service', [...PHASES]),
    org('ey-acorn', 'Acorn Day Nursery', 'early-years-setting', ['pre-school', 'early-years'], '2000001'),
    org('ey-little-steps', 'Little Steps Pre-school', 'early-years-setting', ['pre-school', 'early-years'], '2000002'),
    org(
      'ey-riverside',
      'Riverside Children’s Centre Nursery',
      'early-years-setting',
      ['pre-school', 'early-years'],
      '2000003',
    ),
    org('pri-millbrook', 'Millbrook Primary School', 'school', ['early-years', 'ks1', 'ks2'], '100001', '2001'),
    org('pri-oakfield', 'Oakfield Primary School', 'school', ['early-years', 'ks1', 'ks2'], '100002', '2002'),
    org('pri-st-aidans', 'St Aidan’s CE Primary', 'school', ['early-years', 'ks1', 'ks2'], '100003', '3001'),
    org('pri-canal-side', 'Canal Side Primary Academy', 'school', ['early-years', 'ks1', 'ks2'], '100004', '2003'),
    org('pri-hillcrest', 'Hillcrest Infant and Junior', 'school', ['early-years', 'ks1', 'ks2'], '100005', '2004'),
    org('pri-ysgol-y-dderwen', 'Ysgol Gymraeg y Dderwen', 'school', ['early-years', 'ks1', 'ks2'], '100006', '2005'),
    org('sec-brookfield-academy', 'Brookfield Academy', 'school', ['ks3', 'ks4', 'post-16'], '100101', '4001'),
    org('sec-northgate', 'Northgate High School', 'school', ['ks3', 'ks4'], '100102', '4002'),
    org('col-brookfield', 'Brookfield College', 'college', ['post-16', 'adult'], '130001'),
    org('youth-hub', 'Brookfield Youth Hub', 'youth-organisation', ['ks3', 'ks4', 'post-16', 'adult']),
    org('vol-family-support', 'Brookfield Family Support Trust', 'voluntary-organisation', phasesTo('ks4')),
    org('csc-brookfield', 'Brookfield Children’s Social Care', 'social-care-team', phasesTo('post-16')),
  ];
}

/** Staff for each organisation, one per role the demo needs, with stable ids the examples sign in as. */
export function syntheticUsers(
  organisations: Organisation[],
  learners: Learner[],
  seed = 7,
  now: Date = new Date(),
): User[] {
  const r = new Random(seed);
  const users: User[] = [];
  const add = (id: string, role: Role, organisationId: string, learnerIds: string[] = []) => {
    const name = `${r.pick(FORENAMES)} ${r.pick(SURNAMES)}`;
    users.push({
      id,
      name,
      email: `${id}@${organisationId}.example.org`,
      role,
      organisationId,
      learnerIds,
      disabled: false,
    });
  };
  for (const o of organisations) {
    if (o.kind === 'school' || o.kind === 'early-years-setting' || o.kind === 'college') {
      add(`${o.id}-teacher`, 'teacher', o.id);
      add(`${o.id}-dsl`, 'dsl', o.id);
      add(`${o.id}-transition`, 'transition-lead', o.id);
      add(`${o.id}-senco`, 'senco', o.id);
      add(`${o.id}-admin`, 'admin', o.id);
    } else if (o.kind === 'youth-organisation') add(`${o.id}-worker`, 'youth-worker', o.id);
    else if (o.kind === 'voluntary-organisation') add(`${o.id}-worker`, 'family-worker', o.id);
    else if (o.kind === 'social-care-team') add(`${o.id}-worker`, 'social-worker', o.id);
    else add(`${o.id}-admin`, 'admin', o.id);
  }
  const child =
    learners.find((l) => l.organisationId === 'pri-millbrook' && yearGroupOn(l.dateOfBirth, now).code === 'Y6') ??
    learners[0];
  if (child) add('parent-demo', 'parent', child.organisationId, [child.id]);
  return users;
}

const SCHOOL_FOR_YEAR = (code: YearGroupCode, r: Random): string => {
  if (code === 'pre-school' || code === 'N1' || code === 'N2')
    return r.pick(['ey-acorn', 'ey-little-steps', 'ey-riverside']);
  const n = code === 'R' ? 0 : code === 'adult' ? 14 : Number(code.slice(1));
  if (n <= 6)
    return r.pick([
      'pri-millbrook',
      'pri-oakfield',
      'pri-st-aidans',
      'pri-canal-side',
      'pri-hillcrest',
      'pri-ysgol-y-dderwen',
    ]);
  if (n <= 11) return r.pick(['sec-brookfield-academy', 'sec-northgate']);
  return 'col-brookfield';
};

/** Establishment numbers of the primaries (as `syntheticOrganisations` gives them), which issue the learners' UPNs. */
const ESTABLISHMENT: Record<string, string> = Object.fromEntries(
  syntheticOrganisations().flatMap((o) => (o.establishmentNumber ? [[o.id, o.establishmentNumber]] : [])),
);

/** The name a draw in [0, 1) falls on: how `Random.pick` chooses, for a draw taken before the list was known. */
const nameAt = (draw: number, names: readonly string[]) => names[Math.floor(draw * names.length)]!;

/** A learner's first contact: a mother has a woman's name and a father a man's (drawn in the order they always were). */
function parentContact(r: Random, surname: string): NonNullable<Learner['contacts']>[number] {
  const nameDraw = r.next();
  const relationship = r.pick(['Mother', 'Father', 'Grandparent', 'Carer']);
  const names =
    relationship === 'Mother' ? FORENAMES_BY_SEX.F : relationship === 'Father' ? FORENAMES_BY_SEX.M : FORENAMES;
  return {
    name: `${nameAt(nameDraw, names)} ${surname}`,
    relationship,
    parentalResponsibility: true,
    phone: phone(r),
    priority: 1,
  };
}

/** Learners of every age from 2 to 18, attached to the setting their year group suggests. */
export function syntheticLearners(
  count: number,
  seed = 1,
  today: IsoDate = new Date().toISOString().slice(0, 10),
): Learner[] {
  const r = new Random(seed);
  const out: Learner[] = [];
  const serials = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    // Weighted towards the transition years, where the handovers are.
    const age = r.chance(0.4) ? r.pick([3, 4, 10, 11, 15, 16]) : r.int(2, 18);
    const dob = addDays(addYears(today, -age), -r.int(0, 364));
    const yg = yearGroupOn(dob, today);
    const organisationId = SCHOOL_FOR_YEAR(yg.code, r);
    // A UPN is issued by the first school a child joins, in the year they join: their own primary while they are at
    // one, otherwise one of the area's (drawn). The establishment and year were once drawn at random and this
    // year's, so a Year 10 pupil's UPN said it was issued last September by a school they never attended.
    const issuerDraw = r.next();
    const issuer = PRIMARIES.includes(organisationId) ? organisationId : nameAt(issuerDraw, PRIMARIES);
    const issued = Math.min(receptionStartYear(dob), yg.academicYear.startYear) % 100;
    const prefix = `${LA}${ESTABLISHMENT[issuer]}${String(issued).padStart(2, '0')}`;
    // Serial numbers count up within each school and year, so no two learners share a UPN.
    const serial = (serials.get(prefix) ?? 0) + 1;
    serials.set(prefix, serial);
    const body = `${prefix}${String(serial % 1000).padStart(3, '0')}`;
    let uln: string | null = null;
    while (!uln) uln = withUlnCheckDigit(`${r.int(1, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`);
    const senStatus = r.chance(0.8) ? 'none' : r.chance(0.7) ? 'sen-support' : 'ehc-plan';
    const surname = r.pick(SURNAMES);
    // The draw that once picked a forename from every name, before the sex was drawn: now the name fits the sex.
    const forenameDraw = r.next();
    const sex = r.chance(0.5) ? 'F' : 'M';
    const learner: Learner = {
      id: `lrn-${String(i + 1).padStart(4, '0')}`,
      legalForename: nameAt(forenameDraw, FORENAMES_BY_SEX[sex]),
      legalSurname: surname,
      dateOfBirth: dob,
      upn: withUpnCheckLetter(body),
      sex,
      yearGroup: yg.code,
      senStatus,
      senNeeds: senStatus === 'none' ? [] : r.some(['SLCN', 'ASD', 'SEMH', 'SPLD', 'MLD'] as const, 2),
      eal: r.chance(0.2),
      lookedAfter: r.chance(0.03),
      previouslyLookedAfter: r.chance(0.03),
      freeSchoolMeals: r.chance(0.25),
      pupilPremium: r.chance(0.3),
      contacts: [parentContact(r, surname)],
      organisationId,
    };
    if (age >= 16) learner.uln = uln;
    if (learner.eal) learner.firstLanguage = r.pick(['Polish', 'Urdu', 'Romanian', 'Welsh', 'Arabic', 'Portuguese']);
    if (r.chance(0.1))
      learner.medicalNeeds = r.pick([
        'Asthma: inhaler kept in class.',
        'Nut allergy: adrenaline pen in office.',
        'Type 1 diabetes: care plan in place.',
      ]);
    if (r.chance(0.15)) learner.preferredForename = nameAt(r.next(), FORENAMES_BY_SEX[sex]);
    out.push(learner);
  }
  return out;
}

const STRENGTHS = [
  'Loves drawing and Lego',
  'Reads widely and asks brilliant questions',
  'Kind to younger children',
  'Strong at maths reasoning',
  'Enjoys football and running club',
  'Confident speaking Welsh and English',
];
const VOICES = [
  'I like building things and my best friend is Sam. I get worried when it is noisy.',
  'I am good at art. I want to join a football team at my new school.',
  'I like reading about space. Please let me sit near the front.',
];

function transitionFor(code: YearGroupCode): Transition | null {
  if (code === 'N2') return 'ey-to-reception';
  if (code === 'Y2') return 'infant-to-junior';
  if (code === 'Y6') return 'y6-to-y7';
  if (code === 'Y11') return 'y11-to-post16';
  return null;
}
/**
 * Where a child in Year 2 may move for Year 3: another primary (the handover goes between two schools), and the
 * Welsh-medium school only from Welsh-medium education, as families choosing it do so from the start.
 */
function juniorSchoolsFor(from: string): string[] {
  return PRIMARIES.filter((p) => p !== from && (p !== WELSH_MEDIUM || from === WELSH_MEDIUM));
}
const WELSH_MEDIUM = 'pri-ysgol-y-dderwen';

const DESTINATION: Record<Transition, (r: Random, from: Learner, juniors: Random) => string | null> = {
  'ey-to-reception': (r) =>
    r.pick([
      'pri-millbrook',
      'pri-oakfield',
      'pri-st-aidans',
      'pri-canal-side',
      'pri-hillcrest',
      'pri-ysgol-y-dderwen',
    ]),
  // Drawn from a stream of its own (`juniors`), so every other value is what it was. Any primary may receive: each
  // teaches Key Stage 2. Once every child in the area went to Hillcrest.
  'infant-to-junior': (_r, from, juniors) => juniors.pick(juniorSchoolsFor(from.organisationId)),
  'y6-to-y7': (r) => r.pick(['sec-brookfield-academy', 'sec-northgate']),
  'y11-to-post16': () => 'col-brookfield',
  'in-year': () => null,
};

/**
 * Handovers for every learner: those in a transition year get one for the move ahead, at every status; every move a
 * learner has already made (into reception, Year 3, Year 7 and post-16, the moves a pathway checks) gets the handover
 * that went with it, acknowledged by the school the child moved to. Without those, a Year 3 child's pathway would
 * say that two transitions "need attention" when, in the story the demo tells, they were handed over long ago.
 */
export function syntheticHandovers(learners: Learner[], seed = 3, now = new Date()): Handover[] {
  // The handovers for the move ahead come first and draw from `seed` as they always have, so the records that
  // tests and examples pick out of them stay the same; past moves draw from their own stream.
  const ahead = currentHandovers(learners, seed, now);
  return [...ahead, ...pastHandovers(learners, ahead, seed, now)];
}

/** Handovers for the learners in a transition year, at every status. */
function currentHandovers(learners: Learner[], seed: number, now: Date): Handover[] {
  const r = new Random(seed);
  // Any constant would do; this one keeps the Millbrook draft addressed to Hillcrest (on 2 March 2026) that the hub's
  // authorisation matrix uses for a school a draft names but was never sent.
  const juniors = new Random(seed ^ 0x1f3a_5b7c);
  const out: Handover[] = [];
  const cpSenders = new Set<string>();
  for (const l of learners) {
    const transition = transitionFor(yearGroupOn(l.dateOfBirth, now).code);
    if (!transition) continue;
    const status: HandoverStatus = r.pick(['draft', 'draft', 'submitted', 'submitted', 'acknowledged']);
    const at = new Date(now.getTime() - r.int(1, 60) * 86_400_000).toISOString();
    const sections: Sections = {
      'pupil-voice': { 'all-about-me': r.pick(VOICES) },
      strengths: { strengths: r.pick(STRENGTHS) },
      'how-i-learn': { rag: r.pick(['green', 'amber', 'red']) },
      attendance: { 'attendance-percent': r.int(82, 100) },
    };
    // Every sending setting gets at least one submitted handover with a child-protection transfer, so the
    // DSL's journey can always be shown; beyond that about 8% of handovers carry one.
    const cp = r.chance(0.08) || (status !== 'draft' && !cpSenders.has(l.organisationId));
    if (cp) cpSenders.add(l.organisationId);
    const { id: _id, organisationId: _org, upnTemporary: _t, gender: _g, preferredSurname: _p, ...core } = l;
    out.push({
      id: `hnd-${l.id.slice(4)}`,
      version: 1,
      status,
      transition,
      templateId: `std-${transition}`,
      learnerId: l.id,
      learner: core,
      sendingOrganisationId: l.organisationId,
      receivingOrganisationId: DESTINATION[transition](r, l, juniors),
      sections,
      safeguardingTransferRequired: cp,
      ...(cp
        ? {
            safeguarding: {
              cpFileExists: true,
              dslContacts: [sendingDsl(r, l.organisationId)],
              ...(status !== 'draft' ? { transfer: { method: 'specialist-system' as const, sentAt: at } } : {}),
            },
          }
        : {}),
      messages: [],
      createdAt: at,
      updatedAt: at,
      submittedAt: status === 'draft' ? null : at,
      acknowledgedAt: status === 'acknowledged' ? at : null,
      acknowledgedBy: status === 'acknowledged' ? 'Transition lead' : null,
    });
  }
  return out;
}

/** The moves a pathway checks for a handover, with the offset (years after reception starts) of the first year after. */
const PAST_MOVES: ReadonlyArray<{ transition: Exclude<Transition, 'in-year'>; offset: number }> = [
  { transition: 'ey-to-reception', offset: 0 },
  { transition: 'infant-to-junior', offset: 3 },
  { transition: 'y6-to-y7', offset: 7 },
  { transition: 'y11-to-post16', offset: 12 },
];
const EARLY_YEARS = ['ey-acorn', 'ey-little-steps', 'ey-riverside'];
const PRIMARIES = [
  'pri-millbrook',
  'pri-oakfield',
  'pri-st-aidans',
  'pri-canal-side',
  'pri-hillcrest',
  'pri-ysgol-y-dderwen',
];
const SECONDARIES = ['sec-brookfield-academy', 'sec-northgate'];
const at10 = (date: IsoDate) => `${date}T10:00:00.000Z`;

/**
 * The acknowledged handover of every move a learner has already made (1 September of that year is on or before
 * `now`), between the settings of one consistent history: the learner's own school for the stage they are at now,
 * a setting of the right kind before that. Each was written in the summer term before the move, submitted, and
 * acknowledged before the summer holiday; a child-protection file that went with it was sent and its receipt confirmed.
 */
function pastHandovers(learners: Learner[], ahead: Handover[], seed: number, now: Date): Handover[] {
  const r = new Random(seed ^ 0x2f5a_11e3);
  const today = now.toISOString().slice(0, 10);
  const out: Handover[] = [];
  for (const l of learners) {
    const start = receptionStartYear(l.dateOfBirth);
    const past = PAST_MOVES.filter((m) => `${start + m.offset}-09-01` <= today);
    if (!past.length) continue;
    // A child-protection file moves with the child to every later school (KCSIE), so once one went with a move,
    // every later move carries it, the one ahead included: a child whose handover ahead has one had it from their
    // first move; one in a transition year without one never had one; others may have had one from any move.
    const next = ahead.find((h) => h.learnerId === l.id);
    const cpFrom = next
      ? next.safeguardingTransferRequired
        ? 0
        : past.length
      : r.chance(0.08)
        ? r.int(0, past.length - 1)
        : past.length;
    const own = (kinds: readonly string[]) => (kinds.includes(l.organisationId) ? l.organisationId : r.pick(kinds));
    const primary = own(PRIMARIES);
    const secondary = own(SECONDARIES);
    const route: Record<(typeof PAST_MOVES)[number]['transition'], [from: string, to: string]> = {
      'ey-to-reception': [r.pick(EARLY_YEARS), primary],
      // Every primary in the cluster teaches both key stages: the move into Year 3 is from one class to the next
      // in the same school, handed over all the same (the pathway checks it), so the school sends it to itself.
      'infant-to-junior': [primary, primary],
      'y6-to-y7': [primary, secondary],
      'y11-to-post16': [secondary, 'col-brookfield'],
    };
    for (const [i, { transition, offset }] of past.entries()) {
      const year = start + offset;
      const [sender, receiver] = route[transition];
      // Written in May or June, submitted within three weeks, acknowledged within a fortnight: all before the move.
      const created = addDays(`${year}-05-01`, r.int(0, 45));
      const submitted = addDays(created, r.int(3, 20));
      const acknowledged = addDays(submitted, r.int(1, 14));
      const cp = i >= cpFrom;
      const { id: _id, organisationId: _org, upnTemporary: _t, gender: _g, preferredSurname: _p, uln, ...core } = l;
      out.push({
        id: `hnd-${l.id.slice(4)}-${transition}`,
        version: 1,
        status: 'acknowledged',
        transition,
        templateId: `std-${transition}`,
        learnerId: l.id,
        // The record as the sending school held it then: the year group the child was leaving.
        learner: {
          ...core,
          yearGroup: yearGroupOfOffset(offset - 1),
          ...(uln && transition === 'y11-to-post16' ? { uln } : {}),
        },
        sendingOrganisationId: sender,
        receivingOrganisationId: receiver,
        sections: {
          'pupil-voice': { 'all-about-me': r.pick(VOICES) },
          strengths: { strengths: r.pick(STRENGTHS) },
          'how-i-learn': { rag: r.pick(['green', 'green', 'amber', 'red']) },
          attendance: { 'attendance-percent': r.int(86, 100) },
        },
        safeguardingTransferRequired: cp,
        ...(cp
          ? {
              safeguarding: {
                cpFileExists: true,
                dslContacts: [sendingDsl(r, sender)],
                transfer: {
                  method: 'specialist-system' as const,
                  sentAt: at10(submitted),
                  receiptConfirmedAt: at10(addDays(submitted, r.int(1, 5))),
                  receiptConfirmedBy: 'Designated safeguarding lead',
                  receiptConfirmedByReceiver: true,
                },
              },
            }
          : {}),
        messages: [],
        createdAt: at10(created),
        updatedAt: at10(acknowledged),
        submittedAt: at10(submitted),
        acknowledgedAt: at10(acknowledged),
        acknowledgedBy: 'Transition lead',
      });
    }
  }
  return out;
}

const CATEGORIES = [
  { id: 'early-years', name: 'Early years and childcare' },
  { id: 'send', name: 'SEND support' },
  { id: 'mental-health', name: 'Emotional wellbeing' },
  { id: 'parenting', name: 'Parenting support' },
  { id: 'youth', name: 'Youth activities' },
  { id: 'money', name: 'Money and housing advice' },
  { id: 'health', name: 'Health' },
  { id: 'food', name: 'Food support' },
];
const KINDS: Record<string, string[]> = {
  'early-years': ['Stay and Play', 'Baby Rhyme Time', 'Toddler Messy Play', 'Funded Childcare Advice'],
  send: ['SEND Parent Drop-in', 'Speech and Language Clinic', 'Autism Family Group', 'SENDIASS Advice Line'],
  'mental-health': ['Teen Talk Counselling', 'Calm Minds Group', 'Young Carers Club', 'Bereavement Support'],
  parenting: ['Parenting Teens Course', 'Dads’ Breakfast Club', 'Incredible Years Group', 'Family Hub Welcome'],
  youth: ['Youth Club Friday', 'Duke of Edinburgh Open Evening', 'Coding Club', 'Holiday Activities and Food'],
  money: ['Citizens Advice Clinic', 'Housing Options', 'Debt Help Drop-in', 'Benefits Check'],
  health: ['Health Visitor Clinic', 'School Nurse Drop-in', 'Breastfeeding Café', 'Stop Smoking Service'],
  food: ['Community Pantry', 'Holiday Lunch Club', 'Cook and Eat Together', 'Baby Bank'],
};
const AGES: Record<string, [number, number]> = {
  'early-years': [0, 5],
  send: [0, 25],
  'mental-health': [11, 18],
  parenting: [0, 18],
  youth: [11, 19],
  money: [0, 99],
  health: [0, 19],
  food: [0, 99],
};

/** When a kind of service runs: the days it may be on and the sessions (opens, closes) it may keep. */
interface Sessions {
  days: readonly Day[];
  times: ReadonlyArray<readonly [opens: string, closes: string]>;
  /** Held in term time only (`always`), in the school holidays (`never`), or either (drawn). */
  termTime?: 'always' | 'never';
}
const WEEKDAYS: readonly Day[] = ['MO', 'TU', 'WE', 'TH', 'FR'];
const WEEK_AND_SATURDAY: readonly Day[] = [...WEEKDAYS, 'SA'];
const MORNING = [
  ['09:30', '11:30'],
  ['10:00', '11:30'],
  ['10:00', '12:00'],
] as const;
const AFTERNOON = [
  ['13:00', '15:00'],
  ['13:30', '15:30'],
] as const;
const OFFICE = [
  ['09:00', '17:00'],
  ['09:30', '16:30'],
  ['10:00', '15:00'],
] as const;
const AFTER_SCHOOL = [
  ['15:30', '17:30'],
  ['16:00', '18:00'],
  ['15:45', '17:15'],
] as const;
const EVENING = [
  ['18:00', '20:00'],
  ['18:30', '20:30'],
  ['19:00', '21:00'],
] as const;
/**
 * Sessions for every name in {@link KINDS}, as such services keep them: groups for babies and toddlers in the
 * morning, teenagers after school, youth clubs and courses for working parents in the evening. Hours were once drawn
 * from one list for every kind, which gave baby groups at 18:00 and a breakfast club at 16:00.
 */
const SESSIONS: Record<string, Sessions> = {
  'Stay and Play': { days: WEEKDAYS, times: MORNING },
  'Baby Rhyme Time': {
    days: WEEK_AND_SATURDAY,
    times: [
      ['10:00', '10:45'],
      ['10:30', '11:15'],
      ['11:00', '11:45'],
    ],
  },
  'Toddler Messy Play': { days: WEEK_AND_SATURDAY, times: MORNING },
  'Funded Childcare Advice': { days: WEEKDAYS, times: OFFICE },
  'SEND Parent Drop-in': { days: WEEKDAYS, times: [...MORNING, ...AFTERNOON] },
  'Speech and Language Clinic': { days: WEEKDAYS, times: OFFICE },
  'Autism Family Group': {
    days: ['TU', 'TH', 'SA'],
    times: [
      ['10:00', '12:00'],
      ['16:00', '18:00'],
    ],
  },
  'SENDIASS Advice Line': { days: WEEKDAYS, times: OFFICE },
  'Teen Talk Counselling': { days: WEEKDAYS, times: AFTER_SCHOOL },
  'Calm Minds Group': { days: WEEKDAYS, times: AFTER_SCHOOL },
  'Young Carers Club': { days: WEEKDAYS, times: AFTER_SCHOOL },
  'Bereavement Support': { days: WEEKDAYS, times: [...MORNING, ...EVENING.slice(0, 1)] },
  'Parenting Teens Course': { days: WEEKDAYS, times: EVENING.slice(0, 2) },
  'Dads’ Breakfast Club': {
    days: ['SA'],
    times: [
      ['09:00', '10:30'],
      ['09:30', '11:00'],
    ],
  },
  'Incredible Years Group': { days: WEEKDAYS, times: MORNING },
  'Family Hub Welcome': { days: WEEKDAYS, times: OFFICE },
  'Youth Club Friday': { days: ['FR'], times: EVENING },
  'Duke of Edinburgh Open Evening': { days: WEEKDAYS, times: EVENING.slice(0, 2) },
  'Coding Club': { days: WEEKDAYS, times: AFTER_SCHOOL },
  'Holiday Activities and Food': {
    days: WEEKDAYS,
    times: [
      ['10:00', '14:00'],
      ['09:30', '13:30'],
    ],
    termTime: 'never',
  },
  'Citizens Advice Clinic': { days: WEEKDAYS, times: [...MORNING, ...AFTERNOON] },
  'Housing Options': { days: WEEKDAYS, times: OFFICE },
  'Debt Help Drop-in': { days: WEEKDAYS, times: [...MORNING, ['17:00', '19:00']] },
  'Benefits Check': { days: WEEKDAYS, times: [...MORNING, ...AFTERNOON] },
  'Health Visitor Clinic': { days: WEEKDAYS, times: [...MORNING, ...AFTERNOON] },
  'School Nurse Drop-in': {
    days: WEEKDAYS,
    times: [
      ['12:15', '13:15'],
      ['15:30', '16:30'],
    ],
    termTime: 'always',
  },
  'Breastfeeding Café': { days: WEEKDAYS, times: MORNING },
  'Stop Smoking Service': { days: WEEKDAYS, times: [...OFFICE, ['17:00', '19:00']] },
  'Community Pantry': {
    days: WEEK_AND_SATURDAY,
    times: [
      ['10:00', '13:00'],
      ['14:00', '16:00'],
    ],
  },
  'Holiday Lunch Club': {
    days: WEEKDAYS,
    times: [
      ['11:30', '13:30'],
      ['12:00', '14:00'],
    ],
    termTime: 'never',
  },
  'Cook and Eat Together': {
    days: WEEKDAYS,
    times: [
      ['10:00', '12:00'],
      ['17:30', '19:30'],
    ],
  },
  'Baby Bank': { days: WEEK_AND_SATURDAY, times: MORNING },
};
const WEEK_ORDER: readonly Day[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** A weekly schedule for a kind of service: one to three of its days, in week order, and one of its sessions. */
function scheduleFor(kind: string, r: Random, termTimeDraw: boolean): Service['schedules'][number] {
  const { days, times, termTime } = SESSIONS[kind]!;
  const pool = [...days];
  const chosen: Day[] = [];
  for (let n = Math.min(pool.length, r.int(1, 3)); n > 0; n--)
    chosen.push(pool.splice(r.int(0, pool.length - 1), 1)[0]!);
  const byDay = WEEK_ORDER.filter((d) => chosen.includes(d));
  const [opensAt, closesAt] = r.pick(times);
  const termTimeOnly = termTime === 'always' || (termTime !== 'never' && termTimeDraw);
  return { freq: 'WEEKLY', byDay, opensAt, closesAt, ...(termTimeOnly ? { termTimeOnly: true } : {}) };
}

/** The organisations that run the synthetic services (ids of `syntheticOrganisations`), with their names. */
const SERVICE_ORGANISATIONS: Record<string, string> = {
  'la-brookfield': 'Brookfield Council Family Services',
  'vol-family-support': 'Brookfield Family Support Trust',
  'youth-hub': 'Brookfield Youth Hub',
};

/** Services for a directory; `count` may be large (100,000 for the hub's search benchmark). */
export function syntheticServices(count: number, seed = 11): Service[] {
  const r = new Random(seed);
  // Schedules draw from a stream of their own, so every other value stays what tests and stories were written against.
  const when = new Random(seed ^ 0x5c4e_d01e);
  const out: Service[] = [];
  for (let i = 0; i < count; i++) {
    const cat = CATEGORIES[i % CATEGORIES.length]!;
    const base = r.pick(KINDS[cat.id]!);
    const name = i < 64 ? `${base}${i >= 32 ? ` (${r.pick(STREETS)})` : ''}` : `${base} ${i}`;
    const [minimumAge, maximumAge] = AGES[cat.id]!;
    const paid = r.chance(0.2);
    // The draws the old days and hours took (any kind, any of six start times), kept for the values after them.
    r.some(WEEK_AND_SATURDAY, 3);
    r.next();
    r.next();
    const street = r.pick(STREETS);
    const welsh = r.chance(0.25);
    const runBy = r.pick(Object.keys(SERVICE_ORGANISATIONS));
    // The name was once drawn apart from the id, so a service often named one organisation and pointed at another.
    // The draw stays, so that every value after it is what the tests, stories and benchmarks were written against.
    r.next();
    out.push({
      id: `svc-${String(i + 1).padStart(5, '0')}`,
      name,
      status: 'active',
      description: `${name} in ${TOWN}: a friendly, welcoming service for local families (${cat.name}). Come along, or call first if you would like to talk to someone.`,
      url: `https://services.example.org/${i + 1}`,
      email: `hello${i + 1}@services.example.org`,
      organisation: { id: runBy, name: SERVICE_ORGANISATIONS[runBy]! },
      locations: [
        {
          id: `loc-${i + 1}`,
          name: `${street} Family Hub`,
          address: { line1: `${r.int(1, 120)} ${street}`, city: TOWN, postcode: postcode(r), country: 'GB' },
          latitude: Math.round((CENTRE.lat + (r.next() - 0.5) * 0.2) * 1e5) / 1e5,
          longitude: Math.round((CENTRE.lng + (r.next() - 0.5) * 0.3) * 1e5) / 1e5,
          accessibility: r.some(['Step-free access', 'Accessible toilet', 'Hearing loop', 'Parking'], 3),
        },
      ],
      contacts: [{ name: `${r.pick(FORENAMES)} ${r.pick(SURNAMES)}`, phones: [{ number: phone(r) }] }],
      schedules: [scheduleFor(base, when, r.chance(0.5))],
      minimumAge,
      maximumAge,
      eligibility:
        maximumAge >= 99
          ? `Anyone living in ${TOWN}.`
          : `Families with children aged ${minimumAge} to ${maximumAge} living in ${TOWN}.`,
      howToAccess: r.pick([
        'Just turn up.',
        'Call to book a place.',
        'Ask your school or health visitor to refer you.',
      ]),
      free: !paid,
      ...(paid ? { fees: `£${r.int(2, 10)} per session` } : {}),
      costOptions: paid ? [{ option: 'Per session', amount: r.int(2, 10), currency: 'GBP' }] : [],
      languages: welsh
        ? [
            { name: 'English', code: 'en' },
            { name: 'Welsh', code: 'cy' },
          ]
        : [{ name: 'English', code: 'en' }],
      serviceAreas: [TOWN],
      taxonomyTerms: [{ id: cat.id, name: cat.name, taxonomy: 'c2c-categories' }],
      accessibility: [],
      lastModified: `2026-0${r.int(1, 9)}-1${r.int(0, 9)}T10:00:00Z`,
    });
  }
  return out;
}

/**
 * What can happen on a pathway, and from when: `school` events only once the child starts reception (a reading
 * assessment or an attendance figure for a one-year-old is impossible), the others from `fromDays` old.
 */
const EVENT_TEMPLATES: Array<{
  kind: PathwayEvent['kind'];
  strand: Strand;
  title: string;
  school?: true;
  fromDays?: number;
}> = [
  { kind: 'assessment', strand: 'achieving', title: 'Reading assessment', school: true },
  { kind: 'support', strand: 'healthy', title: 'Speech and language therapy', fromDays: 548 },
  { kind: 'support', strand: 'safe', title: 'Early help plan' },
  { kind: 'attendance', strand: 'achieving', title: 'Attendance below 90%', school: true },
  { kind: 'note', strand: 'relationships', title: 'Joined lunchtime club', school: true },
  { kind: 'support', strand: 'relationships', title: 'Family support worker visits' },
  { kind: 'note', strand: 'healthy', title: 'School nurse review', school: true },
];

/** Pathway events for a learner from birth to `today`. `count` may be large (2,000 for the timeline benchmark). */
export function syntheticEvents(
  learner: Pick<Learner, 'id' | 'dateOfBirth' | 'organisationId'>,
  count: number,
  seed = 5,
  today: IsoDate = new Date().toISOString().slice(0, 10),
): PathwayEvent[] {
  const r = new Random(seed ^ Number(learner.id.replace(/\D/g, '') || 0));
  const out: PathwayEvent[] = [];
  const span = Math.max(1, Math.round((Date.parse(today) - Date.parse(learner.dateOfBirth)) / 86_400_000));
  const done = milestonesFor(learner.dateOfBirth).filter((m) => m.by < today && !m.conditional);
  for (const m of done) {
    out.push({
      id: `${learner.id}-m-${m.id}`,
      learnerId: learner.id,
      kind: 'milestone',
      strand: m.id === 'progress-check-2' ? 'healthy' : 'achieving',
      date: m.from,
      title: m.id,
      milestoneId: m.id,
      source: { organisationId: learner.organisationId, name: 'School' },
    });
  }
  const schoolFrom = Math.round(
    (Date.parse(`${receptionStartYear(learner.dateOfBirth)}-09-01`) - Date.parse(learner.dateOfBirth)) / 86_400_000,
  );
  const first = Math.min(365, span);
  const from = (t: (typeof EVENT_TEMPLATES)[number]) => Math.max(first, t.school ? schoolFrom : (t.fromDays ?? 0));
  const possible = EVENT_TEMPLATES.filter((t) => from(t) <= span);
  for (let i = out.length; i < count; i++) {
    const tpl = r.pick(possible.length ? possible : EVENT_TEMPLATES);
    const date = addDays(learner.dateOfBirth, r.int(Math.min(from(tpl), span), span));
    const ev: PathwayEvent = {
      id: `${learner.id}-e-${i}`,
      learnerId: learner.id,
      kind: tpl.kind,
      strand: tpl.strand,
      date,
      title: tpl.title,
      source: { organisationId: learner.organisationId, name: 'Brookfield services' },
    };
    if (tpl.kind === 'support') {
      const end = addDays(date, r.int(30, 300));
      if (end < today) ev.endDate = end;
      ev.serviceName = tpl.title;
    }
    out.push(ev);
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // A child has one episode of a service at a time: an episode that would still be running when the next of the
  // same service starts ends the day before (as a renewed plan or a fresh referral would), never overlapping it.
  const running = new Map<string, PathwayEvent>();
  for (const ev of out) {
    if (ev.kind !== 'support') continue;
    const before = running.get(ev.title);
    if (before && (before.endDate === undefined || before.endDate >= ev.date))
      before.endDate = ev.date > before.date ? addDays(ev.date, -1) : before.date;
    running.set(ev.title, ev);
  }
  return out;
}

/** The whole demo cluster, deterministic for a given seed and date. */
export function syntheticCluster(
  options: { learners?: number; services?: number; seed?: number; now?: Date } = {},
): SyntheticCluster {
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const seed = options.seed ?? 2026;
  const organisations = syntheticOrganisations();
  const learners = syntheticLearners(options.learners ?? 300, seed, today);
  const users = syntheticUsers(organisations, learners, seed + 1, now);
  const handovers = syntheticHandovers(learners, seed + 2, now);
  const services = syntheticServices(options.services ?? 48, seed + 3);
  // Every child has the statutory milestones they have passed; the first 60 have a fuller story too. Without them a
  // pathway would show every check a child has had (phonics, multiplication tables, KS2 tests) as overdue.
  const events = learners.flatMap((l, i) => syntheticEvents(l, i < 60 ? 12 : 0, seed + 4, today));
  return { organisations, users, learners, handovers, services, events };
}

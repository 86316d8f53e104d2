import { academicYearOf, addDays, todayIso, type IsoDate, type YearGroupCode } from '../dates.js';
import type { LearnerCore } from '../learner.js';
import { languageCode } from './codes.js';
import {
  coreContactsOf,
  ctfContactOf,
  fsmCurrent,
  latestSen,
  PROVISION_OF_SEN_STATUS,
  sameJson,
  SEN_STATUS_OF_PROVISION,
  senNeedsOf,
} from './derive.js';
import type {
  CtfAddress,
  CtfContact,
  CtfPhone,
  CtfPupilDetails,
  CtfPupilInput,
  CtfRawElement,
  CtfRawMap,
  CtfSchool,
  CtfSen,
  CtfWriteInput,
} from './schema.js';
import { writeXml, type OutElement } from './xml.js';

/** Options for {@link toCtf}. */
export interface CtfWriteOptions {
  /** When the file is made; default now. Sets the header's DateTime and CTF version. */
  now?: Date;
  /** The date free school meals eligibility is judged on when checking an imported history. Default: today. */
  today?: IsoDate;
}

const leaf = (name: string, value: string | number | boolean | undefined): OutElement | undefined =>
  value === undefined || value === '' ? undefined : { name, text: String(value) };
const group = (name: string, children: Array<OutElement | undefined>): OutElement | undefined =>
  children.some((c) => c !== undefined) ? { name, children } : undefined;

function school(name: string, s: CtfSchool | undefined, fallback?: CtfSchool): OutElement | undefined {
  const v = s ?? fallback;
  if (!v) return undefined;
  return group(name, [
    leaf('LEA', v.laCode),
    leaf('Estab', v.establishment),
    leaf('URN', v.urn),
    leaf('SchoolName', v.schoolName),
    leaf('AcademicYear', v.academicYear),
  ]);
}

/**
 * The header's DateTime has no zone, and an MIS writes it on the school's clock: read the moment in London, as
 * UTC would put a file made at 00:30 in summer on the day before.
 */
function localDateTime(d: Date): string {
  const p: Record<string, string> = {};
  for (const { type, value } of new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d))
    p[type] = value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/**
 * A year group as NCyearActual: N1, N2 and R as they are, Year n as n. `pre-school` covers DfE's E1 and E2 and
 * `adult` has no code, so for those the value read from the file (if any) is written instead.
 */
function ncYearOf(yg: YearGroupCode | undefined): string | undefined {
  if (yg === 'N1' || yg === 'N2' || yg === 'R') return yg;
  return yg && /^Y\d+$/.test(yg) ? yg.slice(1) : undefined;
}

function phones(list: CtfPhone[] | undefined): OutElement | undefined {
  if (!list?.length) return undefined;
  return {
    name: 'Phones',
    children: list.map((p) => ({
      name: 'Phone',
      children: [leaf('TelephoneType', p.type), leaf('PhoneNo', p.number)],
    })),
  };
}

function address(a: CtfAddress | undefined): OutElement | undefined {
  if (!a) return undefined;
  return group('Address', [
    group('BS7666Address', [
      leaf('SAON', a.saon),
      leaf('PAON', a.paon),
      leaf('Street', a.street),
      leaf('Locality', a.locality),
      leaf('Town', a.town),
      leaf('AdministrativeArea', a.administrativeArea),
      leaf('PostTown', a.postTown),
      leaf('UniquePropertyReferenceNumber', a.uprn),
    ]),
    a.lines?.length
      ? { name: 'AddressLines', children: a.lines.slice(0, 5).map((l, i) => leaf(`AddressLine${i + 1}`, l)) }
      : undefined,
    leaf('PostCode', a.postcode),
    leaf('Country', a.country),
    leaf('Easting', a.easting),
    leaf('Northing', a.northing),
  ]);
}

/** The languages to write: the learner's first language (when the core says anything about it) wins. */
function languages(learner: Partial<LearnerCore>, details: CtfPupilDetails): OutElement | undefined {
  let list = details.languages ?? [];
  if (learner.eal !== undefined || learner.firstLanguage !== undefined) {
    const code = learner.eal === false ? 'ENG' : learner.firstLanguage ? languageCode(learner.firstLanguage) : 'OTB';
    const imported = list.find((l) => l.type === 'F') ?? list[0];
    // Keep an imported first-language entry when it says the same (ENB and ENG both mean English).
    const same =
      imported &&
      (imported.code.toUpperCase() === code ||
        (code === 'ENG' && imported.code.toUpperCase() === 'ENB') ||
        (code === 'OTB' && imported.code.toUpperCase() === 'OTL'));
    if (!same) list = [{ type: 'F', code }, ...list.filter((l) => l !== imported)];
  }
  if (!list.length) return undefined;
  return {
    name: 'Languages',
    children: list.map((l) => ({ name: 'Type', children: [leaf('LanguageType', l.type), leaf('Language', l.code)] })),
  };
}

function senHistory(learner: Partial<LearnerCore>, sen: CtfSen | undefined): OutElement | undefined {
  let history = sen;
  if (learner.senStatus !== undefined || learner.senNeeds !== undefined) {
    const latest = sen ? latestSen(sen) : undefined;
    const agrees =
      sen &&
      (learner.senStatus === undefined ||
        (latest !== undefined && SEN_STATUS_OF_PROVISION[latest.provision.toUpperCase()] === learner.senStatus)) &&
      (learner.senNeeds === undefined || sameJson(senNeedsOf(sen).needs, learner.senNeeds));
    if (!agrees) {
      history = {
        history: learner.senStatus ? [{ provision: PROVISION_OF_SEN_STATUS[learner.senStatus] }] : [],
        needs: (learner.senNeeds ?? []).map((type, i) => ({ rank: i + 1, type })),
      };
    }
  }
  if (!history || (history.history.length === 0 && history.needs.length === 0)) return undefined;
  return {
    name: 'SENhistory',
    children: [
      ...history.history.map((h) => ({
        name: 'SEN',
        children: [leaf('StartDate', h.startDate), leaf('SENprovision', h.provision)],
      })),
      history.needs.length
        ? {
            name: 'SENneeds',
            children: history.needs.map((n) => ({
              name: 'SENneed',
              children: [leaf('SENtypeRank', n.rank), leaf('SENtype', n.type)],
            })),
          }
        : undefined,
    ],
  };
}

function fsmHistory(
  learner: Partial<LearnerCore>,
  fsm: CtfPupilDetails['fsm'],
  today: IsoDate,
): OutElement | undefined {
  let v = fsm;
  if (learner.freeSchoolMeals !== undefined && !(fsm && fsmCurrent(fsm, today) === learner.freeSchoolMeals)) {
    // The core knows only "eligible now or not", so only the present changes: past periods stay, as the receiving
    // school needs them (pupil premium follows eligibility in any of the last six years). Eligible now adds an open
    // instance with no dates, which says exactly that; not eligible ends the open ones yesterday, and drops one
    // that only began today.
    const yesterday = addDays(today, -1);
    const instances = (fsm?.instances ?? []).flatMap((i) => {
      if (learner.freeSchoolMeals || !fsmCurrent({ instances: [i] }, today)) return [i];
      return i.startDate !== undefined && i.startDate >= today ? [] : [{ ...i, endDate: yesterday }];
    });
    v = { ...fsm, instances: learner.freeSchoolMeals ? [...instances, {}] : instances };
  }
  if (!v) return undefined;
  return {
    name: 'FSMhistory',
    children: [
      leaf('FSMreviewDate', v.reviewDate),
      ...v.instances.map((i) => ({
        name: 'FSMinstance',
        children: [leaf('FSMstartDate', i.startDate), leaf('FSMendDate', i.endDate), leaf('UKcountry', i.country)],
      })),
    ],
  };
}

/**
 * A contact's address. CTF carries "lives with the pupil" as `AddressAsPupil` inside the contact's `Address`, where
 * an MIS looks for it; written beside the address instead, an importing MIS does not see it.
 */
function contactAddress(c: CtfContact): OutElement | undefined {
  const written = address(c.address);
  if (c.addressAsPupil === undefined) return written;
  return { name: 'Address', children: [leaf('AddressAsPupil', c.addressAsPupil), ...(written?.children ?? [])] };
}

function contactsOf(learner: Partial<LearnerCore>, contacts: CtfContact[] | undefined): OutElement | undefined {
  let list = contacts ?? [];
  if (learner.contacts !== undefined) {
    if (!sameJson(coreContactsOf(list).contacts, learner.contacts)) list = learner.contacts.map(ctfContactOf);
  }
  // An empty <Contacts/> says "no contacts", which is not the same as saying nothing about them.
  if (!list.length && learner.contacts === undefined) return undefined;
  return {
    name: 'Contacts',
    children: list.map((c) => ({
      name: 'Contact',
      children: [
        leaf('Order', c.order),
        leaf('Title', c.title),
        leaf('Surname', c.surname),
        leaf('Forename', c.forename),
        leaf('Relationship', c.relationship),
        leaf('Responsibility', c.parentalResponsibility),
        contactAddress(c),
        phones(c.phones),
        leaf('Email', c.email),
      ],
    })),
  };
}

function pupil(p: CtfPupilInput, today: IsoDate): OutElement {
  const l = p.learner;
  const d = p.details ?? {};
  const medical = l.medicalNeeds !== undefined ? l.medicalNeeds.trim() !== '' : d.medicalFlag;
  const stages: Array<{ stage: string | undefined; items: NonNullable<CtfPupilInput['assessments']> }> = [];
  for (const a of p.assessments ?? []) {
    let g = stages.find((s) => s.stage === a.stage);
    if (!g) stages.push((g = { stage: a.stage, items: [] }));
    g.items.push(a);
  }
  const el: OutElement = {
    name: 'Pupil',
    children: [
      leaf('UPN', l.upn),
      leaf('UniqueLearnerNumber', l.uln),
      leaf('UCI', d.uci),
      leaf('Surname', l.legalSurname),
      leaf('Forename', l.legalForename),
      leaf('DOB', l.dateOfBirth),
      leaf('Sex', l.sex),
      group('BasicDetails', [
        leaf('FormerUPN', d.formerUpn),
        leaf('PreferredSurname', d.preferredSurname),
        leaf('FormerSurname', d.formerSurname),
        leaf('PreferredForename', l.preferredForename),
        leaf('FormerForename', d.formerForename),
        leaf('MiddleNames', d.middleNames),
        leaf('NCyearActual', ncYearOf(l.yearGroup) ?? d.ncYearActual),
        leaf('Ethnicity', d.ethnicity),
        leaf('EthnicitySource', d.ethnicitySource),
        languages(l, d),
        leaf('MedicalFlag', medical),
        d.disabilities?.length
          ? { name: 'Disabilities', children: d.disabilities.map((x) => leaf('Disability', x)) }
          : undefined,
        leaf('EnrolStatus', d.enrolStatus),
        leaf('ServiceChild', d.serviceChild),
      ]),
      group('LookedAfter', [leaf('InCare', l.lookedAfter), leaf('CareAuthority', d.careAuthority)]),
      fsmHistory(l, d.fsm, today),
      senHistory(l, p.sen),
      address(d.address),
      phones(d.phones),
      leaf('Email', d.email),
      contactsOf(l, p.contacts),
      p.attendance?.length
        ? {
            name: 'Attendance',
            children: p.attendance.map((y) => ({
              name: 'YearData',
              children: [
                leaf('Year', y.year),
                leaf('LEA', y.laCode),
                leaf('Estab', y.establishment),
                leaf('SessionsPossible', y.sessionsPossible),
                leaf('SessionsAuthorised', y.sessionsAuthorised),
                leaf('SessionsAttended', y.sessionsAttended),
                leaf('SessionsUnauthorised', y.sessionsUnauthorised),
                group('AttendSessions', [
                  leaf('AttendanceStartDate', y.attendanceStartDate),
                  leaf('AttendanceMarks', y.attendanceMarks),
                ]),
              ],
            })),
          }
        : undefined,
      stages.length
        ? {
            name: 'StageAssessments',
            children: stages.map((s) => ({
              name: 'KeyStage',
              children: [
                leaf('Stage', s.stage),
                ...s.items.map((a) => ({
                  name: 'StageAssessment',
                  children: [
                    leaf('Locale', a.locale),
                    leaf('Year', a.year),
                    leaf('Subject', a.subject),
                    leaf('Method', a.method),
                    leaf('Component', a.component),
                    leaf('ResultStatus', a.resultStatus),
                    leaf('ResultQualifier', a.resultQualifier),
                    leaf('Result', a.result),
                    leaf('ResultDate', a.resultDate),
                  ],
                })),
              ],
            })),
          }
        : undefined,
      d.schoolHistory?.length
        ? {
            name: 'SchoolHistory',
            children: d.schoolHistory.map((s) => ({
              name: 'School',
              children: [
                leaf('LEA', s.laCode),
                leaf('Estab', s.establishment),
                leaf('URN', s.urn),
                leaf('SchoolName', s.schoolName),
                leaf('EntryDate', s.entryDate),
                leaf('LeavingDate', s.leavingDate),
                leaf('LeavingReason', s.leavingReason),
              ],
            })),
          }
        : undefined,
    ],
  };
  insertRaw(el, p.raw);
  return el;
}

const fromRaw = (r: CtfRawElement): OutElement => ({
  name: r.name,
  ...(r.attrs ? { attrs: r.attrs } : {}),
  ...(r.text !== undefined ? { text: r.text } : {}),
  ...(r.children ? { children: r.children.map(fromRaw) } : {}),
});

/**
 * Puts kept elements back where they were read from. An element the structured data already wrote (say, a
 * DOB corrected since import) is not written twice.
 *
 * Children are looked up by name through an index built once per parent, not by scanning the parent's children
 * for each kept path: a file can hold many thousands of unknown elements in one place, and the scan made the
 * export quadratic (a parse that takes a second took minutes to write back).
 *
 * @internal Exported for its test only; `@c2c/schema/ctf` does not export it.
 */
export function insertRaw(root: OutElement, raw: CtfRawMap | undefined): void {
  if (!raw) return;
  interface Children {
    byName: Map<string, OutElement[]>;
    /** Names with a child the structured data wrote (or a container made on the way to a kept element). */
    written: Set<string>;
  }
  const indexes = new Map<OutElement, Children>();
  const childrenOf = (parent: OutElement): Children => {
    let index = indexes.get(parent);
    if (!index) {
      index = { byName: new Map(), written: new Set() };
      for (const k of parent.children ?? []) {
        if (!k) continue;
        const same = index.byName.get(k.name);
        if (same) same.push(k);
        else index.byName.set(k.name, [k]);
        index.written.add(k.name);
      }
      indexes.set(parent, index);
    }
    return index;
  };
  const add = (parent: OutElement, child: OutElement, written: boolean): void => {
    const index = childrenOf(parent);
    (parent.children ??= []).push(child);
    const same = index.byName.get(child.name);
    if (same) same.push(child);
    else index.byName.set(child.name, [child]);
    if (written) index.written.add(child.name);
  };
  for (const [path, elements] of Object.entries(raw)) {
    const parts = path.split('/');
    const last = parts[parts.length - 1]!;
    const isAttr = last.startsWith('@');
    const parentParts = parts.slice(0, -1);
    let parent = root;
    for (const part of parentParts) {
      const m = /^(.+?)(?:\[(\d+)\])?$/.exec(part)!;
      const name = m[1]!;
      const n = Number(m[2] ?? 1);
      const index = childrenOf(parent);
      while ((index.byName.get(name)?.length ?? 0) < n) add(parent, { name, children: [] }, true);
      parent = index.byName.get(name)![n - 1]!;
    }
    if (last === '#text') {
      parent.text = [parent.text, ...elements.map((e) => e.text)].filter(Boolean).join(' ');
      continue;
    }
    if (isAttr) {
      for (const e of elements) parent.attrs = { ...(parent.attrs ?? {}), ...(e.attrs ?? {}) };
      continue;
    }
    const name = /^(.+?)(?:\[\d+\])?$/.exec(last)![1]!;
    if (childrenOf(parent).written.has(name)) continue;
    for (const e of elements) add(parent, fromRaw(e), false);
  }
}

/**
 * Writes pupils as a Common Transfer File (CTF-shaped XML): a header naming the source and destination
 * schools (destination LA `XXX` and establishment `XXXX` when the next school is not known), then each pupil's
 * UPN, names, date of birth, sex, basic details, looked-after status, free school meals, SEN history, contacts,
 * attendance and assessment results.
 *
 * The learner core is the authority: where a pupil also carries details from an earlier {@link parseCtf} (SEN
 * start dates, contact titles), they are written only when they still agree with the core. Elements kept in
 * `raw` are written back where they were read. Text is escaped; characters XML cannot carry are dropped.
 *
 * @example
 * ```ts
 * const xml = toCtf({
 *   header: { source: { laCode: '938', establishment: '2001' }, destination: { laCode: '938', establishment: '4001' } },
 *   pupils: [{ learner: handover.learner }],
 * });
 * ```
 */
export function toCtf(input: CtfWriteInput, options: CtfWriteOptions = {}): string {
  const now = options.now ?? new Date();
  const today = options.today ?? todayIso(now);
  const h = input.header;
  const root: OutElement = {
    name: 'CTfile',
    children: [
      {
        name: 'Header',
        children: [
          leaf('DocumentName', h.documentName ?? 'Common Transfer File'),
          leaf('CTFversion', h.version ?? `${academicYearOf(now).startYear % 100}.0`),
          leaf('DateTime', h.dateTime ?? localDateTime(now)),
          leaf('DocumentQualifier', h.documentQualifier ?? 'partial'),
          leaf('DataDescriptor', h.dataDescriptor),
          leaf('SupplierID', h.supplierId ?? 'c2c-kit'),
          school('SourceSchool', h.source),
          school('DestSchool', h.destination, { laCode: 'XXX', establishment: 'XXXX' }),
        ],
      },
      { name: 'CTFpupilData', children: input.pupils.map((p) => pupil(p, today)) },
    ],
  };
  insertRaw(root, input.raw);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(root)}`;
}

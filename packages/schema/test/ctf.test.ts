import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { LearnerCoreSchema, YEAR_GROUPS, yearGroupOn, type LearnerCore } from '@c2c/schema';
import { syntheticHandovers, syntheticLearners } from '@c2c/schema/synthetic';
import { CTF_LANGUAGES, CtfFileSchema, parseCtf, summariseCtfProblems, toCtf, type CtfFile } from '@c2c/schema/ctf';
import { insertRaw } from '../src/ctf/serialise.js';
import { isoDateArb, ulnArb, upnArb } from './arbitraries.js';

const SAMPLE = readFileSync(new URL('./fixtures/sample.ctf.xml', import.meta.url), 'utf8');
const TODAY = '2026-07-20';
const NOW = new Date('2026-07-21T10:00:00Z');

const pupilXml = (inner: string) =>
  `<CTfile><Header><DocumentName>Common Transfer File</DocumentName></Header><CTFpupilData><Pupil>${inner}</Pupil></CTFpupilData></CTfile>`;
const BASIC =
  '<UPN>B801200005001</UPN><Surname>Ashdown</Surname><Forename>Carys</Forename><DOB>2014-08-31</DOB><Sex>F</Sex>';
const codes = (f: CtfFile) => f.errors.map((e) => e.code);

test('a CTF is read into the learner core, SEN, attendance, assessments and contacts', () => {
  const file = parseCtf(SAMPLE, { today: TODAY });
  assert.equal(CtfFileSchema.safeParse(file).success, true);
  assert.deepEqual(file.header.source, {
    laCode: '938',
    establishment: '2001',
    urn: '100001',
    schoolName: 'Millbrook Primary School',
    academicYear: '2025',
  });
  assert.equal(file.pupils.length, 2);
  const [p] = file.pupils;
  assert.deepEqual(p!.learner, {
    legalForename: 'Carys',
    legalSurname: 'Ashdown',
    preferredForename: 'Cari',
    dateOfBirth: '2014-08-31',
    upn: 'B801200005001',
    uln: '9276308686',
    sex: 'F',
    yearGroup: 'Y6',
    senStatus: 'ehc-plan',
    senNeeds: ['ASD', 'SLCN'],
    eal: true,
    firstLanguage: 'Polish',
    lookedAfter: false,
    freeSchoolMeals: true,
    contacts: [
      {
        name: 'Efa Ashdown',
        relationship: 'Mother',
        parentalResponsibility: true,
        phone: '01632 960001',
        email: 'efa@example.org',
        priority: 1,
      },
    ],
  });
  assert.equal(z.partial(LearnerCoreSchema).safeParse(p!.learner).success, true, 'ready to prefill a handover');
  assert.equal(p!.details.medicalFlag, true);
  assert.deepEqual(
    p!.sen?.history.map((h) => h.provision),
    ['K', 'E'],
  );
  assert.deepEqual(p!.attendance[0], {
    year: '2025',
    laCode: '938',
    establishment: '2001',
    sessionsPossible: 380,
    sessionsAuthorised: 12,
    sessionsAttended: 362,
    sessionsUnauthorised: 6,
  });
  assert.deepEqual(p!.assessments[0], {
    stage: 'KS2',
    locale: 'ENG',
    year: '2025',
    subject: 'MAT',
    method: 'TT',
    component: 'MTC',
    resultStatus: 'R',
    resultQualifier: 'MT',
    result: '23',
  });
  assert.equal(p!.contacts[0]!.title, 'Ms');
});

test('unknown elements are reported with their path, kept in raw, and written out again', () => {
  const file = parseCtf(SAMPLE, { today: TODAY });
  const p = file.pupils[0]!;
  assert.deepEqual(p.unknown, ['BasicDetails/Religion', 'Contacts/Contact[1]/Hobby']);
  assert.deepEqual(p.raw['BasicDetails/Religion'], [{ name: 'Religion', text: 'Invented element' }]);
  const warning = file.errors.find((e) => e.path === 'CTfile/CTFpupilData/Pupil[1]/BasicDetails/Religion')!;
  assert.equal(warning.code, 'ctf_unknown_element');
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, /^Pupil 1 \(UPN B80120…\): the element <Religion>/);
  const xml = toCtf(file, { now: NOW, today: TODAY });
  assert.match(xml, /<BasicDetails>[\s\S]*<Religion>Invented element<\/Religion>[\s\S]*<\/BasicDetails>/);
  assert.match(xml, /<Contact>[\s\S]*<Hobby>Invented contact element<\/Hobby>[\s\S]*<\/Contact>/);
});

test('bad values are errors that name the pupil, the element and the value, and are kept, not dropped', () => {
  const file = parseCtf(SAMPLE, { today: TODAY });
  const errors = file.errors.filter((e) => e.path.includes('Pupil[2]'));
  assert.deepEqual(
    errors.map((e) => [e.path, e.code, e.severity]),
    [
      ['CTfile/CTFpupilData/Pupil[2]/UPN', 'ctf_upn_check_letter', 'error'],
      ['CTfile/CTFpupilData/Pupil[2]/DOB', 'ctf_invalid_date', 'error'],
      ['CTfile/CTFpupilData/Pupil[2]/Sex', 'ctf_invalid_code', 'error'],
    ],
  );
  assert.equal(
    errors[1]!.message,
    "Pupil 2 (UPN A93820…): DOB '2014-13-40' is not a date. Dates in a CTF are written YYYY-MM-DD, like 2014-09-27.",
  );
  const p = file.pupils[1]!;
  assert.equal(p.learner.legalSurname, "O'Hollins & Co", 'entities decoded');
  assert.equal(p.learner.dateOfBirth, undefined);
  assert.deepEqual(p.raw.DOB, [{ name: 'DOB', text: '2014-13-40' }]);
  assert.match(toCtf(file, { now: NOW }), /<DOB>2014-13-40<\/DOB>/, 'the bad value goes back out as it came in');
});

test('parse, write and parse again gives the same pupils, header and problems', () => {
  const first = parseCtf(SAMPLE, { today: TODAY });
  const second = parseCtf(toCtf(first, { now: NOW, today: TODAY }), { today: TODAY });
  assert.deepEqual(second.pupils, first.pupils);
  assert.deepEqual(second.header, first.header);
  assert.deepEqual(
    second.errors.map((e) => [e.path, e.code]),
    first.errors.map((e) => [e.path, e.code]),
  );
  assert.deepEqual(second.raw, first.raw);
  assert.match(
    toCtf(first, { now: NOW }),
    /<CTfile xmlns:xsi="http:\/\/www.w3.org\/2001\/XMLSchema-instance">/,
    'namespace declarations are kept, without a warning',
  );
});

// A learner core limited to what CTF carries, with text that needs escaping.
const word = fc.string({
  minLength: 1,
  maxLength: 10,
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÀéŵ\'’&<>"-.'),
});
const name = fc
  .array(word, { minLength: 1, maxLength: 3 })
  .map((w) => w.join(' '))
  .filter((s) => s.length <= 60);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const coreArb: fc.Arbitrary<LearnerCore> = fc
  .record({
    legalForename: name,
    legalSurname: name,
    preferredForename: opt(name),
    dateOfBirth: isoDateArb(2000, 2025),
    upn: upnArb,
    uln: opt(ulnArb),
    sex: fc.constantFrom('M', 'F'),
    yearGroup: opt(fc.constantFrom(...YEAR_GROUPS.filter((y) => y !== 'pre-school' && y !== 'adult'))),
    senStatus: fc.constantFrom('none', 'sen-support', 'ehc-plan'),
    senNeeds: fc
      .subarray(['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH', 'NSA'] as const)
      .chain((a) => fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length })),
    language: fc.oneof(
      fc.constant({ eal: false }),
      fc.constant({ eal: true }),
      fc
        .constantFrom(...Object.values(CTF_LANGUAGES).filter((l) => l !== 'English'))
        .map((firstLanguage) => ({ eal: true, firstLanguage })),
    ),
    lookedAfter: fc.boolean(),
    freeSchoolMeals: fc.boolean(),
    contacts: fc.array(
      fc.record({
        name,
        relationship: name,
        parentalResponsibility: fc.boolean(),
        phone: opt(fc.stringMatching(/^01632 960[0-9]{3}$/)),
        email: opt(fc.constantFrom('parent@example.org', 'carer@example.org')),
        priority: opt(fc.integer({ min: 1, max: 9 })),
      }),
      { maxLength: 3 },
    ),
  })
  .map(
    ({ language, ...core }) =>
      JSON.parse(
        JSON.stringify({ ...core, ...language, previouslyLookedAfter: false, pupilPremium: false }),
      ) as LearnerCore,
  );

/** The learner core fields a CTF carries; previouslyLookedAfter, pupilPremium and medicalNeeds have no CTF element. */
const carried = ({ previouslyLookedAfter: _p, pupilPremium: _pp, medicalNeeds: _m, ...rest }: LearnerCore) => rest;

test('property: learner core -> CTF -> learner core gives back every field CTF carries', () => {
  fc.assert(
    fc.property(coreArb, (core) => {
      assert.equal(LearnerCoreSchema.safeParse(core).success, true, 'the arbitrary makes valid cores');
      const xml = toCtf(
        { header: { source: { laCode: '938', establishment: '2001' } }, pupils: [{ learner: core }] },
        { now: NOW, today: TODAY },
      );
      const file = parseCtf(xml, { today: TODAY });
      assert.deepEqual(file.errors, []);
      assert.equal(file.pupils.length, 1);
      assert.deepEqual(file.pupils[0]!.learner, carried(core));
      assert.deepEqual(file.pupils[0]!.unknown, []);
    }),
    { numRuns: 300 },
  );
});

test('a handover’s learner core exports with the lost-pupil destination when the next school is unknown', () => {
  const learners = syntheticLearners(300, 1, TODAY);
  const handover =
    syntheticHandovers(learners, 3, NOW).find((h) => h.learner.medicalNeeds) ??
    syntheticHandovers(learners, 3, NOW)[0]!;
  const xml = toCtf(
    { header: { source: { laCode: '938', establishment: '2001' } }, pupils: [{ learner: handover.learner }] },
    { now: NOW },
  );
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<CTfile>/);
  assert.match(xml, /<DestSchool>\s*<LEA>XXX<\/LEA>\s*<Estab>XXXX<\/Estab>\s*<\/DestSchool>/);
  assert.match(xml, /<CTFversion>25.0<\/CTFversion>/, 'CTF version follows the academic year (2025/26)');
  const back = parseCtf(xml, { today: TODAY });
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.pupils[0]!.learner, carried(handover.learner));
  if (handover.learner.medicalNeeds) {
    assert.equal(back.pupils[0]!.details.medicalFlag, true, 'only the flag travels, never the medical details');
    assert.doesNotMatch(xml, new RegExp(handover.learner.medicalNeeds.slice(0, 10)));
  }
});

test('a file that is not XML gives one error with the line, never a throw', () => {
  const file = parseCtf('<CTfile>\n<Header>\n</CTfile>');
  assert.deepEqual(codes(file), ['ctf_not_xml']);
  assert.match(file.errors[0]!.message, /line 3/);
  assert.deepEqual(file.pupils, []);
});

test('DOCTYPEs are refused, so no entity is ever expanded and no external file is ever read', () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE CTfile [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${pupilXml(BASIC.replace('Ashdown', '&xxe;'))}`;
  assert.deepEqual(codes(parseCtf(xxe)), ['ctf_doctype']);
  const laughs = `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${pupilXml(BASIC.replace('Ashdown', '&b;'))}`;
  assert.deepEqual(codes(parseCtf(laughs)), ['ctf_doctype']);
  // Without a DOCTYPE an undeclared entity is left as written, not resolved.
  const file = parseCtf(pupilXml(BASIC.replace('Ashdown', 'Ash&xxe;&#x1F600;&#65;')));
  assert.equal(file.pupils[0]!.learner.legalSurname, 'Ash&xxe;😀A');
});

test('other XML, oversized files and absurd nesting are refused with a clear reason', () => {
  assert.deepEqual(codes(parseCtf('<html><body/></html>')), ['ctf_not_ctf']);
  const big = parseCtf(pupilXml(BASIC), { maxLength: 100 });
  assert.deepEqual(codes(big), ['ctf_too_large']);
  const deep = `<CTfile>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</CTfile>`;
  assert.deepEqual(codes(parseCtf(deep)), ['ctf_too_deep']);
  assert.deepEqual(codes(parseCtf(42 as unknown as string)), ['ctf_not_text']);
});

test('missing required elements and repeated ones are reported; nothing is silently dropped', () => {
  const file = parseCtf(
    pupilXml('<UPN>B801200005001</UPN><Surname>Ashdown</Surname><DOB>2014-08-31</DOB><DOB>2015-01-01</DOB>'),
  );
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code]),
    [
      ['CTfile/CTFpupilData/Pupil[1]/DOB', 'ctf_repeated_element'],
      ['CTfile/CTFpupilData/Pupil[1]/Forename', 'ctf_missing_element'],
      ['CTfile/CTFpupilData/Pupil[1]/Sex', 'ctf_missing_element'],
    ],
  );
  assert.equal(file.pupils[0]!.learner.dateOfBirth, '2014-08-31');
  assert.deepEqual(file.pupils[0]!.raw.DOB, [{ name: 'DOB', text: '2015-01-01' }]);
});

test('unknown elements in the header and at the root are kept too, and attributes are never lost', () => {
  const xml = `<CTfile><Header><DocumentName>CTF</DocumentName><Vendor>Invented</Vendor></Header><Extras><Flag>1</Flag></Extras><CTFpupilData><Pupil source="mis">${BASIC}</Pupil></CTFpupilData></CTfile>`;
  const file = parseCtf(xml);
  assert.deepEqual(file.unknown, ['Header/Vendor', 'Extras']);
  assert.deepEqual(file.raw.Extras, [{ name: 'Extras', children: [{ name: 'Flag', text: '1' }] }]);
  assert.deepEqual(file.pupils[0]!.unknown, ['@source']);
  const again = toCtf(file, { now: NOW });
  assert.match(again, /<Vendor>Invented<\/Vendor>/);
  assert.match(again, /<Extras>\s*<Flag>1<\/Flag>\s*<\/Extras>/);
  assert.match(again, /<Pupil source="mis">/);
});

test('a learner edited after import wins over the imported SEN history and contacts', () => {
  const file = parseCtf(SAMPLE, { today: TODAY });
  const p = file.pupils[0]!;
  const edited = {
    ...p,
    learner: { ...p.learner, senStatus: 'sen-support' as const, senNeeds: ['SEMH' as const], contacts: [] },
  };
  const back = parseCtf(toCtf({ header: file.header, pupils: [edited] }, { now: NOW, today: TODAY }), { today: TODAY })
    .pupils[0]!;
  assert.equal(back.learner.senStatus, 'sen-support');
  assert.deepEqual(back.learner.senNeeds, ['SEMH']);
  assert.deepEqual(back.learner.contacts, []);
  // Unchanged, the imported history (with its start dates) goes back out as it came.
  const same = parseCtf(toCtf(file, { now: NOW, today: TODAY }), { today: TODAY }).pupils[0]!;
  assert.deepEqual(same.sen, p.sen);
});

test('property: parseCtf never throws, whatever it is given', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string({
          unit: fc.constantFrom(
            '<',
            '>',
            '/',
            'CTfile',
            'Pupil',
            'UPN',
            '&',
            ';',
            '#',
            'x',
            '"',
            '=',
            ' ',
            '!',
            '?',
            '[',
          ),
        }),
      ),
      (s) => {
        const file = parseCtf(s);
        assert.ok(Array.isArray(file.errors) && Array.isArray(file.pupils));
      },
    ),
    { numRuns: 300 },
  );
});

test('property: a damaged CTF (any slice cut out) yields problems or pupils, never a throw', () => {
  fc.assert(
    fc.property(fc.nat(SAMPLE.length - 1), fc.integer({ min: 1, max: 40 }), (start, len) => {
      const file = parseCtf(SAMPLE.slice(0, start) + SAMPLE.slice(start + len), { today: TODAY });
      assert.ok(file.errors.length > 0 || file.pupils.length === 2);
      for (const e of file.errors) assert.ok(e.message.length > 10 && e.code.startsWith('ctf_'));
    }),
    { numRuns: 150 },
  );
});

test('a contact with a bad phone number keeps the contact, drops the number from the form, and exports as it came', () => {
  const contact =
    '<Contacts><Contact><Order>1</Order><Title>Mr</Title><Surname>Jessop</Surname><Forename>Ifan</Forename><Relationship>Father</Relationship><Responsibility>true</Responsibility><Phones><Phone><PhoneNo>call the office</PhoneNo></Phone></Phones></Contact><Contact><Relationship>Aunt</Relationship></Contact></Contacts>';
  const file = parseCtf(pupilXml(BASIC + contact));
  const p = file.pupils[0]!;
  assert.deepEqual(p.learner.contacts, [
    { name: 'Ifan Jessop', relationship: 'Father', parentalResponsibility: true, priority: 1 },
  ]);
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code, e.severity]),
    [
      ['CTfile/CTFpupilData/Pupil[1]/Contacts/Contact[1]', 'ctf_invalid_contact', 'warning'],
      ['CTfile/CTFpupilData/Pupil[1]/Contacts/Contact[2]', 'ctf_contact_not_added', 'warning'],
    ],
  );
  assert.match(file.errors[0]!.message, /contact 1: phone left out\. Enter a telephone number/);
  const xml = toCtf(file, { now: NOW });
  assert.match(
    xml,
    /<Title>Mr<\/Title>/,
    'the imported contacts still agree with the core, so they are written with their detail',
  );
  assert.match(xml, /<PhoneNo>call the office<\/PhoneNo>/);
  assert.match(xml, /<Relationship>Aunt<\/Relationship>/);
});

test('a name the handover form would reject is an error on its element, kept and written back', () => {
  const long = 'Pennyfeather'.repeat(6);
  const file = parseCtf(pupilXml(BASIC.replace('Ashdown', long)));
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code]),
    [['CTfile/CTFpupilData/Pupil[1]/Surname', 'ctf_too_long']],
  );
  assert.match(file.errors[0]!.message, /Surname: Use 60 characters or fewer\./);
  assert.equal(file.pupils[0]!.learner.legalSurname, undefined);
  assert.match(toCtf(file, { now: NOW }), new RegExp(`<Surname>${long}</Surname>`));
});

// Values as the reader gives them back: trimmed, not empty.
const token = fc
  .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(..."ABCDEFGHJKabcxyz0123456789 &<>'-") })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const optToken = opt(token);
const strip = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
const detailArb = fc
  .record({
    attendance: fc.array(
      fc.record({
        year: optToken,
        laCode: opt(fc.stringMatching(/^\d{3}$/)),
        establishment: opt(fc.stringMatching(/^\d{4}$/)),
        sessionsPossible: opt(fc.nat(400)),
        sessionsAuthorised: opt(fc.nat(400)),
        sessionsAttended: opt(fc.nat(400)),
        sessionsUnauthorised: opt(fc.nat(400)),
        attendanceStartDate: opt(isoDateArb(2015, 2026)),
        attendanceMarks: opt(fc.stringMatching(/^[/\\LBCDEGIMNOPRSTUVWXYZ#]{1,20}$/)),
      }),
      { maxLength: 3 },
    ),
    assessments: fc.array(
      fc.record({
        stage: fc.constantFrom('EYFS', 'KS1', 'KS2', 'PHONICS'),
        locale: optToken,
        year: optToken,
        subject: optToken,
        method: optToken,
        component: optToken,
        resultStatus: optToken,
        resultQualifier: optToken,
        result: optToken,
        resultDate: opt(isoDateArb(2015, 2026)),
      }),
      { maxLength: 5 },
    ),
    details: fc.record({
      uci: optToken,
      formerUpn: opt(upnArb),
      preferredSurname: optToken,
      formerSurname: optToken,
      formerForename: optToken,
      middleNames: optToken,
      ethnicity: optToken,
      ethnicitySource: optToken,
      enrolStatus: optToken,
      serviceChild: optToken,
      careAuthority: optToken,
      email: optToken,
      disabilities: opt(fc.array(token, { minLength: 1, maxLength: 2 })),
      phones: opt(fc.array(fc.record({ type: optToken, number: token }), { minLength: 1, maxLength: 2 })),
      address: opt(
        fc.record({
          paon: optToken,
          street: optToken,
          town: optToken,
          postcode: optToken,
          lines: opt(fc.array(token, { minLength: 1, maxLength: 5 })),
        }),
      ),
      schoolHistory: opt(
        fc.array(
          fc.record({
            laCode: optToken,
            establishment: optToken,
            urn: optToken,
            schoolName: optToken,
            entryDate: opt(isoDateArb(2015, 2026)),
            leavingDate: opt(isoDateArb(2015, 2026)),
            leavingReason: optToken,
          }),
          { minLength: 1, maxLength: 2 },
        ),
      ),
    }),
  })
  .map(strip);

test('property: attendance, assessment results and pupil details survive CTF -> parse unchanged', () => {
  const learner = parseCtf(pupilXml(BASIC)).pupils[0]!.learner;
  fc.assert(
    fc.property(detailArb, ({ attendance, assessments, details }) => {
      const xml = toCtf({ header: {}, pupils: [{ learner, attendance, assessments, details }] }, { now: NOW });
      const file = parseCtf(xml, { today: TODAY });
      assert.deepEqual(file.errors, []);
      const p = file.pupils[0]!;
      assert.deepEqual(p.attendance, attendance);
      // Results are grouped by key stage, in the order each stage first appears.
      const stages = [...new Set(assessments.map((a) => a.stage))];
      assert.deepEqual(
        p.assessments,
        stages.flatMap((s) => assessments.filter((a) => a.stage === s)),
      );
      const address = details.address && (Object.keys(details.address).length ? details.address : undefined);
      assert.deepEqual(p.details, strip({ ...details, address }));
      assert.deepEqual(p.learner, learner);
    }),
    { numRuns: 200 },
  );
});

test('bytes are decoded as the file says: UTF-8 with or without a BOM, UTF-16, or a declared single-byte encoding', () => {
  const xml = pupilXml(BASIC.replace('Carys', 'Siân'));
  const utf8 = new TextEncoder().encode(xml);
  assert.equal(parseCtf(utf8).pupils[0]!.learner.legalForename, 'Siân');
  assert.equal(parseCtf(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]).buffer).pupils[0]!.learner.legalForename, 'Siân');
  const utf16 = new Uint8Array(2 + xml.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < xml.length; i++) {
    utf16[2 + i * 2] = xml.charCodeAt(i) & 0xff;
    utf16[3 + i * 2] = xml.charCodeAt(i) >> 8;
  }
  assert.equal(parseCtf(utf16).pupils[0]!.learner.legalForename, 'Siân');
  const latin = `<?xml version="1.0" encoding="windows-1252"?>${xml}`;
  const bytes = Uint8Array.from(latin, (ch) => ch.charCodeAt(0));
  assert.equal(parseCtf(bytes).pupils[0]!.learner.legalForename, 'Siân');
});

test('ctf_too_large names the size and the limit in a unit that fits them, never "0 MB"', () => {
  const message = (size: number, maxLength: number) => parseCtf(new Uint8Array(size), { maxLength }).errors[0]!.message;
  assert.equal(
    message(12_000_001, 10_000_000),
    'This file is 13 MB, more than the 10 MB limit for a CTF. Ask for a file per year group.',
  );
  assert.match(message(600_000, 500_000), /^This file is 600 kB, more than the 500 kB limit /);
  assert.match(message(1_100_000, 1_000_000), /^This file is 1\.1 MB, more than the 1 MB limit /);
  assert.match(message(1_000_001, 999_999), /^This file is 1\.1 MB, more than the 999 kB limit /);
  assert.match(message(2500, 1500), /^This file is 2\.5 kB, more than the 1\.5 kB limit /);
  assert.match(message(200, 100), /^This file is 200 bytes, more than the 100 bytes limit /);
  // The file is rounded up and the limit down, so one a byte over never reads as the limit itself.
  assert.match(message(5001, 5000), /^This file is 5\.1 kB, more than the 5 kB limit /);
  assert.doesNotMatch(message(600_000, 500_000), /\b0 MB/);
});

test('bytes that are not valid in their encoding are refused, not turned into replacement characters', () => {
  const bytes = Uint8Array.from(pupilXml(BASIC.replace('Carys', 'Si\u00e2n')), (ch) => ch.charCodeAt(0)); // Latin-1 bytes, no declaration
  const file = parseCtf(bytes);
  assert.deepEqual(codes(file), ['ctf_bad_encoding']);
  assert.match(file.errors[0]!.message, /not valid UTF-8/);
  assert.deepEqual(codes(parseCtf(new TextEncoder().encode('<?xml version="1.0" encoding="x-klingon"?><CTfile/>'))), [
    'ctf_bad_encoding',
  ]);
  assert.deepEqual(codes(parseCtf(new Uint8Array(200), { maxLength: 100 })), ['ctf_too_large']);
});

test('stray text inside a container element is kept and reported, even beside child elements', () => {
  const file = parseCtf(
    pupilXml(`${BASIC}<BasicDetails>left over<PreferredForename>Cari</PreferredForename></BasicDetails>`),
  );
  assert.equal(file.pupils[0]!.learner.preferredForename, 'Cari');
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code]),
    [['CTfile/CTFpupilData/Pupil[1]/BasicDetails', 'ctf_unexpected_text']],
  );
  assert.deepEqual(file.pupils[0]!.raw['BasicDetails/#text'], [{ name: '#text', text: 'left over' }]);
  assert.match(toCtf(file, { now: NOW }), /<BasicDetails>\s*left over\s*<PreferredForename>/, 'and written back');
});

test('summariseCtfProblems groups the same problem across pupils into one line, errors first', () => {
  const pupil = (upn: string, dob: string) =>
    `<Pupil><UPN>${upn}</UPN><Surname>A</Surname><Forename>B</Forename><DOB>${dob}</DOB><Sex>F</Sex><BasicDetails><Religion>x</Religion></BasicDetails></Pupil>`;
  const xml = `<CTfile><Header/><CTFpupilData>${pupil('Q801200005002', '2014-01-01')}${pupil('B801200005001', '2014-02-30')}${pupil('E801200005003', '2014-03-01')}</CTFpupilData></CTfile>`;
  const summary = summariseCtfProblems(parseCtf(xml).errors);
  assert.deepEqual(
    summary.map((s) => [s.severity, s.code, s.path, s.count]),
    [
      ['error', 'ctf_invalid_date', 'CTfile/CTFpupilData/Pupil[*]/DOB', 1],
      ['warning', 'ctf_unknown_element', 'CTfile/CTFpupilData/Pupil[*]/BasicDetails/Religion', 3],
    ],
  );
  assert.match(summary[0]!.example, /^Pupil 2 \(UPN B80120…\): DOB '2014-02-30' is not a date/);
});

test('an XML Schema date with a time zone (2014-08-31Z, 2014-08-31+01:00) is read as that calendar day', () => {
  for (const dob of ['2014-08-31Z', '2014-08-31+01:00', '2014-08-31-05:00', '2014-08-31T00:00:00+01:00']) {
    const file = parseCtf(pupilXml(BASIC.replace('2014-08-31', dob)));
    assert.deepEqual(codes(file), [], dob);
    assert.equal(file.pupils[0]!.learner.dateOfBirth, '2014-08-31', `${dob} never shifts a day`);
  }
  assert.deepEqual(codes(parseCtf(pupilXml(BASIC.replace('2014-08-31', '2014-08-31+25:00')))), ['ctf_invalid_date']);
  assert.deepEqual(codes(parseCtf(pupilXml(BASIC.replace('2014-08-31', '31/08/2014')))), ['ctf_invalid_date']);
});

test('a file that is not well-formed gets a short message, however long the broken part', () => {
  for (const xml of [
    `<CTfile>${'<a>'.repeat(20_000)}`,
    `<CTfile><a></${'b'.repeat(50_000)}></CTfile>`,
    `<CTfile>${'<'.repeat(50_000)}`,
  ]) {
    const file = parseCtf(xml);
    assert.deepEqual(codes(file), ['ctf_not_xml']);
    assert.ok(file.errors[0]!.message.length < 400, `message of ${file.errors[0]!.message.length} characters`);
    assert.match(file.errors[0]!.message, /line 1/);
  }
});

test('UTF-16 without a byte-order mark is recognised from its first characters', () => {
  const xml = `<?xml version="1.0" encoding="UTF-16"?>${pupilXml(BASIC.replace('Carys', 'Siân'))}`;
  const le = new Uint8Array(xml.length * 2);
  const be = new Uint8Array(xml.length * 2);
  for (let i = 0; i < xml.length; i++) {
    le[i * 2] = be[i * 2 + 1] = xml.charCodeAt(i) & 0xff;
    le[i * 2 + 1] = be[i * 2] = xml.charCodeAt(i) >> 8;
  }
  assert.equal(parseCtf(le).pupils[0]?.learner.legalForename, 'Siân');
  assert.equal(parseCtf(be).pupils[0]?.learner.legalForename, 'Siân');
});

test('CDATA is read as written: entity-like text inside it is not decoded', () => {
  const file = parseCtf(
    pupilXml(BASIC.replace('<Surname>Ashdown</Surname>', '<Surname><![CDATA[Ap Rhys &amp; O&apos;Neill]]></Surname>')),
  );
  assert.equal(file.pupils[0]!.learner.legalSurname, 'Ap Rhys &amp; O&apos;Neill');
  const mixed = parseCtf(
    pupilXml(BASIC.replace('<Surname>Ashdown</Surname>', '<Surname>O&apos;<![CDATA[Brien]]></Surname>')),
  );
  assert.equal(mixed.pupils[0]!.learner.legalSurname, "O'Brien");
});

test('the same UPN on two pupils is reported on the second, and both are still read', () => {
  const two = `<CTfile><Header/><CTFpupilData><Pupil>${BASIC}</Pupil><Pupil>${BASIC.replace('Carys', 'Cari')}</Pupil></CTFpupilData></CTfile>`;
  const file = parseCtf(two);
  assert.equal(file.pupils.length, 2);
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code, e.severity]),
    [['CTfile/CTFpupilData/Pupil[2]/UPN', 'ctf_repeated_pupil', 'warning']],
  );
  assert.match(file.errors[0]!.message, /Pupil 1/);
});

test('a CTF whose elements carry a namespace prefix is read like one without', () => {
  const xml = `<c:CTfile xmlns:c="urn:example:ctf"><c:Header><c:DocumentName>CTF</c:DocumentName></c:Header><c:CTFpupilData><c:Pupil>${BASIC.replace(/<(\/?)/g, '<$1c:')}</c:Pupil></c:CTFpupilData></c:CTfile>`;
  const file = parseCtf(xml);
  assert.deepEqual(codes(file), []);
  assert.equal(file.pupils[0]!.learner.upn, 'B801200005001');
  assert.equal(file.header.documentName, 'CTF');
  const again = parseCtf(toCtf(file, { now: NOW }));
  assert.deepEqual(codes(again), []);
  assert.deepEqual(again.pupils[0]!.learner, file.pupils[0]!.learner, 'and it exports and reads back the same');
});

test('an entity XML does not define (&nbsp;) or a character reference that names no character is reported', () => {
  for (const [surname, shownAs] of [
    ['Smith&nbsp;Jones', '&nbsp;'],
    ['Ash&#0;down', '&#0;'],
    ['Ash&#99999999;down', '&#99999999;'],
    // Surrogates and U+FFFE/U+FFFF are not characters: decoded, a lone one reaches the database as U+FFFD.
    ['Ash&#xD800;down', '&#xD800;'],
    ['Ash&#56320;down', '&#56320;'],
    ['Ash&#xFFFF;down', '&#xFFFF;'],
  ] as const) {
    const file = parseCtf(pupilXml(BASIC.replace('Ashdown', surname)));
    assert.deepEqual(
      file.errors.map((e) => [e.path, e.code, e.severity]),
      [['CTfile/CTFpupilData/Pupil[1]/Surname', 'ctf_unknown_entity', 'warning']],
      surname,
    );
    assert.ok(file.errors[0]!.message.includes(shownAs), file.errors[0]!.message);
    assert.equal(file.pupils[0]!.learner.legalSurname, surname, 'read as written, as before');
  }
  assert.deepEqual(codes(parseCtf(pupilXml(BASIC.replace('Ashdown', 'O&apos;Brien &amp; &#x175;')))), []);
});

test('a file of many different unknown elements lists each once, in the order met', () => {
  // How long this takes is for `pnpm bench schema`, not a test: the list is kept with a set beside it, as a
  // search of the list for every name took 42 s for 100,000 names.
  const n = 150_000;
  const extra = Array.from({ length: n }, (_, i) => `<X${i}/>`).join('');
  const file = parseCtf(`<CTfile><Header/><CTFpupilData><Pupil>${BASIC}${extra}<X7/></Pupil></CTFpupilData></CTfile>`);
  assert.equal(file.pupils[0]!.unknown.length, n);
  assert.equal(file.pupils[0]!.unknown[7], 'X7');
  assert.equal(file.pupils[0]!.unknown[n - 1], `X${n - 1}`);
});

test('many different unknown elements are written back with linear work, not a scan per element', () => {
  // Counted, not timed: each read of the parent's list of children is one step. Scanning that list for every kept
  // element took n * n / 2 steps (150,000 unknown elements: over two minutes to export a file read in a second).
  const n = 2000;
  let reads = 0;
  const written = [
    { name: 'UPN', text: 'B801200005001' },
    { name: 'Surname', text: 'Ashdown' },
  ];
  const pupil = {
    name: 'Pupil',
    children: new Proxy(written, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }),
  };
  const raw = Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, [{ name: `X${i}` }]]));
  insertRaw(pupil, { ...raw, Surname: [{ name: 'Surname', text: 'kept, but already written' }] });
  assert.equal(pupil.children.length, 2 + n, 'every unknown element is written back, the written one not twice');
  assert.equal(pupil.children[2 + n - 1]!.name, `X${n - 1}`);
  assert.ok(reads < 10 * n, `${reads} reads for ${n} elements`);
  const file = parseCtf(pupilXml(`${BASIC}<X1/><X2>two</X2>`));
  assert.match(toCtf(file, { now: NOW }), /<X1\/>\n\s*<X2>two<\/X2>/, 'and in the order they were read');
});

test('a problem about many unknown attributes names a few and counts the rest, and all are kept', () => {
  const attrs = Array.from({ length: 1000 }, (_, i) => `a${i}="${i}"`).join(' ');
  const file = parseCtf(pupilXml(BASIC).replace('<Pupil>', `<Pupil ${attrs}>`));
  assert.deepEqual(codes(file), ['ctf_unknown_element']);
  const message = file.errors[0]!.message;
  assert.ok(message.length < 300, `message of ${message.length} characters`);
  assert.match(message, /a0, a1, a2, a3, a4 and 995 more/);
  assert.match(toCtf(file, { now: NOW }), /a999="999"/, 'every attribute is still written back');
});

test('a contact without <Responsibility> is added without parental responsibility, and that is said', () => {
  const contacts =
    '<Contacts><Contact><Surname>Ashdown</Surname><Forename>Efa</Forename><Relationship>Mother</Relationship></Contact>' +
    '<Contact><Surname>Ashdown</Surname><Forename>Huw</Forename><Relationship>Father</Relationship><Responsibility>false</Responsibility></Contact></Contacts>';
  const file = parseCtf(pupilXml(`${BASIC}${contacts}`));
  assert.deepEqual(
    file.pupils[0]!.learner.contacts?.map((c) => c.parentalResponsibility),
    [false, false],
  );
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code, e.severity]),
    [['CTfile/CTFpupilData/Pupil[1]/Contacts/Contact[1]/Responsibility', 'ctf_missing_element', 'warning']],
  );
  assert.match(file.errors[0]!.message, /contact 1 .*parental responsibility/);
});

test('a UTF-8 file that declares encoding="utf-16" (as .NET string writers do) is read as the UTF-8 it is', () => {
  for (const declared of ['utf-16', 'UTF-16', 'unicode']) {
    const xml = `<?xml version="1.0" encoding="${declared}"?>${pupilXml(BASIC.replace('Carys', 'Siân'))}`;
    const file = parseCtf(new TextEncoder().encode(xml));
    assert.deepEqual(codes(file), [], declared);
    assert.equal(file.pupils[0]?.learner.legalForename, 'Siân');
  }
});

test('the header DateTime is England’s clock time, so a file made just after midnight in summer has that day', () => {
  const at = (iso: string) =>
    /<DateTime>([^<]*)<\/DateTime>/.exec(
      toCtf({ header: { source: { laCode: '938', establishment: '2001' } }, pupils: [] }, { now: new Date(iso) }),
    )?.[1];
  assert.equal(at('2026-08-31T23:30:00Z'), '2026-09-01T00:30:00', 'British Summer Time');
  assert.equal(at('2026-01-15T10:05:09Z'), '2026-01-15T10:05:09', 'Greenwich Mean Time');
});

test('a date written with a time other than midnight is read as written and flagged, as it may be a day out', () => {
  // 23:00 UTC on 31 August is midnight on 1 September in British Summer Time: a system that converted a local
  // date to UTC wrote the day before, and 31 August or 1 September puts a child in a different year group.
  const file = parseCtf(pupilXml(BASIC.replace('2014-08-31', '2014-08-31T23:00:00Z')));
  assert.equal(file.pupils[0]!.learner.dateOfBirth, '2014-08-31');
  assert.deepEqual(
    file.errors.map((e) => [e.path, e.code, e.severity]),
    [['CTfile/CTFpupilData/Pupil[1]/DOB', 'ctf_date_with_time', 'warning']],
  );
  assert.match(file.errors[0]!.message, /23:00/);
  for (const midnight of [
    '2014-08-31T00:00:00',
    '2014-08-31T00:00:00.000',
    '2014-08-31T00:00',
    '2014-08-31T00:00:00+01:00',
  ]) {
    assert.deepEqual(codes(parseCtf(pupilXml(BASIC.replace('2014-08-31', midnight)))), [], midnight);
  }
});

/** Element and attribute names that are members of Object.prototype, and one that starts like the escaped form. */
const OBJECT_NAMES = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'c2c-escaped.x'];

test('elements named like Object.prototype members are kept as unknown elements, never read into a prototype', () => {
  for (const name of OBJECT_NAMES) {
    const xml =
      `<CTfile><Header><DocumentName>Common Transfer File</DocumentName><${name}>h</${name}></Header>` +
      `<CTFpupilData><Pupil ${name}="a">${BASIC}<${name}><Inner>1</Inner></${name}>` +
      `<BasicDetails><${name}>b</${name}></BasicDetails>` +
      `<Contacts><Contact><${name}>c</${name}><Surname>Ashdown</Surname><Forename>Rhian</Forename></Contact></Contacts>` +
      `</Pupil></CTFpupilData></CTfile>`;
    const file = parseCtf(xml, { today: TODAY });
    assert.ok(!codes(file).includes('ctf_not_xml'), `${name}: ${JSON.stringify(file.errors)}`);
    assert.equal(file.pupils.length, 1, name);
    const pupil = file.pupils[0]!;
    assert.equal(pupil.learner.legalForename, 'Carys', `${name}: the rest of the pupil is read`);
    assert.equal(pupil.learner.dateOfBirth, '2014-08-31');
    assert.ok(CtfFileSchema.safeParse(file).success, name);
    // Each is an own key of plain data, whose prototype is untouched, holding the element as written.
    assert.equal(Object.getPrototypeOf(pupil.raw), Object.prototype, name);
    for (const path of [name, `BasicDetails/${name}`, `Contacts/Contact[1]/${name}`, '@' + name]) {
      assert.ok(Object.hasOwn(pupil.raw, path), `${name}: ${path} kept in ${Object.keys(pupil.raw).join(', ')}`);
      assert.ok(Array.isArray(pupil.raw[path]), `${name}: ${path}`);
    }
    assert.deepEqual(pupil.raw[name], [{ name, children: [{ name: 'Inner', text: '1' }] }]);
    assert.deepEqual(pupil.raw[`@${name}`], [{ name: 'Pupil', attrs: { [name]: 'a' } }]);
    assert.equal(Object.getPrototypeOf(pupil.raw[`@${name}`]![0]!.attrs), Object.prototype);
    assert.ok(
      file.errors.some((e) => e.code === 'ctf_unknown_element' && e.path === `CTfile/CTFpupilData/Pupil[1]/${name}`),
      name,
    );
    assert.ok(
      file.unknown.includes(`Header/${name}`) && Object.hasOwn(file.raw, `Header/${name}`),
      `${name}: ${file.unknown.join(', ')}`,
    );
    // Written out again under its own name (not renamed, as the XML parser does with toString), and read back alike.
    const again = parseCtf(toCtf(file, { now: NOW, today: TODAY }), { today: TODAY });
    assert.deepEqual(again.pupils[0]!.raw[name], pupil.raw[name], name);
    assert.deepEqual(again.pupils[0]!.raw[`Contacts/Contact[1]/${name}`], pupil.raw[`Contacts/Contact[1]/${name}`]);
  }
  assert.equal(({} as Record<string, unknown>).Inner, undefined, 'nothing reached Object.prototype');
});

test('an impossible date is a problem, never read as another date', () => {
  for (const dob of ['2019-02-30', '2020-13-01', '2019-02-29', '2020-00-10', '2019-02-30T00:00:00Z']) {
    const file = parseCtf(pupilXml(BASIC.replace('<DOB>2014-08-31</DOB>', `<DOB>${dob}</DOB>`)), { today: TODAY });
    const pupil = file.pupils[0]!;
    assert.equal(pupil.learner.dateOfBirth, undefined, dob);
    assert.deepEqual(
      file.errors.filter((e) => e.code === 'ctf_invalid_date').map((e) => e.path),
      ['CTfile/CTFpupilData/Pupil[1]/DOB'],
      dob,
    );
    assert.deepEqual(pupil.raw.DOB, [{ name: 'DOB', text: dob }], `${dob}: kept as written`);
  }
  // The leap day is a real date.
  const leap = parseCtf(pupilXml(BASIC.replace('2014-08-31', '2020-02-29')), { today: TODAY });
  assert.equal(leap.pupils[0]!.learner.dateOfBirth, '2020-02-29');
});

test('an impossible DateTime in the header is reported as a warning and kept as written', () => {
  const withStamp = (stamp: string) =>
    parseCtf(
      `<CTfile><Header><DocumentName>Common Transfer File</DocumentName><DateTime>${stamp}</DateTime></Header><CTFpupilData><Pupil>${BASIC}</Pupil></CTFpupilData></CTfile>`,
      { today: TODAY },
    );
  for (const stamp of [
    '2019-02-30T10:00:00',
    '2020-13-01T09:00:00',
    '2026-07-20T25:00:00',
    '2026-07-20T10:61:00',
    'soon',
  ]) {
    const file = withStamp(stamp);
    const problems = file.errors.filter((e) => e.path === 'CTfile/Header/DateTime');
    assert.deepEqual(
      problems.map((e) => [e.code, e.severity]),
      [['ctf_invalid_date', 'warning']],
      stamp,
    );
    assert.equal(file.header.dateTime, stamp, 'kept as written, for the export');
    assert.equal(file.pupils[0]!.learner.legalForename, 'Carys', 'the pupils are still read');
  }
  for (const stamp of [
    '2026-07-20T14:05:00',
    '2026-07-20T14:05:00.123',
    '2026-07-20T14:05:00Z',
    '2026-07-20T14:05:00+01:00',
  ])
    assert.deepEqual(
      withStamp(stamp).errors.filter((e) => e.path === 'CTfile/Header/DateTime'),
      [],
      stamp,
    );
});

test('NCyearActual uses DfE’s codes: N1 and N2 are the nursery years, E1 and E2 the two years before them', () => {
  // DfE counts back from reception: N2 aged 3 on 31 August, N1 aged 2, E2 aged 1, E1 aged 0. yearGroupOn agrees:
  // on 1 September 2025 a child born 1 September 2021 (3 on 31 August) is in N2, one born a year later in N1.
  assert.equal(yearGroupOn('2021-09-01', '2025-09-01').code, 'N2');
  assert.equal(yearGroupOn('2022-09-01', '2025-09-01').code, 'N1');
  const withYear = (nc: string) =>
    parseCtf(pupilXml(`${BASIC}<BasicDetails><NCyearActual>${nc}</NCyearActual></BasicDetails>`), { today: TODAY });
  for (const [nc, yearGroup] of [
    ['N1', 'N1'],
    ['N2', 'N2'],
    ['E1', 'pre-school'],
    ['E2', 'pre-school'],
    ['R', 'R'],
    ['6', 'Y6'],
  ] as const) {
    const file = withYear(nc);
    assert.deepEqual(codes(file), [], nc);
    assert.equal(file.pupils[0]!.learner.yearGroup, yearGroup, nc);
    // Written back as read: the nursery years by their own codes, E1 and E2 from the file.
    assert.match(toCtf(file, { now: NOW }), new RegExp(`<NCyearActual>${nc}</NCyearActual>`), nc);
  }
  // A nursery child whose year group was set on the form, not read from a file, is written as N1 or N2 too.
  for (const yearGroup of ['N1', 'N2'] as const) {
    const xml = toCtf(
      {
        header: {},
        pupils: [
          { learner: { legalForename: 'Carys', legalSurname: 'Ashdown', dateOfBirth: '2021-09-01', yearGroup } },
        ],
      },
      { now: NOW },
    );
    assert.match(xml, new RegExp(`<NCyearActual>${yearGroup}</NCyearActual>`), yearGroup);
  }
});

test('free school meals changed on the form keep the past periods: only the present changes', () => {
  const file = parseCtf(SAMPLE, { today: TODAY });
  const pupil = file.pupils[0]!;
  assert.equal(pupil.learner.freeSchoolMeals, true, 'eligible since 2023-09-01 in the sample');
  const ended = parseCtf(
    toCtf(
      { ...file, pupils: [{ ...pupil, learner: { ...pupil.learner, freeSchoolMeals: false } }] },
      { now: NOW, today: TODAY },
    ),
    { today: TODAY },
  ).pupils[0]!;
  assert.equal(ended.learner.freeSchoolMeals, false);
  assert.deepEqual(ended.details.fsm?.instances, [{ startDate: '2023-09-01', endDate: '2026-07-19', country: 'ENG' }]);
  assert.equal(ended.details.fsm?.reviewDate, '2026-05-01');

  // Eligible again later: the period that ended stays, and an open one says "eligible now".
  const again = parseCtf(
    toCtf(
      { ...file, pupils: [{ ...ended, learner: { ...ended.learner, freeSchoolMeals: true } }] },
      {
        now: new Date('2027-01-10T10:00:00Z'),
        today: '2027-01-10',
      },
    ),
    { today: '2027-01-10' },
  ).pupils[0]!;
  assert.equal(again.learner.freeSchoolMeals, true);
  assert.deepEqual(again.details.fsm?.instances, [
    { startDate: '2023-09-01', endDate: '2026-07-19', country: 'ENG' },
    {},
  ]);
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  LearnerSchema,
  OrganisationSchema,
  UserSchema,
  lineText,
  requiredLineText,
  requiredText,
  text,
  validate,
} from '@c2c/schema';
import { syntheticCluster } from '@c2c/schema/synthetic';
import { jsonSchemas } from '@c2c/schema/json-schema';

/** Every control character the schemas refuse in a name: C0 (tab and line breaks too), DEL and C1. */
const CONTROLS = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)),
];
const LINE_BREAKS = ['\t', '\n', '\r'];
const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

const cluster = syntheticCluster({ learners: 5, services: 1, now: new Date('2026-03-02T10:00:00Z') });
const learner = cluster.learners[0]!;

describe('names refuse control characters', () => {
  it('refuses each C0 and C1 control character in a learner’s, a contact’s, a user’s and an organisation’s name', () => {
    for (const c of CONTROLS) {
      const name = `Zed${c}ina`;
      for (const [label, schema, record] of [
        ['legalForename', LearnerSchema, { ...learner, legalForename: name }],
        ['preferredSurname', LearnerSchema, { ...learner, preferredSurname: name }],
        [
          'contacts.0.name',
          LearnerSchema,
          {
            ...learner,
            contacts: [{ name, relationship: 'Mother', parentalResponsibility: true }],
          },
        ],
        ['name', UserSchema, { ...cluster.users[0]!, name }],
        ['name', OrganisationSchema, { ...cluster.organisations[0]!, name, retention: undefined }],
      ] as const) {
        const result = validate(schema, record);
        assert.equal(result.ok, false, `${label} with ${hex(c)}`);
        if (!result.ok) {
          const issue = result.issues.find((i) => i.path === label);
          assert.ok(issue, `${label} with ${hex(c)}: ${JSON.stringify(result.issues)}`);
          assert.match(issue.message, /^Write this on one line, without tabs or hidden control characters/);
        }
      }
    }
  });

  it('refuses a direction override or embedding in a name, which makes it show as another name', () => {
    // "Zed" + RIGHT-TO-LEFT OVERRIDE + "anirt" shows as "Zedtrina".
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      const name = `Zed${c}anirt`;
      const result = validate(LearnerSchema, { ...learner, legalForename: name });
      assert.equal(result.ok, false, hex(c));
      if (!result.ok)
        assert.match(
          result.issues.find((i) => i.path === 'legalForename')?.message ?? '',
          /^Write this on one line, without tabs or hidden control characters/,
        );
      assert.equal(UserSchema.safeParse({ ...cluster.users[0]!, name }).success, false, `user name with ${hex(c)}`);
      assert.equal(lineText(60).safeParse(name).success, false, hex(c));
    }
    // The direction marks a right-to-left name copied from a document carries are not overrides.
    assert.ok(LearnerSchema.safeParse({ ...learner, legalForename: '\u200Fمحمد\u200E' }).success);
  });

  it('refuses half of a surrogate pair on its own, which cannot be stored as written, and takes whole ones', () => {
    for (const broken of ['Zed\uD83Dina', 'Zed\uDE00ina', 'Zedina\uD83D', '\uDE00Zedina']) {
      assert.equal(requiredLineText(60).safeParse(broken).success, false, JSON.stringify(broken));
      assert.equal(text(2000).safeParse(broken).success, false, JSON.stringify(broken));
      assert.equal(LearnerSchema.safeParse({ ...learner, medicalNeeds: broken }).success, false);
    }
    assert.equal(requiredLineText(60).parse('Zed 😀 ina'), 'Zed 😀 ina');
    assert.equal(text(2000).parse('Loves 🦕\nand 🚀'), 'Loves 🦕\nand 🚀');
  });

  it('still takes the names people have: accents, Welsh letters, apostrophes, hyphens, spaces, other scripts', () => {
    for (const name of [
      'Siân',
      'Gwenllïan',
      'Ŵyn',
      "O'Brien",
      'Smith-Jones',
      'Mary Ann',
      'Zoë',
      'Łukasz',
      'محمد',
      '李',
    ]) {
      assert.ok(LearnerSchema.safeParse({ ...learner, legalForename: name }).success, name);
      assert.ok(UserSchema.safeParse({ ...cluster.users[0]!, name }).success, name);
    }
    // Surrounding spaces, tabs and line breaks are trimmed, as before, not refused.
    assert.equal(requiredLineText(60).parse('\tAnn \n'), 'Ann');
  });

  it('keeps every synthetic record valid (the seed data the hub and demos load)', () => {
    for (const l of cluster.learners) assert.ok(LearnerSchema.safeParse(l).success, l.id);
    for (const u of cluster.users) assert.ok(UserSchema.safeParse(u).success, u.id);
  });
});

describe('longer text keeps its lines but refuses other control characters', () => {
  it('takes tabs and line breaks in text that runs over lines', () => {
    const note = 'First line.\r\nSecond line.\n\tIndented.';
    assert.equal(text(2000).parse(note), note);
    assert.equal(requiredText(2000).parse(note), note);
    assert.ok(LearnerSchema.safeParse({ ...learner, medicalNeeds: note }).success);
  });

  it('refuses the other C0 and C1 control characters there, in plain English', () => {
    for (const c of CONTROLS.filter((c) => !LINE_BREAKS.includes(c))) {
      const result = validate(LearnerSchema, { ...learner, medicalNeeds: `Asthma${c}inhaler` });
      assert.equal(result.ok, false, hex(c));
      if (!result.ok)
        assert.match(
          result.issues[0]!.message,
          /^Remove the hidden control characters from this text/,
          `${hex(c)}: ${result.issues[0]!.message}`,
        );
      assert.equal(text(2000).safeParse(`a${c}b`).success, false, hex(c));
      assert.equal(lineText(60).safeParse(`a${c}b`).success, false, hex(c));
    }
  });
});

describe('the JSON Schema says so too', () => {
  it('gives names a pattern that refuses control characters, and long text one that allows line breaks', () => {
    const learnerJson = (jsonSchemas() as Record<string, { properties: Record<string, { pattern?: string }> }>)
      .Learner!;
    const pattern = (field: string) => new RegExp(learnerJson.properties[field]!.pattern!);
    assert.ok(pattern('legalForename').test('Siân'));
    for (const c of CONTROLS) assert.ok(!pattern('legalForename').test(`Zed${c}ina`), hex(c));
    assert.ok(pattern('medicalNeeds').test('One.\nTwo.\tThree.'));
    assert.ok(!pattern('medicalNeeds').test('One.\u0000Two.'));
    assert.ok(!pattern('legalForename').test('Zed\u202Eanirt'));
    assert.ok(!pattern('medicalNeeds').test('Half \uD83D a pair'));
    assert.ok(pattern('medicalNeeds').test('A whole 🦕'));
  });
});

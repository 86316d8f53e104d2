import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrganisationRecordSchema, OrganisationSchema } from '@c2c/schema';

const SCHOOL = { id: 'sec-riverside', name: 'Riverside Academy', kind: 'school', phases: ['ks3'], allowedOrigins: [] };

describe('OrganisationSchema postcode', () => {
  it('takes a full UK postcode however it is typed, and writes it one way', () => {
    for (const [typed, stored] of [
      ['BF4 2DL', 'BF4 2DL'],
      [' bf42dl ', 'BF4 2DL'],
      ['sw1a1aa', 'SW1A 1AA'],
      ['M1 1AE', 'M1 1AE'],
      ['b338th', 'B33 8TH'],
    ]) {
      assert.equal(OrganisationSchema.parse({ ...SCHOOL, postcode: typed }).postcode, stored, typed);
      assert.equal(OrganisationRecordSchema.parse({ ...SCHOOL, postcode: typed }).postcode, stored, typed);
    }
    assert.ok(!('postcode' in OrganisationSchema.parse(SCHOOL)), 'a postcode is still optional');
  });

  it('refuses anything else, saying what to type', () => {
    for (const typed of ['Unknown', 'BF4', 'BF4 2D', '12345', 'BF4  2DL', 'BF4 2DL X', '']) {
      const r = OrganisationSchema.safeParse({ ...SCHOOL, postcode: typed });
      assert.equal(r.success, false, typed);
      assert.deepEqual(
        r.error!.issues.map((i) => [i.path.join('.'), i.message]),
        [['postcode', 'Enter a full UK postcode, like SW1A 1AA.']],
        typed,
      );
    }
  });
});

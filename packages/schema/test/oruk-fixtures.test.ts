// Reads the official HSDS 3.0 / ORUK 3.0 examples and the ORUK validator's pass, warn and fail fixtures from
// ../shared/oruk (CC BY-SA 4.0: "Human Services Data Specification: an Open Referral resource",
// https://openreferral.org/; "Human Services Data Specification UK: an Open Referral UK resource",
// https://openreferraluk.org/). They are not part of this repository: on a machine without them, this file
// registers no tests at all (set ORUK_FIXTURES to point elsewhere).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromOruk, readOrukPage, toOruk } from '@c2c/schema';

const ROOT = process.env.ORUK_FIXTURES ?? fileURLToPath(new URL('../../../../shared/oruk/', import.meta.url));

interface Fixture {
  file: string;
  /** Default and Warn fixtures and the official examples are valid; Fail fixtures are deliberately broken. */
  expectValid: boolean;
  json: unknown;
}

function fixtures(): Fixture[] {
  const dirs = [
    'hsds-3.0/examples',
    'oruk-3.0-uk-profile/examples',
    'oruk-validator-mocks/V3.0-UK-Default',
    'oruk-validator-mocks/V3.0-UK-Warn',
    'oruk-validator-mocks/V3.0-UK-Fail',
  ];
  const out: Fixture[] = [];
  for (const dir of dirs) {
    const abs = join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const file = join(abs, name);
      out.push({
        file: relative(ROOT, file),
        expectValid: !dir.endsWith('Fail'),
        json: JSON.parse(readFileSync(file, 'utf8')),
      });
    }
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The service records a fixture holds, by the kind of document its file name says it is. */
function servicesIn(f: Fixture): unknown[] {
  const base = f.file
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
  const list = (json: unknown) => readOrukPage(json)?.items ?? [];
  const ofOrg = (org: unknown) => (isObj(org) && Array.isArray(org.services) ? org.services : []);
  const ofSal = (sal: unknown) => (isObj(sal) && isObj(sal.service) ? [sal.service] : []);
  if (base === 'service_full') return [f.json];
  if (base === 'service_list') return list(f.json);
  if (base === 'service_at_location_full') return ofSal(f.json);
  if (base === 'service_at_location_list') return list(f.json).flatMap(ofSal);
  if (base === 'organization_full' || base === 'organization') return ofOrg(f.json);
  if (base === 'organization_list') return list(f.json).flatMap(ofOrg);
  return [];
}

if (existsSync(ROOT)) {
  describe('official ORUK / HSDS examples and validator fixtures (../shared/oruk)', () => {
    const all = fixtures();

    test('the fixture set is there and holds services', () => {
      assert.ok(all.length >= 30, `found ${all.length} fixture files`);
      assert.ok(all.flatMap(servicesIn).length >= 10);
    });

    for (const f of all) {
      const services = servicesIn(f);
      const isList = /_list\.json$/.test(f.file);
      if (services.length === 0 && !isList) continue;
      test(`${f.file}: ${isList ? 'reads as a page; ' : ''}${services.length} service record(s) ${f.expectValid ? 'map to services' : 'map or are refused with reasons'}`, () => {
        if (isList) {
          const page = readOrukPage(f.json);
          assert.ok(page, 'a list document is a page');
          assert.ok(page.page >= 1 && page.totalPages >= 1);
        }
        for (const [i, raw] of services.entries()) {
          const { service, problems } = fromOruk(raw);
          for (const p of problems) assert.ok(typeof p.path === 'string' && p.message.length > 0);
          if (f.expectValid) assert.ok(service, `service ${i} mapped; problems: ${JSON.stringify(problems)}`);
          if (!service) {
            assert.ok(problems.length > 0, 'a refused record says why');
            continue;
          }
          // Whatever we read, we publish again and read back the same.
          assert.deepEqual(fromOruk(JSON.parse(JSON.stringify(toOruk(service)))).service, service);
          if (isObj(raw) && typeof raw.name === 'string')
            assert.equal(service.name, raw.name.trim().replace(/^"+|"+$/g, ''));
        }
      });
    }

    // The examples' schedules are in `timezone: 3` (UTC+3), a placeholder from the international HSDS examples:
    // for a UK directory that is a clock three hours ahead, which the mapping must report.
    test('the only problems reported on valid fixtures are their known off-spec values (latitude 100, timezone 3)', () => {
      const problems = all
        .filter((f) => f.expectValid)
        .flatMap(servicesIn)
        .flatMap((raw) => fromOruk(raw).problems);
      assert.ok(problems.length > 0);
      for (const p of problems)
        if (!/\.location\.latitude$/.test(p.path)) {
          assert.match(p.path, /^schedules\[\d+\]\.timezone$/, p.message);
          assert.match(p.message, /^UTC\+3 is not UK time/);
        }
    });

    test('the Fail fixtures include a service without a name, which is refused with a reason', () => {
      const failing = all
        .filter((f) => !f.expectValid)
        .flatMap(servicesIn)
        .map((raw) => fromOruk(raw));
      const refused = failing.filter((m) => m.service === null);
      assert.ok(refused.length > 0);
      assert.ok(refused.some((m) => m.problems.some((p) => p.path === 'name')));
    });

    test('the examples’ off-spec values (latitude 100, quoted phone numbers) are handled, not passed on', () => {
      const mapped = all
        .filter((f) => f.expectValid)
        .flatMap(servicesIn)
        .map((raw) => fromOruk(raw).service)
        .filter((s) => s !== null);
      for (const s of mapped) {
        for (const l of s.locations) if (l.latitude !== undefined) assert.ok(Math.abs(l.latitude) <= 90);
        for (const c of s.contacts) for (const p of c.phones) assert.doesNotMatch(p.number, /^"|"$/);
      }
    });
  });
}

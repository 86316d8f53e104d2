/**
 * Real answers checked against published descriptions of them: the hub's own OpenAPI document (always), and the
 * official ORUK 3.0 schemas in ../shared/oruk (CC BY-SA 4.0: "Human Services Data Specification UK: an Open
 * Referral UK resource", https://openreferraluk.org/), which are not part of this repository: without them,
 * those tests are skipped and say why (set ORUK_FIXTURES to point elsewhere).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { PrincipalSchema, fromOruk, type Service } from '@c2c/schema';
import type { Hub } from '../src/index.js';
import { OrukIndexSchema } from '../src/api-schemas.js';
import { bearer, captureLogger, closeHub, record, seededHub, targets } from './helpers.js';

/** A JSON Schema for an object, read for its properties. */
const ObjectJsonSchema = z.looseObject({ properties: z.record(z.string(), z.unknown()) });
/** The parts of an OpenAPI document these tests read: what each GET answers, and the named schemas. */
const OpenApiDocument = z.looseObject({
  paths: z.record(
    z.string(),
    z.looseObject({
      get: z.optional(
        z.looseObject({
          responses: z.record(
            z.string(),
            z.looseObject({ content: z.optional(z.record(z.string(), z.looseObject({ schema: z.unknown() }))) }),
          ),
        }),
      ),
    }),
  ),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});
/** ORUK's own OpenAPI document, read for its Page schema. */
const OrukOpenApi = z.looseObject({
  components: z.looseObject({ schemas: z.looseObject({ Page: ObjectJsonSchema }) }),
});
/** A page of ORUK records (or of the hub's), read by the records' ids. */
const IdPage = z.looseObject({
  last_page: z.optional(z.boolean()),
  total_pages: z.optional(z.number()),
  contents: z.array(z.looseObject({ id: z.string() })),
});
/** A published ORUK service, read for the nested records it carries. */
const PublishedService = z.looseObject({
  organization: z.optional(z.unknown()),
  service_at_locations: z.optional(
    z.array(
      z.looseObject({
        location: z.looseObject({
          addresses: z.array(
            z.looseObject({ state_province: z.optional(z.unknown()), address_2: z.optional(z.unknown()) }),
          ),
          accessibility: z.array(z.unknown()),
        }),
      }),
    ),
  ),
  contacts: z.optional(z.array(z.looseObject({ phones: z.array(z.unknown()) }))),
});
/** The id of a page's first item, or `none` for an empty page or a refusal (a role that may not list them). */
const firstId = (body: unknown, none: string) => {
  const page = z.looseObject({ data: z.array(z.looseObject({ id: z.string() })) }).safeParse(body);
  return page.success ? (page.data.data[0]?.id ?? none) : none;
};

const ORUK = process.env.ORUK_FIXTURES ?? fileURLToPath(new URL('../../../../shared/oruk/', import.meta.url));
const NO_ORUK = existsSync(ORUK) ? false : `the official ORUK schemas are not at ${ORUK} (set ORUK_FIXTURES)`;

/**
 * A JSON Schema as a zod validator. `#/components/schemas/X` refs (OpenAPI's) are read as `#/$defs/X`, the only
 * kind zod resolves. With `ignoreFormats`, `format: uuid` is dropped: ORUK marks every id `uuid`, and the hub
 * publishes the ids its feeds gave it (slugs, numbers), which the ORUK validator only warns about. Other formats
 * (uri, email, date-time) are still checked.
 */
function validator(schema: unknown, defs: unknown = {}, ignoreFormats = false): z.ZodType {
  const drop = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(drop)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k, x]) => !(ignoreFormats && k === 'format' && x === 'uuid'))
              .map(([k, x]) => [k, drop(x)]),
          )
        : v;
  const local = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll('"#/components/schemas/', '"#/$defs/'));
  return z.fromJSONSchema(
    drop({ ...record(local(schema), 'a JSON Schema'), $defs: local(defs) }) as z.core.JSONSchema.JSONSchema,
  );
}

function assertValid(schema: z.ZodType, value: unknown, what: string) {
  const r = schema.safeParse(value);
  assert.ok(
    r.success,
    `${what}: ${r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n${JSON.stringify(value).slice(0, 400)}`,
  );
}

const readOruk = (file: string): unknown => JSON.parse(readFileSync(`${ORUK}/${file}`, 'utf8')) as unknown;

/** A synthetic service with every field the hub holds, so that every kind of nested record is published. */
const EVERYTHING: Service = {
  id: 'svc-everything',
  name: 'Everything Club',
  status: 'active',
  description: 'A synthetic service that uses every field.',
  url: 'https://services.example.org/everything',
  email: 'everything@services.example.org',
  organisation: { id: 'org-everything', name: 'Everything Trust', url: 'https://everything.example.org' },
  locations: [
    {
      id: 'loc-everything',
      name: 'Everything Hall',
      address: {
        line1: '1 Test Street',
        line2: 'Upper floor',
        city: 'Brookfield',
        region: 'Testshire',
        postcode: 'BF1 1AA',
        country: 'GB',
      },
      latitude: 52.5,
      longitude: -1.1,
      accessibility: ['Step-free entrance', 'Hearing loop'],
    },
    { id: 'loc-everything-2', accessibility: [] },
  ],
  contacts: [
    {
      name: 'Pat Example',
      title: 'Coordinator',
      email: 'pat@services.example.org',
      phones: [{ number: '01632 960000', description: 'Office' }],
    },
  ],
  schedules: [
    {
      freq: 'WEEKLY',
      byDay: ['MO', 'WE'],
      opensAt: '09:00',
      closesAt: '11:00',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      termTimeOnly: true,
      description: 'Mornings',
    },
    { freq: 'MONTHLY', byDay: [] },
  ],
  minimumAge: 3,
  maximumAge: 11,
  eligibility: 'Children aged 3 to 11.',
  howToAccess: 'Call first.',
  free: false,
  fees: '£2 a session',
  costOptions: [{ option: 'Session', amount: 2, currency: 'GBP', amountDescription: '£2 a session' }],
  languages: [
    { name: 'English', code: 'en' },
    { name: 'Welsh', code: 'cy' },
  ],
  serviceAreas: ['Brookfield', 'Millbrook'],
  taxonomyTerms: [{ id: 'send', name: 'SEND support', taxonomy: 'c2c-categories', parentId: 'family' }],
  accessibility: ['Quiet room'],
  lastModified: '2026-05-14T10:00:00Z',
};

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`published descriptions of the hub’s answers, on ${target.name}`, () => {
    let hub: Hub;
    const logs = captureLogger('info');
    before(async () => {
      hub = await seededHub(await target.create(), logs.logger);
    });
    after(() => closeHub(hub, target));

    const call = async (path: string, headers: Record<string, string> = {}) => {
      const res = await hub.app.request(path, { headers });
      return { status: res.status, headers: res.headers, json: (await res.json()) as unknown };
    };

    describe('the hub’s OpenAPI document', () => {
      let doc: z.infer<typeof OpenApiDocument>;
      before(async () => {
        doc = OpenApiDocument.parse((await call('/v1/openapi.json')).json);
      });
      /** Asks for `path` and checks the answer against what the document says `template` answers with that status. */
      const conforms = async (path: string, template: string, headers: Record<string, string> = {}) => {
        const r = await call(path, headers);
        const responses = doc.paths[template]?.get?.responses;
        assert.ok(responses, `GET ${template} is documented`);
        const spec = responses[String(r.status)] ?? responses.default;
        const content = Object.values(spec?.content ?? {})[0];
        assert.ok(content, `GET ${template} documents what it answers with ${r.status}`);
        const { schema } = content;
        assertValid(validator(schema, doc.components.schemas), r.json, `GET ${path} (${r.status})`);
        return r;
      };

      it('describes what the public routes really return, problems included', async () => {
        const svc = IdPage.parse((await conforms('/oruk/services?per_page=3', '/oruk/services')).json).contents[0]!;
        await conforms('/oruk', '/oruk');
        await conforms(`/oruk/services/${svc.id}`, '/oruk/services/{id}');
        const sal = IdPage.parse(
          (await conforms('/oruk/service_at_locations?per_page=2', '/oruk/service_at_locations')).json,
        );
        await conforms(
          `/oruk/service_at_locations/${encodeURIComponent(sal.contents[0]!.id)}`,
          '/oruk/service_at_locations/{id}',
        );
        await conforms('/oruk/taxonomies', '/oruk/taxonomies');
        await conforms('/oruk/taxonomies/c2c-categories', '/oruk/taxonomies/{id}');
        await conforms('/oruk/taxonomy_terms?per_page=3', '/oruk/taxonomy_terms');
        await conforms('/oruk/taxonomy_terms/send', '/oruk/taxonomy_terms/{id}');
        await conforms('/v1/services?limit=3', '/v1/services');
        await conforms(`/v1/services/${svc.id}`, '/v1/services/{id}');
        await conforms('/v1/taxonomies', '/v1/taxonomies');
        await conforms('/healthz', '/healthz');
        assert.equal((await conforms('/oruk/services?day=someday', '/oruk/services')).status, 400);
        assert.equal((await conforms('/oruk/services/nope', '/oruk/services/{id}')).status, 404);
      });

      it('describes what the signed-in routes really return, to each role', async () => {
        for (const user of ['pri-millbrook-teacher', 'pri-millbrook-dsl', 'pri-millbrook-admin', 'youth-hub-worker']) {
          const as = bearer(user);
          const org = PrincipalSchema.parse((await conforms('/v1/me', '/v1/me', as)).json).user.organisationId;
          await conforms('/v1/organisations', '/v1/organisations', as);
          await conforms(`/v1/organisations/${org}`, '/v1/organisations/{id}', as);
          await conforms('/v1/templates', '/v1/templates', as);
          const learner = firstId((await conforms('/v1/learners?limit=2', '/v1/learners', as)).json, 'nobody');
          await conforms(`/v1/learners/${learner}`, '/v1/learners/{id}', as);
          await conforms(`/v1/learners/${learner}/pathway`, '/v1/learners/{id}/pathway', as);
          await conforms(`/v1/learners/${learner}/milestones`, '/v1/learners/{id}/milestones', as);
          const handover = firstId((await conforms('/v1/handovers?limit=2', '/v1/handovers', as)).json, 'none');
          await conforms(`/v1/handovers/${handover}`, '/v1/handovers/{id}', as);
          await conforms(`/v1/handovers/${handover}/versions`, '/v1/handovers/{id}/versions', as);
          await conforms('/v1/signposting', '/v1/signposting', as);
          await conforms('/v1/audit?limit=3', '/v1/audit', as);
          await conforms('/v1/users', '/v1/users', as);
        }
      });

      it('is strict enough to catch a wrong answer', () => {
        const page = doc.paths['/oruk/services']?.get?.responses['200']?.content?.['application/json']?.schema;
        assert.ok(page, 'GET /oruk/services documents its page');
        assert.equal(validator(page, doc.components.schemas).safeParse({ contents: [] }).success, false);
      });
    });

    describe('the official ORUK 3.0 schemas', { skip: NO_ORUK }, () => {
      it('/oruk answers ORUK’s api_details, with an openapi_url that leads to the hub’s document', async () => {
        const details = validator(readOruk('oruk-3.0-validator-schemas/api_details.json'));
        // The validator's own failing example: the check can tell.
        assert.equal(details.safeParse(readOruk('oruk-validator-mocks/V3.0-UK-Fail/api_details.json')).success, false);
        const r = await call('https://hub.example.org/oruk');
        assertValid(details, r.json, 'GET /oruk');
        const url = new URL(OrukIndexSchema.parse(r.json).openapi_url);
        assert.equal(url.origin, 'https://hub.example.org');
        assert.equal(record((await call(url.pathname)).json).openapi, '3.1.0');
      });

      it('pages carry every field of ORUK’s Page, with its types, on every list', async () => {
        const page = OrukOpenApi.parse(readOruk('oruk-3.0-uk-profile/schema/openapi.json')).components.schemas.Page;
        const full = validator({
          ...page,
          properties: { ...page.properties, contents: { type: 'array' } },
          required: [...Object.keys(page.properties), 'contents'],
        });
        for (const list of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms'])
          for (const query of ['', '?per_page=2&page=2', '?per_page=200&page=999'])
            assertValid(full, (await call(`/oruk/${list}${query}`)).json, `GET /oruk/${list}${query}`);
      });

      it('publishes every service, listed and alone, with every nested record, as ORUK’s UK profile describes', async () => {
        await hub.store.putServices([EVERYTHING]);
        const compiled = (name: string) =>
          validator(readOruk(`oruk-3.0-uk-profile/schema/compiled/${name}.json`), {}, true);
        const page = OrukOpenApi.parse(readOruk('oruk-3.0-uk-profile/schema/openapi.json')).components.schemas.Page;
        const pageOf = (item: string) =>
          validator(
            {
              ...page,
              properties: {
                ...page.properties,
                contents: { type: 'array', items: readOruk(`oruk-3.0-uk-profile/schema/compiled/${item}.json`) },
              },
              required: [...Object.keys(page.properties), 'contents'],
            },
            {},
            true,
          );
        const one = { service: compiled('service'), sal: compiled('service_at_location') };
        // The checks can tell: the validator's passing examples pass, its failing service (no name) fails.
        assertValid(
          one.service,
          readOruk('oruk-validator-mocks/V3.0-UK-Default/service_full.json'),
          'its service_full',
        );
        assertValid(one.sal, readOruk('oruk-validator-mocks/V3.0-UK-Default/service_at_location_full.json'), 'its SAL');
        assert.equal(
          one.service.safeParse(readOruk('oruk-validator-mocks/V3.0-UK-Fail/service_full.json')).success,
          false,
        );
        // Every kind of nested record is published somewhere, so each is really checked.
        const seen = new Set<string>();
        const note = (published: unknown) => {
          const svc = PublishedService.parse(published);
          for (const k of [
            'contacts',
            'schedules',
            'cost_options',
            'languages',
            'service_areas',
            'attributes',
            'service_at_locations',
          ])
            if ((z.optional(z.array(z.unknown())).parse(svc[k]) ?? []).length) seen.add(k);
          if (svc.organization) seen.add('organization');
          for (const sal of svc.service_at_locations ?? []) {
            if (sal.location.addresses.length) seen.add('addresses');
            if (sal.location.addresses.some((a) => a.state_province)) seen.add('state_province');
            if (sal.location.accessibility.length) seen.add('location accessibility');
            if (sal.location.addresses.some((a) => a.address_2)) seen.add('address_2');
          }
          if (svc.contacts?.some((c) => c.phones.length)) seen.add('phones');
        };
        const services = await call('/oruk/services?per_page=200');
        assertValid(pageOf('service_list'), services.json, 'GET /oruk/services');
        const listedServices = IdPage.parse(services.json);
        assert.equal(listedServices.total_pages, 1, 'every service on one page');
        for (const listed of listedServices.contents) {
          const path = `/oruk/services/${encodeURIComponent(listed.id)}`;
          const r = await call(path);
          assertValid(one.service, r.json, `GET ${path}`);
          note(r.json);
        }
        assert.deepEqual([...seen].sort(), [
          'address_2',
          'addresses',
          'attributes',
          'contacts',
          'cost_options',
          'languages',
          'location accessibility',
          'organization',
          'phones',
          'schedules',
          'service_areas',
          'service_at_locations',
          'state_province',
        ]);
        let sals: Array<{ id: string }> = [];
        for (let p = 1, last = false; !last; p++) {
          const r = await call(`/oruk/service_at_locations?per_page=200&page=${p}`);
          assertValid(pageOf('service_at_location_list'), r.json, `GET /oruk/service_at_locations?page=${p}`);
          const listed = IdPage.parse(r.json);
          sals = sals.concat(listed.contents);
          last = listed.last_page === true;
        }
        assert.ok(sals.some((s) => s.id === 'svc-everything:loc-everything-2'));
        // And they can tell a nested record without its id, or an address without its county.
        const everything = z
          .looseObject({ contacts: z.array(z.looseObject({ id: z.optional(z.unknown()) })) })
          .parse((await call('/oruk/services/svc-everything')).json);
        delete everything.contacts[0]!.id;
        assert.equal(one.service.safeParse(everything).success, false, 'a contact without an id');
        const sal = z
          .looseObject({
            location: z.looseObject({ addresses: z.array(z.looseObject({ state_province: z.optional(z.unknown()) })) }),
          })
          .parse((await call('/oruk/service_at_locations/svc-everything:loc-everything')).json);
        delete sal.location.addresses[0]!.state_province;
        assert.equal(one.sal.safeParse(sal).success, false, 'an address without state_province');
        for (const listed of sals) {
          const path = `/oruk/service_at_locations/${encodeURIComponent(listed.id)}`;
          assertValid(one.sal, (await call(path)).json, `GET ${path}`);
        }
      });

      it('publishes a service read from another feed as valid as the feed gave it, kept fields included', async () => {
        const check = validator(readOruk('oruk-3.0-uk-profile/schema/compiled/service.json'), {}, true);
        for (const file of [
          'oruk-3.0-uk-profile/examples/service_full.json',
          'oruk-validator-mocks/V3.0-UK-Default/service_full.json',
          'hsds-3.0/examples/service_full.json',
        ]) {
          const { service } = fromOruk(readOruk(file));
          assert.ok(service?.extra, `${file} has fields the hub keeps as they came`);
          await hub.store.putServices([service]);
          assertValid(check, (await call(`/oruk/services/${encodeURIComponent(service.id)}`)).json, `${file} again`);
        }
      });

      it('publishes taxonomies and taxonomy terms ORUK’s schemas accept', async () => {
        const taxonomy = z
          .looseObject({ properties: z.looseObject({ taxonomy_terms: z.optional(z.unknown()) }) })
          .parse(readOruk('oruk-3.0-uk-profile/schema/taxonomy.json'));
        // Its taxonomy_terms refer to another file; the hub does not nest terms in a taxonomy.
        delete taxonomy.properties.taxonomy_terms;
        const asTaxonomy = validator(taxonomy, {}, true);
        const asTerm = validator(readOruk('oruk-3.0-uk-profile/schema/taxonomy_term.json'), {}, true);
        assert.equal(asTerm.safeParse({ id: 'send', name: 'SEND support' }).success, false, 'the check can tell');
        const taxonomies = IdPage.parse((await call('/oruk/taxonomies?per_page=200')).json).contents;
        assert.ok(taxonomies.length > 0);
        for (const t of taxonomies) {
          assertValid(asTaxonomy, t, 'a taxonomy in /oruk/taxonomies');
          assertValid(asTaxonomy, (await call(`/oruk/taxonomies/${t.id}`)).json, `GET /oruk/taxonomies/${t.id}`);
        }
        const terms = IdPage.parse((await call('/oruk/taxonomy_terms?per_page=200')).json).contents;
        assert.ok(terms.length > 0);
        for (const t of terms) {
          assertValid(asTerm, t, 'a term in /oruk/taxonomy_terms');
          assertValid(asTerm, (await call(`/oruk/taxonomy_terms/${t.id}`)).json, `GET /oruk/taxonomy_terms/${t.id}`);
        }
      });
    });
  });
}

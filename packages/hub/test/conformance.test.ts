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
import type { Hub } from '../src/index.js';
import { bearer, captureLogger, closeHub, seededHub, targets } from './helpers.js';

type Json = Record<string, any>;

const ORUK = process.env.ORUK_FIXTURES ?? fileURLToPath(new URL('../../../../shared/oruk/', import.meta.url));
const NO_ORUK = existsSync(ORUK) ? false : `the official ORUK schemas are not at ${ORUK} (set ORUK_FIXTURES)`;

/**
 * A JSON Schema as a zod validator. `#/components/schemas/X` refs (OpenAPI's) are read as `#/$defs/X`, the only
 * kind zod resolves. With `ignoreFormats`, `format` is dropped: ORUK marks every id `uuid`, and the hub publishes
 * the ids its feeds gave it (slugs, numbers), which the ORUK validator only warns about.
 */
function validator(schema: unknown, defs: Json = {}, ignoreFormats = false): z.ZodType {
  const drop = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(drop)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => !(ignoreFormats && k === 'format'))
              .map(([k, x]) => [k, drop(x)]),
          )
        : v;
  const local = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll('"#/components/schemas/', '"#/$defs/'));
  return z.fromJSONSchema(drop({ ...(local(schema) as Json), $defs: local(defs) }) as z.core.JSONSchema.JSONSchema);
}

function assertValid(schema: z.ZodType, value: unknown, what: string) {
  const r = schema.safeParse(value);
  assert.ok(
    r.success,
    `${what}: ${r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n${JSON.stringify(value).slice(0, 400)}`,
  );
}

const readOruk = (file: string): Json => JSON.parse(readFileSync(`${ORUK}/${file}`, 'utf8')) as Json;

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
      return { status: res.status, headers: res.headers, json: (await res.json()) as Json };
    };

    describe('the hub’s OpenAPI document', () => {
      let doc: Json;
      before(async () => {
        doc = (await call('/v1/openapi.json')).json;
      });
      /** Asks for `path` and checks the answer against what the document says `template` answers with that status. */
      const conforms = async (path: string, template: string, headers: Record<string, string> = {}) => {
        const r = await call(path, headers);
        const responses = doc.paths[template]?.get?.responses as Json | undefined;
        assert.ok(responses, `GET ${template} is documented`);
        const spec = responses[String(r.status)] ?? responses.default;
        const schema = (Object.values(spec.content as Json)[0] as Json).schema;
        assertValid(validator(schema, doc.components.schemas), r.json, `GET ${path} (${r.status})`);
        return r;
      };

      it('describes what the public routes really return, problems included', async () => {
        const svc = (await conforms('/oruk/services?per_page=3', '/oruk/services')).json.contents[0];
        await conforms('/oruk', '/oruk');
        await conforms(`/oruk/services/${svc.id}`, '/oruk/services/{id}');
        const sal = (await conforms('/oruk/service_at_locations?per_page=2', '/oruk/service_at_locations')).json;
        await conforms(
          `/oruk/service_at_locations/${encodeURIComponent(sal.contents[0].id)}`,
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
          const org = (await conforms('/v1/me', '/v1/me', as)).json.organisation?.id ?? user.replace(/-[a-z]+$/, '');
          await conforms('/v1/organisations', '/v1/organisations', as);
          await conforms(`/v1/organisations/${org}`, '/v1/organisations/{id}', as);
          await conforms('/v1/templates', '/v1/templates', as);
          const learners = (await conforms('/v1/learners?limit=2', '/v1/learners', as)).json;
          const learner = learners.data?.[0]?.id ?? 'nobody';
          await conforms(`/v1/learners/${learner}`, '/v1/learners/{id}', as);
          await conforms(`/v1/learners/${learner}/pathway`, '/v1/learners/{id}/pathway', as);
          await conforms(`/v1/learners/${learner}/milestones`, '/v1/learners/{id}/milestones', as);
          const handovers = (await conforms('/v1/handovers?limit=2', '/v1/handovers', as)).json;
          const handover = handovers.data?.[0]?.id ?? 'none';
          await conforms(`/v1/handovers/${handover}`, '/v1/handovers/{id}', as);
          await conforms(`/v1/handovers/${handover}/versions`, '/v1/handovers/{id}/versions', as);
          await conforms('/v1/signposting', '/v1/signposting', as);
          await conforms('/v1/audit?limit=3', '/v1/audit', as);
          await conforms('/v1/users', '/v1/users', as);
        }
      });

      it('is strict enough to catch a wrong answer', () => {
        const page = doc.paths['/oruk/services'].get.responses['200'].content['application/json'].schema;
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
        const url = new URL(r.json.openapi_url);
        assert.equal(url.origin, 'https://hub.example.org');
        assert.equal((await call(url.pathname)).json.openapi, '3.1.0');
      });

      it('pages carry every field of ORUK’s Page, with its types, on every list', async () => {
        const page = readOruk('oruk-3.0-uk-profile/schema/openapi.json').components.schemas.Page as Json;
        const full = validator({
          ...page,
          properties: { ...page.properties, contents: { type: 'array' } },
          required: [...Object.keys(page.properties), 'contents'],
        });
        for (const list of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms'])
          for (const query of ['', '?per_page=2&page=2', '?per_page=200&page=999'])
            assertValid(full, (await call(`/oruk/${list}${query}`)).json, `GET /oruk/${list}${query}`);
      });

      it('publishes taxonomies and taxonomy terms ORUK’s schemas accept', async () => {
        const taxonomy = readOruk('oruk-3.0-uk-profile/schema/taxonomy.json');
        // Its taxonomy_terms refer to another file; the hub does not nest terms in a taxonomy.
        delete taxonomy.properties.taxonomy_terms;
        const asTaxonomy = validator(taxonomy, {}, true);
        const asTerm = validator(readOruk('oruk-3.0-uk-profile/schema/taxonomy_term.json'), {}, true);
        assert.equal(asTerm.safeParse({ id: 'send', name: 'SEND support' }).success, false, 'the check can tell');
        const taxonomies = (await call('/oruk/taxonomies?per_page=200')).json.contents as Json[];
        assert.ok(taxonomies.length > 0);
        for (const t of taxonomies) {
          assertValid(asTaxonomy, t, 'a taxonomy in /oruk/taxonomies');
          assertValid(asTaxonomy, (await call(`/oruk/taxonomies/${t.id}`)).json, `GET /oruk/taxonomies/${t.id}`);
        }
        const terms = (await call('/oruk/taxonomy_terms?per_page=200')).json.contents as Json[];
        assert.ok(terms.length > 0);
        for (const t of terms) {
          assertValid(asTerm, t, 'a term in /oruk/taxonomy_terms');
          assertValid(asTerm, (await call(`/oruk/taxonomy_terms/${t.id}`)).json, `GET /oruk/taxonomy_terms/${t.id}`);
        }
      });
    });
  });
}

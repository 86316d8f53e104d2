import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  distanceKm,
  LearnerSchema,
  matchesServiceFilters,
  nearestDistanceKm,
  type Service,
  type ServiceQuery,
} from '@c2c/schema';
import { syntheticCluster, syntheticServices } from '@c2c/schema/synthetic';
import { Store, seedDemo } from '../src/index.js';
import { normaliseText, searchTokens, type SearchPosition } from '../src/store.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { RankingThread } from '../src/db/ranking-thread.js';
import { sql } from 'kysely';
import pg from 'pg';
import { staffUser, targets } from './helpers.js';

/** What a text search should find: every word is the start of a word in the service's searchable text. */
function textMatches(service: Service, q: string): boolean {
  const words = normaliseText(
    [
      service.name,
      service.description ?? '',
      service.organisation?.name ?? '',
      ...service.taxonomyTerms.map((t) => t.name),
      ...service.locations.map((l) => `${l.name ?? ''} ${l.address?.city ?? ''} ${l.address?.postcode ?? ''}`),
    ].join(' '),
  ).split(/[^\p{L}\p{N}]+/u);
  return searchTokens(q).every((t) => words.some((w) => w.startsWith(t)));
}

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`store on ${target.name}`, () => {
    let store: Store;
    let url: string;
    let services: Service[];
    before(async () => {
      url = await target.create();
      store = await Store.open(url);
      services = syntheticServices(1500, 99);
      // Some services with several venues and none, to exercise nearest-venue distance.
      services[3] = {
        ...services[3]!,
        locations: [...services[3]!.locations, { id: 'far', latitude: 51.5, longitude: -0.12, accessibility: [] }],
      };
      for (const i of [4, 5, 6])
        services[i] = { ...services[i]!, locations: [], free: true, costOptions: [], fees: undefined };
      await store.putServices(services);
    });
    after(async () => {
      await store.close();
      await target.dispose();
    });

    it('migrates once: a second run applies nothing', async () => {
      assert.deepEqual(await store.migrate(), []);
    });

    it('keeps one cursor key per database', async () => {
      const a = await store.secret('cursor-key');
      assert.equal(await store.secret('cursor-key'), a);
      assert.match(a, /^[0-9a-f]{64}$/);
    });

    it('finds exactly what matchesServiceFilters and the text rule find, in name order', async () => {
      const queries: Array<Omit<ServiceQuery, 'cursor' | 'limit'>> = [
        {},
        { q: 'stay play' },
        { q: 'club', age: 12 },
        { q: 'café' },
        { taxonomy: 'health', free: true },
        { age: 0 },
        { age: 30, free: false },
        { language: 'cy' },
        { day: 'TU', time: '16:30' },
        { accessibility: 'parking', taxonomy: 'Food support' },
        { q: 'brookfield', day: 'SA' },
      ];
      for (const query of queries) {
        const got: string[] = [];
        let position: SearchPosition | null = null;
        do {
          const page = await store.searchServices({ query, position, limit: 37 });
          got.push(...page.items.map((i) => i.service.id));
          position = page.next;
        } while (position);
        const expected = services
          .filter((s) => matchesServiceFilters(s, query) && (!query.q || textMatches(s, query.q)))
          .map((s) => s.id);
        assert.deepEqual([...got].sort(), [...expected].sort(), JSON.stringify(query));
        assert.equal(new Set(got).size, got.length, 'no duplicates across pages');
        if (!query.q) {
          const names = got.map((id) => normaliseText(services.find((s) => s.id === id)!.name));
          assert.deepEqual(
            names,
            [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
            'name order',
          );
        }
      }
    });

    it('agrees with matchesServiceFilters for generated queries (property)', async () => {
      const query = fc.record({
        q: fc.option(fc.constantFrom('club', 'stay play', 'caf', 'support group', 'brookfield', 'holiday', 'zzz'), {
          nil: undefined,
        }),
        taxonomy: fc.option(fc.constantFrom('send', 'Food support', 'youth', 'HEALTH', 'nope'), { nil: undefined }),
        age: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        free: fc.option(fc.boolean(), { nil: undefined }),
        language: fc.option(fc.constantFrom('cy', 'Welsh', 'English', 'fr'), { nil: undefined }),
        day: fc.option(fc.constantFrom('MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'), { nil: undefined }),
        time: fc.option(fc.constantFrom('09:15', '13:00', '17:30'), { nil: undefined }),
        accessibility: fc.option(fc.constantFrom('step-free', 'loop'), { nil: undefined }),
        near: fc.option(
          fc.record({
            lat: fc.double({ min: 52.55, max: 52.7, noNaN: true }),
            lng: fc.double({ min: -1.25, max: -1.0, noNaN: true }),
            radiusKm: fc.option(fc.double({ min: 0.5, max: 10, noNaN: true }), { nil: undefined }),
          }),
          { nil: undefined },
        ),
      });
      await fc.assert(
        fc.asyncProperty(query, fc.integer({ min: 5, max: 60 }), async ({ near, ...rest }, limit) => {
          const q = Object.fromEntries(
            Object.entries({ ...rest, ...(near ?? {}) }).filter(([, v]) => v !== undefined),
          ) as Omit<ServiceQuery, 'cursor' | 'limit'>;
          const got: string[] = [];
          let position: SearchPosition | null = null;
          do {
            const page = await store.searchServices({ query: q, position, limit });
            assert.ok(page.items.length <= limit);
            got.push(...page.items.map((i) => i.service.id));
            position = page.next;
          } while (position);
          const expected = services.filter((s) => matchesServiceFilters(s, q) && (!q.q || textMatches(s, q.q)));
          assert.deepEqual([...got].sort(), expected.map((s) => s.id).sort(), JSON.stringify(q));
        }),
        { numRuns: 40, seed: 20261125 },
      );
    });

    it('orders by distance to the nearest venue, honours the radius and pages without gaps', async () => {
      const lat = 52.62;
      const lng = -1.14;
      for (const radiusKm of [undefined, 2, 8]) {
        const got: Array<{ id: string; d: number }> = [];
        let position: SearchPosition | null = null;
        do {
          const page = await store.searchServices({
            query: { lat, lng, ...(radiusKm ? { radiusKm } : {}), free: true },
            position,
            limit: 50,
          });
          got.push(...page.items.map((i) => ({ id: i.service.id, d: i.distanceKm! })));
          position = page.next;
        } while (position);
        const expected = services
          .filter(
            (s) =>
              s.free &&
              nearestDistanceKm(s, lat, lng) !== undefined &&
              (radiusKm === undefined || nearestDistanceKm(s, lat, lng)! <= radiusKm),
          )
          .sort((a, b) => nearestDistanceKm(a, lat, lng)! - nearestDistanceKm(b, lat, lng)!);
        const unlocated =
          radiusKm === undefined ? services.filter((s) => s.free && nearestDistanceKm(s, lat, lng) === undefined) : [];
        // Without a radius, services with no map position follow the located ones, with no distance.
        assert.equal(got.length, expected.length + unlocated.length, `radius ${radiusKm}`);
        assert.deepEqual(
          got
            .slice(expected.length)
            .map((g) => g.id)
            .sort(),
          unlocated.map((s) => s.id).sort(),
        );
        assert.ok(got.slice(expected.length).every((g) => g.d === undefined));
        got.splice(expected.length);
        assert.deepEqual(
          got.map((g) => g.d),
          [...got.map((g) => g.d)].sort((a, b) => a - b),
        );
        assert.equal(new Set(got.map((g) => g.id)).size, got.length);
        for (const g of got.slice(0, 20))
          assert.ok(
            Math.abs(
              g.d -
                nearestDistanceKm(
                  services.find((s) => s.id === g.id)!,
                  lat,
                  lng,
                )!,
            ) < 0.001,
          );
      }
      // The service with a far-away second venue is placed by its nearest one.
      const two = (
        await store.searchServices({ query: { lat: 51.5, lng: -0.12, radiusKm: 1 }, position: null, limit: 5 })
      ).items;
      assert.deepEqual(
        two.map((t) => t.service.id),
        [services[3]!.id],
      );
      assert.ok(distanceKm(51.5, -0.12, 51.5, -0.12) === 0 && two[0]!.distanceKm === 0);
    });

    it('counts matches for numbered pages and skips matches, not rows', async () => {
      const query = { day: 'WE' as const };
      const all = services.filter((s) => matchesServiceFilters(s, query)).map((s) => s.id);
      const page3 = await store.searchServices({ query, position: null, skipMatches: 40, limit: 20, withTotal: true });
      assert.equal(page3.total, all.length);
      const ordered = (await store.searchServices({ query, position: null, limit: 1000 })).items.map(
        (i) => i.service.id,
      );
      assert.deepEqual(
        page3.items.map((i) => i.service.id),
        ordered.slice(40, 60),
      );
      const plain = await store.searchServices({
        query: { free: true },
        position: null,
        skipMatches: 10,
        limit: 5,
        withTotal: true,
      });
      assert.equal(plain.total, services.filter((s) => s.free).length);
    });

    it('replaces a service and its search index when it is stored again', async () => {
      const original = services[10]!;
      await store.putServices([{ ...original, name: 'Zanzibar Homework Helpers', description: 'Renamed.' }]);
      const found = await store.searchServices({ query: { q: 'zanzibar' }, position: null, limit: 5 });
      assert.deepEqual(
        found.items.map((i) => i.service.id),
        [original.id],
      );
      const oldWord = searchTokens(original.name)[0]!;
      const old = await store.searchServices({ query: { q: original.name }, position: null, limit: 2000 });
      assert.ok(!old.items.some((i) => i.service.id === original.id), `no longer found by "${oldWord}"`);
      assert.equal(await store.serviceCount(), services.length);
    });

    it('pages a text search with age and cost filters as the filtered subsequence of its unfiltered ranking', async () => {
      const ids = (r: { items: Array<{ service: Service }> }) => r.items.map((i) => i.service.id);
      const all = await store.searchServices({ query: { q: 'club' }, position: null, limit: 5000 });
      assert.ok(all.items.length > 20, 'enough matches to page through');
      // Ages on the edges of matches' ranges, where an off-by-one would show.
      const lowEdge = all.items.find((i) => i.service.minimumAge !== undefined)!.service.minimumAge!;
      const highEdge = all.items.find((i) => i.service.maximumAge !== undefined)!.service.maximumAge!;
      for (const [age, free] of [
        [lowEdge, undefined],
        [highEdge, true],
        [undefined, false],
        [12, false],
      ] as const) {
        const rule = (s: Service) =>
          (age === undefined || ((s.minimumAge ?? -Infinity) <= age && (s.maximumAge ?? Infinity) >= age)) &&
          (free === undefined || !!s.free === free);
        const expected = all.items
          .map((i) => i.service)
          .filter(rule)
          .map((s) => s.id);
        // Page through it seven at a time with the cursor, as the API does.
        const seen: string[] = [];
        let position: SearchPosition | null = null;
        do {
          const page = await store.searchServices({
            query: { q: 'club', ...(age !== undefined ? { age } : {}), ...(free !== undefined ? { free } : {}) },
            position,
            limit: 7,
          });
          seen.push(...ids(page));
          position = page.next;
        } while (position);
        assert.deepEqual(seen, expected, `age ${age}, free ${free}`);
      }
      // A change to a service is seen by the next search: the kept ranking belongs to the old stamp.
      const first = all.items[0]!.service;
      await store.putServices([{ ...first, minimumAge: 40, maximumAge: 50 }]);
      const after = await store.searchServices({ query: { q: 'club', age: 45 }, position: null, limit: 50 });
      assert.ok(ids(after).includes(first.id), 'the changed service matches its new ages');
      await store.putServices([first]);
    });

    it('answers cached searches again only while no instance has changed a service', async () => {
      const other = await Store.open(url);
      try {
        const search = { query: { q: 'quokka' }, position: null, limit: 5 };
        assert.equal((await store.searchServicesCached('k-quokka', search)).items.length, 0);
        assert.equal((await store.searchServicesCached('k-quokka', search)).items.length, 0);
        // A change made through another instance (another process, another hub behind the load balancer).
        await other.putServices([{ ...services[20]!, name: 'Quokka Club' }]);
        const after = await store.searchServicesCached('k-quokka', search);
        assert.deepEqual(
          after.items.map((i) => i.service.id),
          [services[20]!.id],
        );
      } finally {
        await other.close();
      }
    });

    it('shares parsed services between searches, frozen, until any instance changes a service', async () => {
      const other = await Store.open(url);
      const target = services[21]!;
      try {
        const byName = { query: { q: target.name }, position: null, limit: 200 };
        const found = (await store.searchServices(byName)).items.find((i) => i.service.id === target.id)!.service;
        // The same object for a second, different search: kept, not read and parsed again.
        const again = (await store.searchServices({ ...byName, limit: 201 })).items.find(
          (i) => i.service.id === target.id,
        )!.service;
        assert.equal(again, found);
        assert.ok(Object.isFrozen(found) && Object.isFrozen(found.locations), 'frozen to its leaves');
        assert.throws(() => {
          (found as { name: string }).name = 'changed in place';
        }, TypeError);
        // Changed through another instance; a search this store has never answered (so no kept result) must
        // read the new document, not the kept one.
        await other.putServices([{ ...target, description: 'Now meets on Saturdays too.' }]);
        const changed = (await store.searchServices({ ...byName, limit: 202 })).items.find(
          (i) => i.service.id === target.id,
        )!.service;
        assert.equal(changed.description, 'Now meets on Saturdays too.');
      } finally {
        await other.putServices([target]);
        await other.close();
      }
    });

    it('lets only one of two concurrent updates of the same version win', async () => {
      const cluster = syntheticCluster({ learners: 60, services: 0, now: new Date('2026-03-02T10:00:00Z') });
      await seedDemo(store, { learners: 60, services: 0, now: new Date('2026-03-02T10:00:00Z') });
      const h = (await store.handover(cluster.handovers[0]!.id))!;
      const next = (note: string) => ({
        ...h,
        version: h.version + 1,
        sections: { ...h.sections, strengths: { strengths: note } },
      });
      const results = await Promise.all([
        store.updateHandover(h, next('A'), 'a'),
        store.updateHandover(h, next('B'), 'b'),
      ]);
      assert.deepEqual([...results].sort(), ['conflict', 'ok']);
      const versions = await store.handoverVersions(h.id);
      assert.deepEqual(
        versions.map((v) => v.version),
        [1, 2],
      );
    });

    it('claims, replays, refuses, takes over and forgets idempotency keys', async () => {
      const t0 = new Date('2026-03-02T10:00:00Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const begin = (hash: string, now: Date) =>
        store.beginIdempotent(
          'user:x',
          'k1',
          hash,
          now,
          new Date(now.getTime() - 60_000),
          new Date(now.getTime() - 86_400_000),
        );
      assert.deepEqual(await begin('h1', t0), { state: 'new' });
      assert.deepEqual(await begin('h1', at(1000)), { state: 'pending' });
      assert.deepEqual(await begin('h2', at(1000)), { state: 'mismatch' });
      // The first request's process died: after a minute the key can be used again.
      assert.deepEqual(await begin('h1', at(61_000)), { state: 'new' });
      await store.finishIdempotent('user:x', 'k1', 201, '{"ok":true}');
      assert.deepEqual(await begin('h1', at(62_000)), { state: 'done', status: 201, body: '{"ok":true}' });
      assert.deepEqual(await begin('h2', at(25 * 3_600_000)), { state: 'new' }, 'forgotten after 24 hours');
    });

    it('ends a disabled user’s tokens in the same transaction', async () => {
      const user = (await store.user('pri-millbrook-teacher'))!;
      assert.ok(await store.token('demo_pri-millbrook-teacher'));
      assert.equal(await store.setUserDisabled(user.id, true), true);
      assert.equal(await store.token('demo_pri-millbrook-teacher'), undefined);
      assert.equal((await store.user(user.id))!.disabled, true);
    });

    it('commits audit lines from concurrent callers together, each caller waiting for its own', async () => {
      const line = (i: number) => ({
        at: new Date(Date.UTC(2026, 2, 2, 10, 0, i)).toISOString(),
        userId: 'u-audit',
        role: 'teacher' as const,
        organisationId: 'org-audit',
        action: 'read' as const,
        resource: 'handover',
        resourceId: `h-${i}`,
        learnerId: null,
      });
      // 1,200 lines from 600 callers: more than one bounded statement, all in arrival order.
      await Promise.all(Array.from({ length: 600 }, (_, i) => store.audit([line(2 * i), line(2 * i + 1)])));
      const stored = await store.auditEntries({ organisationId: 'org-audit' }, null, 2000);
      assert.equal(stored.length, 1200);
      assert.deepEqual(
        stored.map((e) => e.resourceId).reverse(),
        Array.from({ length: 1200 }, (_, i) => `h-${i}`),
      );
      // Lines a database refuses (no user) fail every caller of that group, and none is shown as stored.
      const bad = { ...line(0), userId: null as unknown as string, organisationId: 'org-audit-bad' };
      const results = await Promise.allSettled([store.audit([line(5)]), store.audit([bad])]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected'],
      );
      assert.equal((await store.auditEntries({ organisationId: 'org-audit-bad' }, null, 10)).length, 0);
    });

    it('stores a read of more lines than one statement holds completely or not at all', async () => {
      const line = (org: string, i: number) => ({
        at: new Date(Date.UTC(2026, 2, 3, 10, 0, 0, i)).toISOString(),
        userId: 'u-audit-many',
        role: 'teacher' as const,
        organisationId: org,
        action: 'read' as const,
        resource: 'learner',
        resourceId: `l-${i}`,
        learnerId: `l-${i}`,
      });
      const lines = (org: string, n: number) => Array.from({ length: n }, (_, i) => line(org, i));
      // A refusal in the second statement (line 1,201 has no user) must take back the first statement's 1,000.
      const oneRead = lines('org-audit-many', 1500);
      oneRead[1200] = { ...oneRead[1200]!, userId: null as unknown as string };
      await assert.rejects(store.audit(oneRead));
      assert.equal((await store.auditEntries({ organisationId: 'org-audit-many' }, null, 2000)).length, 0);
      // The same for a group of callers whose lines together span statements: no caller is half recorded.
      const late = lines('org-audit-group', 700);
      late[650] = { ...late[650]!, userId: null as unknown as string };
      const results = await Promise.allSettled([
        store.audit(lines('org-audit-group', 700)),
        store.audit(lines('org-audit-group', 700)),
        store.audit(late),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected', 'rejected'],
      );
      assert.equal((await store.auditEntries({ organisationId: 'org-audit-group' }, null, 3000)).length, 0);
      // And a read this size that the database accepts is stored whole.
      await store.audit(lines('org-audit-whole', 2500));
      assert.equal((await store.auditEntries({ organisationId: 'org-audit-whole' }, null, 3000)).length, 2500);
    });

    it('serves callers from its token cache only until a change through any instance', async () => {
      const hash = (t: string) => createHash('sha256').update(t).digest('hex');
      const base = (await store.user('pri-millbrook-dsl'))!;
      await store.putUsers([
        { ...base, id: 'u-cache-a', disabled: false },
        { ...base, id: 'u-cache-b', disabled: false },
      ]);
      const now = new Date();
      const later = new Date(now.getTime() + 3_600_000);
      await store.addToken('tok-cache-a', 'u-cache-a', 'api-key', later, now);
      await store.addToken('tok-cache-b', 'u-cache-b', 'api-key', later, now);
      assert.equal((await store.tokenByHashCached(hash('tok-cache-a')))?.user.id, 'u-cache-a');
      assert.equal((await store.tokenByHashCached(hash('tok-cache-b')))?.user.id, 'u-cache-b');
      // A row removed behind the store's back (no stamp moved) is still served: the cache is in use...
      await store.db.deleteFrom('tokens').where('hash', '=', hash('tok-cache-b')).execute();
      assert.equal((await store.tokenByHashCached(hash('tok-cache-b')))?.user.id, 'u-cache-b');
      const other = await Store.open(url);
      try {
        // ...until any instance changes a caller: another one disables user a, and both entries go at once.
        await other.setUserDisabled('u-cache-a', true);
        assert.equal(await store.tokenByHashCached(hash('tok-cache-a')), undefined);
        assert.equal(await store.tokenByHashCached(hash('tok-cache-b')), undefined);
      } finally {
        await other.close();
      }
      // A token given again through this instance works at once; disabling its user here ends it at once.
      await store.addToken('tok-cache-b', 'u-cache-b', 'api-key', later, now);
      assert.equal((await store.tokenByHashCached(hash('tok-cache-b')))?.user.id, 'u-cache-b');
      await store.setUserDisabled('u-cache-b', true);
      assert.equal(await store.tokenByHashCached(hash('tok-cache-b')), undefined);
    });

    it('deletes tokens that expired before the cut-off, and keeps the rest', async () => {
      const base = (await store.user('pri-millbrook-teacher'))!;
      await store.putUsers([{ ...base, id: 'u-prune', disabled: false }]);
      const now = new Date();
      const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
      await store.addToken('tok-old', 'u-prune', 'session', daysAgo(8), daysAgo(9));
      await store.addToken('tok-recent', 'u-prune', 'session', daysAgo(1), daysAgo(2));
      await store.addToken('tok-live', 'u-prune', 'api-key', daysAgo(-30), daysAgo(1));
      assert.ok((await store.pruneExpiredTokens(daysAgo(7))) >= 1);
      const left = await store.db.selectFrom('tokens').select('expires_at').where('user_id', '=', 'u-prune').execute();
      assert.deepEqual(
        left.map((t) => t.expires_at).sort(),
        [daysAgo(1).toISOString(), daysAgo(-30).toISOString()].sort(),
      );
    });

    it('counts each handover version saved before versions said what they changed as a change to what was read', async () => {
      const older = await Store.open(await target.create(), { migrate: false });
      try {
        await migrateToLatest(older, '006-byte-order-keys');
        const cluster = syntheticCluster({ learners: 40, services: 0, now: new Date('2026-03-02T10:00:00Z') });
        const h = cluster.handovers.find((x) => x.status === 'submitted')!;
        // Version 2 was the submission and version 3 a message: from before this migration, nothing says which.
        await older.db
          .insertInto('handovers')
          .values({
            id: h.id,
            learner_id: h.learnerId,
            sending_organisation_id: h.sendingOrganisationId,
            receiving_organisation_id: h.receivingOrganisationId,
            status: h.status,
            transition: h.transition,
            version: 3,
            created_at: h.createdAt,
            updated_at: h.updatedAt,
            doc: JSON.stringify({ ...h, version: 3 }),
          })
          .execute();
        for (const version of [1, 2, 3])
          await sql`insert into handover_versions (handover_id, version, status, changed_at, changed_by, sections)
            values (${h.id}, ${version}, ${version === 1 ? 'draft' : 'submitted'}, ${h.updatedAt}, 'someone',
              ${JSON.stringify(h.sections)})`.execute(older.db);
        assert.deepEqual(await older.migrate(), ['007-version-changes']);
        assert.equal(await older.changedSince(h.id, 2, 3, ['content']), true, 'the old message counts as content');
        assert.equal(await older.changedSince(h.id, 3, 3, ['content']), false);
        // A version saved now says what it changed: a message changes nothing a reader acknowledges.
        const stored = (await older.handover(h.id))!;
        const next = {
          ...stored,
          version: 4,
          messages: [
            ...stored.messages,
            { id: 'msg-1', authorName: 'A', organisationId: h.sendingOrganisationId, at: h.updatedAt, body: 'Hello' },
          ],
        };
        assert.equal(await older.updateHandover(stored, next, 'someone'), 'ok');
        assert.equal(await older.changedSince(h.id, 3, 4, ['content', 'safeguarding']), false);
        assert.deepEqual(
          (await older.handoverVersions(h.id)).map((v) => v.acknowledges),
          [undefined, undefined, undefined, undefined],
        );
      } finally {
        await older.close();
      }
    });

    it('makes control characters in records stored before they were refused into spaces, so they can be read', async () => {
      const older = await Store.open(await target.create(), { migrate: false });
      try {
        await migrateToLatest(older, '004-rate-usage');
        const cluster = syntheticCluster({ learners: 3, services: 1, now: new Date('2026-03-02T10:00:00Z') });
        const org = cluster.organisations[0]!;
        const learner = { ...cluster.learners[0]!, organisationId: org.id };
        // SQLite keeps a NUL; PostgreSQL text cannot, so there the escape and C1 characters stand in for it.
        const nul = target.name === 'sqlite' ? '\u0000' : '\u001b';
        await older.putOrganisations([{ ...org, name: `Mill\tbrook${nul}School` }]);
        await older.putLearners([
          {
            ...learner,
            legalForename: `Zed${nul}ina`,
            preferredSurname: 'Line\nbreak',
            medicalNeeds: 'First line.\nSecond\u0085line.\tIndented.',
          },
        ]);
        const before = await older.db.selectFrom('audit').select('id').execute();
        assert.deepEqual(await older.migrate(), [
          '005-no-control-characters',
          '006-byte-order-keys',
          '007-version-changes',
        ]);
        // One line for the run: who (the migration, role system), what, and how many records per table; no ids.
        const lines = await older.db.selectFrom('audit').selectAll().execute();
        assert.equal(lines.length, before.length + 1);
        const line = lines[lines.length - 1]!;
        assert.deepEqual(
          [
            line.user_id,
            line.role,
            line.organisation_id,
            line.action,
            line.resource,
            line.resource_id,
            line.learner_id,
          ],
          [
            'migration',
            'system',
            '_hub',
            'update',
            'migration:005-no-control-characters',
            'organisations:1,learners:1',
            null,
          ],
        );
        assert.ok(!JSON.stringify(line).includes(learner.id) && !JSON.stringify(line).includes(org.id));
        const stored = (await older.learner(learner.id))!;
        assert.equal(stored.legalForename, 'Zed ina');
        assert.equal(stored.preferredSurname, 'Line break');
        // Where text may run over lines, its line breaks and tabs stay.
        assert.equal(stored.medicalNeeds, 'First line.\nSecond line.\tIndented.');
        assert.ok(LearnerSchema.safeParse(stored).success);
        const orgs = await older.allOrganisations();
        assert.equal(orgs.find((o) => o.id === org.id)!.name, 'Mill brook School');
      } finally {
        await older.close();
      }
    });

    if (target.name === 'postgres')
      it('outlives a pooled connection the server ends while idle, and reports it (PostgreSQL)', async () => {
        // Named, so that only this store's connections are ended, as a server restart or failover would end them.
        const named = new URL(url);
        named.searchParams.set('application_name', 'c2c_idle_test');
        const own = await Store.open(named.toString());
        try {
          const lost = new Promise<Error>((resolve) => (own.onIdleConnectionError = resolve));
          assert.ok(await own.ping());
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          try {
            const ended = await admin.query(
              `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'c2c_idle_test'`,
            );
            assert.ok(ended.rowCount! >= 1, 'the store had a connection to end');
          } finally {
            await admin.end();
          }
          // Unheard, the pool's 'error' would have ended this process here.
          assert.equal(((await lost) as Error & { code?: string }).code, '57P01');
          assert.ok(await own.ping(), 'the next query opens another connection');
        } finally {
          await own.close();
        }
      });

    if (target.name === 'postgres')
      it('lists by id in byte order, as SQLite does, on a server whose collation is a locale’s (PostgreSQL)', async (t) => {
        // A database of its own, made with an ICU English collation, as a server set up for en_GB would order.
        const base = process.env.C2C_TEST_DATABASE_URL!;
        const name = `c2c_icu_${Date.now().toString(36)}`;
        const admin = new pg.Client({ connectionString: base });
        await admin.connect();
        try {
          await admin.query(
            `create database ${name} template template0 encoding 'UTF8' locale_provider icu icu_locale 'en' locale 'C.UTF-8'`,
          );
        } catch (error) {
          await admin.end();
          t.skip(`this server cannot make an ICU database: ${(error as Error).message}`);
          return;
        }
        const url = new URL(base);
        url.pathname = `/${name}`;
        const store = await Store.open(url.toString());
        try {
          // Case, "-" and "_" sort otherwise in English than byte by byte.
          const ids = ['a_b', 'aB', 'ab', 'a-c', 'Ab', 'ZZ', 'a1', 'zz'].map((s) => `pri-test-${s}`);
          await store.putUsers(ids.map((id) => staffUser(id, 'teacher', 'Someone')));
          const paged: string[] = [];
          for (let after: string | null = null; ;) {
            const page = await store.users('pri-test', after, 3);
            if (!page.length) break;
            paged.push(...page.map((u) => u.id));
            after = page[page.length - 1]!.id;
          }
          const bytewise = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          assert.deepEqual(paged, bytewise);
          // Services by name, as a directory without a text or a place lists them.
          const named = ['Zumba club', 'after-school club', 'After school club', 'afterschool club'];
          await store.putServices(
            named.map((n, i) => ({ ...syntheticServices(1, i + 1)[0]!, id: `svc-order-${i}`, name: n })),
          );
          const listed = await store.searchServices({ query: {}, position: null, limit: 10 });
          const order = listed.items.map((s) => s.service.name).filter((n) => named.includes(n));
          const expected = [...named].sort((a, b) => {
            const [x, y] = [normaliseText(a), normaliseText(b)];
            return x < y ? -1 : x > y ? 1 : 0;
          });
          assert.deepEqual(order, expected);
        } finally {
          await store.close();
          await admin.query(`drop database if exists ${name} with (force)`);
          await admin.end();
        }
      });

    it('places postcodes of services stored before the venue-postcode migration', async () => {
      const older = await Store.open(await target.create(), { migrate: false });
      try {
        assert.deepEqual(await migrateToLatest(older, '001-initial'), ['001-initial']);
        const service = services.find((s) => s.locations.some((l) => l.latitude !== undefined && l.address))!;
        const venue = service.locations.find((l) => l.latitude !== undefined && l.address)!;
        const { seq } = await older.db
          .insertInto('services')
          .values({
            id: service.id,
            name_sort: service.name.toLowerCase(),
            search_text: service.name.toLowerCase(),
            min_age: null,
            max_age: null,
            free: 1,
            doc: JSON.stringify(service),
          })
          .returning('seq')
          .executeTakeFirstOrThrow();
        await sql`insert into service_locations (service_seq, lat, lng) values (${seq}, ${venue.latitude}, ${venue.longitude})`.execute(
          older.db,
        );
        assert.equal(await older.postcodePoint(venue.address!.postcode).catch(() => 'no column yet'), 'no column yet');
        assert.deepEqual(await older.migrate(), [
          '002-location-postcodes',
          '003-services-narrow-index',
          '004-rate-usage',
          '005-no-control-characters',
          '006-byte-order-keys',
          '007-version-changes',
        ]);
        // Nothing needed cleaning, so the migration wrote no line.
        assert.deepEqual(await older.db.selectFrom('audit').select('id').execute(), []);
        const point = await older.postcodePoint(venue.address!.postcode.toLowerCase());
        assert.equal(point?.precision, 'postcode');
        // Coordinates are stored as REAL: 4-byte floats on PostgreSQL, so within about a metre, not exactly.
        const off = Math.max(Math.abs(point!.lat - venue.latitude!), Math.abs(point!.lng - venue.longitude!));
        assert.ok(off < 1e-5, `placed ${off} degrees from the venue`);
        assert.equal(await older.postcodePoint('not a postcode'), undefined);
      } finally {
        await older.close();
      }
    });

    if (target.name === 'sqlite')
      it('has a narrow index that covers a text search’s join to services, without their documents (SQLite)', async () => {
        const plan = (
          await sql<{
            detail: string;
          }>`explain query plan select s.seq from services s indexed by services_narrow join (select rowid as fts_seq,
            rank as fts_rank from services_fts where services_fts match ${'"club"*'}) f on f.fts_seq = s.seq
            where (s.min_age is null or s.min_age <= ${12}) and (s.max_age is null or s.max_age >= ${12})
            order by f.fts_rank, s.name_sort, s.id limit 21`.execute(store.db)
        ).rows.map((r) => r.detail);
        assert.ok(
          plan.some((d) => /COVERING INDEX services_narrow/.test(d)),
          `plan: ${plan.join(' | ')}`,
        );
      });

    if (target.name === 'sqlite')
      it('ranks in a worker thread on its own connection, the same as on the hub’s (SQLite)', async () => {
        const path = url.slice('sqlite:'.length);
        const thread = new RankingThread(path);
        try {
          const text = sql<{ seq: number; min_age: number | null; max_age: number | null; free: number }>`
            select s.seq, s.min_age, s.max_age, s.free from services s join (select rowid as fts_seq, rank as fts_rank
            from services_fts where services_fts match ${'"club"*'}) f on f.fts_seq = s.seq
            order by f.fts_rank, s.name_sort, s.id`;
          const compiled = text.compile(store.db);
          const [there, here] = await Promise.all([
            thread.run(compiled.sql, compiled.parameters),
            text.execute(store.db),
          ]);
          assert.ok(here.rows.length > 20);
          assert.deepEqual(
            [...there.seqs],
            here.rows.map((r) => Number(r.seq)),
          );
          assert.deepEqual(
            [...there.minAge].map((v) => (Number.isNaN(v) ? null : v)),
            here.rows.map((r) => r.min_age),
          );
          assert.deepEqual(
            [...there.free],
            here.rows.map((r) => Number(r.free)),
          );
        } finally {
          await thread.close();
        }
        // A worker that cannot open its database fails its callers and says so, so the store ranks itself.
        const missing = new RankingThread(`${path}.missing`);
        await assert.rejects(missing.run('select 1', []));
        assert.equal(missing.usable, false);
        await missing.close();
      });

    it('binds fresh values each time a prepared query runs', async () => {
      const ids = (await store.db.selectFrom('handovers').select('id').orderBy('id').limit(2).execute()).map(
        (r) => r.id,
      );
      assert.equal(ids.length, 2);
      const tokens = await Promise.all([
        store.token('demo_pri-millbrook-dsl'),
        store.token('demo_parent-demo'),
        store.token('demo_nobody'),
      ]);
      assert.deepEqual(
        tokens.map((t) => t?.user.id),
        ['pri-millbrook-dsl', 'parent-demo', undefined],
      );
      const handovers = await Promise.all([...ids, 'no-such-handover'].map((id) => store.handover(id)));
      assert.deepEqual(
        handovers.map((h) => h?.id),
        [...ids, undefined],
      );
    });
  });
}

describe('audit log is append-only', () => {
  it('has no code path that updates or deletes audit rows', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
    const files = readdirSync(src, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 5);
    for (const f of files) {
      const text = readFileSync(join(src, f), 'utf8');
      assert.doesNotMatch(text, /(updateTable|deleteFrom)\(\s*'audit'/, f);
      assert.doesNotMatch(text, /(update|delete\s+from)\s+audit\b/i, f);
    }
  });
});

describe('SQLite file', () => {
  it('is created readable and writable by the hub’s own account only, with its WAL and directory', async () => {
    const base = mkdtempSync(join(tmpdir(), 'c2c-hub-mode-'));
    // The umask most servers run with, which leaves new files readable by every account on the machine.
    const umask = process.umask(0o022);
    try {
      const file = join(base, 'data', 'hub.sqlite');
      const store = await Store.open(`sqlite:${file}`);
      try {
        await store.putUsers([staffUser('pri-test-teacher', 'teacher', 'Tess Teacher')]);
        for (const path of [join(base, 'data'), file, `${file}-wal`])
          assert.equal(statSync(path).mode & 0o077, 0, `${path} is open to other accounts`);
      } finally {
        await store.close();
      }
    } finally {
      process.umask(umask);
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('database description', () => {
  it('never holds a PostgreSQL password, wherever the URL carries it', async () => {
    for (const url of [
      'postgres://c2c:s3cret-pw@db.internal:5432/c2c',
      'postgres://c2c@db.internal:5432/c2c?password=s3cret-pw&sslmode=verify-full',
      'postgresql://c2c@db.internal/c2c?sslpassword=s3cret-pw',
    ]) {
      // The pool connects on first use only: nothing here reaches a server.
      const conn = openDatabase(url);
      try {
        assert.doesNotMatch(conn.description, /s3cret/, url);
        assert.match(conn.description, /db\.internal/, 'still says which database');
      } finally {
        await conn.db.destroy();
      }
    }
  });
});

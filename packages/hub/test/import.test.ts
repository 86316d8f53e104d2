import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toOruk } from '@c2c/schema';
import { syntheticServices } from '@c2c/schema/synthetic';
import { Store, importOruk, startHub } from '../src/index.js';
import { captureLogger } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'c2c-hub-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('import-oruk', () => {
  it('stores a feed’s names and descriptions in NFC, as the hub stores what its API is sent', async () => {
    const [service] = syntheticServices(1, 5);
    const record = {
      ...(toOruk(service!) as Record<string, unknown>),
      name: 'Cafe\u0301 for carers',
      description: 'Sio\u0302n runs it.',
    };
    const file = join(dir, 'nfd.json');
    writeFileSync(
      file,
      JSON.stringify({
        total_items: 1,
        total_pages: 1,
        page_number: 1,
        size: 1,
        first_page: true,
        last_page: true,
        empty: false,
        contents: [record],
      }),
    );
    const store = await Store.open('sqlite::memory:');
    try {
      const summary = await importOruk(store, file);
      assert.equal(summary.imported, 1);
      const stored = await store.service(service!.id);
      assert.equal(stored?.name, 'Caf\u00e9 for carers');
      assert.equal(stored?.description, 'Si\u00f4n runs it.');
    } finally {
      await store.close();
    }
  });

  it('imports a page file, reports skipped records with reasons and fields left out', async () => {
    const services = syntheticServices(25, 5);
    const contents: unknown[] = services.map(toOruk);
    contents.push({ id: 'no-name', status: 'active' });
    contents.push({
      id: 'bad-venue',
      name: 'Odd venue',
      status: 'active',
      schedules: [{ freq: 'WEEKLY', byday: 'MO', opens_at: 'nine' }],
      service_at_locations: [{ id: 'x', location: { id: 'l', latitude: 123, longitude: 400 } }],
    });
    const file = join(dir, 'page.json');
    writeFileSync(
      file,
      JSON.stringify({
        total_items: contents.length,
        total_pages: 1,
        page_number: 1,
        size: contents.length,
        first_page: true,
        last_page: true,
        empty: false,
        contents,
      }),
    );
    const store = await Store.open('sqlite::memory:');
    try {
      const progress: number[] = [];
      const summary = await importOruk(store, file, { onProgress: (read) => progress.push(read) });
      assert.equal(summary.pages, 1);
      assert.equal(summary.skipped.length, 1);
      assert.equal(summary.skipped[0]!.id, 'no-name');
      assert.ok(
        summary.skipped[0]!.reasons.some((r) => /name/i.test(r)),
        summary.skipped[0]!.reasons.join(),
      );
      assert.equal(summary.imported, 26);
      const warning = summary.warnings.find((w) => w.id === 'bad-venue');
      assert.ok(
        warning &&
          warning.messages.some((m) => /outside the world/.test(m)) &&
          warning.messages.some((m) => /not a time/.test(m)),
        JSON.stringify(summary.warnings),
      );
      assert.deepEqual(progress, [27]);
      assert.deepEqual(await store.service(services[7]!.id), services[7]);
      assert.equal(await store.serviceCount(), 26);
    } finally {
      await store.close();
    }
  });

  it('imports a plain array, and a second import replaces rather than duplicates', async () => {
    const services = syntheticServices(10, 6);
    const file = join(dir, 'array.json');
    writeFileSync(file, JSON.stringify(services.map(toOruk)));
    const store = await Store.open('sqlite::memory:');
    try {
      assert.equal((await importOruk(store, file)).imported, 10);
      writeFileSync(file, JSON.stringify(services.map((s) => toOruk({ ...s, name: `${s.name} (updated)` }))));
      assert.equal((await importOruk(store, file)).imported, 10);
      assert.equal(await store.serviceCount(), 10);
      assert.match((await store.service(services[0]!.id))!.name, /\(updated\)$/);
    } finally {
      await store.close();
    }
  });

  it('follows the pages of a live ORUK feed (another hub’s /oruk/services)', async () => {
    const source = await startHub({
      port: 0,
      databaseUrl: 'sqlite::memory:',
      seed: { learners: 10, services: 130 },
      logger: captureLogger().logger,
      rateLimitPerMinute: 0,
    });
    const store = await Store.open('sqlite::memory:');
    try {
      const seen: Array<[number, number | null]> = [];
      const summary = await importOruk(store, `${source.url}/oruk/services?per_page=50`, {
        onProgress: (read, total) => seen.push([read, total]),
      });
      assert.equal(summary.pages, 3);
      assert.equal(summary.imported, 130);
      assert.deepEqual(seen, [
        [50, 130],
        [100, 130],
        [130, 130],
      ]);
      const original = await source.store.service('svc-00077');
      assert.deepEqual(await store.service('svc-00077'), original);
    } finally {
      await store.close();
      await source.close();
    }
  });

  it('reads a feed given by its base address (as a directory element’s src) at its /services', async () => {
    const source = await startHub({
      port: 0,
      databaseUrl: 'sqlite::memory:',
      seed: { learners: 10, services: 70 },
      logger: captureLogger().logger,
      rateLimitPerMinute: 0,
    });
    const store = await Store.open('sqlite::memory:');
    try {
      // The hub's /oruk answers its version, not a page; /oruk/ and /oruk?per_page= are the same base.
      const summary = await importOruk(store, `${source.url}/oruk?per_page=50`);
      assert.equal(summary.pages, 2);
      assert.equal(summary.imported, 70);
      assert.equal((await importOruk(store, `${source.url}/oruk/`)).imported, 70);
      // An address with no feed at it or at its /services says what to give instead.
      await assert.rejects(
        importOruk(store, `${source.url}/nothing-here`),
        (error: Error) =>
          error.message.includes(`neither is ${source.url}/nothing-here/services`) &&
          /ends in \/services/.test(error.message) &&
          /404/.test(error.message),
      );
    } finally {
      await store.close();
      await source.close();
    }
  });

  it('refuses something that is not an ORUK feed, with a clear message', async () => {
    const file = join(dir, 'not.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    const store = await Store.open('sqlite::memory:');
    try {
      await assert.rejects(importOruk(store, file), /not an Open Referral UK feed/);
    } finally {
      await store.close();
    }
  });
});

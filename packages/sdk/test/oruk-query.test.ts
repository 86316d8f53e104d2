/**
 * What the ORUK reader asks a feed for, over a real local HTTP server: an age in part of a year goes as whole
 * years, so a feed that compares strictly keeps a service for "0 to 5" for a child of five and a half.
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createOrukReader } from '@c2c/sdk/oruk';
import { fakeServer, reply } from './fake-server.js';

const emptyPage = {
  total_items: 0,
  total_pages: 1,
  page_number: 1,
  size: 0,
  first_page: true,
  last_page: true,
  contents: [],
};

describe('ORUK reader: the age it sends', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  before(async () => {
    server = await fakeServer();
  });
  after(() => server.close());

  for (const [age, sent] of [
    [5.5, '5'],
    [11.99, '11'],
    [14, '14'],
  ] as const)
    it(`sends ${age} as ${sent} for minimum_age and maximum_age`, async () => {
      server.reset();
      server.queue(reply(200, emptyPage));
      await createOrukReader(server.url, { retries: 0 }).search({ age });
      const query = new URL(server.seen[0]!.url, server.url).searchParams;
      assert.equal(query.get('minimum_age'), sent);
      assert.equal(query.get('maximum_age'), sent);
    });
});

// The trust developers' page has them paste elements with demo ids and open them with a demo token. An id the
// token cannot see makes the form or timeline show "not found" on the developer's first try, so each id on the
// page is asked for here, with the token the page names, from a hub seeded as `npm start` seeds it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub, createLogger, type Hub } from '@c2c/hub';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = readFileSync(join(root, 'docs/getting-started/trust-developer.md'), 'utf8');
const TOKEN = 'demo_pri-millbrook-teacher';

describe('the trust developers’ demo ids', () => {
  let hub: Hub;
  before(async () => {
    hub = await createHub({ databaseUrl: 'sqlite::memory:', seed: true, logger: createLogger('silent') });
  });
  after(() => hub.close());

  it('are open to the demo token the page names', async () => {
    assert.ok(page.includes(TOKEN), `the page names ${TOKEN}`);
    const asks = [
      ...[...page.matchAll(/\bhandover-id="([^"]+)"/g)].map((m) => `/v1/handovers/${m[1]}`),
      ...[...page.matchAll(/\blearner-id="([^"]+)"/g)].flatMap((m) => [
        `/v1/learners/${m[1]}`,
        `/v1/learners/${m[1]}/pathway`,
      ]),
    ];
    assert.ok(asks.length >= 4, `the page's element ids: ${asks.join(', ')}`);
    const refused: string[] = [];
    for (const path of asks) {
      const res = await hub.app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (res.status !== 200) refused.push(`${path}: ${res.status}`);
    }
    assert.deepEqual(refused, []);
  });
});

/**
 * The ORUK reader's report of what it changed or left out, against a small feed served over a real local
 * HTTP server (no fixtures needed, unlike oruk-fixtures.test.ts).
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOrukReader, mappingReport } from '@c2c/sdk/oruk';

const record = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Service ${id}`,
  status: 'active',
  minimum_age: 0,
  maximum_age: 4,
  ...extra,
});

const contents = [
  record('ok-1'),
  record('number-name', { name: 12345 }),
  record('word-age', { minimum_age: 'five', maximum_age: 11 }),
  { name: 'No id at all' },
  record('ok-2'),
];

describe('ORUK reader: values fixed or ignored are reported, never hidden', () => {
  let server: Server;
  let url = '';
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          total_items: contents.length,
          total_pages: 1,
          page_number: 1,
          size: contents.length,
          contents,
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('lists fixable records, reports each fix with its record, and counts the record it could not read', async () => {
    const result = await createOrukReader(url).search();
    assert.deepEqual(
      result.data.map((s) => s.id),
      ['ok-1', 'number-name', 'word-age', 'ok-2'],
    );
    assert.equal(result.data[1]!.name, '12345');
    assert.equal(result.skipped, 1);
    const name = result.problems.find((p) => p.recordId === 'number-name');
    assert.deepEqual([name?.path, name?.index], ['name', 1]);
    const age = result.problems.find((p) => p.recordId === 'word-age');
    assert.deepEqual([age?.path, age?.index], ['minimum_age', 2]);
    assert.match(age!.message, /"five" is not a number; ignored/);
    assert.equal(result.problems.find((p) => p.index === 3)?.path, 'id');
    assert.deepEqual(
      mappingReport(result.problems).map((l) => [l.path, l.count]),
      [
        ['id', 1],
        ['minimum_age', 1],
        ['name', 1],
      ],
    );
  });

  it('still applies an age filter to a record whose minimum age was ignored, by what it could read', async () => {
    // The reader does not guess the ignored minimum age; the report is how a caller learns the filter was looser.
    const result = await createOrukReader(url).search({ age: 9 });
    assert.deepEqual(
      result.data.map((s) => s.id),
      ['word-age'],
    );
    assert.ok(result.problems.some((p) => p.recordId === 'word-age' && p.path === 'minimum_age'));
  });

  it('reports a number given as a name on a single record too', async () => {
    const served = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(record('one', { name: 7 })));
    });
    await new Promise<void>((r) => served.listen(0, '127.0.0.1', r));
    try {
      const reader = createOrukReader(`http://127.0.0.1:${(served.address() as AddressInfo).port}`);
      const { service, problems } = await reader.get('one');
      assert.equal(service.name, '7');
      assert.deepEqual(
        problems.map((p) => [p.path, p.recordId]),
        [['name', 'one']],
      );
    } finally {
      await new Promise<void>((r) => served.close(() => r()));
    }
  });
});

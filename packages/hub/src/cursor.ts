import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a string, hex. Used for tokens at rest and request fingerprints. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * Signs and reads the opaque cursors the hub hands out. A cursor carries the position to resume from and a
 * fingerprint of the query it belongs to, so a forged cursor or one reused with other filters is refused
 * (`invalid_cursor`) instead of returning a wrong page. The key lives in the database, so every instance
 * behind a load balancer accepts every other instance's cursors.
 */
export class CursorCodec {
  constructor(private readonly key: string) {}

  encode(kind: string, fingerprint: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify({ k: kind, f: fingerprint, p: position })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position inside a cursor, or null when it was not issued by this hub for this query. */
  decode(kind: string, fingerprint: string, cursor: string): unknown {
    const dot = cursor.indexOf('.');
    if (dot <= 0) return null;
    const payload = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        k?: unknown;
        f?: unknown;
        p?: unknown;
      };
      if (parsed.k !== kind || parsed.f !== fingerprint) return null;
      return parsed.p ?? null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 16).toString('base64url');
  }
}

/**
 * JSON with every object's keys in one order, so two bodies that say the same thing give the same text: a caller that
 * rebuilds a request to retry it (after a restart, with its own Idempotency-Key) may build its object in another order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A stable fingerprint of a query's filters (everything except the cursor and the page size) and, when given, of whose
 * list it is (`owner`), so that a page link works only for the caller it was made for.
 */
export function fingerprint(query: Record<string, unknown>, owner?: string): string {
  const entries = Object.entries(query)
    .filter(([k, v]) => k !== 'cursor' && k !== 'limit' && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return sha256(JSON.stringify(owner === undefined ? entries : [owner, entries])).slice(0, 16);
}

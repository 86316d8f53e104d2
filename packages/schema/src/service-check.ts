import type * as z from 'zod/mini';
import { toFieldIssues, type FieldIssue } from './issues.js';
import { SERVICE_SHAPE } from './service-shape.js';

/**
 * A node of the JSON Schema (draft 2020-12) that zod derives from {@link ServiceSchema}, as far as a service uses it,
 * plus `x-message`: the schema's own wording for a check, which JSON Schema has no keyword for.
 */
export interface Shape {
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array';
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: Shape;
  properties?: Readonly<Record<string, Shape>>;
  required?: readonly string[];
  additionalProperties?: false | Shape;
  propertyNames?: Shape;
  'x-message'?: Readonly<Record<string, string>>;
}

/** The fields of a zod issue that {@link toFieldIssues} reads: the checker speaks zod's issues so the wording is one. */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  values?: readonly unknown[];
  keys?: string[];
}

/** zod's own message when a schema gives none ("Invalid input"), which `toFieldIssues` rewrites for people. */
const ZOD_DEFAULT = 'Invalid input';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// zod's record (the service's `extra`) takes only plain objects; its strict objects take any object.
const isPlain = (v: unknown): v is Record<string, unknown> =>
  isObject(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

function walk(s: Shape, v: unknown, path: PropertyKey[], out: Issue[]): void {
  const say = (code: string, extra: Partial<Issue> = {}, keyword = '') =>
    void out.push({ code, path, message: s['x-message']?.[keyword] ?? ZOD_DEFAULT, ...extra });
  if (s.enum) {
    if (!s.enum.includes(v)) say('invalid_value', { values: s.enum });
    return;
  }
  // Written as `!(n >= min)`, as zod compares, so that a length that is no number fails too.
  const bounds = (n: unknown, origin: string, min = s.minimum, max = s.maximum, key = 'imum') => {
    if (min !== undefined && !((n as number) >= min)) say('too_small', { origin, minimum: min }, `min${key}`);
    if (max !== undefined && !((n as number) <= max)) say('too_big', { origin, maximum: max }, `max${key}`);
  };
  switch (s.type) {
    case 'string': {
      const ok = typeof v === 'string';
      if (!ok) say('invalid_type');
      // zod measures a string in code points, and still measures anything else with a `length` after the wrong type.
      const length = ok ? [...v].length : (v as { length?: unknown } | null | undefined)?.length;
      if (length !== undefined && (s.minLength ?? s.maxLength) !== undefined) {
        const origin = ok ? 'string' : Array.isArray(v) ? 'array' : 'unknown';
        bounds(length, origin, s.minLength, s.maxLength, 'Length');
      }
      if (ok && s.pattern !== undefined && !new RegExp(s.pattern).test(v))
        say('invalid_format', { origin: 'string' }, 'pattern');
      return;
    }
    case 'number':
      // zod's number is finite, as every number in JSON is.
      if (typeof v !== 'number' || !Number.isFinite(v)) return say('invalid_type');
      return bounds(v, 'number');
    case 'boolean':
      if (typeof v !== 'boolean') say('invalid_type');
      return;
    case 'array':
      if (!Array.isArray(v)) return say('invalid_type');
      v.forEach((item, i) => walk(s.items ?? {}, item, [...path, i], out));
      return;
    case 'object': {
      const props = s.properties ?? {};
      if (s.additionalProperties !== false) {
        // A record: any keys, each value checked against `additionalProperties` (nothing to check for `extra`).
        if (!isPlain(v)) return say('invalid_type');
        for (const [k, item] of Object.entries(v)) walk(s.additionalProperties ?? {}, item, [...path, k], out);
        return;
      }
      if (!isObject(v)) return say('invalid_type');
      // A missing field is checked as `undefined`, as zod does: an enum's issue then lists the choices.
      for (const [k, p] of Object.entries(props))
        if (v[k] !== undefined || s.required?.includes(k)) walk(p, v[k], [...path, k], out);
      const unknown = Object.keys(v).filter((k) => !Object.hasOwn(props, k));
      if (unknown.length) say('unrecognized_keys', { keys: unknown });
      return;
    }
  }
}

/**
 * Checks a value against `ServiceSchema` without zod's runtime, for the browser bundle of the ORUK reader (issue #6):
 * from the JSON Schema that zod derives from `ServiceSchema` at build time (`service-shape.ts`), it gives the same
 * answer as `toFieldIssues(ServiceSchema.safeParse(value).error)`, issue for issue (a property test holds it to
 * that), in about a seventh of the bytes. An empty list when the value is a valid service.
 */
export function checkService(value: unknown): FieldIssue[] {
  const issues: Issue[] = [];
  walk(SERVICE_SHAPE, value, [], issues);
  return issues.length ? toFieldIssues({ issues } as unknown as z.core.$ZodError) : [];
}

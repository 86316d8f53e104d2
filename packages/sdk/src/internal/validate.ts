import { toFieldIssues, type FieldIssue } from '@c2c/schema';
import type * as z from 'zod/mini';

/** How the client treats a response that does not match the schema. */
export type ValidationMode = 'strict' | 'warn' | 'off';

/** Anything that can check a response body: a zod schema, or a chooser between schemas. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: z.core.$ZodError };
}

/** The result of checking one response body. */
export type Checked<T> = { ok: true; value: T; ignored: FieldIssue[] } | { ok: false; issues: FieldIssue[] };

/**
 * Parses `data` with `schema`. Fields the schema does not know are tolerated (a newer hub may add fields,
 * and an older SDK must keep working); the data then passes through as sent, with those fields reported in
 * `ignored`. Missing fields and wrong types are failures.
 */
export function check<T>(schema: Parser<T>, data: unknown): Checked<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data, ignored: [] };
  const issues = toFieldIssues(result.error);
  const real = issues.filter((i) => i.code !== 'unknown_field');
  if (real.length === 0) return { ok: true, value: data as T, ignored: issues };
  return { ok: false, issues: real };
}

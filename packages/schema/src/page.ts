import * as z from 'zod/mini';

// A module of its own: this module's schemas are built when it loads, so a bundler keeps all of a module it takes
// anything from. In api.ts, `pageOf` brought the problem codes, audit, token and user schemas into every page that
// lists services (about 1.1 kB gzipped in the SDK's services entry).

/** One page of a list. `nextCursor` is opaque; pass it back to get the next page. */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.strictObject({ data: z.array(item), nextCursor: z.nullable(z.string()), total: z.optional(z.number()) });
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}

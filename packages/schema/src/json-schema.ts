/**
 * @packageDocumentation
 * JSON Schema (draft 2020-12) for every public schema of `@c2c/schema`, for integrators who do not use
 * TypeScript. Kept out of the main entry so browser bundles never carry the converter; the build writes the
 * results to `dist/json-schema/<Name>.json` (importable as `@c2c/schema/json-schema/<Name>.json`).
 */
import * as z from 'zod/mini';
import * as schemas from './index.js';
import * as ctfSchemas from './ctf/schema.js';
import { UPN_ALPHABET } from './identifiers.js';

/** Whether a schema describes what integrators send (request bodies, queries) or what they receive. */
export type JsonSchemaIo = 'input' | 'output';

/** What {@link jsonSchemaCatalogue} knows about each exported schema. */
export interface JsonSchemaEntry {
  /** File name without `.json`: the export name without its `Schema` suffix, e.g. `Learner`, `HandoverCreate`. */
  name: string;
  /** The export it was made from, e.g. `LearnerSchema` (in `@c2c/schema`, or `@c2c/schema/ctf` for `Ctf*`). */
  exportName: string;
  io: JsonSchemaIo;
  schema: z.core.$ZodType;
}

// Request bodies and queries are described as sent (before defaults and trimming); everything else as received.
const INPUT_NAME = /(?:Create|Update|Query|Acknowledge|Input)$/;

const isZod = (v: unknown): v is z.core.$ZodType => typeof v === 'object' && v !== null && '_zod' in v;

/** Every exported zod schema, named and classified, in a stable (alphabetical) order. */
export function jsonSchemaCatalogue(): JsonSchemaEntry[] {
  const entries: JsonSchemaEntry[] = [];
  const seen = new Set<string>();
  for (const [exportName, value] of [...Object.entries(schemas), ...Object.entries(ctfSchemas)]) {
    if (!isZod(value)) continue;
    const name = exportName.replace(/Schema$/, '');
    if (seen.has(name)) continue;
    seen.add(name);
    entries.push({ name, exportName, io: INPUT_NAME.test(name) ? 'input' : 'output', schema: value });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

const UPN_LETTER = `[${UPN_ALPHABET}]`;

/**
 * Adds what zod's own checks cannot say in JSON Schema: the shape of a UPN and a ULN. The check letter and
 * check digit themselves need code, so the description says where the rules are.
 */
function annotate(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: Record<string, unknown> }, io: JsonSchemaIo): void {
  if (ctx.zodSchema === (schemas.UpnSchema as unknown)) {
    ctx.jsonSchema.description =
      'Unique Pupil Number: a check letter, LA code (3 digits), establishment (4), year of issue (2) and serial (3 digits, or 2 digits and a letter for a temporary UPN). The check letter must also be right: see docs/schema.md.';
    if (io === 'output') ctx.jsonSchema.pattern = `^${UPN_LETTER}\\d{11}(?:\\d|${UPN_LETTER})$`;
  }
  if (ctx.zodSchema === (schemas.UlnSchema as unknown)) {
    ctx.jsonSchema.description =
      'Unique Learner Number: 10 digits, not starting with 0, the last a mod-11 check digit: see docs/schema.md.';
    if (io === 'output') ctx.jsonSchema.pattern = '^[1-9]\\d{9}$';
  }
}

/** The JSON Schema of one entry. Checks JSON Schema cannot express are left out rather than failing. */
export function toJsonSchema(entry: JsonSchemaEntry): Record<string, unknown> {
  const json = z.toJSONSchema(entry.schema, {
    target: 'draft-2020-12',
    io: entry.io,
    unrepresentable: 'any',
    override: (ctx) => annotate(ctx as never, entry.io),
  }) as Record<string, unknown>;
  return { ...json, title: entry.name };
}

/**
 * JSON Schema for every public schema, keyed by name (`Learner`, `HandoverCreate`, `Service`, `CtfFile` ...).
 * Request shapes (`*Create`, `*Update`, `*Query`) describe the input integrators send; the rest describe what
 * the hub returns.
 */
export function jsonSchemas(): Record<string, object> {
  const out: Record<string, object> = {};
  for (const entry of jsonSchemaCatalogue()) out[entry.name] = toJsonSchema(entry);
  return out;
}

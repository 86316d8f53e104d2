// The text of packages/schema/src/service-shape.ts, made from ServiceSchema: shared by the script that writes it
// and the test that checks it is up to date.
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { ServiceSchema } from '../src/service.js';

/** The JSON Schema keyword each zod check becomes, for the check's own message. */
const KEYWORD: Record<string, string> = {
  min_length: 'minLength',
  max_length: 'maxLength',
  greater_than: 'minimum',
  less_than: 'maximum',
  string_format: 'pattern',
};
/** What `checkService` understands; anything else in the derived schema stops the script rather than go unchecked. */
const KNOWN = new Set([
  'type',
  'enum',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'x-message',
]);

type Node = Record<string, unknown>;

/** `node` with only the keywords the checker reads, every nested schema likewise; throws on one it cannot check. */
function strip(node: Node, at: string): Node {
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === 'title' || k === 'description') continue;
    if (!KNOWN.has(k)) throw new Error(`${at}: checkService cannot check the JSON Schema keyword "${k}".`);
    if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v as Node).map(([p, s]) => [p, strip(s as Node, `${at}.${p}`)]));
    else if (k === 'items' || k === 'propertyNames' || (k === 'additionalProperties' && v !== false))
      out[k] = strip(v as Node, `${at}.${k}`);
    else out[k] = v;
  }
  return out;
}

/** The JSON Schema of `ServiceSchema` as received, with each check's own message under `x-message`. */
export function serviceShape(): Node {
  const json = z.toJSONSchema(ServiceSchema, {
    target: 'draft-2020-12',
    io: 'output',
    override: (ctx) => {
      const checks = (ctx.zodSchema as { _zod: { def: { checks?: Array<{ _zod: { def: Node } }> } } })._zod.def.checks;
      const messages: Record<string, string> = {};
      for (const c of checks ?? []) {
        const def = c._zod.def as { check: string; format?: string; error?: (issue: object) => unknown };
        const said = def.error?.({});
        const keyword = def.check === 'string_format' && def.format !== 'regex' ? undefined : KEYWORD[def.check];
        if (typeof said === 'string' && keyword) messages[keyword] = said;
      }
      if (Object.keys(messages).length) ctx.jsonSchema['x-message'] = messages;
    },
  }) as Node;
  return strip(json, 'Service');
}

/** The module's text, formatted as the repository's Prettier config says. */
export async function serviceShapeModule(): Promise<string> {
  const source = `// Written by packages/schema/scripts/write-service-shape.ts from ServiceSchema (service.ts): do not edit. Run the
// script again after changing ServiceSchema; test/service-check.test.ts fails until then.
import type { Shape } from './service-check.js';

/** The JSON Schema of \`ServiceSchema\`, with its own messages, for \`checkService\`. */
export const SERVICE_SHAPE: Shape = ${JSON.stringify(serviceShape())};
`;
  const prettier = await import('prettier');
  const here = fileURLToPath(new URL('../src/service-shape.ts', import.meta.url));
  const config = await prettier.resolveConfig(here);
  return prettier.format(source, { ...config, parser: 'typescript' });
}

// Writes packages/schema/src/service-shape.ts: the JSON Schema that zod derives from ServiceSchema, with the
// schema's own messages, for `checkService` (the ORUK reader's check in the browser, without zod's runtime). The
// zod schema stays the one source: `test/service-check.test.ts` fails when the written file differs from what this
// script would write now.
// Run: node --conditions=c2c-source --import tsx packages/schema/scripts/write-service-shape.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serviceShapeModule } from './service-shape-source.js';

const target = fileURLToPath(new URL('../src/service-shape.ts', import.meta.url));
writeFileSync(target, await serviceShapeModule());
process.stdout.write(`Wrote ${target}\n`);

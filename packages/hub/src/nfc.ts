/**
 * Unicode normalisation at the request boundary. The same name reaches the hub in different forms: "Zoë" typed on
 * a Mac often arrives decomposed (NFD: "e" then a combining diaeresis), on Windows precomposed (NFC). Stored as
 * sent, the two are different strings to equality checks, unique keys, exports and the audit trail, so every string
 * a request carries is put in NFC, the form the W3C recommends for the web, before anything reads it.
 *
 * This sits in the hub rather than in the shared schemas: a zod transform there would turn each text field's input
 * and output types apart, ripple into the SDK's and components' types and the OpenAPI document, and still leave the
 * hub trusting clients that do not use the schemas.
 */

/**
 * `value` with every string in it, at any depth, in Unicode Normalization Form C. Object keys are left as they
 * are: they are field names and answer ids, which the schemas check, not text anyone typed. Returns the same
 * object when nothing needed changing, so the common all-ASCII body costs one walk and no copies.
 */
export function toNfc<T>(value: T): T {
  return nfc(value) as T;
}

function nfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = nfc(item);
      if (next !== item) (out ??= value.slice())[i] = next;
    });
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = nfc(item);
      // defineProperty, not assignment: a JSON key "__proto__" must stay an own field for the schema to refuse.
      if (next !== item)
        Object.defineProperty((out ??= { ...value }), key, {
          value: next,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out ?? value;
  }
  return value;
}

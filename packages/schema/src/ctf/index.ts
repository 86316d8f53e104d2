/**
 * @packageDocumentation
 * Common Transfer File (CTF) import and export, behind its own entry point (`@c2c/schema/ctf`) so pages that
 * never handle a CTF never load the XML parser. Load it with a dynamic `import('@c2c/schema/ctf')` where a
 * page offers CTF import.
 */
export { parseCtf, DEFAULT_CTF_MAX_LENGTH, DEFAULT_CTF_MAX_PUPILS, type CtfReadOptions } from './parse.js';
export { toCtf, type CtfWriteOptions } from './serialise.js';
export { summariseCtfProblems, type CtfProblemSummary } from './summary.js';
export { CTF_LANGUAGES, languageCode, languageName } from './codes.js';
export * from './schema.js';

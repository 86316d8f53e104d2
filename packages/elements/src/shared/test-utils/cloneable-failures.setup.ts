/**
 * Loaded by web-test-runner.config.mjs on every browser test page, right after the mocha framework module and before
 * the test file, so every file's failures reach the runner (see cloneable-failures.ts).
 */
import { installCloneableFailures } from './cloneable-failures.js';

installCloneableFailures(mocha);

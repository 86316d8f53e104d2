import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Puts the test page into (or out of) real forced colours, as Windows High Contrast does, through the runner's
 * `forced-colors` server command (web-test-runner.config.mjs). Resolves once `(forced-colors: active)` matches as
 * asked, so a test never reads styles from before the switch. Pair every `true` with a `false` (an `afterEach`),
 * or the next test on the page runs in forced colours too.
 */
export async function emulateForcedColours(active: boolean): Promise<void> {
  await executeServerCommand('forced-colors', { active });
  const query = matchMedia('(forced-colors: active)');
  // CDP applies the emulation before answering, so this is a check, not a wait on a timer.
  if (query.matches !== active) throw new Error(`forced colours did not turn ${active ? 'on' : 'off'}`);
}

import { userInfo } from 'node:os';
import type { AuditActor } from './store.js';

/**
 * Who the audit log names for a command run at a terminal (`c2c-hub`): `cli`, followed by the operating-system
 * account that ran it when there is one, such as `cli-jsmith`. The account name is read from the system, not from
 * `USER` or a flag, and is cut to what an id may hold; it is never a secret. The role is `system`, which no user
 * of the hub holds, so a line from the command line can never be mistaken for one from a person signed in.
 */
export function cliActor(): AuditActor {
  let name = '';
  try {
    name = userInfo().username;
  } catch {
    // No account entry for this process (a container running under a bare uid): the line says only "cli".
  }
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  return { userId: safe ? `cli-${safe}` : 'cli', role: 'system' };
}

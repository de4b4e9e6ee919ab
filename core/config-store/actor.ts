/*
 * Who is writing: the account name stored as `createdBy` (创建者, spec 01
 * and 02 §0) on the rows a write creates. Store writes are synchronous, so
 * the name is held only while one runs (withActor()); async context
 * tracking would slow every promise of the process, the SIP path included.
 */

let current: string | null = null;

/** The name withActor() holds now, or null outside one (the switch itself, demo provisioning). */
export function currentActor(): string | null {
  return current;
}

/** Runs `write` with `actor` as the creator of the rows it inserts. */
export function withActor<T>(actor: string | null, write: () => T): T {
  const previous = current;
  current = actor;
  try {
    return write();
  } finally {
    current = previous;
  }
}

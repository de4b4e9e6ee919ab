import { eq } from 'drizzle-orm';
import { computeHa1 } from '../index.ts';
import { extensions } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';

/** Purpose bound to an extension secret's ciphertext (see SecretBox). */
export const EXTENSION_SECRET_PURPOSE = 'extension.sip-secret';

/**
 * The digest realm of a team (RFC 7616 §3.3): its SIP domain, or its uid
 * when it has none, which also keeps realms distinct across teams.
 */
export function teamRealm(team: { uid: string; sipDomain: string | null }): string {
  return team.sipDomain ?? team.uid;
}

/** The registration name of an extension, `<team uid>-<number>` (EXT-1). */
export function registrationNameOf(teamUid: string, internalNumber: string): string {
  return `${teamUid}-${internalNumber}`;
}

/** The HA1 columns of an extension row. */
export interface ExtensionHa1Columns {
  ha1Md5: string;
  ha1Sha256: string;
  registrationHa1Md5: string;
  registrationHa1Sha256: string;
}

/**
 * HA1 for both auth usernames a phone may use: the bare internal number
 * within the team's domain, and the registration name (EXT-1). HA1 depends
 * on the username, so each needs its own pair (RFC 7616 §3.4.2).
 */
export function computeExtensionHa1(
  registrationName: string,
  internalNumber: string,
  realm: string,
  secret: string,
): ExtensionHa1Columns {
  return {
    ha1Md5: computeHa1('MD5', internalNumber, realm, secret),
    ha1Sha256: computeHa1('SHA-256', internalNumber, realm, secret),
    registrationHa1Md5: computeHa1('MD5', registrationName, realm, secret),
    registrationHa1Sha256: computeHa1('SHA-256', registrationName, realm, secret),
  };
}

/**
 * Recomputes the HA1 values of every extension of a team, after its realm
 * changed. Must run inside the caller's write transaction.
 */
export function rehashTeamExtensions(
  ctx: StoreContext,
  db: StoreDb,
  teamId: number,
  realm: string,
): number {
  const rows = db
    .select({
      id: extensions.id,
      internalNumber: extensions.internalNumber,
      registrationName: extensions.registrationName,
      secretEncrypted: extensions.secretEncrypted,
    })
    .from(extensions)
    .where(eq(extensions.teamId, teamId))
    .all();
  const updatedAt = ctx.now();
  for (const row of rows) {
    const secret = ctx.secrets.decrypt(row.secretEncrypted, EXTENSION_SECRET_PURPOSE);
    const ha1 = computeExtensionHa1(row.registrationName, row.internalNumber, realm, secret);
    db.update(extensions)
      .set({ ...ha1, updatedAt })
      .where(eq(extensions.id, row.id))
      .run();
  }
  return rows.length;
}

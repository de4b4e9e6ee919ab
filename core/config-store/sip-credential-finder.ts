import { and, eq, sql } from 'drizzle-orm';
import { extensions, teams } from './schema.ts';
import { denyAllHosts, parseHostRestriction, type HostRestriction } from './host-restriction.ts';
import { teamRealm } from './sip-credentials.ts';
import type { StoreContext, StoreDb } from './store-context.ts';

/** What the registrar needs to check a digest (RFC 7616 §3.4.2). */
export interface SipCredentials {
  extensionId: number;
  teamId: number;
  /** The auth username these HA1 values belong to. */
  username: string;
  /** The extension's internal number (the user part of its AOR). */
  internalNumber: string;
  realm: string;
  ha1Md5: string;
  ha1Sha256: string;
  isEnabled: boolean;
  hostRestriction: string | null;
  /**
   * EXT-2: the parsed host lock, undefined when there is none. Parsed once
   * per cache fill, not per request; a stored value that does not parse
   * (written before D40 validated it) admits no source at all.
   */
  sourceRestriction: HostRestriction | undefined;
  /** EXT-15: an external extension has no device: it may not register or call. */
  isExternal: boolean;
}

const credentialColumns = {
  extensionId: extensions.id,
  teamId: extensions.teamId,
  internalNumber: extensions.internalNumber,
  registrationName: extensions.registrationName,
  status: extensions.status,
  deviceType: extensions.deviceType,
  hostRestriction: extensions.hostRestriction,
  ha1Md5: extensions.ha1Md5,
  ha1Sha256: extensions.ha1Sha256,
  registrationHa1Md5: extensions.registrationHa1Md5,
  registrationHa1Sha256: extensions.registrationHa1Sha256,
  uid: teams.uid,
  sipDomain: teams.sipDomain,
};

function prepareByDomain(db: StoreDb) {
  return db
    .select(credentialColumns)
    .from(extensions)
    .innerJoin(teams, eq(teams.id, extensions.teamId))
    .where(
      and(
        eq(teams.sipDomain, sql.placeholder('domain')),
        eq(extensions.internalNumber, sql.placeholder('number')),
      ),
    )
    .prepare();
}

function prepareByRegistrationName(db: StoreDb) {
  return db
    .select(credentialColumns)
    .from(extensions)
    .innerJoin(teams, eq(teams.id, extensions.teamId))
    .where(eq(extensions.registrationName, sql.placeholder('name')))
    .prepare();
}

/**
 * The registrar's lookups, on the hot path of every REGISTER and INVITE:
 * statements are compiled once and reused, each an indexed lookup.
 */
export class SipCredentialFinder {
  readonly #ctx: StoreContext;
  #byDomain: ReturnType<typeof prepareByDomain> | undefined;
  #byRegistrationName: ReturnType<typeof prepareByRegistrationName> | undefined;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Credentials for a REGISTER to `<number>@<sipDomain>`: the auth username
   * is the number and the realm the domain. One indexed lookup.
   */
  byDomain(sipDomain: string, number: string): SipCredentials | undefined {
    const domain = sipDomain.toLowerCase();
    return this.#ctx.cached(`sip-credentials:${number}@${domain}`, () => {
      this.#byDomain ??= prepareByDomain(this.#ctx.db);
      const row = this.#byDomain.get({ domain, number });
      if (row === undefined) return undefined;
      return { ...this.#credentialBase(row), username: number };
    });
  }

  /** Credentials for the auth username `<team uid>-<number>` (EXT-1). */
  byRegistrationName(registrationName: string): SipCredentials | undefined {
    return this.#ctx.cached(`sip-credentials-by-name:${registrationName}`, () => {
      this.#byRegistrationName ??= prepareByRegistrationName(this.#ctx.db);
      const row = this.#byRegistrationName.get({ name: registrationName });
      if (row === undefined) return undefined;
      return {
        ...this.#credentialBase(row),
        username: registrationName,
        ha1Md5: row.registrationHa1Md5,
        ha1Sha256: row.registrationHa1Sha256,
      };
    });
  }

  #credentialBase(row: {
    extensionId: number;
    teamId: number;
    status: string;
    deviceType: string;
    internalNumber: string;
    hostRestriction: string | null;
    ha1Md5: string;
    ha1Sha256: string;
    uid: string;
    sipDomain: string | null;
  }): Omit<SipCredentials, 'username'> {
    return {
      extensionId: row.extensionId,
      teamId: row.teamId,
      internalNumber: row.internalNumber,
      realm: teamRealm(row),
      ha1Md5: row.ha1Md5,
      ha1Sha256: row.ha1Sha256,
      isEnabled: row.status === 'enabled',
      hostRestriction: row.hostRestriction,
      sourceRestriction: sourceRestrictionOf(row.hostRestriction),
      isExternal: row.deviceType === 'external',
    };
  }
}

function sourceRestrictionOf(text: string | null): HostRestriction | undefined {
  if (text === null || text.trim() === '') return undefined;
  const parsed = parseHostRestriction(text);
  return parsed.ok ? parsed.value : denyAllHosts(text);
}

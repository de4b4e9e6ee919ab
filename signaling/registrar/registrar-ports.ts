import type { StoredBinding } from './binding.ts';

/** An extension that may register, as the registrar sees it. */
export interface DirectoryEntry {
  teamId: number;
  extensionId: number;
  /** The internal number: the AOR is `${teamId}/${number}`. */
  number: string;
  /** The digest realm the HA1 values belong to. */
  realm: string;
  ha1Md5: string;
  ha1Sha256: string;
  isEnabled: boolean;
  /**
   * EXT-2: when present, only source addresses it allows may REGISTER or
   * INVITE as this extension (absent: any address).
   */
  sourceRestriction?: SourceRestriction | undefined;
  /** EXT-15: an external extension has no device: it may not register or call. */
  isExternal?: boolean | undefined;
}

/** A host lock as signalling sees it (the config store parses it, D40). */
export interface SourceRestriction {
  /** Whether a request from `address`, the packet's source IP, passes. */
  allows(address: string): boolean;
}

/** Why an authenticated extension may not act: the 403 of EXT-1, EXT-2, EXT-15. */
export type EntryRefusal = 'disabled' | 'external' | 'host-restricted';

/**
 * Whether `entry` may REGISTER or INVITE from `sourceAddress`, checked
 * after its digest credentials were verified: a stranger without them
 * gets 401 like for any unknown user, so the lock reveals nothing.
 */
export function entryRefusal(
  entry: DirectoryEntry,
  sourceAddress: string,
): EntryRefusal | undefined {
  if (!entry.isEnabled) return 'disabled';
  if (entry.isExternal === true) return 'external';
  if (entry.sourceRestriction?.allows(sourceAddress) === false) return 'host-restricted';
  return undefined;
}

/**
 * Where the registrar finds extensions (the config store, in app.ts). A user
 * is either a number within a team's SIP domain or the registration name
 * `<team uid>-<number>` at any host (spec 01 §2.2).
 */
export interface RegistrarDirectory {
  /**
   * The realm to challenge a REGISTER for user@domain with. It must not
   * depend on whether the user exists, or a scan could tell (issue: no
   * enumeration).
   */
  realmFor(domain: string, user: string): string;
  /** The extension `user` names at `domain`, if any. */
  find(domain: string, user: string): DirectoryEntry | undefined;
}

/** Where bindings survive a restart. */
export interface BindingPersistence {
  loadAll(): StoredBinding[];
  apply(upserts: StoredBinding[], removals: Array<{ aor: string; contactUri: string }>): void;
}

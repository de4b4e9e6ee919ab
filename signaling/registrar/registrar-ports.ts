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

/*
 * The shapes of an extension in and out of the store: the row, the
 * public columns (no secret, no HA1) and the inputs of create and update.
 */
import { getTableColumns } from 'drizzle-orm';
import { extensions } from './schema.ts';

/** An extensions row as stored, secrets and HA1 included. */
export type ExtensionRow = typeof extensions.$inferSelect;
type SecretColumn =
  'secretEncrypted' | 'ha1Md5' | 'ha1Sha256' | 'registrationHa1Md5' | 'registrationHa1Sha256';

/** An extension as returned to callers: no secret, no HA1. */
export type Extension = Omit<ExtensionRow, SecretColumn>;

/** Fields of a new extension; `secret` defaults to a random password. */
export type NewExtension = Omit<
  typeof extensions.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'registrationName' | 'name' | SecretColumn
> & { name?: string; secret?: string };

/** Changes to an extension; a new internalNumber is re-reserved (IN-3). */
export type ExtensionUpdate = Partial<Omit<NewExtension, 'teamId' | 'accountId' | 'secret'>>;

/** A range of numbers created at once, e.g. 1000–1099, with shared fields. */
export type ExtensionRange = Omit<NewExtension, 'internalNumber' | 'name' | 'secret'> & {
  firstNumber: number;
  lastNumber: number;
};

const {
  secretEncrypted: _s,
  ha1Md5: _m,
  ha1Sha256: _h,
  registrationHa1Md5: _rm,
  registrationHa1Sha256: _rh,
  ...publicColumns
} = getTableColumns(extensions);

/** The columns callers see: every one but the secret and the HA1 values. */
export const extensionPublicColumns = publicColumns;

import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, createdBy, enumCheck, updatedAt } from './columns.ts';
import { STATUSES, accounts, teams } from './core-tables.ts';
import { pbxTemplates, trunks } from './trunk-tables.ts';

/*
 * Endpoints: extensions (spec 01 §2.2) and the SIP registrations of their
 * devices.
 */

/** Extension device types (spec §2.2 `deviceType`). */
export const DEVICE_TYPES = ['SIP', 'IAX2', 'MGCP', 'DAHDI', 'external'] as const;
/** Who may pick up calls ringing at an extension (spec §2.2, EXT-12). */
export const PICKUP_SCOPES = ['accountGroup', 'team'] as const;

/** Endpoints (spec §2.2); each belongs to an account of its team (ACC-3). */
export const extensions = sqliteTable(
  'extensions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    internalNumber: text('internal_number').notNull(),
    registrationName: text('registration_name').notNull(),
    deviceType: text('device_type', { enum: DEVICE_TYPES }).notNull().default('SIP'),
    status: text('status', { enum: STATUSES }).notNull().default('enabled'),
    secretEncrypted: text('secret_encrypted').notNull(),
    // Digest HA1 for the auth username `internalNumber` in the team realm.
    ha1Md5: text('ha1_md5').notNull(),
    ha1Sha256: text('ha1_sha256').notNull(),
    // Digest HA1 for the auth username `registrationName` (EXT-1).
    registrationHa1Md5: text('registration_ha1_md5').notNull(),
    registrationHa1Sha256: text('registration_ha1_sha256').notNull(),
    callerNumber: text('caller_number'),
    callerName: text('caller_name'),
    allowOutbound: integer('allow_outbound', { mode: 'boolean' }).notNull().default(true),
    ringTimeoutSec: integer('ring_timeout_sec').notNull().default(30),
    outboundCallerNumber: text('outbound_caller_number'),
    outboundCallerName: text('outbound_caller_name'),
    dnd: integer('dnd', { mode: 'boolean' }).notNull().default(false),
    record: integer('record', { mode: 'boolean' }).notNull().default(false),
    voicemailEnabled: integer('voicemail_enabled', { mode: 'boolean' }).notNull().default(false),
    hostRestriction: text('host_restriction'),
    trunkId: integer('trunk_id').references(() => trunks.id, { onDelete: 'restrict' }),
    pickupScope: text('pickup_scope', { enum: PICKUP_SCOPES }).notNull().default('accountGroup'),
    // Call forwarding (spec 04 §15.9 *91–*94): the number calls go to
    // always, on busy, on no answer, and when no contact is registered.
    forwardAlways: text('forward_always'),
    forwardBusy: text('forward_busy'),
    forwardNoAnswer: text('forward_no_answer'),
    forwardUnreachable: text('forward_unreachable'),
    /** EXT-16: a `device` template of the device's protocol. */
    templateId: integer('template_id').references(() => pbxTemplates.id, { onDelete: 'restrict' }),
    /** EXT-16 分机详情: key=value lines overlaying the template's. */
    details: text('details').notNull().default(''),
    // EXT-13 彩铃: the MOH class callers hear while the extension rings. No
    // foreign key: moh_classes lives in media-tables, which imported this
    // table's file when the column came, and schema files may not import
    // in a cycle (D40).
    ringbackMohClassId: integer('ringback_moh_class_id'),
    /** EXT-15 外线分机: the number an `external` extension's calls dial. */
    externalNumber: text('external_number'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    createdBy: createdBy(),
  },
  (t) => [
    uniqueIndex('extensions_team_number_unique').on(t.teamId, t.internalNumber),
    uniqueIndex('extensions_registration_name_unique').on(t.registrationName),
    index('extensions_account_idx').on(t.accountId),
    // A template's delete checks its referrers (ON DELETE RESTRICT).
    index('extensions_template_idx').on(t.templateId),
    // Keyset paging of a team's extensions (issue 7): one index per sort
    // field, ending in id, so that a page is a range scan and not a sort.
    index('extensions_team_id_idx').on(t.teamId, t.id),
    index('extensions_team_name_idx').on(t.teamId, t.name, t.id),
    index('extensions_team_created_idx').on(t.teamId, t.createdAt, t.id),
    index('extensions_team_updated_idx').on(t.teamId, t.updatedAt, t.id),
    enumCheck('extensions_device_type', 'device_type', DEVICE_TYPES),
    enumCheck('extensions_status', 'status', STATUSES),
    enumCheck('extensions_pickup_scope', 'pickup_scope', PICKUP_SCOPES),
    check(
      'extensions_number_digits',
      sql`internal_number <> '' AND internal_number NOT GLOB '*[^0-9]*'`,
    ),
    check(
      'extensions_external_number_digits',
      sql`external_number IS NULL OR (external_number <> '' AND external_number NOT GLOB '*[^0-9]*')`,
    ),
  ],
);

/**
 * SIP registrations (RFC 3261 §10.3), persisted so that a restart keeps
 * them. The registrar owns them in memory and writes changes in batches.
 */
export const registrations = sqliteTable(
  'registrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    aor: text('aor').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    extensionId: integer('extension_id')
      .notNull()
      .references(() => extensions.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    contactUri: text('contact_uri').notNull(),
    q: integer('q_milli').notNull(),
    expiresAtMs: integer('expires_at_ms').notNull(),
    callId: text('call_id').notNull(),
    cseq: integer('cseq').notNull(),
    protocol: text('protocol').notNull(),
    sourceAddress: text('source_address').notNull(),
    sourcePort: integer('source_port').notNull(),
    isBehindNat: integer('is_behind_nat', { mode: 'boolean' }).notNull(),
    userAgent: text('user_agent').notNull(),
    instanceId: text('instance_id'),
    registeredAtMs: integer('registered_at_ms').notNull(),
  },
  (t) => [
    uniqueIndex('registrations_aor_contact_unique').on(t.aor, t.contactUri),
    index('registrations_expires_idx').on(t.expiresAtMs),
  ],
);

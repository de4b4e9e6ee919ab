import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumCheck } from './columns.ts';
import { accounts } from './core-tables.ts';
import { agents } from './pbx-tables.ts';

export const API_TOKEN_KINDS = ['session', 'apiKey'] as const;

/**
 * Admin API bearer tokens. Only the SHA-256 of a token is kept: the tokens
 * are 256-bit random values, so a fast hash suffices (no dictionary to
 * guess from) and a copy of the file yields no usable credential. teamId
 * copies the account's team, which never changes, so scoping needs no join.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    kind: text('kind', { enum: API_TOKEN_KINDS }).notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    teamId: integer('team_id'),
    /**
     * AGT-8: set on a token an agent got with agentNo + apiPassword; such a
     * token acts only for that agent (D62). Deleting the agent ends it.
     */
    agentId: integer('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    name: text('name'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_unique').on(t.tokenHash),
    index('api_tokens_account_idx').on(t.accountId),
    index('api_tokens_expires_idx').on(t.expiresAt),
    enumCheck('api_tokens_kind', 'kind', API_TOKEN_KINDS),
  ],
);

/** What an operation-log row records (spec 04 §13.1 `行为`). */
export const OPERATION_ACTIONS = [
  'login',
  'loginFailed',
  'logout',
  'create',
  'update',
  'delete',
] as const;

/**
 * Append-only audit trail of the admin API (spec 04 §13.1, R13.1-3): who,
 * when, what. It has no foreign keys on purpose: the log outlives the
 * accounts and teams it mentions.
 */
export const operationLogs = sqliteTable(
  'operation_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    createdAt: createdAt(),
    accountId: integer('account_id'),
    username: text('username').notNull(),
    teamId: integer('team_id'),
    action: text('action', { enum: OPERATION_ACTIONS }).notNull(),
    resource: text('resource').notNull(),
    objectId: text('object_id'),
    ip: text('ip').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('operation_logs_team_idx').on(t.teamId, t.id),
    index('operation_logs_created_idx').on(t.createdAt),
    enumCheck('operation_logs_action', 'action', OPERATION_ACTIONS),
  ],
);

/*
 * The configuration schema, one file per area under schema/: core-tables
 * (teams, accounts, shared enums, settings), trunk-tables (PBX templates,
 * trunks, trunk groups), extension-tables (extensions, registrations),
 * number-tables (DIDs, DID log, internal numbers), outbound-tables
 * (outbound routes and rules), admin-tables (API tokens, operation log),
 * pbx-tables (account and agent groups, agents, queues, ring groups) and
 * routing-tables (work hours, inbound routes, caller lists, conference
 * rooms, voicemail boxes, DID groups). drizzle-kit reads this file, which
 * re-exports every table, to generate migrations.
 */
export * from './schema/core-tables.ts';
export * from './schema/trunk-tables.ts';
export * from './schema/extension-tables.ts';
export * from './schema/number-tables.ts';
export * from './schema/admin-tables.ts';
export * from './schema/pbx-tables.ts';
export * from './schema/routing-tables.ts';
export * from './schema/access-tables.ts';
export * from './schema/media-tables.ts';
export * from './schema/parking-tables.ts';
export * from './schema/feature-code-tables.ts';
export * from './schema/recording-tables.ts';
export * from './schema/outbound-tables.ts';
export * from './schema/finance-tables.ts';
export * from './schema/rating-tables.ts';
export * from './schema/billing-tables.ts';
export * from './schema/bill-tables.ts';
export * from './schema/callback-tables.ts';

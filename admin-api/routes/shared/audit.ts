import type { FastifyRequest } from 'fastify';
import { withActor } from '../../../core/config-store/index.ts';
import type { ConfigStore, OperationAction } from '../../../core/config-store/index.ts';

/** What a write did, for the operation log (spec 04 §13.1). */
export interface AuditEntry {
  action: OperationAction;
  resource: string;
  objectId: number | string | null;
  /** The team whose data changed, so that its admins see the row. */
  teamId: number | null;
  detail: Record<string, unknown>;
  /** Who, when there is no session yet (a login attempt). */
  actor?: { accountId: number | null; username: string };
}

/** Secret fields are logged as changed but never with their value. */
const REDACTED = '***';

/** A copy of `values` with write-only fields replaced by `***`. */
export function redact(
  values: Record<string, unknown>,
  secretFields: readonly string[],
): Record<string, unknown> {
  const out = { ...values };
  for (const field of secretFields) if (field in out) out[field] = REDACTED;
  return out;
}

/**
 * Runs `write` in one store transaction as the request's account: the rows
 * it inserts record that account's name as createdBy (创建者, spec 01/02 §0).
 */
export function writeAs<T>(store: ConfigStore, request: FastifyRequest, write: () => T): T {
  return store.transaction(() => withActor(request.auth?.username ?? null, write));
}

/**
 * Appends one row to the operation log. Call it inside the same
 * store.transaction() as the write it records: the change and its log row
 * commit together or not at all.
 */
export function audit(store: ConfigStore, request: FastifyRequest, entry: AuditEntry): void {
  const actor = entry.actor ?? {
    accountId: request.auth?.accountId ?? null,
    username: request.auth?.username ?? '',
  };
  store.operationLogs.append({
    accountId: actor.accountId,
    username: actor.username,
    teamId: entry.teamId,
    action: entry.action,
    resource: entry.resource,
    objectId: entry.objectId === null ? null : String(entry.objectId),
    ip: request.ip,
    detail: request.auth === null ? entry.detail : { ...entry.detail, via: request.auth.tokenKind },
  });
}

import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../../../core/index.ts';
import { hashPasswordSync } from '../../../core/config-store/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { scopeTeamId } from '../../plugins/auth.ts';

/** Thrown inside a preview's transaction to roll its writes back. */
class PreviewRollback extends Error {}

/**
 * Runs `writes` in a transaction that is always rolled back and returns
 * what they returned: a preview (预览) meets every rule and clash a save
 * would, and writes nothing.
 */
export function previewWrites<T>(store: ConfigStore, writes: () => T): T {
  let result: T | undefined;
  try {
    store.transaction(() => {
      result = writes();
      throw new PreviewRollback();
    });
  } catch (error) {
    if (!(error instanceof PreviewRollback)) throw error;
  }
  return result as T;
}

let placeholder: string | undefined;

/**
 * A valid password hash for previews, made once: their writes are rolled
 * back, so they need not pay a scrypt per password.
 */
export function placeholderPasswordHash(): string {
  placeholder ??= hashPasswordSync(`preview-${Math.random()}`);
  return placeholder;
}

/**
 * The one team a batch write goes to: the caller's own, or the one a
 * superadmin names; 400 naming teamId when there is none or it does not
 * exist, 403 when a team admin names another (scopeTeamId).
 */
export function batchTeamId(
  store: ConfigStore,
  request: FastifyRequest,
  requested: number | undefined,
  what: string,
): number {
  const teamId = scopeTeamId(request, requested);
  if (teamId == null) throw new ValidationError('teamId', `${what}: give teamId`);
  if (store.teams.find(teamId) === undefined) {
    throw new ValidationError('teamId', `team ${teamId} does not exist`);
  }
  return teamId;
}

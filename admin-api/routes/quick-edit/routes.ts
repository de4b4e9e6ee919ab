import type { FastifyInstance } from 'fastify';
import { NotFoundError, ValidationError } from '../../../core/index.ts';
import { hashPassword } from '../../../core/config-store/index.ts';
import type { ConfigStore, ExtensionUpdate } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { batchTeamId, placeholderPasswordHash, previewWrites } from '../shared/batch-writes.ts';
import { quickEditResultSchema, quickEditSchema } from './schema.ts';
import type { Affix, QuickEditBody } from './schema.ts';

type Changes<T extends QuickEditBody['objectType']> = Extract<
  QuickEditBody,
  { objectType: T }
>['changes'];

/** new = prefix + old + suffix; undefined when the pair leaves the field alone. */
export function applyAffix(old: string | null, affix: Affix | undefined): string | undefined {
  if (affix === undefined || (affix.prefix === '' && affix.suffix === '')) return undefined;
  return `${affix.prefix}${old ?? ''}${affix.suffix}`;
}

const AFFIXED_EXTENSION_FIELDS = [
  'name',
  'internalNumber',
  'callerNumber',
  'callerName',
  'outboundCallerNumber',
  'outboundCallerName',
] as const;

const SELECTED_EXTENSION_FIELDS = [
  'dnd',
  'status',
  'record',
  'voicemailEnabled',
  'allowOutbound',
  'ringTimeoutSec',
  'pickupScope',
  'ringbackMohClassId',
  'templateId',
] as const;

/** Copies the fields a batch sets; `undefined` means "unchanged" (请选择). */
function selected<K extends string>(
  changes: Partial<Record<K, unknown>>,
  keys: readonly K[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (changes[key] !== undefined) out[key] = changes[key];
  return out;
}

function editExtensions(
  store: ConfigStore,
  teamId: number,
  ids: readonly number[],
  changes: Changes<'extensions'>,
): unknown[] {
  const secret =
    changes.resetPassword === undefined
      ? undefined
      : `${changes.resetPassword.prefix}${changes.resetPassword.suffix}`;
  if (changes.resetPassword !== undefined && changes.resetPassword.prefix === '') {
    throw new ValidationError('changes.resetPassword.prefix', 'a reset password needs a prefix');
  }
  return ids.map((id) => {
    const ext = store.extensions.find(id);
    if (ext === undefined || ext.teamId !== teamId) throw new NotFoundError('extension', id);
    const patch: Record<string, unknown> = selected(changes, SELECTED_EXTENSION_FIELDS);
    for (const field of AFFIXED_EXTENSION_FIELDS) {
      const value = applyAffix(ext[field], changes[field]);
      if (value !== undefined) patch[field] = value;
    }
    if (Object.keys(patch).length > 0) store.extensions.update(id, patch as ExtensionUpdate);
    if (secret !== undefined) store.extensions.setSipSecret(id, secret);
    return store.extensions.find(id)!;
  });
}

/** The agents' new numbers and password hashes, made before the write. */
async function agentPlans(
  store: ConfigStore,
  teamId: number,
  ids: readonly number[],
  changes: Changes<'agents'>,
  isPreview: boolean,
): Promise<Array<{ id: number; agentNo: string | undefined; hash: string | undefined }>> {
  return Promise.all(
    ids.map(async (id) => {
      const agent = store.agents.find(id);
      if (agent === undefined || agent.teamId !== teamId) throw new NotFoundError('agent', id);
      const agentNo = applyAffix(agent.agentNo, changes.agentNo);
      const reset = changes.resetPassword;
      if (reset === undefined) return { id, agentNo, hash: undefined };
      const password = `${reset.prefix}${agentNo ?? agent.agentNo}${reset.suffix}`;
      const hash = isPreview ? placeholderPasswordHash() : await hashPassword(password);
      return { id, agentNo, hash };
    }),
  );
}

function editAccounts(
  store: ConfigStore,
  teamId: number,
  ids: readonly number[],
  changes: Changes<'accounts'>,
): unknown[] {
  if (changes.roleId !== undefined) {
    const role = store.roles.find(changes.roleId);
    if (role === undefined || (role.teamId !== null && role.teamId !== teamId)) {
      throw new ValidationError('changes.roleId', `role ${changes.roleId} does not exist here`);
    }
  }
  return ids.map((id) => {
    const account = store.accounts.find(id);
    if (account === undefined || account.teamId !== teamId) throw new NotFoundError('account', id);
    const patch = selected(changes, ['status', 'forcedRecording', 'paymentMode'] as const);
    if (Object.keys(patch).length > 0) store.accounts.update(id, patch);
    if (changes.roleId !== undefined) {
      // AC-3: admin accounts keep the built-in admin role.
      if (account.accountType !== 'user') {
        throw new ValidationError('changes.roleId', `account ${id} is an admin account`);
      }
      store.roles.assign(id, changes.roleId);
    }
    return store.accounts.find(id)!;
  });
}

/**
 * POST /quick-edit (spec 01 §1.10): the same change to many extensions,
 * agents or accounts of a team, with prefix/suffix transforms. QE-2: all
 * items change in one transaction through their repositories (so every
 * uniqueness rule is checked again) with one operation-log row, or none
 * does. QE-1: a preview runs the same writes and rolls them back.
 */
export function registerQuickEditRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.post(
    '/quick-edit',
    {
      schema: {
        summary: 'Change many extensions, agents or accounts at once (快速编辑)',
        description:
          'Each prefix/suffix pair makes new = prefix + old + suffix; an absent field is ' +
          'unchanged. All items or none (QE-2); preview: true shows the result and writes ' +
          'nothing (QE-1). Items of another team are 404.',
        tags: ['quick setup'],
        body: quickEditSchema,
        response: { 200: quickEditResultSchema, 400: errorBodySchema },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const body = request.body as QuickEditBody;
      const teamId = batchTeamId(store, request, body.teamId, 'a quick edit is for one team');
      const ids = [...new Set(body.ids)];
      const plans =
        body.objectType === 'agents'
          ? await agentPlans(store, teamId, ids, body.changes, body.preview)
          : [];
      const run = (): unknown[] => {
        switch (body.objectType) {
          case 'extensions':
            return editExtensions(store, teamId, ids, body.changes);
          case 'accounts':
            return editAccounts(store, teamId, ids, body.changes);
          case 'agents': {
            const { agentNo: _n, resetPassword: _p, ...rest } = body.changes;
            return plans.map((plan) => {
              const patch = {
                ...rest,
                ...(plan.agentNo === undefined ? {} : { agentNo: plan.agentNo }),
              };
              if (Object.keys(patch).length > 0) store.agents.update(plan.id, patch);
              if (plan.hash !== undefined) store.agents.setPasswordHash(plan.id, plan.hash);
              return store.agents.find(plan.id)!;
            });
          }
        }
      };
      if (body.preview) return reply.send({ isPreview: true, items: previewWrites(store, run) });
      const items = store.transaction(() => {
        const changed = run();
        audit(store, request, {
          action: 'update',
          resource: `quick-edit/${body.objectType}`,
          objectId: null,
          teamId,
          detail: { ids, fields: Object.keys(body.changes) },
        });
        return changed;
      });
      return reply.send({ isPreview: false, items });
    },
  );
}

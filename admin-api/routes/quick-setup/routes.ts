import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { ValidationError } from '../../../core/index.ts';
import { hashPassword } from '../../../core/config-store/index.ts';
import type { ConfigStore, NewExtension } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import { audit, writeAs } from '../shared/audit.ts';
import { batchTeamId, placeholderPasswordHash, previewWrites } from '../shared/batch-writes.ts';
import { assertAccountInTeam } from '../shared/references.ts';
import { itemsCsv, planItems, type QuickSetupItem } from './plan.ts';
import { quickSetupResultSchema, quickSetupSchema } from './schema.ts';

type QuickSetupBody = z.output<typeof quickSetupSchema>;

/** The hashes of one item's passwords, made before the write transaction. */
interface ItemHashes {
  readonly user: string | undefined;
  readonly agent: string | undefined;
}

async function hashItems(items: readonly QuickSetupItem[]): Promise<ItemHashes[]> {
  const hash = (p: string | null) => (p === null ? undefined : hashPassword(p));
  return Promise.all(
    items.map(async (item) => ({
      user: await hash(item.userPassword),
      agent: await hash(item.agentPassword),
    })),
  );
}

interface Created {
  readonly accountIds: number[];
  readonly extensionIds: number[];
  readonly agentIds: number[];
}

/**
 * Makes the items in the caller's transaction (QS-2): an account per item
 * unless `accountId` names one, then the extensions in one batch, then
 * the agents bound to their extensions. Each repository applies its own
 * rules (TM-2 quotas, unique usernames, internal and agent numbers: QS-4).
 */
function createItems(
  store: ConfigStore,
  teamId: number,
  body: QuickSetupBody,
  items: readonly QuickSetupItem[],
  hashes: readonly ItemHashes[],
): Created {
  const roleId = body.roleId ?? store.roles.builtin('agent').id;
  const accountIds = items.map((item, i) => {
    if (body.accountId !== undefined) return body.accountId;
    const account = store.accounts.create({
      teamId,
      username: item.username!,
      accountType: 'user',
      passwordHash: hashes[i]!.user!,
    });
    // AC-3: a user account needs a role.
    store.roles.assign(account.id, roleId);
    return account.id;
  });
  const extensionInputs: NewExtension[] = [];
  items.forEach((item, i) => {
    if (item.extensionNumber === null) return;
    extensionInputs.push({
      teamId,
      accountId: accountIds[i]!,
      internalNumber: item.extensionNumber,
      secret: item.extensionPassword!,
      ringTimeoutSec: body.ringTimeoutSec,
      record: body.record,
      voicemailEnabled: body.voicemailEnabled,
      ...(body.templateId === undefined ? {} : { templateId: body.templateId }),
      ...(body.ringbackMohClassId === undefined
        ? {}
        : { ringbackMohClassId: body.ringbackMohClassId }),
    });
  });
  const extensions = store.extensions.createMany(extensionInputs);
  const agentIds: number[] = [];
  items.forEach((item, i) => {
    if (item.agentNo === null) return;
    const agent = store.agents.create({
      teamId,
      accountId: accountIds[i]!,
      agentNo: item.agentNo,
      passwordHash: hashes[i]!.agent!,
      targetNumber: item.extensionNumber,
    });
    agentIds.push(agent.id);
  });
  return {
    accountIds: body.accountId === undefined ? accountIds : [],
    extensionIds: extensions.map((e) => e.id),
    agentIds,
  };
}

/**
 * POST /quick-setup (spec 01 §1.9): accounts, extensions and agents for N
 * people in one step, all or nothing (QS-4), with one operation-log row.
 * Passwords are hashed before the transaction, so the store's lock is not
 * held across scrypt. Changes apply at once (D17), so QS-5's reload flag
 * has nothing to do.
 */
export function registerQuickSetupRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.post(
    '/quick-setup',
    {
      schema: {
        summary: 'Create N accounts, extensions and agents in one transaction (快速设置)',
        description:
          'QS-1 numbering (usernamePrefix + i, startExtension + i, startAgentNo + i), QS-3 ' +
          'passwords (prefix + random characters; agents get digits), QS-4 all or nothing. ' +
          'The clear passwords are in this response only. preview: true checks everything ' +
          'and writes nothing.',
        tags: ['quick setup'],
        body: quickSetupSchema,
        response: {
          200: quickSetupResultSchema,
          201: quickSetupResultSchema,
          400: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const body = request.body as QuickSetupBody;
      const teamId = batchTeamId(store, request, body.teamId, 'a quick setup is for one team');
      if (body.accountId !== undefined) assertAccountInTeam(store, teamId, body.accountId);
      if (body.roleId !== undefined) {
        const role = store.roles.find(body.roleId);
        if (role === undefined || (role.teamId !== null && role.teamId !== teamId)) {
          throw new ValidationError('roleId', `role ${body.roleId} does not exist in this team`);
        }
      }
      const items = planItems(body, body.accountId !== undefined);
      if (body.preview) {
        // The same writes as a save, rolled back: every clash and quota is found.
        const placeholder = placeholderPasswordHash();
        const hashes = items.map(() => ({ user: placeholder, agent: placeholder }));
        previewWrites(store, () => createItems(store, teamId, body, items, hashes));
        const none = { accountIds: [], extensionIds: [], agentIds: [] };
        return reply.code(200).send({ isPreview: true, items, ...none, csv: itemsCsv(items) });
      }
      const hashes = await hashItems(items);
      const created = writeAs(store, request, () => {
        const made = createItems(store, teamId, body, items, hashes);
        audit(store, request, {
          action: 'create',
          resource: 'quick-setup',
          objectId: null,
          teamId,
          detail: {
            target: body.target,
            count: items.length,
            accounts: made.accountIds.length,
            extensions: made.extensionIds.length,
            agents: made.agentIds.length,
          },
        });
        return made;
      });
      return reply.code(201).send({ isPreview: false, items, ...created, csv: itemsCsv(items) });
    },
  );
}

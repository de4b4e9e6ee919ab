import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { NotFoundError, ValidationError } from '../../../core/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import {
  createFinanceAdjustmentSchema,
  financeAdjustmentSchema,
  listFinanceAdjustmentsSchema,
} from './schema.ts';

/**
 * Team finance (spec 01 §1.11). Only a superadmin recharges or deducts a
 * team (FIN-2); the row and the team's new current fees commit together
 * with the operation-log entry, and the credit gate (TM-7) reads the fees
 * on the next call (FIN-3). Rows are never edited or deleted (FIN-4). A
 * team admin reads its own team's rows, and recharges or deducts its own
 * team's accounts (FIN-2's second form), which moves the account's fees
 * and so its AC-6 gate (FIN-3, D56).
 */
export function registerFinanceAdjustmentRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.post(
    '/finance-adjustments',
    {
      schema: {
        summary: 'Recharge or deduct a team (moves its current fees)',
        tags: ['finance-adjustments'],
        body: createFinanceAdjustmentSchema,
        response: { 201: financeAdjustmentSchema },
      },
    },
    async (request, reply) => {
      const body = request.body as z.output<typeof createFinanceAdjustmentSchema>;
      const { teamId, accountId, ...rest } = body;
      if ((teamId === undefined) === (accountId === undefined)) {
        throw new ValidationError('accountId', 'give teamId or accountId, not both');
      }
      const auth =
        accountId === undefined
          ? requireRole(request, 'superadmin')
          : requireRole(request, 'superadmin', 'teamAdmin');
      const row = store.transaction(() => {
        if (accountId !== undefined) {
          const account = store.accounts.find(accountId);
          // Another team's account is absent to a team admin (404, as elsewhere).
          if (
            account === undefined ||
            (auth.role !== 'superadmin' && account.teamId !== auth.teamId)
          ) {
            throw new NotFoundError('account', accountId);
          }
        }
        const adjustment =
          accountId === undefined
            ? store.finance.adjustTeam({ ...rest, teamId: teamId! })
            : store.finance.adjustAccount({ ...rest, accountId });
        audit(store, request, {
          action: 'create',
          resource: 'finance-adjustments',
          objectId: adjustment.id,
          teamId: adjustment.teamId,
          detail: { ...body },
        });
        return adjustment;
      });
      return reply.code(201).send(toApi(row));
    },
  );

  app.get(
    '/finance-adjustments',
    {
      schema: {
        summary: 'List team recharges and deductions',
        tags: ['finance-adjustments'],
        querystring: listFinanceAdjustmentsSchema,
        response: { 200: pageSchema(financeAdjustmentSchema) },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { cursor, teamId, accountId, limit, type } = request.query as z.output<
        typeof listFinanceAdjustmentsSchema
      >;
      const rows = store.finance.list({
        type,
        teamId: scopeTeamId(request, teamId) ?? undefined,
        accountId,
        limit: limit + 1,
        beforeId: cursor === undefined ? undefined : Number(cursor),
      });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last !== undefined ? String(last.id) : null;
      return { items: items.map(toApi), nextCursor };
    },
  );
}

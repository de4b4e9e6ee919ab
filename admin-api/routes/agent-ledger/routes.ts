import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { pageSchema, toApi } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import {
  agentLedgerEntrySchema,
  createAgentLedgerEntrySchema,
  listAgentLedgerSchema,
} from './schema.ts';

/**
 * The agent accounting log (spec 03 §7.1). Calls append automatic `add`
 * rows from agent inbound rates (5.4); admins append manual entries and
 * payments (§1.5 支付). Rows are never changed or deleted (7.1 (c) 2), and a
 * team admin sees and writes only its own team's (7.1 (c) 4).
 */
export function registerAgentLedgerRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/agent-ledger',
    {
      schema: {
        summary: 'List agent ledger rows, newest first',
        tags: ['agent-ledger'],
        querystring: listAgentLedgerSchema,
        response: { 200: pageSchema(agentLedgerEntrySchema) },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof listAgentLedgerSchema>;
      const rows = store.billing.ledger({
        teamId: scopeTeamId(request, query.teamId) ?? undefined,
        agentId: query.agentId,
        type: query.type,
        limit: query.limit + 1,
        beforeId: query.cursor === undefined ? undefined : Number(query.cursor),
      });
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > query.limit && last !== undefined ? String(last.id) : null;
      return { items: items.map(toApi), nextCursor };
    },
  );

  app.post(
    '/agent-ledger',
    {
      schema: {
        summary: 'Add a manual entry or pay an agent',
        tags: ['agent-ledger'],
        body: createAgentLedgerEntrySchema,
        response: { 201: agentLedgerEntrySchema },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const body = request.body as z.output<typeof createAgentLedgerEntrySchema>;
      const agent = store.agents.find(body.agentId);
      if (agent === undefined || (auth.role !== 'superadmin' && agent.teamId !== auth.teamId)) {
        throw new NotFoundError('agent', body.agentId);
      }
      const row = store.transaction(() => {
        const entry = store.billing.addLedgerEntry(body);
        audit(store, request, {
          action: 'create',
          resource: 'agent-ledger',
          objectId: entry.id,
          teamId: entry.teamId,
          detail: { ...body },
        });
        return entry;
      });
      return reply.code(201).send(toApi(row));
    },
  );
}

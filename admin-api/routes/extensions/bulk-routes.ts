import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ConfigStore, Extension } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import { audit, writeAs } from '../shared/audit.ts';
import { batchTeamId } from '../shared/batch-writes.ts';
import { assertAccountInTeam, assertTrunkUsable } from '../shared/references.ts';
import { parseExtensionCsv } from './csv.ts';
import { bulkExtensionsSchema, bulkResultSchema, importExtensionsQuerySchema } from './schema.ts';

/**
 * Writes a batch in one transaction with one operation-log row: every
 * extension is created, or none (STYLE §4.6).
 */
function createBatch(
  store: ConfigStore,
  request: FastifyRequest,
  teamId: number,
  detail: Record<string, unknown>,
  create: () => Extension[],
): { count: number; ids: number[] } {
  return writeAs(store, request, () => {
    const created = create();
    audit(store, request, {
      action: 'create',
      resource: 'extensions',
      objectId: null,
      teamId,
      detail: { ...detail, count: created.length },
    });
    return { count: created.length, ids: created.map((e) => e.id) };
  });
}

/** POST /extensions/bulk and POST /extensions/import. */
export function registerExtensionBulkRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.post(
    '/extensions/bulk',
    {
      schema: {
        summary: 'Create one extension per number of a range, in one transaction',
        tags: ['extensions'],
        body: bulkExtensionsSchema,
        response: { 201: bulkResultSchema },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const { teamId: requested, ...range } = request.body as z.output<typeof bulkExtensionsSchema>;
      const teamId = batchTeamId(store, request, requested, 'extensions belong to a team');
      assertAccountInTeam(store, teamId, range.accountId);
      assertTrunkUsable(store, teamId, range.trunkId);
      const result = createBatch(store, request, teamId, { bulk: range }, () =>
        store.extensions.createRange({ ...range, teamId }),
      );
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/extensions/import',
    {
      schema: {
        summary: 'Import extensions from CSV (number,name,password?,details?), in one transaction',
        description:
          'Body is text/csv. A first line starting with "number" is a header. ' +
          'An empty password generates one. Every bad cell is reported as line N.column.',
        tags: ['extensions'],
        consumes: ['text/csv'],
        querystring: importExtensionsQuerySchema,
        body: z.string().max(1024 * 1024),
        response: { 201: bulkResultSchema, 400: errorBodySchema },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof importExtensionsQuerySchema>;
      const teamId = batchTeamId(store, request, query.teamId, 'extensions belong to a team');
      assertAccountInTeam(store, teamId, query.accountId);
      const parsed = parseExtensionCsv(request.body as string);
      if (!parsed.ok) {
        const first = parsed.error[0]!;
        return reply.code(400).send({
          code: 'ERR_VALIDATION',
          message: `${first.field}: ${first.message}`,
          issues: parsed.error,
        });
      }
      const { accountId, templateId } = query;
      const inputs = parsed.value.map((row) => ({ ...row, teamId, accountId, templateId }));
      const result = createBatch(store, request, teamId, { imported: inputs.length }, () =>
        store.extensions.createMany(inputs),
      );
      return reply.code(201).send(result);
    },
  );
}

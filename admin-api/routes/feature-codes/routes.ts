import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../../core/index.ts';
import type { ConfigStore, EffectiveFeatureCode } from '../../../core/config-store/index.ts';
import { ApiError } from '../../plugins/api-errors.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { toApi } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import { etagOf } from '../shared/etag.ts';
import {
  featureCodeListSchema,
  featureCodeParamsSchema,
  featureCodeSchema,
  featureCodeScopeSchema,
  putFeatureCodeSchema,
} from './schema.ts';

const RESOURCE = 'feature-codes';
const tags = [RESOURCE];

/** The ETag of a code as one scope has it; the name stands in for an id. */
function etagFor(teamId: number | null, c: EffectiveFeatureCode): string {
  return etagOf(teamId ?? 0, c.updatedAt ?? new Date(0), toApi(c));
}

/** RFC 9110 §13.1.1 If-Match, as shared/etag.ts does for objects with ids. */
function assertIfMatch(request: FastifyRequest, etag: string, name: string): void {
  const header = request.headers['if-match'];
  if (header === undefined) return;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*') || tags.includes(etag)) return;
  throw new ApiError(
    412,
    'ERR_PRECONDITION_FAILED',
    `feature code ${name} was changed since it was read (If-Match does not match its ETag)`,
  );
}

const ifMatchHeaders = z.looseObject({
  'if-match': z.string().optional().meta({ description: 'ETag from a GET; 412 if stale' }),
});

/**
 * Feature codes (spec 04 §15.9): GET answers the set in force for the
 * caller's team, defaults merged with overrides (R15.9-2); PUT sets the
 * team's override of one function and DELETE restores the inherited
 * code. A superadmin without teamId reads and changes the system default
 * set, which in-call hotkeys only have.
 */
export function registerFeatureCodeRoutes(app: FastifyInstance, store: ConfigStore): void {
  /** The scope a request acts on: a team, or null for the system set. */
  const scopeOf = (request: FastifyRequest, requested: number | undefined): number | null => {
    requireRole(request, 'superadmin', 'teamAdmin');
    const teamId = scopeTeamId(request, requested) ?? null;
    if (teamId !== null && store.teams.find(teamId) === undefined) {
      throw new ValidationError('teamId', `team ${teamId} does not exist`);
    }
    return teamId;
  };

  app.get(
    `/${RESOURCE}`,
    {
      schema: {
        summary: 'List the feature codes in force',
        tags,
        querystring: featureCodeScopeSchema,
        response: { 200: featureCodeListSchema },
      },
    },
    async (request) => {
      const teamId = scopeOf(request, (request.query as { teamId?: number }).teamId);
      return { items: store.featureCodes.effective(teamId).map(toApi) };
    },
  );

  app.get(
    `/${RESOURCE}/:name`,
    {
      schema: {
        summary: 'Get one feature code in force',
        tags,
        params: featureCodeParamsSchema,
        querystring: featureCodeScopeSchema,
        response: { 200: featureCodeSchema },
      },
    },
    async (request, reply) => {
      const teamId = scopeOf(request, (request.query as { teamId?: number }).teamId);
      const { name } = request.params as { name: string };
      const current = store.featureCodes.find(teamId, name)!;
      return reply.header('etag', etagFor(teamId, current)).send(toApi(current));
    },
  );

  app.put(
    `/${RESOURCE}/:name`,
    {
      schema: {
        summary: 'Override one feature code',
        description:
          'Sets the team override (the system default set for a superadmin without teamId). ' +
          '409 ERR_FEATURE_CODE_TAKEN when the code is another function’s or an internal number (R15.9-5).',
        tags,
        params: featureCodeParamsSchema,
        headers: ifMatchHeaders,
        body: putFeatureCodeSchema,
        response: { 200: featureCodeSchema },
      },
    },
    async (request, reply) => {
      const { teamId: requested, ...override } = request.body as z.output<
        typeof putFeatureCodeSchema
      >;
      const teamId = scopeOf(request, requested);
      const { name } = request.params as { name: string };
      const updated = store.transaction(() => {
        assertIfMatch(request, etagFor(teamId, store.featureCodes.find(teamId, name)!), name);
        const result = store.featureCodes.set(teamId, name, override);
        audit(store, request, {
          action: 'update',
          resource: RESOURCE,
          objectId: name,
          teamId,
          detail: { changes: override },
        });
        return result;
      });
      return reply.header('etag', etagFor(teamId, updated)).send(toApi(updated));
    },
  );

  app.delete(
    `/${RESOURCE}/:name`,
    {
      schema: {
        summary: 'Restore the inherited feature code',
        description: '404 when the scope has no override of it.',
        tags,
        params: featureCodeParamsSchema,
        querystring: featureCodeScopeSchema,
        headers: ifMatchHeaders,
        response: { 200: featureCodeSchema },
      },
    },
    async (request, reply) => {
      const teamId = scopeOf(request, (request.query as { teamId?: number }).teamId);
      const { name } = request.params as { name: string };
      const restored = store.transaction(() => {
        const current = store.featureCodes.find(teamId, name)!;
        assertIfMatch(request, etagFor(teamId, current), name);
        if (!current.isOverridden) {
          throw new NotFoundError('feature code override', name);
        }
        const result = store.featureCodes.reset(teamId, name);
        audit(store, request, {
          action: 'delete',
          resource: RESOURCE,
          objectId: name,
          teamId,
          detail: { before: toApi(current) },
        });
        return result;
      });
      return reply.header('etag', etagFor(teamId, restored)).send(toApi(restored));
    },
  );
}

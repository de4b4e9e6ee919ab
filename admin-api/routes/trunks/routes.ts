import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../core/index.ts';
import type { ConfigStore, Trunk } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { registerEffectiveConfigRoute } from '../templates/effective-config-route.ts';
import { registerTrunkRuleRoutes } from './rules-routes.ts';
import { createTrunkSchema, listTrunksSchema, patchTrunkSchema, trunkSchema } from './schema.ts';

/**
 * TRK-12: calls from a cascaded system are internal calls of the trunk's
 * team, so a system-wide trunk (no team) cannot be a cascade.
 */
function assertCascadeHasTeam(isCascade: boolean, teamId: number | null): void {
  if (isCascade && teamId === null) {
    throw new ValidationError('cascade', 'a cascade trunk belongs to a team: give teamId (TRK-12)');
  }
}

/**
 * Trunks (spec §2.1). A team admin sees its own trunks and the system-wide
 * ones it may route over (TRK-1), but changes only its own. Each has a
 * trunk template whose details its own overlay (TRK-14).
 */
export function registerTrunkRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'trunks',
    label: 'trunk',
    entitySchema: trunkSchema,
    createSchema: createTrunkSchema,
    patchSchema: patchTrunkSchema,
    listSchema: listTrunksSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    secretFields: ['secret'],
    isSharedWhenNull: true,
    referencedAs: 'trunk',
    teamIdOf: (trunk: Trunk) => trunk.teamId,
    find: (id) => store.trunks.find(id),
    page: (request) => store.trunks.page(request),
    pageJson: (request, fields) => store.trunks.pageJson(request, fields),
    list: (teamId) => store.trunks.list(teamId),
    planCreate: (body, teamId) => {
      assertCascadeHasTeam(body.cascade ?? false, teamId);
      return () => store.trunks.create({ ...body, teamId });
    },
    planUpdate: (trunk, patch) => {
      assertCascadeHasTeam(patch.cascade ?? trunk.cascade, trunk.teamId);
      return () => store.trunks.update(trunk.id, patch);
    },
    remove: (trunk) => store.trunks.delete(trunk.id),
  });
  registerEffectiveConfigRoute(app, {
    path: 'trunks',
    label: 'trunk',
    isSharedWhenNull: true,
    find: (id) => store.trunks.find(id),
    teamIdOf: (trunk: Trunk) => trunk.teamId,
    effectiveConfig: (id) => store.trunks.effectiveConfig(id),
  });
  registerTrunkRuleRoutes(app, store);
}

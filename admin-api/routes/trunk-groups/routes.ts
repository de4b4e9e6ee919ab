import type { FastifyInstance } from 'fastify';
import type { ConfigStore, TrunkGroup } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { registerTrunkGroupRuleRoutes } from './rules-routes.ts';
import {
  createTrunkGroupSchema,
  listTrunkGroupsSchema,
  patchTrunkGroupSchema,
  trunkGroupSchema,
} from './schema.ts';

/** Trunk groups (spec 02 §3.4): the team's own and system-wide trunks (TRK-1). */
export function registerTrunkGroupRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'trunk-groups',
    label: 'trunk group',
    entitySchema: trunkGroupSchema,
    createSchema: createTrunkGroupSchema,
    patchSchema: patchTrunkGroupSchema,
    listSchema: listTrunkGroupsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'trunkGroup',
    teamIdOf: (group: TrunkGroup) => group.teamId,
    find: (id) => store.trunkGroups.find(id),
    page: (request) => store.trunkGroups.page(request),
    list: (teamId) => store.trunkGroups.list(teamId),
    planCreate: (body, teamId) => () => store.trunkGroups.create({ ...body, teamId: teamId! }),
    planUpdate: (group, patch) => () => store.trunkGroups.update(group.id, patch),
    remove: (group) => store.trunkGroups.delete(group.id),
  });
  registerTrunkGroupRuleRoutes(app, store);
}

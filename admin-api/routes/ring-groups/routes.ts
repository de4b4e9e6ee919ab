import type { FastifyInstance } from 'fastify';
import type { ConfigStore, RingGroup } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createRingGroupSchema,
  listRingGroupsSchema,
  patchRingGroupSchema,
  ringGroupSchema,
} from './schema.ts';

/**
 * Ring groups (spec §2.3, §2.4). A number already in the team's namespace
 * is refused with 409 ERR_INTERNAL_NUMBER_TAKEN (IN-1, RG-8).
 */
export function registerRingGroupRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'ring-groups',
    label: 'ring group',
    entitySchema: ringGroupSchema,
    createSchema: createRingGroupSchema,
    patchSchema: patchRingGroupSchema,
    listSchema: listRingGroupsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'ringGroup',
    teamIdOf: (group: RingGroup) => group.teamId,
    find: (id) => store.ringGroups.find(id),
    page: (request) => store.ringGroups.page(request),
    list: (teamId) => store.ringGroups.list(teamId),
    planCreate: (body, teamId) => () => store.ringGroups.create({ ...body, teamId: teamId! }),
    planUpdate: (group, patch) => () => store.ringGroups.update(group.id, patch),
    remove: (group) => store.ringGroups.delete(group.id),
  });
}

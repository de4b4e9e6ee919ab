import type { FastifyInstance } from 'fastify';
import type { ConfigStore, DidGroup } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createDidGroupSchema,
  didGroupSchema,
  listDidGroupsSchema,
  patchDidGroupSchema,
} from './schema.ts';

/**
 * DID groups (spec 01 §2.5): named number or prefix lists, unique by name
 * in a team (409 ERR_NAME_TAKEN). Deleting one that an inbound route
 * matches on is refused with 409 naming the route (DG-4).
 */
export function registerDidGroupRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'did-groups',
    label: 'DID group',
    entitySchema: didGroupSchema,
    createSchema: createDidGroupSchema,
    patchSchema: patchDidGroupSchema,
    listSchema: listDidGroupsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    // DG-4: a group an inbound route matches on cannot be deleted.
    referencedAs: 'didGroup',
    teamIdOf: (group: DidGroup) => group.teamId,
    find: (id) => store.didGroups.find(id),
    page: (request) => store.didGroups.page(request),
    pageJson: (request, fields) => store.didGroups.pageJson(request, fields),
    list: (teamId) => store.didGroups.list(teamId),
    planCreate: (body, teamId) => () =>
      store.didGroups.create({ entries: [], ...body, teamId: teamId! }),
    planUpdate: (group, patch) => () => store.didGroups.update(group.id, patch),
    remove: (group) => store.didGroups.delete(group.id),
  });
}

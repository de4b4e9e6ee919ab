import type { FastifyInstance } from 'fastify';
import type { BlfGroup, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  blfGroupSchema,
  createBlfGroupSchema,
  listBlfGroupsSchema,
  patchBlfGroupSchema,
} from './schema.ts';

/**
 * BLF target groups (spec 02 §3.20): which extensions a phone may watch by
 * busy lamp. An extension in no group may watch its whole team (BLF-2).
 */
export function registerBlfGroupRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'blf-groups',
    label: 'BLF group',
    entitySchema: blfGroupSchema,
    createSchema: createBlfGroupSchema,
    patchSchema: patchBlfGroupSchema,
    listSchema: listBlfGroupsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (group: BlfGroup) => group.teamId,
    find: (id) => store.blfGroups.find(id),
    list: (teamId) => store.blfGroups.list(teamId),
    planCreate: (body, teamId) => {
      const { teamId: _given, ...fields } = body;
      return () => store.blfGroups.create({ ...fields, teamId: teamId! });
    },
    planUpdate: (group, patch) => () => store.blfGroups.update(group.id, patch),
    remove: (group) => store.blfGroups.delete(group.id),
  });
}

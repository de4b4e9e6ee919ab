import type { FastifyInstance } from 'fastify';
import type { CallerListEntry, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  callerListEntrySchema,
  createCallerListEntrySchema,
  listCallerListEntriesSchema,
  patchCallerListEntrySchema,
} from './schema.ts';

/**
 * Inbound blacklist and whitelist entries (spec 02 §3.8, §3.9), one
 * resource filtered by `listType`, since both have the same fields.
 */
export function registerCallerListRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'caller-lists',
    label: 'caller list entry',
    entitySchema: callerListEntrySchema,
    createSchema: createCallerListEntrySchema,
    patchSchema: patchCallerListEntrySchema,
    listSchema: listCallerListEntriesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (entry: CallerListEntry) => entry.teamId,
    find: (id) => store.callerLists.find(id),
    page: (request) => store.callerLists.page(request),
    pageJson: (request, fields) => store.callerLists.pageJson(request, fields),
    list: (teamId) => store.callerLists.list(teamId),
    planCreate: (body, teamId) => () => store.callerLists.create({ ...body, teamId: teamId! }),
    planUpdate: (entry, patch) => () => store.callerLists.update(entry.id, patch),
    remove: (entry) => store.callerLists.delete(entry.id),
  });
}

import type { FastifyInstance } from 'fastify';
import type { CallbackRequest, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  callbackRequestSchema,
  listCallbackRequestsSchema,
  patchCallbackRequestSchema,
} from './schema.ts';

/**
 * Callback requests (IVR-10 要求回访, D93): callers make them through the
 * `callback` destination, so there is no POST; the team's people list
 * them, mark them done with a note, or delete them.
 */
export function registerCallbackRequestRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'callback-requests',
    label: 'callback request',
    entitySchema: callbackRequestSchema,
    patchSchema: patchCallbackRequestSchema,
    listSchema: listCallbackRequestsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (request: CallbackRequest) => request.teamId,
    find: (id) => store.callbackRequests.find(id),
    list: (teamId) => store.callbackRequests.list(teamId),
    page: (request) => store.callbackRequests.page(request),
    planUpdate: (request, patch) => () => store.callbackRequests.update(request.id, patch),
    remove: (request) => store.callbackRequests.delete(request.id),
  });
}

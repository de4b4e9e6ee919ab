import type { FastifyInstance } from 'fastify';
import type { ConfigStore, InboundRoute } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createInboundRouteSchema,
  inboundRouteSchema,
  listInboundRoutesSchema,
  patchInboundRouteSchema,
} from './schema.ts';

/** Inbound routes (spec 02 §3.6): DID, caller, trunk and work-hours conditions. */
export function registerInboundRouteRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'inbound-routes',
    label: 'inbound route',
    entitySchema: inboundRouteSchema,
    createSchema: createInboundRouteSchema,
    patchSchema: patchInboundRouteSchema,
    listSchema: listInboundRoutesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (route: InboundRoute) => route.teamId,
    find: (id) => store.inboundRoutes.find(id),
    page: (request) => store.inboundRoutes.page(request),
    pageJson: (request, fields) => store.inboundRoutes.pageJson(request, fields),
    list: (teamId) => store.inboundRoutes.list(teamId),
    planCreate: (body, teamId) => () => store.inboundRoutes.create({ ...body, teamId: teamId! }),
    planUpdate: (route, patch) => () => store.inboundRoutes.update(route.id, patch),
    remove: (route) => store.inboundRoutes.delete(route.id),
  });
}

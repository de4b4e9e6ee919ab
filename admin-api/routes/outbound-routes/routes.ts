import type { FastifyInstance } from 'fastify';
import type { ConfigStore, OutboundRoute } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { assertTrunkUsable } from '../shared/references.ts';
import {
  createOutboundRouteSchema,
  listOutboundRoutesSchema,
  outboundRouteSchema,
  patchOutboundRouteSchema,
} from './schema.ts';

/** Outbound routes (spec 02 §3.7); listed by default in evaluation order. */
export function registerOutboundRouteRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'outbound-routes',
    label: 'outbound route',
    entitySchema: outboundRouteSchema,
    createSchema: createOutboundRouteSchema,
    patchSchema: patchOutboundRouteSchema,
    listSchema: listOutboundRoutesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (route: OutboundRoute) => route.teamId,
    find: (id) => store.outboundRoutes.find(id),
    page: (request) => store.outboundRoutes.page(request),
    pageJson: (request, fields) => store.outboundRoutes.pageJson(request, fields),
    list: (teamId) =>
      teamId === undefined
        ? store.teams.list().flatMap((team) => store.outboundRoutes.list(team.id))
        : store.outboundRoutes.list(teamId),
    planCreate: (body, teamId) => {
      assertTrunkUsable(store, teamId!, body.trunkId);
      return () => store.outboundRoutes.create({ ...body, teamId: teamId! });
    },
    planUpdate: (route, patch) => {
      assertTrunkUsable(store, route.teamId, patch.trunkId);
      return () => store.outboundRoutes.update(route.id, patch);
    },
    remove: (route) => store.outboundRoutes.delete(route.id),
  });
}

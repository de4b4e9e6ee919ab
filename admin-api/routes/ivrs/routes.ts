import type { FastifyInstance } from 'fastify';
import type { ConfigStore, IvrFlow } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { createIvrSchema, ivrSchema, listIvrsSchema, patchIvrSchema } from './schema.ts';

/**
 * IVR flows (spec 02 §3.15) with their actions and transitions. The
 * internal number is reserved in the team namespace (409
 * ERR_INTERNAL_NUMBER_TAKEN); every destination, failover and prompt must
 * be of the team (400 naming the field, e.g. `transitions.0.destination`).
 */
export function registerIvrRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'ivrs',
    label: 'IVR',
    entitySchema: ivrSchema,
    createSchema: createIvrSchema,
    patchSchema: patchIvrSchema,
    listSchema: listIvrsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'ivr',
    teamIdOf: (flow: IvrFlow) => flow.teamId,
    find: (id) => store.ivrFlows.find(id),
    list: (teamId) => store.ivrFlows.list(teamId),
    planCreate: (body, teamId) => () => store.ivrFlows.create({ ...body, teamId: teamId! }),
    planUpdate: (flow, patch) => () => store.ivrFlows.update(flow.id, patch),
    remove: (flow) => store.ivrFlows.delete(flow.id),
  });
}

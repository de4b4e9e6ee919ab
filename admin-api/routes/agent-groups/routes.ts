import type { FastifyInstance } from 'fastify';
import type { AgentGroup, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  agentGroupSchema,
  createAgentGroupSchema,
  listAgentGroupsSchema,
  patchAgentGroupSchema,
} from './schema.ts';

/** Agent groups (spec §1.6): members and the queue they serve. */
export function registerAgentGroupRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'agent-groups',
    label: 'agent group',
    entitySchema: agentGroupSchema,
    createSchema: createAgentGroupSchema,
    patchSchema: patchAgentGroupSchema,
    listSchema: listAgentGroupsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (group: AgentGroup) => group.teamId,
    find: (id) => store.agentGroups.find(id),
    page: (request) => store.agentGroups.page(request),
    list: (teamId) => store.agentGroups.list(teamId),
    planCreate: (body, teamId) => () => store.agentGroups.create({ ...body, teamId: teamId! }),
    planUpdate: (group, patch) => () => store.agentGroups.update(group.id, patch),
    remove: (group) => store.agentGroups.delete(group.id),
  });
}

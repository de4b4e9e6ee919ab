import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../../core/config-store/index.ts';
import type { Agent, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { agentSchema, createAgentSchema, listAgentsSchema, patchAgentSchema } from './schema.ts';

/**
 * Agents (spec §1.5). The password is hashed with scrypt before the write
 * transaction starts, as for accounts, so the lock is never held across it.
 */
export function registerAgentRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'agents',
    label: 'agent',
    entitySchema: agentSchema,
    createSchema: createAgentSchema,
    patchSchema: patchAgentSchema,
    listSchema: listAgentsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: ['password', 'apiPassword'],
    referencedAs: 'agent',
    teamIdOf: (agent: Agent) => agent.teamId,
    find: (id) => store.agents.find(id),
    page: (request) => store.agents.page(request),
    pageJson: (request, fields) => store.agents.pageJson(request, fields),
    list: (teamId) => store.agents.list(teamId),
    planCreate: async (body, teamId) => {
      const { password, apiPassword, ...fields } = body;
      const passwordHash = await hashPassword(password);
      const apiPasswordHash = apiPassword === undefined ? null : await hashPassword(apiPassword);
      return () =>
        store.agents.create({ ...fields, teamId: teamId!, passwordHash, apiPasswordHash });
    },
    planUpdate: async (agent, patch) => {
      const { password, apiPassword, ...fields } = patch;
      const passwordHash = password === undefined ? undefined : await hashPassword(password);
      // AGT-8: a string sets the API password, null removes it.
      const apiPasswordHash =
        apiPassword === undefined || apiPassword === null
          ? apiPassword
          : await hashPassword(apiPassword);
      return () => {
        if (passwordHash !== undefined) store.agents.setPasswordHash(agent.id, passwordHash);
        if (apiPasswordHash !== undefined) {
          store.agents.setApiPasswordHash(agent.id, apiPasswordHash);
        }
        return store.agents.update(agent.id, fields);
      };
    },
    remove: (agent) => store.agents.delete(agent.id),
  });
}

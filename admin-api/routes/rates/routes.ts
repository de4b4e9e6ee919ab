import type { FastifyInstance } from 'fastify';
import type {
  AgentInboundRate,
  ConfigStore,
  ExtensionRate,
  SystemRate,
  TeamRate,
} from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  agentInboundRateSchema,
  createAgentInboundRateSchema,
  createExtensionRateSchema,
  createSystemRateSchema,
  createTeamRateSchema,
  extensionRateSchema,
  listAgentInboundRatesSchema,
  listExtensionRatesSchema,
  listSystemRatesSchema,
  listTeamRatesSchema,
  patchAgentInboundRateSchema,
  patchExtensionRateSchema,
  patchSystemRateSchema,
  patchTeamRateSchema,
  systemRateSchema,
  teamRateSchema,
} from './schema.ts';

/**
 * The rate tables of spec 03 §5 (D56). System rates (5.1) are the
 * carriers' prices: superadmin only. Team rates (5.2) are what the system
 * sells a team: a team admin reads its own and those for every team, the
 * superadmin writes them. Extension rates (5.3) and agent inbound rates
 * (5.4) are the team's own prices; rows for every team are read-only to a
 * team admin, as system trunks are (TRK-1).
 */
export function registerRateRoutes(app: FastifyInstance, store: ConfigStore): void {
  const { rates } = store;
  registerCrudRoutes(app, store, {
    path: 'system-rates',
    label: 'system rate',
    entitySchema: systemRateSchema,
    createSchema: createSystemRateSchema,
    patchSchema: patchSystemRateSchema,
    listSchema: listSystemRatesSchema,
    readRoles: ['superadmin'],
    writeRoles: ['superadmin'],
    teamOnCreate: 'none',
    secretFields: [],
    teamIdOf: () => null,
    find: (id) => rates.system.find(id),
    page: (request) => rates.system.page(request),
    pageJson: (request, fields) => rates.system.pageJson(request, fields),
    list: () => rates.system.list(),
    planCreate: (body) => () => rates.system.create(body),
    planUpdate: (rate: SystemRate, patch) => () => rates.system.update(rate.id, patch),
    remove: (rate) => rates.system.delete(rate.id),
  });
  registerCrudRoutes(app, store, {
    path: 'team-rates',
    label: 'team rate',
    entitySchema: teamRateSchema,
    createSchema: createTeamRateSchema,
    patchSchema: patchTeamRateSchema,
    listSchema: listTeamRatesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin'],
    teamOnCreate: 'nullable',
    secretFields: [],
    isSharedWhenNull: true,
    teamIdOf: (rate: TeamRate) => rate.teamId,
    find: (id) => rates.team.find(id),
    page: (request) => rates.team.page(request),
    pageJson: (request, fields) => rates.team.pageJson(request, fields),
    list: (teamId) => rates.team.list(teamId),
    planCreate: (body, teamId) => () => rates.team.create({ ...body, teamId }),
    planUpdate: (rate, patch) => () => rates.team.update(rate.id, patch),
    remove: (rate) => rates.team.delete(rate.id),
  });
  registerCrudRoutes(app, store, {
    path: 'extension-rates',
    label: 'extension rate',
    entitySchema: extensionRateSchema,
    createSchema: createExtensionRateSchema,
    patchSchema: patchExtensionRateSchema,
    listSchema: listExtensionRatesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    secretFields: [],
    isSharedWhenNull: true,
    teamIdOf: (rate: ExtensionRate) => rate.teamId,
    find: (id) => rates.extension.find(id),
    page: (request) => rates.extension.page(request),
    pageJson: (request, fields) => rates.extension.pageJson(request, fields),
    list: (teamId) => rates.extension.list(teamId),
    planCreate: (body, teamId) => () => rates.extension.create({ ...body, teamId }),
    planUpdate: (rate, patch) => () => rates.extension.update(rate.id, patch),
    remove: (rate) => rates.extension.delete(rate.id),
  });
  registerCrudRoutes(app, store, {
    path: 'agent-inbound-rates',
    label: 'agent inbound rate',
    entitySchema: agentInboundRateSchema,
    createSchema: createAgentInboundRateSchema,
    patchSchema: patchAgentInboundRateSchema,
    listSchema: listAgentInboundRatesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    secretFields: [],
    teamIdOf: (rate: AgentInboundRate) => rate.teamId,
    find: (id) => rates.agentInbound.find(id),
    page: (request) => rates.agentInbound.page(request),
    pageJson: (request, fields) => rates.agentInbound.pageJson(request, fields),
    list: (teamId) => rates.agentInbound.list(teamId),
    // A superadmin may leave the team out: it is the agent group's.
    planCreate: (body, teamId) => () =>
      rates.agentInbound.create({
        ...body,
        teamId: teamId ?? store.agentGroups.find(body.agentGroupId)?.teamId ?? null,
      }),
    planUpdate: (rate, patch) => () => rates.agentInbound.update(rate.id, patch),
    remove: (rate) => rates.agentInbound.delete(rate.id),
  });
}

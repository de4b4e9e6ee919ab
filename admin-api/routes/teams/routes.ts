import type { FastifyInstance } from 'fastify';
import type { ConfigStore, Team } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { registerTeamExportRoutes } from './export-routes.ts';
import { registerTeamImportRoutes } from './import-routes.ts';
import { createTeamSchema, listTeamsSchema, patchTeamSchema, teamSchema } from './schema.ts';

/**
 * Teams (spec §1.2). Only a superadmin creates, changes or deletes them: a
 * team admin could otherwise raise its own quotas. A team admin reads its
 * own team.
 */
export function registerTeamRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerTeamExportRoutes(app, store);
  registerTeamImportRoutes(app, store);
  registerCrudRoutes(app, store, {
    path: 'teams',
    label: 'team',
    entitySchema: teamSchema,
    createSchema: createTeamSchema,
    patchSchema: patchTeamSchema,
    listSchema: listTeamsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin'],
    teamOnCreate: 'none',
    secretFields: ['verificationString'],
    referencedAs: 'team',
    teamIdOf: (team: Team) => team.id,
    find: (id) => store.teams.find(id),
    page: (request) => store.teams.page(request),
    pageJson: (request, fields) => store.teams.pageJson(request, fields),
    list: (teamId) => {
      if (teamId === undefined) return store.teams.list();
      const team = store.teams.find(teamId);
      return team === undefined ? [] : [team];
    },
    planCreate: (body) => () => store.teams.create(body),
    planUpdate: (team, patch) => () => store.teams.update(team.id, patch),
    remove: (team) => store.teams.delete(team.id),
  });
}

import type { FastifyInstance } from 'fastify';
import type { Application, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  applicationSchema,
  createApplicationSchema,
  listApplicationsSchema,
  patchApplicationSchema,
} from './schema.ts';

/**
 * Applications (spec 02 §3.18): an internal number entering a built-in
 * handler. An unknown context is 400 (APP-1); a number in use is 409
 * ERR_INTERNAL_NUMBER_TAKEN; an application an IVR goes to cannot be
 * deleted (409 ERR_IN_USE).
 */
export function registerApplicationRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'applications',
    label: 'application',
    entitySchema: applicationSchema,
    createSchema: createApplicationSchema,
    patchSchema: patchApplicationSchema,
    listSchema: listApplicationsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'application',
    teamIdOf: (application: Application) => application.teamId,
    find: (id) => store.applications.find(id),
    list: (teamId) => store.applications.list(teamId),
    planCreate: (body, teamId) => () => store.applications.create({ ...body, teamId: teamId! }),
    planUpdate: (application, patch) => () => store.applications.update(application.id, patch),
    remove: (application) => store.applications.delete(application.id),
  });
}

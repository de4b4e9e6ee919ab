import type { FastifyInstance } from 'fastify';
import type { ConfigStore, WorkHours } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createWorkHoursSchema,
  listWorkHoursSchema,
  patchWorkHoursSchema,
  workHoursSchema,
} from './schema.ts';

/** Work-hours schedules (spec 02 §3.2, §3.3), the time condition of inbound routes. */
export function registerWorkHoursRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'work-hours',
    label: 'work hours',
    entitySchema: workHoursSchema,
    createSchema: createWorkHoursSchema,
    patchSchema: patchWorkHoursSchema,
    listSchema: listWorkHoursSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'workHours',
    teamIdOf: (hours: WorkHours) => hours.teamId,
    find: (id) => store.workHours.find(id),
    page: (request) => store.workHours.page(request),
    pageJson: (request, fields) => store.workHours.pageJson(request, fields),
    list: (teamId) => store.workHours.list(teamId),
    planCreate: (body, teamId) => () => store.workHours.create({ ...body, teamId: teamId! }),
    planUpdate: (hours, patch) => () => store.workHours.update(hours.id, patch),
    remove: (hours) => store.workHours.delete(hours.id),
  });
}

import type { FastifyInstance } from 'fastify';
import type { ConfigStore, RecordingRetentionPlan } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createRetentionPlanSchema,
  listRetentionPlansSchema,
  patchRetentionPlanSchema,
  retentionPlanSchema,
} from './schema.ts';

/** Recording retention plans (spec 04 §15.13); RetentionSweeper runs them. */
export function registerRecordingRetentionPlanRoutes(
  app: FastifyInstance,
  store: ConfigStore,
): void {
  const plans = store.recordingRetentionPlans;
  registerCrudRoutes(app, store, {
    path: 'recording-retention-plans',
    label: 'recording retention plan',
    entitySchema: retentionPlanSchema,
    createSchema: createRetentionPlanSchema,
    patchSchema: patchRetentionPlanSchema,
    listSchema: listRetentionPlansSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (plan: RecordingRetentionPlan) => plan.teamId,
    find: (id) => plans.find(id),
    page: (request) => plans.page(request),
    pageJson: (request, fields) => plans.pageJson(request, fields),
    list: (teamId) => plans.list(teamId),
    planCreate: (body, teamId) => () => plans.create({ ...body, teamId: teamId! }),
    planUpdate: (plan, patch) => () => plans.update(plan.id, patch),
    remove: (plan) => plans.delete(plan.id),
  });
}

import type { FastifyInstance } from 'fastify';
import type { ConfigStore, Queue } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { createQueueSchema, listQueuesSchema, patchQueueSchema, queueSchema } from './schema.ts';

/**
 * Queues (spec 02 §3.1). The number is reserved in the team's namespace
 * (409 ERR_INTERNAL_NUMBER_TAKEN on a clash) and creation counts against
 * the team's maxQueues (409 ERR_QUOTA_EXCEEDED).
 */
export function registerQueueRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'queues',
    label: 'queue',
    entitySchema: queueSchema,
    createSchema: createQueueSchema,
    patchSchema: patchQueueSchema,
    listSchema: listQueuesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'queue',
    teamIdOf: (queue: Queue) => queue.teamId,
    find: (id) => store.queues.find(id),
    page: (request) => store.queues.page(request),
    pageJson: (request, fields) => store.queues.pageJson(request, fields),
    list: (teamId) => store.queues.list(teamId),
    planCreate: (body, teamId) => () => store.queues.create({ ...body, teamId: teamId! }),
    planUpdate: (queue, patch) => () => store.queues.update(queue.id, patch),
    remove: (queue) => store.queues.delete(queue.id),
  });
}

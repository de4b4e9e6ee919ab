import type { FastifyInstance } from 'fastify';
import type { ConfigStore, MohClass } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createMohClassSchema,
  listMohClassesSchema,
  mohClassSchema,
  patchMohClassSchema,
} from './schema.ts';

/**
 * Music-on-hold classes (spec 02 §3.13). The system class `default` always
 * exists (MOH-2): deleting or re-keying it is 409 ERR_MOH_DEFAULT.
 */
export function registerMohClassRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'moh-classes',
    label: 'MOH class',
    entitySchema: mohClassSchema,
    createSchema: createMohClassSchema,
    patchSchema: patchMohClassSchema,
    listSchema: listMohClassesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    isSharedWhenNull: true,
    secretFields: [],
    referencedAs: 'mohClass',
    teamIdOf: (moh: MohClass) => moh.teamId,
    find: (id) => store.mohClasses.find(id),
    list: (teamId) => store.mohClasses.list(teamId),
    planCreate: (body, teamId) => () => store.mohClasses.create({ ...body, teamId }),
    planUpdate: (moh, patch) => () => store.mohClasses.update(moh.id, patch),
    remove: (moh) => store.mohClasses.delete(moh.id),
  });
}

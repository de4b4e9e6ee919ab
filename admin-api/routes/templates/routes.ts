import type { FastifyInstance } from 'fastify';
import type { ConfigStore, PbxTemplate } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createPbxTemplateSchema,
  listPbxTemplatesSchema,
  patchPbxTemplateSchema,
  pbxTemplateSchema,
} from './schema.ts';

/**
 * PBX templates (spec 02 §3.5). A team admin sees its own and the shared
 * ones (team `全部`) but changes only its own; the defaults cannot be
 * deleted (409 ERR_BUILTIN_TEMPLATE), nor one a trunk or extension uses
 * (409 ERR_IN_USE naming it). Bad details are a 400 naming the line.
 */
export function registerPbxTemplateRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'pbx-templates',
    label: 'PBX template',
    entitySchema: pbxTemplateSchema,
    createSchema: createPbxTemplateSchema,
    patchSchema: patchPbxTemplateSchema,
    listSchema: listPbxTemplatesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    secretFields: [],
    isSharedWhenNull: true,
    referencedAs: 'pbxTemplate',
    teamIdOf: (template: PbxTemplate) => template.teamId,
    find: (id) => store.pbxTemplates.find(id),
    list: (teamId) => store.pbxTemplates.list(teamId),
    planCreate: (body, teamId) => {
      const { teamId: _given, ...fields } = body;
      return () => store.pbxTemplates.create({ ...fields, teamId });
    },
    planUpdate: (template, patch) => () => store.pbxTemplates.update(template.id, patch),
    remove: (template) => store.pbxTemplates.delete(template.id),
  });
}

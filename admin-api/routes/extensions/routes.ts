import type { FastifyInstance } from 'fastify';
import type { ConfigStore, Extension } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { registerEffectiveConfigRoute } from '../templates/effective-config-route.ts';
import { assertAccountInTeam, assertTrunkUsable } from '../shared/references.ts';
import { registerExtensionBulkRoutes } from './bulk-routes.ts';
import { registerExtensionTemplateBatchRoute } from './template-batch-route.ts';
import {
  createExtensionSchema,
  extensionSchema,
  listExtensionsSchema,
  patchExtensionSchema,
} from './schema.ts';

/**
 * Extensions (spec §2.2): CRUD plus bulk range creation and CSV import;
 * each has a device template whose details its own overlay (EXT-16).
 */
export function registerExtensionRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerExtensionBulkRoutes(app, store);
  registerExtensionTemplateBatchRoute(app, store);
  registerCrudRoutes(app, store, {
    path: 'extensions',
    label: 'extension',
    entitySchema: extensionSchema,
    createSchema: createExtensionSchema,
    patchSchema: patchExtensionSchema,
    listSchema: listExtensionsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: ['secret'],
    referencedAs: 'extension',
    teamIdOf: (extension: Extension) => extension.teamId,
    // ACC-2, and AC-10 for a group admin: a user sees its own, or its members'.
    ownerOf: (extension: Extension) => extension.accountId,
    find: (id) => store.extensions.find(id),
    page: (request) => store.extensions.page(request),
    pageJson: (request, fields) => store.extensions.pageJson(request, fields),
    list: (teamId) =>
      teamId === undefined
        ? store.teams.list().flatMap((team) => store.extensions.list(team.id))
        : store.extensions.list(teamId),
    planCreate: (body, teamId) => {
      const team = teamId!;
      assertAccountInTeam(store, team, body.accountId);
      assertTrunkUsable(store, team, body.trunkId);
      return () => store.extensions.create({ ...body, teamId: team });
    },
    planUpdate: (extension, patch) => {
      assertTrunkUsable(store, extension.teamId, patch.trunkId);
      const { secret, ...fields } = patch;
      return () => {
        if (secret !== undefined) store.extensions.setSipSecret(extension.id, secret);
        return store.extensions.update(extension.id, fields);
      };
    },
    remove: (extension) => store.extensions.delete(extension.id),
  });
  registerEffectiveConfigRoute(app, {
    path: 'extensions',
    label: 'extension',
    isSharedWhenNull: false,
    find: (id) => store.extensions.find(id),
    teamIdOf: (extension: Extension) => extension.teamId,
    effectiveConfig: (id) => store.extensions.effectiveConfig(id),
  });
}

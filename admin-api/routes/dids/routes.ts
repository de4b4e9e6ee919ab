import type { FastifyInstance } from 'fastify';
import type { ConfigStore, Did } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { assertExtensionInTeam } from '../shared/references.ts';
import { didAccountWarnings, registerDidAccountCheckRoute } from './account-check.ts';
import { createDidSchema, didSchema, listDidsSchema, patchDidSchema } from './schema.ts';

/**
 * DIDs (spec §2.6): inbound numbers and the extension they ring. A save
 * that binds a DID to an account which has another answers with warnings
 * (DID-4); GET /dids/account-check asks the same before saving.
 */
export function registerDidRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerDidAccountCheckRoute(app, store);
  registerCrudRoutes(app, store, {
    path: 'dids',
    label: 'DID',
    entitySchema: didSchema,
    createSchema: createDidSchema,
    patchSchema: patchDidSchema,
    listSchema: listDidsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (did: Did) => did.teamId,
    find: (id) => store.dids.find(id),
    page: (request) => store.dids.page(request),
    pageJson: (request, fields) => store.dids.pageJson(request, fields),
    list: (teamId) =>
      teamId === undefined
        ? store.teams.list().flatMap((team) => store.dids.list(team.id))
        : store.dids.list(teamId),
    // The DID log names the API account as the operator (DID-6).
    planCreate: (body, teamId, auth) => {
      assertExtensionInTeam(store, teamId!, body.destinationId, 'destinationId');
      return () => store.dids.create({ ...body, teamId: teamId! }, auth.username);
    },
    planUpdate: (did, patch, auth) => {
      assertExtensionInTeam(store, did.teamId, patch.destinationId, 'destinationId');
      return () => store.dids.update(did.id, patch, auth.username);
    },
    // DID-4: binding a DID to an extension whose account has another DID
    // is allowed, with a warning naming it.
    warningsOf: (did, input) =>
      input.destinationId === undefined || did.destinationId === null
        ? []
        : didAccountWarnings(store, did.destinationId, did.id),
    remove: (did, auth) => store.dids.delete(did.id, auth.username),
  });
}

import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ConfigStore, VoicemailBox } from '../../../core/config-store/index.ts';
import type { VoicemailMessagesStore } from '../../admin-api-deps.ts';
import { voicemailBoxOwner } from '../../plugins/auth-access.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import { registerVoicemailMessageRoutes } from './message-routes.ts';
import {
  createVoicemailBoxSchema,
  listVoicemailBoxesSchema,
  patchVoicemailBoxSchema,
  voicemailBoxSchema,
} from './schema.ts';

/**
 * Voicemail boxes (spec 01 §2.9, EXT-10): one per extension of the team
 * (409 ERR_MAILBOX_EXISTS for a second); the PIN is write-only. With the
 * messages store, also their messages (VM-2), whose recordings sit beside
 * the database in `<dataDir>/voicemail` like recordings do (D25).
 */
export function registerVoicemailBoxRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  messages?: VoicemailMessagesStore,
): void {
  registerCrudRoutes(app, store, {
    path: 'voicemail-boxes',
    label: 'voicemail box',
    entitySchema: voicemailBoxSchema,
    createSchema: createVoicemailBoxSchema,
    patchSchema: patchVoicemailBoxSchema,
    listSchema: listVoicemailBoxesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: ['pin'],
    referencedAs: 'voicemail',
    teamIdOf: (box: VoicemailBox) => box.teamId,
    // ACC-2: a user account's boxes are those of its own extensions.
    ownerOf: (box: VoicemailBox) => voicemailBoxOwner(store, box),
    find: (id) => store.voicemailBoxes.find(id),
    page: (request) => store.voicemailBoxes.page(request),
    pageJson: (request, fields) => store.voicemailBoxes.pageJson(request, fields),
    list: (teamId) => store.voicemailBoxes.list(teamId),
    planCreate: (body, teamId) => () => store.voicemailBoxes.create({ ...body, teamId: teamId! }),
    planUpdate: (box, patch) => () => store.voicemailBoxes.update(box.id, patch),
    remove: (box) => store.voicemailBoxes.delete(box.id),
  });
  if (messages !== undefined) {
    registerVoicemailMessageRoutes(app, store, messages, join(dirname(store.path), 'voicemail'));
  }
}

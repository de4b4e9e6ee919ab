import type { FastifyInstance } from 'fastify';
import type { ConferenceRoom, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  conferenceRoomSchema,
  createConferenceRoomSchema,
  listConferenceRoomsSchema,
  patchConferenceRoomSchema,
} from './schema.ts';

/**
 * Conference rooms (spec 02 §3.11). The number is reserved in the team's
 * namespace (409 ERR_INTERNAL_NUMBER_TAKEN on a clash) and creation counts
 * against the team's maxConferenceRooms (409 ERR_QUOTA_EXCEEDED).
 */
export function registerConferenceRoomRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'conference-rooms',
    label: 'conference room',
    entitySchema: conferenceRoomSchema,
    createSchema: createConferenceRoomSchema,
    patchSchema: patchConferenceRoomSchema,
    listSchema: listConferenceRoomsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    referencedAs: 'conference',
    teamIdOf: (room: ConferenceRoom) => room.teamId,
    find: (id) => store.conferenceRooms.find(id),
    page: (request) => store.conferenceRooms.page(request),
    pageJson: (request, fields) => store.conferenceRooms.pageJson(request, fields),
    list: (teamId) => store.conferenceRooms.list(teamId),
    planCreate: (body, teamId) => () => store.conferenceRooms.create({ ...body, teamId: teamId! }),
    planUpdate: (room, patch) => () => store.conferenceRooms.update(room.id, patch),
    remove: (room) => store.conferenceRooms.delete(room.id),
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConferenceRoom, ConfigStore } from '../../../core/config-store/index.ts';
import type {
  ConferenceControl,
  ConferenceMemberView,
  LiveConferenceView,
} from '../../admin-api-deps.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idParamsSchema } from '../shared/api-shape.ts';
import { audit } from '../shared/audit.ts';
import {
  conferenceSessionListSchema,
  liveConferenceSchema,
  liveMemberSchema,
  memberParamsSchema,
  patchLiveConferenceSchema,
  patchLiveMemberSchema,
} from './live-schema.ts';

function memberToApi(m: ConferenceMemberView) {
  return {
    memberId: m.memberId,
    number: m.number,
    displayName: m.displayName ?? null,
    role: m.role,
    isMuted: m.isMuted,
    isWaiting: m.isWaiting,
    isTalking: m.isTalking ?? null,
    joinedAt: new Date(m.joinedAtMs).toISOString(),
  };
}

function liveToApi(roomId: number, live: LiveConferenceView | undefined) {
  return {
    roomId,
    isActive: live !== undefined,
    sessionId: live?.sessionId ?? null,
    startedAt: live === undefined ? null : new Date(live.startedAtMs).toISOString(),
    isLocked: live?.isLocked ?? false,
    recordingPath: live?.recordingPath ?? null,
    members: (live?.members ?? []).map(memberToApi),
  };
}

/**
 * The conference in a room as it happens (spec 02 §3.11, issue 8: "mute
 * and kick over the API"): GET the live view, PATCH it to lock the room,
 * PATCH a member to mute or unmute, DELETE a member to kick it out, and
 * GET the sessions that ended with their recordings (CF-8). A room of
 * another team is a 404, like a missing one; so is a member who left.
 * Every change goes to the operation log.
 */
export function registerLiveConferenceRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  conferences: ConferenceControl | undefined,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['conference-rooms'];

  /** The room if the caller may see it; 404 alike for absent and foreign. */
  const roomOf = (request: FastifyRequest, id: number): ConferenceRoom => {
    const auth = requireRole(request, 'superadmin', 'teamAdmin');
    const room = store.conferenceRooms.find(id);
    if (room === undefined || (auth.role !== 'superadmin' && room.teamId !== auth.teamId)) {
      throw new NotFoundError('conference room', id);
    }
    return room;
  };
  const memberGone = (memberId: string) => new NotFoundError('conference member', memberId);
  const log = (request: FastifyRequest, room: ConferenceRoom, entry: object) =>
    store.transaction(() =>
      audit(store, request, {
        action: 'update',
        resource: 'conference-rooms',
        objectId: room.id,
        teamId: room.teamId,
        detail: { ...entry },
      }),
    );

  r.get(
    '/conference-rooms/:id/live',
    {
      schema: {
        summary: 'The conference in a room now',
        tags,
        params: idParamsSchema,
        response: { 200: liveConferenceSchema },
      },
    },
    async (request) => {
      const room = roomOf(request, request.params.id);
      return liveToApi(room.id, conferences?.room(room.id));
    },
  );

  r.patch(
    '/conference-rooms/:id/live',
    {
      schema: {
        summary: 'Lock or unlock the conference in a room',
        tags,
        params: idParamsSchema,
        body: patchLiveConferenceSchema,
        response: { 200: liveConferenceSchema },
      },
    },
    async (request) => {
      const room = roomOf(request, request.params.id);
      const done = await conferences?.setLocked(room.id, request.body.isLocked);
      if (done?.ok !== true) throw new NotFoundError('conference in room', room.id);
      log(request, room, { isLocked: request.body.isLocked });
      return liveToApi(room.id, conferences?.room(room.id));
    },
  );

  r.patch(
    '/conference-rooms/:id/members/:memberId',
    {
      schema: {
        summary: 'Mute or unmute a member of the conference',
        tags,
        params: memberParamsSchema,
        body: patchLiveMemberSchema,
        response: { 200: liveMemberSchema },
      },
    },
    async (request) => {
      const room = roomOf(request, request.params.id);
      const { memberId } = request.params;
      const done = await conferences?.setMuted(room.id, memberId, request.body.isMuted);
      const member = conferences?.room(room.id)?.members.find((m) => m.memberId === memberId);
      if (done?.ok !== true || member === undefined) throw memberGone(memberId);
      log(request, room, { memberId, number: member.number, isMuted: request.body.isMuted });
      return memberToApi(member);
    },
  );

  r.delete(
    '/conference-rooms/:id/members/:memberId',
    {
      schema: {
        summary: 'Kick a member out of the conference (hangs its call up)',
        tags,
        params: memberParamsSchema,
      },
    },
    async (request, reply) => {
      const room = roomOf(request, request.params.id);
      const { memberId } = request.params;
      const member = conferences?.room(room.id)?.members.find((m) => m.memberId === memberId);
      const done = member === undefined ? undefined : await conferences?.kick(room.id, memberId);
      if (done?.ok !== true || member === undefined) throw memberGone(memberId);
      log(request, room, { memberId, number: member.number, kicked: true });
      return reply.code(204).send();
    },
  );

  r.get(
    '/conference-rooms/:id/sessions',
    {
      schema: {
        summary: 'Conference sessions of a room that ended since the switch started',
        tags,
        params: idParamsSchema,
        response: { 200: conferenceSessionListSchema },
      },
    },
    async (request) => {
      const room = roomOf(request, request.params.id);
      const items = (conferences?.recentSessions(room.teamId) ?? [])
        .filter((s) => s.roomId === room.id)
        .map((s) => ({
          sessionId: s.sessionId,
          startedAt: new Date(s.startedAtMs).toISOString(),
          durationSec: Math.round(s.durationMs / 1000),
          recordingPath: s.recordingPath,
        }));
      return { items };
    },
  );
}

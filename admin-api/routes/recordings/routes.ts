import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import {
  decodeCdrCursor,
  encodeCdrCursor,
  isAgentsCall,
  type CdrRecord,
  type CdrStore,
} from '../../../core/cdr-store/index.ts';
import { ApiError, ForbiddenError } from '../../plugins/api-errors.ts';
import { agentCalls, requireAgentCdrAccess } from '../../plugins/agent-scope.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { parseRange, resolveRecording } from './recording-file.ts';
import {
  listRecordingsQuerySchema,
  recordingAudioQuerySchema,
  recordingPageSchema,
  recordingParamsSchema,
} from './schema.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toApi(r: CdrRecord) {
  return {
    id: r.callId,
    teamId: r.teamId,
    callType: r.callType,
    callerNumber: r.callerNumber,
    calledNumber: r.calledNumber,
    callTime: new Date(r.startedAtMs).toISOString(),
    answerTime: iso(r.answeredAtMs),
    billableDuration: r.billableDurationSec,
    result: r.result,
    audioUrl: `/api/v1/recordings/${encodeURIComponent(r.callId)}/audio`,
  };
}

/**
 * GET /recordings and GET /recordings/:cdrId/audio (CDR-3): the recorded
 * calls of the caller's team, and each one's WAV, streamed with Range
 * support so a player can seek, or as a download. Another team's call is a
 * 404, so its existence does not leak. An agent token (AGT-8) may fetch
 * the audio of its own calls when the team's `agentCdrAccess` is
 * `recordings` (TM-10); it finds them through GET /cdrs.
 */
export function registerRecordingRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  cdrs: CdrStore,
  recordingsDir: string,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/recordings',
    {
      schema: {
        summary: 'Recorded calls, newest first',
        tags: ['recordings'],
        querystring: listRecordingsQuerySchema,
        response: { 200: recordingPageSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const q = request.query;
      const rows = await cdrs.listAsync({
        teamId: scopeTeamId(request, q.teamId) ?? undefined,
        agentId: q.agentId,
        sinceMs: q.since === undefined ? undefined : Date.parse(q.since),
        untilMs: q.until === undefined ? undefined : Date.parse(q.until),
        after: q.cursor === undefined ? undefined : decodeCdrCursor(q.cursor),
        hasRecording: true,
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map(toApi),
        nextCursor: rows.length > q.limit && last !== undefined ? encodeCdrCursor(last) : null,
      };
    },
  );

  api.get(
    '/recordings/:cdrId/audio',
    {
      schema: {
        summary: 'The audio of a recorded call (audio/wav; Range requests give 206)',
        tags: ['recordings'],
        params: recordingParamsSchema,
        querystring: recordingAudioQuerySchema,
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { cdrId } = request.params;
      // TM-10: agents play and download only at agentCdrAccess recordings,
      // and only recordings of their own calls (another's is 404).
      if (auth.agentId !== undefined) requireAgentCdrAccess(store, auth.teamId!, 'recordings');
      const cdr = cdrs.get(cdrId);
      const isOwnCall =
        auth.agentId === undefined ||
        (cdr !== undefined && isAgentsCall(agentCalls(store, auth.agentId), cdr));
      const isVisible =
        cdr !== undefined &&
        isOwnCall &&
        (auth.role === 'superadmin' || cdr.teamId === auth.teamId);
      if (!isVisible || cdr.recordingPath === null) throw new NotFoundError('recording', cdrId);
      const movedRoots = store.recordingRetentionPlans
        .list(cdr.teamId)
        .flatMap((plan) => (plan.movePath === null ? [] : [plan.movePath]));
      const path = resolveRecording(cdr.recordingPath, recordingsDir, movedRoots);
      if (path === undefined) {
        request.log.warn({ cdrId, recordingPath: cdr.recordingPath }, 'recording path refused');
        throw new ForbiddenError('the recording is outside the recordings directory');
      }
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) throw new NotFoundError('recording file', cdrId);
      const range = parseRange(request.headers.range, info.size);
      if (range === 'unsatisfiable') {
        throw new ApiError(416, 'ERR_RANGE_NOT_SATISFIABLE', 'range not satisfiable', {
          'content-range': `bytes */${info.size}`,
        });
      }
      reply.type('audio/wav').header('accept-ranges', 'bytes');
      if (request.query.download === '1') {
        const name = cdrId.replace(/[^A-Za-z0-9._-]/g, '_');
        reply.header('content-disposition', `attachment; filename="${name}.wav"`);
      }
      if (range === undefined) {
        return reply.header('content-length', info.size).send(createReadStream(path));
      }
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${info.size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(path, { start: range.start, end: range.end }));
    },
  );
}

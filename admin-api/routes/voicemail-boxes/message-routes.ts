import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore, VoicemailBox } from '../../../core/config-store/index.ts';
import type { VoicemailMessagesStore, VoicemailMessageView } from '../../admin-api-deps.ts';
import { ApiError, ForbiddenError } from '../../plugins/api-errors.ts';
import { requireRole } from '../../plugins/auth.ts';
import { audit } from '../shared/audit.ts';
import { idParamsSchema } from '../shared/api-shape.ts';
import { isInside, parseRange } from '../recordings/recording-file.ts';
import {
  messageAudioQuerySchema,
  messageParamsSchema,
  voicemailMessageListSchema,
} from './message-schema.ts';

function toApi(m: VoicemailMessageView) {
  return {
    id: m.id,
    boxId: m.boxId,
    callerNumber: m.callerNumber,
    callerName: m.callerName ?? null,
    leftAt: new Date(m.leftAtMs).toISOString(),
    durationMs: m.durationMs,
    isRead: m.isRead,
    audioUrl: `/api/v1/voicemail-boxes/${m.boxId}/messages/${m.id}/audio`,
  };
}

/**
 * The box `id` if the caller may see it (VM-2): a superadmin any box, a
 * team admin those of its team, a user account those of its own
 * extensions. Any other box is a 404, so its existence does not leak.
 */
function visibleBox(store: ConfigStore, request: FastifyRequest, id: number): VoicemailBox {
  const auth = requireRole(request, 'superadmin', 'teamAdmin');
  const box = store.voicemailBoxes.find(id);
  const isVisible =
    box !== undefined &&
    (auth.role === 'superadmin' ||
      (box.teamId === auth.teamId &&
        (auth.role === 'teamAdmin' ||
          store.extensions.find(box.extensionId)?.accountId === auth.accountId)));
  if (!isVisible) throw new NotFoundError('voicemail box', id);
  return box;
}

/**
 * Messages of a voicemail box over the API (VM-2): list, stream or
 * download one (audio/wav with Range), delete one. `voicemailDir` is
 * `<dataDir>/voicemail`; a message whose file lies outside it is refused.
 */
export function registerVoicemailMessageRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  messages: VoicemailMessagesStore,
  voicemailDir: string,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function findMessage(request: FastifyRequest, boxId: number, messageId: string) {
    const box = visibleBox(store, request, boxId);
    const message = (await messages.list(box.id)).find((m) => m.id === messageId);
    if (message === undefined) throw new NotFoundError('voicemail message', messageId);
    return { box, message };
  }

  api.get(
    '/voicemail-boxes/:id/messages',
    {
      schema: {
        summary: 'Messages left in a voicemail box, oldest first (VM-2)',
        tags: ['voicemail-boxes'],
        params: idParamsSchema,
        response: { 200: voicemailMessageListSchema },
      },
    },
    async (request) => {
      const box = visibleBox(store, request, request.params.id);
      return { items: (await messages.list(box.id)).map(toApi) };
    },
  );

  api.get(
    '/voicemail-boxes/:id/messages/:messageId/audio',
    {
      schema: {
        summary: 'The audio of a message (audio/wav; Range requests give 206)',
        tags: ['voicemail-boxes'],
        params: messageParamsSchema,
        querystring: messageAudioQuerySchema,
      },
    },
    async (request, reply) => {
      const { message } = await findMessage(request, request.params.id, request.params.messageId);
      if (!isInside(voicemailDir, message.filePath)) {
        request.log.warn({ messageId: message.id }, 'voicemail path refused');
        throw new ForbiddenError('the message is outside the voicemail directory');
      }
      const info = await stat(message.filePath).catch(() => undefined);
      if (info === undefined || !info.isFile()) {
        throw new NotFoundError('voicemail audio', message.id);
      }
      const range = parseRange(request.headers.range, info.size);
      if (range === 'unsatisfiable') {
        throw new ApiError(416, 'ERR_RANGE_NOT_SATISFIABLE', 'range not satisfiable', {
          'content-range': `bytes */${info.size}`,
        });
      }
      reply.type('audio/wav').header('accept-ranges', 'bytes');
      if (request.query.download === '1') {
        reply.header('content-disposition', `attachment; filename="${message.id}.wav"`);
      }
      if (range === undefined) {
        return reply.header('content-length', info.size).send(createReadStream(message.filePath));
      }
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${info.size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(message.filePath, { start: range.start, end: range.end }));
    },
  );

  api.delete(
    '/voicemail-boxes/:id/messages/:messageId',
    {
      schema: {
        summary: 'Deletes a message: its index entry and its recording (VM-2)',
        tags: ['voicemail-boxes'],
        params: messageParamsSchema,
      },
    },
    async (request, reply) => {
      const { box, message } = await findMessage(
        request,
        request.params.id,
        request.params.messageId,
      );
      await messages.remove(message.id);
      audit(store, request, {
        action: 'delete',
        resource: 'voicemail-messages',
        objectId: message.id,
        teamId: box.teamId,
        detail: { boxId: box.id, callerNumber: message.callerNumber, leftAtMs: message.leftAtMs },
      });
      return reply.code(204).send();
    },
  );
}

import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../../core/index.ts';
import {
  audioFormatOfMediaType,
  convertForPlayback,
  voiceFileAudioFields,
} from '../../../core/audio/index.ts';
import type { ConfigStore, VoiceFile } from '../../../core/config-store/index.ts';
import { ApiError, ForbiddenError } from '../../plugins/api-errors.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import type { AuthContext } from '../../plugins/auth.ts';
import { idParamsSchema, pageSchema, toApi } from '../shared/api-shape.ts';
import { audit, writeAs } from '../shared/audit.ts';
import { etagFor } from '../shared/crud.ts';
import { assertIfMatch } from '../shared/etag.ts';
import { paginate } from '../shared/list-query.ts';
import type { ListQuery } from '../shared/list-query.ts';
import { AudioFiles } from '../../../core/audio/index.ts';
import { registerVoiceFileBulkImportRoutes } from './bulk-import-routes.ts';
import {
  MAX_VOICE_FILE_BYTES,
  audioQuerySchema,
  listVoiceFilesSchema,
  patchVoiceFileSchema,
  uploadVoiceFileQuerySchema,
  voiceFileSchema,
} from './schema.ts';

/** A refused upload: 400 or 413, naming the body as the bad field. */
class AudioUploadError extends ApiError {
  readonly field = 'body';
}

const PATH = 'voice-files';
const LABEL = 'voice file';
const tags = [PATH];
const LIST_KEYS = new Set(['limit', 'cursor', 'sort', 'teamId']);
const ifMatchHeaders = z.looseObject({
  'if-match': z.string().optional().meta({ description: 'ETag from a GET; 412 if stale' }),
});

/**
 * Voice files (spec 02 §3.16). Not built on shared/crud.ts because the
 * create is an upload: the body is the audio itself, up to 20 MB, with the
 * name in the query. Read, rename and delete follow crud.ts's rules: team
 * scoping (system files are readable by every team, writable only by the
 * superadmin), ETag/If-Match, the referrer check and the operation log.
 */
export function registerVoiceFileRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  soundsDir: string,
): void {
  const files = new AudioFiles(soundsDir);
  registerVoiceFileBulkImportRoutes(app, store, files);
  // An encapsulated scope, so that the raw-body parser and the 413 mapping
  // below apply to these routes only.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_VOICE_FILE_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.setErrorHandler((error: FastifyError) => {
      // A rethrown error goes on to the API's error handler.
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new AudioUploadError(
          413,
          'ERR_AUDIO_TOO_LARGE',
          `body: a voice file may have at most ${MAX_VOICE_FILE_BYTES} bytes`,
        );
      }
      throw error;
    });
    registerRoutes(scope, store, files);
  });
}

function registerRoutes(app: FastifyInstance, store: ConfigStore, files: AudioFiles): void {
  const canRead = (auth: AuthContext, file: VoiceFile) =>
    auth.role === 'superadmin' || file.teamId === null || file.teamId === auth.teamId;
  const visible = (auth: AuthContext, id: number): VoiceFile => {
    const file = store.voiceFiles.find(id);
    if (file === undefined || !canRead(auth, file)) throw new NotFoundError(LABEL, id);
    return file;
  };
  const writable = (request: FastifyRequest, id: number) => {
    const auth = requireRole(request, 'superadmin', 'teamAdmin');
    const file = visible(auth, id);
    if (auth.role !== 'superadmin' && file.teamId !== auth.teamId) {
      throw new ForbiddenError(`this ${LABEL} is read-only`);
    }
    return { auth, file };
  };

  app.get(
    `/${PATH}`,
    {
      schema: {
        summary: 'List voice files',
        tags,
        querystring: listVoiceFilesSchema,
        response: { 200: pageSchema(voiceFileSchema) },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as ListQuery & Record<string, unknown>;
      const teamId = scopeTeamId(request, query.teamId) ?? undefined;
      const rows = store.voiceFiles.list(teamId).filter((row) => canRead(auth, row));
      const filters = Object.fromEntries(
        Object.entries(query).filter(([key]) => !LIST_KEYS.has(key)),
      );
      const page = paginate(rows.map(toApi), query, filters);
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    `/${PATH}/:id`,
    {
      schema: {
        summary: 'Get one voice file',
        tags,
        params: idParamsSchema,
        response: { 200: voiceFileSchema },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const file = visible(auth, (request.params as { id: number }).id);
      return reply.header('etag', etagFor(file)).send(toApi(file));
    },
  );

  app.get(
    `/${PATH}/:id/audio`,
    {
      schema: {
        summary: 'Download the audio of a voice file (audio/wav, 16-bit mono PCM)',
        tags,
        params: idParamsSchema,
        querystring: audioQuerySchema,
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const file = visible(auth, (request.params as { id: number }).id);
      const { rateHz } = request.query as z.output<typeof audioQuerySchema>;
      if (rateHz === 16000 && !file.hasWideband) {
        throw new NotFoundError('16 kHz audio of voice file', file.id);
      }
      return reply
        .type('audio/wav')
        .header('content-disposition', `attachment; filename="${file.id}-${rateHz}.wav"`)
        .send(files.read(file, rateHz));
    },
  );

  app.post(
    `/${PATH}`,
    {
      bodyLimit: MAX_VOICE_FILE_BYTES,
      schema: {
        summary: 'Upload a voice file',
        description:
          'The body is the audio file, at most 20 MB: WAVE (PCM 8/16-bit, A-law or µ-law at ' +
          'any rate and channel count; GSM 6.10 at 8 kHz mono), MP3 (MPEG-1/2/2.5 Layer III, 8 to 48 kHz, ' +
          'mono or stereo) or raw GSM 06.10 (.gsm, 33-byte frames at 8 kHz). WAVE and MP3 are ' +
          'recognised by their bytes; send raw GSM as audio/gsm (or any type: a whole number ' +
          'of frames each starting with the 0xD nibble is taken as GSM). It is stored as ' +
          '8 kHz 16-bit mono (and 16 kHz when the source has it); sourceEncoding says what ' +
          'was uploaded. A file that is not one of these, is cut short, or decodes to more ' +
          'than 20 Mi samples: 400 ERR_AUDIO_FORMAT naming body; too big: 413 ' +
          'ERR_AUDIO_TOO_LARGE.',
        tags,
        querystring: uploadVoiceFileQuerySchema,
        response: { 201: voiceFileSchema },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof uploadVoiceFileQuerySchema>;
      const teamId = scopeTeamId(request, query.teamId) ?? null;
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new AudioUploadError(
          400,
          'ERR_AUDIO_FORMAT',
          'body: send the audio file as the body',
        );
      }
      const hint = audioFormatOfMediaType(request.headers['content-type']);
      const converted = await convertForPlayback(body, hint);
      if (!converted.ok) {
        const { code, offset, detail } = converted.error;
        throw new AudioUploadError(
          400,
          'ERR_AUDIO_FORMAT',
          `body: not a supported audio file (${code} at byte ${offset}: ${detail})`,
        );
      }
      const copies = converted.value;
      let written: VoiceFile | undefined;
      let created: VoiceFile;
      try {
        created = writeAs(store, request, () => {
          const file = store.voiceFiles.create(
            {
              teamId,
              name: query.name,
              ...voiceFileAudioFields(copies, body.length),
            },
            (row) => {
              written = row;
              files.write(row, copies);
            },
          );
          audit(store, request, {
            action: 'create',
            resource: PATH,
            objectId: file.id,
            teamId: file.teamId,
            detail: { values: { name: file.name, teamId, sizeBytes: body.length } },
          });
          return file;
        });
      } catch (error) {
        // The row rolled back: its audio must not outlive it.
        if (written !== undefined) files.remove(written);
        throw error;
      }
      return reply
        .code(201)
        .header('etag', etagFor(created))
        .header('location', `${request.url.split('?')[0] ?? ''}/${created.id}`)
        .send(toApi(created));
    },
  );

  app.patch(
    `/${PATH}/:id`,
    {
      schema: {
        summary: 'Rename a voice file',
        tags,
        params: idParamsSchema,
        headers: ifMatchHeaders,
        body: patchVoiceFileSchema,
        response: { 200: voiceFileSchema },
      },
    },
    async (request, reply) => {
      const id = (request.params as { id: number }).id;
      const { auth } = writable(request, id);
      const patch = request.body as z.output<typeof patchVoiceFileSchema>;
      const updated = store.transaction(() => {
        const fresh = visible(auth, id);
        assertIfMatch(request, etagFor(fresh), LABEL, id);
        const result = store.voiceFiles.update(id, patch);
        audit(store, request, {
          action: 'update',
          resource: PATH,
          objectId: id,
          teamId: result.teamId,
          detail: { changes: patch },
        });
        return result;
      });
      return reply.header('etag', etagFor(updated)).send(toApi(updated));
    },
  );

  app.delete(
    `/${PATH}/:id`,
    {
      schema: {
        summary: 'Delete a voice file and its audio',
        description: 'Refused with 409 ERR_IN_USE naming the prompt or MOH class using it (PR-2).',
        tags,
        params: idParamsSchema,
        headers: ifMatchHeaders,
        response: { 204: z.null().meta({ description: 'Deleted' }) },
      },
    },
    async (request, reply) => {
      const id = (request.params as { id: number }).id;
      const { auth } = writable(request, id);
      const removed = store.transaction(() => {
        const fresh = visible(auth, id);
        assertIfMatch(request, etagFor(fresh), LABEL, id);
        const referrer = store.references.firstReferrer('voiceFile', id);
        if (referrer) {
          throw new ConflictError(
            'ERR_IN_USE',
            `${LABEL} ${id} is used by ${referrer.resource} ${referrer.id} (${referrer.name}); change or delete that first`,
            `${referrer.resource}:${referrer.id}`,
          );
        }
        store.voiceFiles.delete(id);
        audit(store, request, {
          action: 'delete',
          resource: PATH,
          objectId: id,
          teamId: fresh.teamId,
          detail: { before: toApi(fresh) },
        });
        return fresh;
      });
      // After the commit: a failed transaction must keep the audio.
      files.remove(removed);
      return reply.code(204).send();
    },
  );
}

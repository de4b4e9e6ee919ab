import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../../core/index.ts';
import { PROMPT_LANGUAGES } from '../../../core/config-store/index.ts';
import type { ConfigStore, VoiceFile } from '../../../core/config-store/index.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { errorBodySchema } from '../shared/api-shape.ts';
import type { ApiErrorBody } from '../../plugins/error-handler.ts';
import { audit, writeAs } from '../shared/audit.ts';
import { ftpVoiceFilePathOf } from '../system/settings-routes.ts';
import type { AudioFiles } from '../../../core/audio/index.ts';
import { planBulkImport, runBulkImport } from './bulk-import.ts';
import { bulkFolderOf, scanBulkFolder } from './bulk-scan.ts';

const PATH = '/voice-files/bulk-import';
const tags = ['voice-files'];
const language = z.enum(PROMPT_LANGUAGES);

const bulkQuerySchema = z.strictObject({
  teamId: z.coerce.number().int().positive().optional(),
});

/** GET: the files of the folder, with the languages each is in. */
const bulkListingSchema = z.object({
  folder: z
    .string()
    .meta({ description: 'The folder read: soundfiles/ or soundfiles/<team uid>/' }),
  files: z.array(z.object({ name: z.string(), languages: z.array(language) })),
});

/** POST body (spec 02 §3.17 form). */
const bulkImportBodySchema = z.strictObject({
  teamId: z.int().positive().optional(),
  importAllAsVoiceFiles: z
    .boolean()
    .meta({ description: '语音文件: a voice file per language each listed file is in' }),
  files: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(255),
        languages: z
          .array(language)
          .max(PROMPT_LANGUAGES.length)
          .meta({ description: 'Ticked languages: each becomes a variant of the prompt <base>' }),
      }),
    )
    .min(1)
    .max(10_000),
});

const bulkResultSchema = z.object({
  files: z.int(),
  voiceFiles: z.object({ created: z.int(), unchanged: z.int() }),
  callPrompts: z.object({ created: z.int(), updated: z.int() }),
});

/**
 * The team a bulk import acts on: a team admin's own (naming another is
 * 403), or the one a superadmin names; none means the system files, which
 * only the superadmin may import.
 */
function bulkTeam(
  store: ConfigStore,
  request: FastifyRequest,
  requested: number | undefined,
): { teamId: number | null; folder: string } {
  const teamId = scopeTeamId(request, requested) ?? null;
  const root = ftpVoiceFilePathOf(store);
  if (teamId === null) return { teamId, folder: bulkFolderOf(root, null) };
  const team = store.teams.find(teamId);
  if (team === undefined) throw new ValidationError('teamId', `team ${teamId} does not exist`);
  return { teamId, folder: bulkFolderOf(root, team.uid) };
}

/**
 * GET and POST /voice-files/bulk-import (spec 02 §3.17): list the files
 * uploaded by FTP under the system setting `ftpVoiceFilePath`, then import
 * the ticked ones as voice files and call prompts in one transaction.
 */
export function registerVoiceFileBulkImportRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  audio: AudioFiles,
): void {
  app.get(
    PATH,
    {
      schema: {
        summary: 'List the audio files a bulk import can read (.wav, .mp3, .gsm)',
        tags,
        querystring: bulkQuerySchema,
        response: { 200: bulkListingSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const query = request.query as z.output<typeof bulkQuerySchema>;
      const { folder } = bulkTeam(store, request, query.teamId);
      return { folder, files: scanBulkFolder(folder) };
    },
  );

  app.post(
    PATH,
    {
      schema: {
        summary: 'Import FTP-uploaded audio as voice files and call prompts (BULK-1, BULK-2)',
        description:
          'All or nothing: every file is checked and converted as an upload is (.wav, .mp3; ' +
          'a .gsm file is raw GSM 06.10 by its extension); any bad ' +
          'file is a 400 listing each one, and nothing is written. A file becomes the ' +
          'voice files <base>_<lang>; ticked languages become variants of the prompt ' +
          '<base>. A re-run creates nothing twice: existing voice files are kept, ' +
          'existing prompts get the ticked variants.',
        tags,
        body: bulkImportBodySchema,
        response: { 200: bulkResultSchema, 400: errorBodySchema },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin', 'teamAdmin');
      const body = request.body as z.output<typeof bulkImportBodySchema>;
      const { teamId, folder } = bulkTeam(store, request, body.teamId);
      const planned = await planBulkImport(
        store,
        folder,
        { teamId, importAllAsVoiceFiles: body.importAllAsVoiceFiles, files: body.files },
        request.log,
      );
      if ('issues' in planned) {
        const first = planned.issues[0]!;
        const error: ApiErrorBody = {
          code: planned.isFormat ? 'ERR_AUDIO_FORMAT' : 'ERR_VALIDATION',
          message: `${first.field}: ${first.message}`,
          issues: planned.issues,
        };
        return reply.code(400).send(error);
      }
      const written: VoiceFile[] = [];
      try {
        const result = writeAs(store, request, () => {
          const done = runBulkImport(store, audio, planned.plan, written);
          audit(store, request, {
            action: 'create',
            resource: 'voice-files',
            objectId: null,
            teamId,
            detail: { bulkImport: done },
          });
          return done;
        });
        request.log.info({ teamId, ...result }, 'bulk voice-file import done');
        return reply.code(200).send(result);
      } catch (error) {
        // The rows rolled back: their audio must not outlive them.
        for (const file of written) audio.remove(file);
        throw error;
      }
    },
  );
}

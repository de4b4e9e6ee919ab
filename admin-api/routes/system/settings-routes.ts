import { dirname, isAbsolute, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import {
  EXPORT_WINDOW_KEY,
  exportWindowOf,
  exportWindowSchema,
} from '../../plugins/export-window.ts';
import { audit } from '../shared/audit.ts';

/*
 * System settings (spec 04 系统设置 → 系统基础设置) kept in the store's
 * key/value settings table: `ftpVoiceFilePath`, the server directory bulk
 * voice-file import reads (spec 02 §3.17), and `exportWindow` (AC-8).
 */

/** Settings-table key of `FTP语音文件路径`. */
export const FTP_VOICE_FILE_PATH_KEY = 'system.ftpVoiceFilePath';

/**
 * The bulk-import directory: the setting, or `<dataDir>/soundfiles`, beside
 * the database, when it was never set.
 */
export function ftpVoiceFilePathOf(store: ConfigStore): string {
  return store.settings.get(FTP_VOICE_FILE_PATH_KEY) ?? join(dirname(store.path), 'soundfiles');
}

/** GET and PATCH /system/settings. */
export const systemSettingsSchema = z.object({
  ftpVoiceFilePath: z
    .string()
    .min(1)
    .max(1024)
    .refine(isAbsolute, 'an absolute path')
    .meta({ description: 'FTP语音文件路径: where bulk voice-file import reads (§3.17)' }),
  exportWindow: exportWindowSchema.nullable().meta({
    description:
      'AC-8 导出时间: accounts with exportTimeLimited export only from start up to end, local ' +
      'time in timezone (a start after the end spans midnight); null: no window',
  }),
});

/** PATCH body: any subset of the settings. */
const patchSystemSettingsSchema = systemSettingsSchema.partial().strict();

/** System settings; the superadmin reads and changes them. */
export function registerSystemSettingRoutes(app: FastifyInstance, store: ConfigStore): void {
  const current = () => ({
    ftpVoiceFilePath: ftpVoiceFilePathOf(store),
    exportWindow: exportWindowOf(store) ?? null,
  });
  app.get(
    '/system/settings',
    {
      schema: {
        summary: 'System settings',
        tags: ['system'],
        response: { 200: systemSettingsSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin');
      return current();
    },
  );
  app.patch(
    '/system/settings',
    {
      schema: {
        summary: 'Change system settings',
        tags: ['system'],
        body: patchSystemSettingsSchema,
        response: { 200: systemSettingsSchema },
      },
    },
    async (request) => {
      requireRole(request, 'superadmin');
      const patch = request.body as z.output<typeof patchSystemSettingsSchema>;
      store.transaction(() => {
        if (patch.ftpVoiceFilePath !== undefined) {
          store.settings.set(FTP_VOICE_FILE_PATH_KEY, patch.ftpVoiceFilePath);
        }
        if (patch.exportWindow !== undefined) {
          store.settings.set(EXPORT_WINDOW_KEY, JSON.stringify(patch.exportWindow));
        }
        audit(store, request, {
          action: 'update',
          resource: 'system-settings',
          objectId: null,
          teamId: null,
          detail: { changes: patch },
        });
      });
      return current();
    },
  );
}

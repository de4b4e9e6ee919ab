/*
 * Voicemail boxes over the config store: a box as the voicemail
 * application reads it (app-pbx.ts), and the message counts behind
 * message-waiting NOTIFYs (app.ts gives them to the SIP stack).
 */
import { join } from 'node:path';
import type { ConfigStore } from './core/config-store/index.ts';
import { FileVoicemailStore } from './pbx/index.ts';

/** A stored box with its extension's number and PIN; none without one. */
export function voicemailBox(
  store: ConfigStore,
  box: ReturnType<ConfigStore['voicemailBoxes']['find']>,
) {
  if (box === undefined) return undefined;
  const ext = store.extensions.find(box.extensionId);
  if (ext === undefined) return undefined;
  return { ...box, extensionNumber: ext.internalNumber, pin: store.voicemailBoxes.getPin(box.id) };
}

/** The voicemail counts of extension `number` of `teamId`, for RFC 3842 NOTIFYs. */
export function mailboxCounter(
  store: ConfigStore,
  dataDir: string,
): (teamId: number, number: string) => Promise<{ newCount: number; oldCount: number } | undefined> {
  const messages = new FileVoicemailStore(join(dataDir, 'voicemail'));
  return async (teamId, number) => {
    const entry = store.internalNumbers.lookup(teamId, number);
    if (entry?.kind !== 'extension' || entry.ownerId === null) return undefined;
    const box = store.voicemailBoxes.findByExtension(entry.ownerId);
    if (box === undefined) return undefined;
    const list = await messages.list(box.id);
    const newCount = list.filter((m) => !m.isRead).length;
    return { newCount, oldCount: list.length - newCount };
  };
}

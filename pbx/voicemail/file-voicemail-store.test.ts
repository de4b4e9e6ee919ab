import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileVoicemailStore } from './file-voicemail-store.ts';
import type { VoicemailBox } from './voicemail-store.ts';

const box: VoicemailBox = {
  id: 4,
  teamId: 1,
  extensionNumber: '1001',
  pin: null,
  email: null,
  attachAudio: false,
  deleteAfterEmail: false,
  greeting: 'system',
  maxMessages: 10,
  maxMessageSec: 60,
};

describe('FileVoicemailStore', () => {
  it('save() then list() in a new store → the message is there, oldest first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sy-vm-'));
    const store = new FileVoicemailStore(root);
    const paths = [await store.allocatePath(box), await store.allocatePath(box)];
    for (const [i, p] of paths.entries()) {
      writeFileSync(p, 'RIFF');
      await store.save({
        boxId: 4,
        teamId: 1,
        callerNumber: `100${i}`,
        leftAtMs: 2000 - i,
        durationMs: 1500,
        filePath: p,
        isRead: false,
      });
    }
    const listed = await new FileVoicemailStore(root).list(4);
    expect(listed.map((m) => m.callerNumber)).toEqual(['1001', '1000']);
    expect(await store.list(5)).toEqual([]);
  });

  it('setRead() and remove() by id → the flag persists, remove deletes both files', async () => {
    const store = new FileVoicemailStore(mkdtempSync(join(tmpdir(), 'sy-vm-')));
    const path = await store.allocatePath(box);
    writeFileSync(path, 'RIFF');
    const m = await store.save({
      boxId: 4,
      teamId: 1,
      callerNumber: '1000',
      leftAtMs: 1,
      durationMs: 1500,
      filePath: path,
      isRead: false,
    });
    await store.setRead(m.id, true);
    expect((await store.list(4))[0]!.isRead).toBe(true);
    await store.remove(m.id);
    expect(await store.list(4)).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('a WAV without its JSON (cut mid-save) → not listed; discard() deletes it', async () => {
    const store = new FileVoicemailStore(mkdtempSync(join(tmpdir(), 'sy-vm-')));
    const path = await store.allocatePath(box);
    writeFileSync(path, 'RIFF');
    expect(await store.list(4)).toEqual([]);
    await store.discard(path);
    expect(existsSync(path)).toBe(false);
  });
});

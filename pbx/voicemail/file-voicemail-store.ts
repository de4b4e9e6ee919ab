import { mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { uuid } from '../../core/index.ts';
import type {
  NewVoicemailMessage,
  VoicemailBox,
  VoicemailMessage,
  VoicemailStore,
} from './voicemail-store.ts';

const ID = /^(\d+)-([0-9a-f-]{36})$/;

/**
 * Voicemail messages as files: `<root>/box-<id>/<message id>.wav` with a
 * `.json` beside it holding who called, when, and whether it was heard.
 * The JSON is written to a temporary name and renamed, so a crash leaves
 * either the old or the new state (POSIX rename is atomic), never half a
 * file; a WAV without its JSON (the caller hung up mid-save) is not
 * listed. The id carries the box number, so setRead() and remove() find
 * the files without an index.
 */
export class FileVoicemailStore implements VoicemailStore {
  constructor(private readonly root: string) {}

  async allocatePath(box: VoicemailBox): Promise<string> {
    const dir = this.boxDir(box.id);
    await mkdir(dir, { recursive: true });
    return join(dir, `${box.id}-${uuid()}.wav`);
  }

  async save(message: NewVoicemailMessage): Promise<VoicemailMessage> {
    const id = basename(message.filePath, '.wav');
    const saved: VoicemailMessage = ID.test(id)
      ? { ...message, id }
      : { ...message, id: `${message.boxId}-${uuid()}` };
    await this.writeMeta(saved);
    return saved;
  }

  async list(boxId: number): Promise<readonly VoicemailMessage[]> {
    let names: string[];
    try {
      names = await readdir(this.boxDir(boxId));
    } catch {
      return [];
    }
    const out: VoicemailMessage[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const m = await this.readMeta(join(this.boxDir(boxId), name));
      if (m !== undefined) out.push(m);
    }
    return out.sort((a, b) => a.leftAtMs - b.leftAtMs);
  }

  async setRead(id: string, isRead: boolean): Promise<void> {
    const path = this.metaPath(id);
    if (path === undefined) return;
    const m = await this.readMeta(path);
    if (m !== undefined) await this.writeMeta({ ...m, isRead });
  }

  async remove(id: string): Promise<void> {
    const path = this.metaPath(id);
    if (path === undefined) return;
    const m = await this.readMeta(path);
    await unlink(path).catch(() => undefined);
    if (m !== undefined) await unlink(m.filePath).catch(() => undefined);
  }

  async discard(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(path);
    } catch {
      return undefined;
    }
  }

  private boxDir(boxId: number): string {
    return join(this.root, `box-${boxId}`);
  }

  private metaPath(id: string): string | undefined {
    const m = ID.exec(id);
    return m === null ? undefined : join(this.boxDir(Number(m[1])), `${id}.json`);
  }

  private async readMeta(path: string): Promise<VoicemailMessage | undefined> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as VoicemailMessage;
    } catch {
      return undefined;
    }
  }

  private async writeMeta(m: VoicemailMessage): Promise<void> {
    const path = join(this.boxDir(m.boxId), `${m.id}.json`);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp`;
    await writeFile(tmp, JSON.stringify(m));
    await rename(tmp, path);
  }
}

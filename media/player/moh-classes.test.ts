import { describe, expect, it } from 'vitest';
import { FakeClock, err, ok } from '../../core/index.ts';
import type { MediaError, Result } from '../../core/index.ts';
import { MohClasses } from './index.ts';
import type { MohPlaylist, Prompt } from './index.ts';

/** A prompt of constant `value`: a frame tells which file is playing. */
function constant(name: string, value: number, rateHz: number): Prompt {
  return { name, sampleRateHz: rateHz, samples: new Int16Array(rateHz).fill(value) };
}

/** Files `n<value>` load as constant prompts; anything else is missing. */
function setup(initial: Record<string, MohPlaylist>) {
  const clock = new FakeClock();
  const playlists = { ...initial };
  const loads: string[] = [];
  const loadPrompt = async (name: string, rateHz: number): Promise<Result<Prompt, MediaError>> => {
    loads.push(`${name}@${rateHz}`);
    const m = /^n(\d+)$/.exec(name);
    if (m === null) return err({ code: 'ERR_MEDIA_FILE_NOT_FOUND', detail: name });
    return ok(constant(name, Number(m[1]), rateHz));
  };
  const classes = new MohClasses({
    lookup: (name, teamId) => playlists[`${teamId ?? '-'}:${name}`],
    loadPrompt,
    clock,
  });
  return { clock, playlists, loads, classes };
}

function playlist(key: string, revision: string, files: string[]): MohPlaylist {
  return { key, revision, files };
}

async function listen(
  classes: MohClasses,
  name: string,
  teamId: number | undefined,
  rateHz = 8000,
): Promise<{ heard: number[]; leave: () => void }> {
  const heard: number[] = [];
  const joined = await classes.join(name, teamId, rateHz, (f) => heard.push(f[0]!));
  if (!joined.ok) throw new Error(joined.error.detail);
  return { heard, leave: joined.value };
}

describe('MohClasses', () => {
  it('join() when two callers hold in one class → one stream, one load, the same frames', async () => {
    const t = setup({ '3:jazz': playlist('team:3:jazz', 'r1', ['n7']) });
    const [a, b] = await Promise.all([listen(t.classes, 'jazz', 3), listen(t.classes, 'jazz', 3)]);
    t.clock.tick(60);
    expect(a.heard).toEqual([7, 7, 7]);
    expect(b.heard).toEqual([7, 7, 7]);
    expect(t.loads).toEqual(['n7@8000']);
    expect(t.classes.streamCount).toBe(1);
  });

  it('join() when legs differ in rate → one stream per rate, prompts loaded at each rate', async () => {
    const t = setup({ '-:default': playlist('system:default', 'r1', ['n1']) });
    const narrow = await listen(t.classes, 'default', undefined, 8000);
    const wide: Int16Array[] = [];
    await t.classes.join('default', undefined, 16000, (f) => wide.push(f.slice()));
    t.clock.tick(20);
    expect(narrow.heard).toEqual([1]);
    expect(wide[0]).toHaveLength(320);
    expect(t.loads).toEqual(['n1@8000', 'n1@16000']);
  });

  it('join() when the class changed → newcomers hear the new files, earlier callers keep theirs', async () => {
    const t = setup({ '3:jazz': playlist('team:3:jazz', 'r1', ['n1']) });
    const before = await listen(t.classes, 'jazz', 3);
    t.playlists['3:jazz'] = playlist('team:3:jazz', 'r2', ['n2']);
    const after = await listen(t.classes, 'jazz', 3);
    t.clock.tick(20);
    expect(before.heard).toEqual([1]);
    expect(after.heard).toEqual([2]);
    expect(t.classes.streamCount).toBe(2);
    before.leave();
    expect(t.classes.streamCount).toBe(1);
    t.clock.tick(20);
    expect(after.heard).toEqual([2, 2]);
  });

  it('join() when the class changed and nobody listened to the old one → the old stream closes', async () => {
    const t = setup({ '3:jazz': playlist('team:3:jazz', 'r1', ['n1']) });
    (await listen(t.classes, 'jazz', 3)).leave();
    t.playlists['3:jazz'] = playlist('team:3:jazz', 'r2', ['n2']);
    await listen(t.classes, 'jazz', 3);
    await Promise.resolve();
    expect(t.classes.streamCount).toBe(1);
  });

  it('MOH-3 join() when the class plays per caller → a newcomer starts at the first file, not where the others are', async () => {
    const perCaller = { ...playlist('team:3:calm', 'r1', ['n1', 'n2']), isPerCaller: true };
    const t = setup({ '3:calm': perCaller });
    const first = await listen(t.classes, 'calm', 3);
    t.clock.tick(1000);
    expect(first.heard.at(-1)).toBe(1);
    t.clock.tick(20);
    expect(first.heard.at(-1)).toBe(2);
    const second = await listen(t.classes, 'calm', 3);
    t.clock.tick(20);
    expect(second.heard).toEqual([1]);
    expect(first.heard.at(-1)).toBe(2);
    expect(t.classes.streamCount).toBe(2);
    first.leave();
    second.leave();
    expect(t.classes.streamCount).toBe(0);
    expect(t.clock.pendingCount).toBe(0);
  });

  it('join() when a file of the class is missing → the others play', async () => {
    const t = setup({ '3:mix': playlist('team:3:mix', 'r1', ['gone', 'n5']) });
    const a = await listen(t.classes, 'mix', 3);
    t.clock.tick(20);
    expect(a.heard).toEqual([5]);
  });

  it('join() when no file loads → ERR_MEDIA_FILE_NOT_FOUND, and the next join tries again', async () => {
    const t = setup({ '3:bad': playlist('team:3:bad', 'r1', ['gone']) });
    const first = await t.classes.join('bad', 3, 8000, () => undefined);
    expect(first.ok ? undefined : first.error.code).toBe('ERR_MEDIA_FILE_NOT_FOUND');
    await t.classes.join('bad', 3, 8000, () => undefined);
    expect(t.loads).toEqual(['gone@8000', 'gone@8000']);
    expect(t.classes.streamCount).toBe(0);
  });

  it('join() when the lookup finds no class → ERR_MEDIA_FILE_NOT_FOUND', async () => {
    const t = setup({});
    const r = await t.classes.join('jazz', 3, 8000, () => undefined);
    expect(r.ok ? undefined : r.error.code).toBe('ERR_MEDIA_FILE_NOT_FOUND');
  });

  it('close() → every stream stops and join() throws InvalidStateError', async () => {
    const t = setup({ '3:jazz': playlist('team:3:jazz', 'r1', ['n1']) });
    const a = await listen(t.classes, 'jazz', 3);
    t.classes.close();
    t.clock.tick(40);
    expect(a.heard).toEqual([]);
    expect(t.clock.pendingCount).toBe(0);
    await expect(t.classes.join('jazz', 3, 8000, () => undefined)).rejects.toThrow(/closed/);
  });
});

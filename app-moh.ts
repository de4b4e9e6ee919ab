/*
 * Music-on-hold classes (spec 02 §3.13) from the config store, for the
 * media server (app-media.ts), extension ringback (app.ts) and the PBX
 * applications (app-pbx.ts, app-queue-registry.ts, app-parking.ts). A
 * class is looked up on every join, so a change in the admin API reaches
 * the next caller put on hold without a restart.
 */
import { DEFAULT_MOH_IDENTIFIER } from './core/config-store/index.ts';
import type { ConfigStore, MohClass } from './core/config-store/index.ts';
import type { MediaPlaySource } from './core/index.ts';
import type { MohPlaylist, MohPlaylistLookup } from './media/player/index.ts';

/**
 * What plays when no class of the chain has a file: the switch's own
 * `<data-dir>/sounds/moh/default.wav`, as before classes were resolved.
 */
export const BUILTIN_MOH: MohPlaylist = {
  key: 'builtin:default',
  revision: 'builtin',
  files: ['moh/default'],
};

/** The store's part that MOH lookups read. */
export type MohStore = Pick<ConfigStore, 'mohClasses' | 'voiceFiles'>;

/**
 * Resolves a class identifier of a team: the team's class, else the
 * system's class of that identifier, else the team's `default`, else the
 * system `default` (MOH-2), else BUILTIN_MOH. A class without a playable
 * voice file is skipped, since silence is not what a caller on hold
 * should hear.
 */
export function mohPlaylistLookup(store: MohStore): MohPlaylistLookup {
  return (className, teamId) => {
    const classes = store.mohClasses.list(teamId);
    const find = (owner: number | null, identifier: string): MohClass | undefined =>
      classes.find((c) => c.teamId === owner && c.identifier === identifier);
    const chain: Array<[number | null, string]> = [];
    if (teamId !== undefined) chain.push([teamId, className]);
    chain.push([null, className]);
    if (teamId !== undefined) chain.push([teamId, DEFAULT_MOH_IDENTIFIER]);
    chain.push([null, DEFAULT_MOH_IDENTIFIER]);
    for (const [owner, identifier] of chain) {
      const found = find(owner, identifier);
      const playlist = found === undefined ? undefined : playlistOf(store, found);
      if (playlist !== undefined) return playlist;
    }
    return BUILTIN_MOH;
  };
}

/**
 * A class's voice files as play names (`<team or system>/<id>` below the
 * sounds dir, where admin-api stores uploads). The revision names the
 * class and each file with its update time: an edit of either, or a new
 * file list, starts a new stream.
 */
function playlistOf(store: MohStore, cls: MohClass): MohPlaylist | undefined {
  const files = cls.voiceFileIds
    .map((id) => store.voiceFiles.find(id))
    .filter((f) => f !== undefined);
  if (files.length === 0) return undefined;
  return {
    key: `${cls.teamId ?? 'system'}:${cls.identifier}`,
    revision: [
      `${cls.id}@${cls.updatedAt.getTime()}`,
      ...files.map((f) => `${f.id}@${f.updatedAt.getTime()}`),
    ].join(','),
    files: files.map((f) => `${f.teamId ?? 'system'}/${f.id}`),
    // MOH-3: a class set to perCaller gives each caller its own stream.
    isPerCaller: cls.applyMode === 'perCaller',
  };
}

/**
 * The play source of a MOH class row (parking lots keep its id): a
 * system class is looked up as the system's, so a team class of the same
 * identifier does not shadow it; null is the team's default class.
 */
export function mohSourceOfClassId(
  store: MohStore,
  classId: number | null,
  teamId: number,
): MediaPlaySource {
  const cls = classId === null ? undefined : store.mohClasses.find(classId);
  if (cls === undefined) return { moh: DEFAULT_MOH_IDENTIFIER, teamId };
  return cls.teamId === null ? { moh: cls.identifier } : { moh: cls.identifier, teamId };
}

/**
 * EXT-13: an extension's ringback, the MOH class its callers hear while it
 * rings; none when unset or when the class was deleted (the column has no
 * foreign key, D40), so the phone's own ringback tone plays.
 */
export function extensionRingback(
  store: ConfigStore,
): (teamId: number, extensionId: number) => MediaPlaySource | undefined {
  return (teamId, extensionId) => {
    const classId = store.extensions.find(extensionId)?.ringbackMohClassId ?? null;
    if (classId === null || store.mohClasses.find(classId) === undefined) return undefined;
    return mohSourceOfClassId(store, classId, teamId);
  };
}

import { randomPassword } from '../index.ts';
import { withActor } from './actor.ts';
import type { ConfigStore } from './open-store.ts';
import { hashPassword } from './password-hash.ts';
import { createObjects } from './team-import/create-objects.ts';
import { TEAM_IMPORT_ORDER } from './team-import/document.ts';
import type {
  TeamImportDocument,
  TeamImportOptions,
  TeamImportResult,
} from './team-import/document.ts';
import { ImportContext, fieldsOf, typed } from './team-import/import-context.ts';
import {
  linkDefaultTraffic,
  linkExternalAgentTrunk,
  linkObjects,
  linkOutboundTarget,
} from './team-import/link-objects.ts';

/*
 * Creates a new team from a team export (issue 7): every object is created
 * through its repository, so each one gets the same checks as through the
 * admin API, and all of it runs in one store transaction. Ids are mapped
 * per section, old → new; a reference to an id the document does not hold
 * is kept only where system-wide objects are allowed (trunks, prompts,
 * voice files, MOH classes, roles, templates), and fails otherwise. The
 * document's types are in team-import/document.ts, the id map in
 * import-context.ts, the first pass in create-objects.ts and the second
 * (cyclic destinations) in link-objects.ts.
 */

export { TEAM_IMPORT_ORDER } from './team-import/document.ts';
export type {
  ImportRow,
  TeamImportDocument,
  TeamImportOptions,
  TeamImportResult,
  TeamImportSection,
} from './team-import/document.ts';

/** Team fields set after the objects they name exist (TM-12). */
const DEFAULT_TRAFFIC = ['defaultTrafficType', 'defaultTrafficTargetId'];

/** Team fields naming a trunk or trunk group of the team (TM-5). */
const OUTBOUND_TARGET = ['outboundTargetType', 'outboundTargetId'];

/** Team fields naming the external-agent trunk or trunk group (TM-13). */
const EXTERNAL_AGENT_TRUNK = ['externalAgentTrunkType', 'externalAgentTrunkId'];

/**
 * Creates a new team holding a copy of every object of `doc`, in one
 * transaction: on any error nothing is written. Secrets the export leaves
 * out are generated and never returned or logged: SIP passwords and
 * voicemail PINs per object; account and agent passwords are one random
 * password, hashed once and then forgotten, so no one can log in until an
 * admin sets a password. A hash per account would cost ~0.45 s of scrypt
 * each (20 accounts: 9 s) for no gain, since no one knows any of them.
 * Trunk passwords are the carrier's: those trunks get a random one and are
 * listed. Voice files get their metadata only: the audio is not in `doc`.
 */
export async function importTeam(
  store: ConfigStore,
  doc: TeamImportDocument,
  options: TeamImportOptions,
): Promise<TeamImportResult> {
  const lockedHash = await hashPassword(randomPassword(32));
  return store.transaction(() => {
    const context = new ImportContext(store, doc, options, lockedHash);
    const result = withActor(options.actor ?? null, () => runImport(context));
    options.beforeCommit?.(result);
    return result;
  });
}

/** The team shell, both passes over the sections, then the team's links. */
function runImport(ctx: ImportContext): TeamImportResult {
  const { uid, name, sipDomain } = ctx.options;
  // TM-12: the default traffic names an object of the team, set below.
  const shell = fieldsOf(
    ctx.doc.team,
    'uid',
    'name',
    'sipDomain',
    ...DEFAULT_TRAFFIC,
    ...OUTBOUND_TARGET,
    ...EXTERNAL_AGENT_TRUNK,
  );
  const bare = ctx.store.teams.create(typed({ ...shell, uid, name, sipDomain }));
  createObjects(ctx, bare.id);
  linkObjects(ctx, bare.id);
  const team = linkExternalAgentTrunk(ctx, linkOutboundTarget(ctx, linkDefaultTraffic(ctx, bare)));
  const created = {} as TeamImportResult['created'];
  const idMap = {} as TeamImportResult['idMap'];
  for (const section of TEAM_IMPORT_ORDER) {
    created[section] = ctx.createdIn(section);
    const pairs = [...ctx.mapOf(section)].map(([from, to]) => [String(from), to]);
    idMap[section] = Object.fromEntries(pairs) as Record<string, number>;
  }
  return { team, created, idMap, ...ctx.result };
}

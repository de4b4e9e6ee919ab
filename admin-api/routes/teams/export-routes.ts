import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore, TeamImportSection } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idParamsSchema, idSchema, toApi } from '../shared/api-shape.ts';
import type { Equal, Expect } from '../shared/api-shape.ts';

/** Bumped on any change a reader of an older document must know about. */
export const TEAM_EXPORT_FORMAT_VERSION = 1;

/** The export document: the team, then one array per kind of object it owns. */
export type TeamExport = {
  formatVersion: typeof TEAM_EXPORT_FORMAT_VERSION;
  team: Record<string, unknown>;
} & Record<TeamExportSection, Array<Record<string, unknown>>>;

/**
 * The arrays of a TeamExport. Import creates them in its own order
 * (TEAM_IMPORT_ORDER), since failovers can form cycles no order breaks.
 */
export const TEAM_EXPORT_SECTIONS = [
  'accounts',
  'trunks',
  'trunkRules',
  'trunkGroups',
  'trunkGroupRules',
  'extensions',
  'dids',
  'didGroups',
  'outboundRoutes',
  'accountGroups',
  'agents',
  'queues',
  'agentGroups',
  'ringGroups',
  'ringGroupMembers',
  'workHours',
  'inboundRoutes',
  'callerListEntries',
  'conferenceRooms',
  'voicemailBoxes',
  'roles',
  'pbxTemplates',
  'callerIdRestrictions',
  'blfGroups',
  'voiceFiles',
  'callPrompts',
  'mohClasses',
  'ivrFlows',
  'applications',
  'accountRoles',
  'parkingLots',
  'featureCodes',
  'extensionRates',
  'agentInboundRates',
] as const;

/** One array of a TeamExport. */
export type TeamExportSection = (typeof TEAM_EXPORT_SECTIONS)[number];

// Import reads every section export writes, and no other.
type _SectionsMatchImport = Expect<Equal<TeamExportSection, TeamImportSection>>;

/** Which role each account of the team holds (spec 01 §1.8). */
export const accountRoleRowSchema = z.object({
  teamId: idSchema,
  accountId: idSchema,
  roleId: idSchema.meta({ description: 'A role of the team, or a system one' }),
});

function accountRolesOf(store: ConfigStore, teamId: number): Array<Record<string, unknown>> {
  return store.accounts.list(teamId).flatMap((account) => {
    const role = store.roles.roleOf(account.id);
    return role === undefined ? [] : [{ teamId, accountId: account.id, roleId: role.id }];
  });
}

/**
 * Rows with their template's name beside its id (TRK-14, EXT-16): a system
 * template has another id on another node, so import finds it by name.
 */
function withTemplateName(
  store: ConfigStore,
  rows: Array<{ templateId: number | null }>,
): Array<Record<string, unknown>> {
  const names = new Map(store.pbxTemplates.list().map((t) => [t.id, t.name]));
  return rows.map((row) => ({
    ...row,
    templateName: row.templateId === null ? null : (names.get(row.templateId) ?? null),
  }));
}

/**
 * Every object a team owns, as the API shows it, in one document. The
 * repositories' public types already leave out secrets (password hashes,
 * SIP and trunk secrets, voicemail PINs): the document is something an
 * admin downloads and mails around, and the ciphertexts would be useless on
 * another node anyway, since they are sealed with this node's secret.key.
 * System-wide rows (teamId null: trunks, roles, templates, prompts, voice
 * files, MOH classes) are not the team's and are left out. Voice files are
 * metadata only: their audio stays under <dataDir>/sounds.
 */
export function exportTeam(store: ConfigStore, teamId: number): TeamExport {
  const team = store.teams.find(teamId);
  if (team === undefined) throw new NotFoundError('team', teamId);
  // TM-11: the event URL travels; its verification string (the signing
  // key) is not in Team and never leaves the node (D58).
  const own = <T extends { teamId: number | null }>(rows: T[]) =>
    rows.filter((row) => row.teamId === teamId).map(toApi);
  return {
    formatVersion: TEAM_EXPORT_FORMAT_VERSION,
    team: toApi(team),
    accounts: own(store.accounts.list(teamId)),
    trunks: withTemplateName(store, own(store.trunks.list(teamId))),
    trunkRules: store.trunkRules
      .listForTrunks(store.trunks.list(teamId).flatMap((t) => (t.teamId === teamId ? [t.id] : [])))
      .map(toApi),
    trunkGroups: own(store.trunkGroups.list(teamId)),
    trunkGroupRules: store.trunkGroupRules.list(teamId).map(toApi),
    extensions: withTemplateName(store, own(store.extensions.list(teamId))),
    dids: own(store.dids.list(teamId)),
    didGroups: own(store.didGroups.list(teamId)),
    outboundRoutes: own(store.outboundRoutes.list(teamId)),
    accountGroups: own(store.accountGroups.list(teamId)),
    agents: own(store.agents.list(teamId)),
    queues: own(store.queues.list(teamId)),
    agentGroups: own(store.agentGroups.list(teamId)),
    ringGroups: own(store.ringGroups.list(teamId)),
    // RGM-1 priorities (and RGM-2 counts, which an import starts at 0).
    ringGroupMembers: own(store.ringGroupMembers.list(teamId)),
    workHours: own(store.workHours.list(teamId)),
    inboundRoutes: own(store.inboundRoutes.list(teamId)),
    callerListEntries: own(store.callerLists.list(teamId)),
    conferenceRooms: own(store.conferenceRooms.list(teamId)),
    voicemailBoxes: own(store.voicemailBoxes.list(teamId)),
    roles: own(store.roles.list(teamId)),
    pbxTemplates: own(store.pbxTemplates.list(teamId)),
    callerIdRestrictions: own(store.callerIdRestrictions.list(teamId)),
    blfGroups: own(store.blfGroups.list(teamId)),
    voiceFiles: own(store.voiceFiles.list(teamId)),
    callPrompts: own(store.callPrompts.list(teamId)),
    mohClasses: own(store.mohClasses.list(teamId)),
    ivrFlows: own(store.ivrFlows.list(teamId)),
    applications: own(store.applications.list(teamId)),
    accountRoles: accountRolesOf(store, teamId),
    parkingLots: own(store.parkingLots.list(teamId)),
    featureCodes: own(store.featureCodes.rows(teamId)),
    // 5.3: the team's own extension rates (not the system level's); with
    // rate routing they are the team's routing table too.
    extensionRates: own(store.rates.extension.list(teamId)),
    // 5.4: what the team charges its agents for inbound calls (AGT-9).
    agentInboundRates: own(store.rates.agentInbound.list(teamId)),
  };
}

/** GET /teams/:id/export (issue 7): the team as one JSON document. */
export function registerTeamExportRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/teams/:id/export',
    {
      schema: {
        summary: 'Export a team and everything it owns as one JSON document',
        description:
          'Secrets (password hashes, SIP and trunk secrets, voicemail PINs) are left out. ' +
          'A team admin may export only its own team.',
        tags: ['teams'],
        params: idParamsSchema,
        response: { 200: z.looseObject({ formatVersion: z.literal(TEAM_EXPORT_FORMAT_VERSION) }) },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const id = (request.params as { id: number }).id;
      // 404 alike for absent and foreign teams, as crud.ts answers.
      if (auth.role !== 'superadmin' && auth.teamId !== id) throw new NotFoundError('team', id);
      const document = store.transaction(() => exportTeam(store, id));
      return reply
        .header('content-disposition', `attachment; filename="team-${id}-export.json"`)
        .send(document);
    },
  );
}

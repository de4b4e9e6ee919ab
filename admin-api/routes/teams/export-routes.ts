import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idParamsSchema, toApi } from '../shared/api-shape.ts';

/** Bumped on any change a reader of an older document must know about. */
export const TEAM_EXPORT_FORMAT_VERSION = 1;

/** The export document: the team, then one array per kind of object it owns. */
export type TeamExport = {
  formatVersion: typeof TEAM_EXPORT_FORMAT_VERSION;
  team: Record<string, unknown>;
} & Record<TeamExportSection, Array<Record<string, unknown>>>;

/** The arrays of a TeamExport, in an order where references point backwards. */
export const TEAM_EXPORT_SECTIONS = [
  'accounts',
  'trunks',
  'trunkGroups',
  'extensions',
  'dids',
  'didGroups',
  'outboundRoutes',
  'accountGroups',
  'agents',
  'queues',
  'agentGroups',
  'ringGroups',
  'workHours',
  'inboundRoutes',
  'callerListEntries',
  'conferenceRooms',
  'voicemailBoxes',
] as const;

/** One array of a TeamExport. */
export type TeamExportSection = (typeof TEAM_EXPORT_SECTIONS)[number];

/**
 * Every object a team owns, as the API shows it, in one document. The
 * repositories' public types already leave out secrets (password hashes,
 * SIP and trunk secrets, voicemail PINs): the document is something an
 * admin downloads and mails around, and the ciphertexts would be useless on
 * another node anyway, since they are sealed with this node's secret.key.
 * System-wide trunks (teamId null) are not the team's and are left out.
 */
export function exportTeam(store: ConfigStore, teamId: number): TeamExport {
  const team = store.teams.find(teamId);
  if (team === undefined) throw new NotFoundError('team', teamId);
  const own = <T extends { teamId: number | null }>(rows: T[]) =>
    rows.filter((row) => row.teamId === teamId).map(toApi);
  return {
    formatVersion: TEAM_EXPORT_FORMAT_VERSION,
    team: toApi(team),
    accounts: own(store.accounts.list(teamId)),
    trunks: own(store.trunks.list(teamId)),
    trunkGroups: own(store.trunkGroups.list(teamId)),
    extensions: own(store.extensions.list(teamId)),
    dids: own(store.dids.list(teamId)),
    didGroups: own(store.didGroups.list(teamId)),
    outboundRoutes: own(store.outboundRoutes.list(teamId)),
    accountGroups: own(store.accountGroups.list(teamId)),
    agents: own(store.agents.list(teamId)),
    queues: own(store.queues.list(teamId)),
    agentGroups: own(store.agentGroups.list(teamId)),
    ringGroups: own(store.ringGroups.list(teamId)),
    workHours: own(store.workHours.list(teamId)),
    inboundRoutes: own(store.inboundRoutes.list(teamId)),
    callerListEntries: own(store.callerLists.list(teamId)),
    conferenceRooms: own(store.conferenceRooms.list(teamId)),
    voicemailBoxes: own(store.voicemailBoxes.list(teamId)),
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

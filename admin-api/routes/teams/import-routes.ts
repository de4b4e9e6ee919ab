import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { randomPassword } from '../../../core/index.ts';
import { importTeam, TEAM_IMPORT_ORDER } from '../../../core/config-store/index.ts';
import type { ConfigStore, TeamImportSection } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import type { ApiErrorBody } from '../../plugins/error-handler.ts';
import { accountGroupSchema } from '../account-groups/schema.ts';
import { accountSchema } from '../accounts/schema.ts';
import { agentGroupSchema } from '../agent-groups/schema.ts';
import { agentSchema } from '../agents/schema.ts';
import { applicationSchema } from '../applications/schema.ts';
import { blfGroupSchema } from '../blf-groups/schema.ts';
import { callPromptSchema } from '../call-prompts/schema.ts';
import { callerIdRestrictionSchema } from '../caller-id-restrictions/schema.ts';
import { callerListEntrySchema } from '../caller-lists/schema.ts';
import { conferenceRoomSchema } from '../conference-rooms/schema.ts';
import { didGroupSchema } from '../did-groups/schema.ts';
import { didSchema } from '../dids/schema.ts';
import { extensionSchema } from '../extensions/schema.ts';
import { inboundRouteSchema } from '../inbound-routes/schema.ts';
import { ivrSchema } from '../ivrs/schema.ts';
import { mohClassSchema } from '../moh-classes/schema.ts';
import { outboundRouteSchema } from '../outbound-routes/schema.ts';
import { queueSchema } from '../queues/schema.ts';
import { agentInboundRateSchema, extensionRateSchema } from '../rates/schema.ts';
import { ringGroupSchema } from '../ring-groups/schema.ts';
import { ringGroupMemberSchema } from '../ring-group-members/schema.ts';
import { roleSchema } from '../roles/schema.ts';
import { audit } from '../shared/audit.ts';
import { errorBodySchema, toApi } from '../shared/api-shape.ts';
import { pbxTemplateSchema } from '../templates/schema.ts';
import { trunkGroupRuleSchema } from '../trunk-groups/rules-schema.ts';
import { trunkGroupSchema } from '../trunk-groups/schema.ts';
import { trunkSchema } from '../trunks/schema.ts';
import { trunkRuleSchema } from '../trunks/rules-schema.ts';
import { voiceFileSchema } from '../voice-files/schema.ts';
import { voicemailBoxSchema } from '../voicemail-boxes/schema.ts';
import { workHoursSchema } from '../work-hours/schema.ts';
import { parkingLotSchema } from '../parking-lots/schema.ts';
import { featureCodeRowSchema } from '../feature-codes/schema.ts';
import { accountRoleRowSchema, TEAM_EXPORT_FORMAT_VERSION } from './export-routes.ts';
import { teamSchema } from './schema.ts';

/** An export may hold thousands of rows; the API's default is 1 MiB. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** TRK-14 / EXT-16: how a system template is found on this node. */
const templateNameSchema = z.string().max(100).nullable().optional();

/**
 * Each section is checked with the schema its resource's GET answers
 * with, so a document is valid exactly when export could have written it.
 */
const SECTION_SCHEMAS: Record<TeamImportSection, z.ZodType> = {
  roles: roleSchema,
  pbxTemplates: pbxTemplateSchema,
  voiceFiles: voiceFileSchema,
  callPrompts: callPromptSchema,
  mohClasses: mohClassSchema,
  accounts: accountSchema,
  accountRoles: accountRoleRowSchema,
  trunks: trunkSchema.extend({ templateName: templateNameSchema }),
  trunkRules: trunkRuleSchema,
  trunkGroups: trunkGroupSchema,
  trunkGroupRules: trunkGroupRuleSchema,
  callerIdRestrictions: callerIdRestrictionSchema,
  extensions: extensionSchema.extend({ templateName: templateNameSchema }),
  voicemailBoxes: voicemailBoxSchema,
  blfGroups: blfGroupSchema,
  dids: didSchema,
  didGroups: didGroupSchema,
  outboundRoutes: outboundRouteSchema,
  accountGroups: accountGroupSchema,
  extensionRates: extensionRateSchema,
  agents: agentSchema,
  // Exports older than Q-19 lack multiParty; the store's default (true) applies.
  queues: queueSchema.partial({ multiParty: true }),
  // Exports older than GRP-11 lack mediaAccess; the store's default (idleAndMedia) applies.
  agentGroups: agentGroupSchema.partial({ mediaAccess: true }),
  agentInboundRates: agentInboundRateSchema,
  ringGroups: ringGroupSchema,
  ringGroupMembers: ringGroupMemberSchema,
  workHours: workHoursSchema,
  conferenceRooms: conferenceRoomSchema,
  applications: applicationSchema,
  ivrFlows: ivrSchema,
  parkingLots: parkingLotSchema,
  inboundRoutes: inboundRouteSchema,
  callerListEntries: callerListEntrySchema,
  featureCodes: featureCodeRowSchema,
};

/** A whole export document; sections a document lacks are empty. */
export const teamDocumentSchema = z.strictObject({
  formatVersion: z.literal(TEAM_EXPORT_FORMAT_VERSION),
  // Exports older than §1.11 current fees lack them; an import never
  // copies them anyway (FIN-1: only adjustments move them). Exports leave
  // out the TM-11 eventUrl (D47); newer ones carry it without its secret.
  // Exports older than 5.3(c)3 rate routing lack rateRouting: off.
  team: teamSchema.partial({ currentFeesE4: true, eventUrl: true, rateRouting: true }),
  ...Object.fromEntries(
    TEAM_IMPORT_ORDER.map((section) => [section, z.array(SECTION_SCHEMAS[section]).optional()]),
  ),
});

/** The new team's identity, which must be free system-wide (TM-1). */
const importQuerySchema = z.strictObject({
  uid: teamSchema.shape.uid,
  name: teamSchema.shape.name,
  sipDomain: z.string().min(1).max(253).optional(),
  includeDids: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'Import DIDs too; 409 naming the first one taken' }),
});

const importResultSchema = z.object({
  team: teamSchema,
  created: z.record(z.string(), z.int()),
  idMap: z.record(z.string(), z.record(z.string(), z.int())),
  regeneratedCredentials: z.object({
    accounts: z.array(z.string()),
    agents: z.array(z.string()),
    extensions: z.array(z.string()),
    voicemailBoxes: z.array(z.string()),
  }),
  trunksWithoutSecret: z.array(z.string()),
  eventUrlWithoutSecret: z.boolean().meta({
    description:
      'TM-11: the eventUrl was imported with a generated verification string; set the ' +
      'receiver’s one with PATCH /teams/:id before it can check the signatures',
  }),
  skipped: z.object({ dids: z.array(z.string()), inboundRoutes: z.array(z.string()) }),
});

/** `body.extensions[3].internalNumber` from zod's path. */
function jsonPath(path: readonly PropertyKey[]): string {
  let out = 'body';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

/** POST /teams/import (issue 7): a new team from an export document. */
export function registerTeamImportRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.post(
    '/teams/import',
    {
      bodyLimit: MAX_DOCUMENT_BYTES,
      schema: {
        summary: 'Create a new team from a team export document',
        description:
          'All or nothing, in one transaction. Ids are remapped. Secrets are not in ' +
          'exports: account, agent and SIP passwords and voicemail PINs are generated ' +
          '(listed, never returned), trunk passwords must be entered again. Voice ' +
          'files are created without audio. DIDs are skipped unless includeDids=true.',
        tags: ['teams'],
        querystring: importQuerySchema,
        body: z.looseObject({ formatVersion: z.literal(TEAM_EXPORT_FORMAT_VERSION) }),
        response: { 201: importResultSchema, 400: errorBodySchema },
      },
    },
    async (request, reply) => {
      requireRole(request, 'superadmin');
      const query = request.query as z.output<typeof importQuerySchema>;
      const parsed = teamDocumentSchema.safeParse(request.body);
      if (!parsed.success) {
        // As the error handler does, an unknown key is named on its own.
        const issues = parsed.error.issues.flatMap((issue) =>
          issue.code === 'unrecognized_keys'
            ? issue.keys.map((key) => ({
                field: jsonPath([...issue.path, key]),
                message: 'unknown field',
              }))
            : [{ field: jsonPath(issue.path), message: issue.message }],
        );
        const body: ApiErrorBody = {
          code: 'ERR_VALIDATION',
          message: `${issues[0]?.field ?? 'body'}: ${issues[0]?.message ?? 'invalid'}`,
          issues,
        };
        return reply.code(400).send(body);
      }
      // TM-11: a team with an eventUrl needs a verification string, which
      // no export carries; a random one keeps the URL (D58).
      const { eventUrl, ...team } = parsed.data.team;
      const doc = { ...parsed.data, team } as Parameters<typeof importTeam>[1];
      const result = await importTeam(store, doc, {
        uid: query.uid,
        name: query.name,
        sipDomain: query.sipDomain ?? null,
        includeDids: query.includeDids === 'true',
        actor: request.auth?.username ?? null,
        beforeCommit: (done) => {
          if (typeof eventUrl === 'string') {
            store.teams.update(done.team.id, { eventUrl, verificationString: randomPassword(32) });
          }
          audit(store, request, {
            action: 'create',
            resource: 'team',
            objectId: done.team.id,
            teamId: done.team.id,
            detail: { importedFrom: parsed.data.team.uid, created: done.created },
          });
        },
      });
      request.log.info({ teamId: result.team.id, created: result.created }, 'team imported');
      const imported = store.teams.find(result.team.id) ?? result.team;
      return reply.code(201).send({
        ...result,
        team: toApi(imported),
        eventUrlWithoutSecret: typeof eventUrl === 'string',
      });
    },
  );
}

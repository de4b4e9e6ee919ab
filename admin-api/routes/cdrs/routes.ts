import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  decodeCdrCursor,
  encodeCdrCursor,
  type CdrRecord,
  type CdrStore,
} from '../../../core/cdr-store/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { agentCalls, requireAgentCdrAccess } from '../../plugins/agent-scope.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import { registerCdrLegsRoute } from './legs-route.ts';
import { registerCsvExport } from '../shared/list-export.ts';
import { cdrPageSchema, cdrSchema, exportCdrsQuerySchema, listCdrsQuerySchema } from './schema.ts';

type CdrQuery = Omit<z.output<typeof listCdrsQuerySchema>, 'limit'>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toApi(r: CdrRecord) {
  return {
    id: r.callId,
    teamId: r.teamId,
    callType: r.callType,
    callerNumber: r.callerNumber,
    callerName: r.callerName,
    calledNumber: r.calledNumber,
    did: r.did,
    callTime: new Date(r.startedAtMs).toISOString(),
    answerTime: iso(r.answeredAtMs),
    endTime: iso(r.endedAtMs),
    totalDuration: r.totalDurationSec,
    billableDuration: r.billableDurationSec,
    result: r.result,
    hangupCause: r.hangupCause,
    hangupSide: r.hangupSide,
    sipStatus: r.sipStatus,
    codec: r.codec,
    mos: r.mos,
    ivrInput: r.ivrInput,
    ivrDurationMs: r.ivrDurationMs,
    agentId: r.agentId ?? null,
  };
}

/**
 * GET /cdrs: call detail records, newest first, of the caller's team (a
 * superadmin: every team, or ?teamId=), filtered by call time (CDR-4) and
 * by account and by agent; a `user` account sees the calls of its own
 * extensions, an agent token its own calls if its team allows (TM-10,
 * AgentCalls).
 */
export function registerCdrRoutes(
  app: FastifyInstance,
  cdrs: CdrStore,
  store: Pick<ConfigStore, 'extensions' | 'agents' | 'agentSessions' | 'teams' | 'accounts'>,
): void {
  /**
   * The extensions whose calls the query asks for by account (accountId,
   * and D102's username resolved within the caller's team), or undefined
   * when it names no account. ACC-2 sets a `user` account's own accountId,
   * so a username names none of another's extensions.
   */
  const extensionsOfAccounts = (q: CdrQuery, teamId: number | undefined) => {
    let accountIds = q.accountId === undefined ? undefined : [q.accountId];
    if (q.username !== undefined) {
      const named = store.accounts.idsByUsername(q.username, teamId);
      accountIds =
        accountIds === undefined ? named : named.filter((id) => accountIds!.includes(id));
    }
    return accountIds?.flatMap((id) => store.extensions.idsOfAccount(id));
  };

  /** The records a query asks for, newest first, at most `limit`. */
  const rowsOf = (request: FastifyRequest, q: CdrQuery, limit: number): Promise<CdrRecord[]> => {
    const auth = requireRole(request, 'superadmin', 'teamAdmin');
    const teamId = scopeTeamId(request, q.teamId) ?? undefined;
    // TM-10 / CDR-4: an agent sees only its own calls, and only if the
    // team allows; its accountId and agentId queries are ignored, not
    // widened.
    const isAgent = auth.agentId !== undefined;
    if (isAgent) requireAgentCdrAccess(store, auth.teamId!, 'records');
    // ACC-2: a user account's query carries its own accountId (auth-access).
    return cdrs.listAsync({
      teamId,
      agentCalls: isAgent ? agentCalls(store, auth.agentId!) : undefined,
      agentId: isAgent ? undefined : q.agentId,
      teamIds: q.teamName === undefined ? undefined : store.teams.idsByName(q.teamName),
      extensionIds: isAgent ? undefined : extensionsOfAccounts(q, teamId),
      sinceMs: q.since === undefined ? undefined : Date.parse(q.since),
      untilMs: q.until === undefined ? undefined : Date.parse(q.until),
      after: q.cursor === undefined ? undefined : decodeCdrCursor(q.cursor),
      hasRecording: q.hasRecording,
      match: {
        callId: q.id,
        callerNumber: q.callerNumber,
        calledNumber: q.calledNumber,
        did: q.did,
        callType: q.callType,
        result: q.result,
        trunkId: q.trunkId,
        extensionId: q.extensionId,
      },
      contains: {
        callerNumber: q.callerNumberContains,
        calledNumber: q.calledNumberContains,
        did: q.didContains,
      },
      empty: { did: q.didEmpty, agentId: isAgent ? undefined : q.agentIdEmpty },
      durations: {
        totalDurationSec: { gt: q.totalDurationGt, lt: q.totalDurationLt },
        billableDurationSec: { gt: q.billableDurationGt, lt: q.billableDurationLt },
      },
      limit,
    });
  };

  app.withTypeProvider<ZodTypeProvider>().get(
    '/cdrs',
    {
      schema: {
        summary: 'Call detail records, newest first',
        tags: ['cdrs'],
        querystring: listCdrsQuerySchema,
        response: { 200: cdrPageSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await rowsOf(request, q, q.limit + 1);
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return {
        items: items.map(toApi),
        nextCursor: rows.length > q.limit && last !== undefined ? encodeCdrCursor(last) : null,
      };
    },
  );

  // The search panel's export (导出, D100): the same records, all of them, as CSV.
  registerCsvExport(app, {
    path: 'cdrs',
    entitySchema: cdrSchema,
    querySchema: exportCdrsQuerySchema,
    read: rowsOf,
    toRow: toApi,
  });
  registerCdrLegsRoute(app, cdrs, store);
}

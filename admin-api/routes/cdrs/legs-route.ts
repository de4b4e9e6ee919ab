import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LEG_PURPOSES, NotFoundError } from '../../../core/index.ts';
import {
  CALL_RESULTS,
  LEG_TARGETS,
  isAgentsCall,
  type CdrLegRecord,
  type CdrRecord,
  type CdrStore,
} from '../../../core/cdr-store/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { agentCalls, requireAgentCdrAccess } from '../../plugins/agent-scope.ts';
import { requireRole } from '../../plugins/auth.ts';
import type { AuthContext } from '../../plugins/auth.ts';
import { errorBodySchema } from '../shared/api-shape.ts';

const iso = z.string().nullable();

/** One leg of a call (spec 01 §2.8 CdrLeg, CDR-1). */
const cdrLegSchema = z.object({
  legId: z.string(),
  target: z.enum(LEG_TARGETS).meta({ description: '呼叫类型: an extension or a trunk' }),
  calledNumber: z.string().meta({ description: '被叫' }),
  extensionId: z.number().int().nullable(),
  trunkId: z.number().int().nullable(),
  agentId: z.number().int().nullable().meta({ description: 'The agent signed in there' }),
  agentNo: z.string().nullable().meta({ description: '坐席工号' }),
  agentGroupId: z
    .number()
    .int()
    .nullable()
    .meta({ description: "坐席组: for a queue's agent leg, the agent's group serving the queue" }),
  purpose: z
    .enum(LEG_PURPOSES)
    .nullable()
    .meta({
      description:
        '属性 / 咨询类型: ringGroup member, queue agent, blindTransfer or consult target, ' +
        'party, dial, clickToCall',
    }),
  callTime: z.string().meta({ description: '呼叫时间: when the leg was placed' }),
  answerTime: iso.meta({ description: '应答时间' }),
  endTime: z.string(),
  totalDuration: z.number().int().meta({ description: '总时长, seconds' }),
  billableDuration: z.number().int().meta({ description: '计费时长, seconds' }),
  result: z.enum(CALL_RESULTS).meta({ description: '通话结果' }),
  hangupCause: z.number().int().nullable().meta({ description: 'Q.850 cause' }),
});

const legsSchema = z.object({ callId: z.string(), items: z.array(cdrLegSchema) }).meta({
  example: {
    callId: 'a84b4c76e66710',
    items: [
      {
        legId: 'leg-1',
        target: 'extension',
        calledNumber: '1001',
        extensionId: 5,
        trunkId: null,
        agentId: 95,
        agentNo: '8001',
        agentGroupId: 3,
        purpose: 'queue',
        callTime: '2026-01-01T09:00:01.000Z',
        answerTime: null,
        endTime: '2026-01-01T09:00:16.000Z',
        totalDuration: 15,
        billableDuration: 0,
        result: 'no-answer',
        hangupCause: 19,
      },
    ],
  },
});

function toApi(leg: CdrLegRecord): z.output<typeof cdrLegSchema> {
  return {
    legId: leg.legId,
    target: leg.target,
    calledNumber: leg.calledNumber,
    extensionId: leg.extensionId,
    trunkId: leg.trunkId,
    agentId: leg.agentId,
    agentNo: leg.agentNo,
    agentGroupId: leg.agentGroupId,
    purpose: leg.purpose,
    callTime: new Date(leg.startedAtMs).toISOString(),
    answerTime: leg.answeredAtMs === null ? null : new Date(leg.answeredAtMs).toISOString(),
    endTime: new Date(leg.endedAtMs).toISOString(),
    totalDuration: leg.totalDurationSec,
    billableDuration: leg.billableDurationSec,
    result: leg.result,
    hangupCause: leg.hangupCause,
  };
}

/**
 * Whether the caller may see this CDR: its team's admin (a superadmin:
 * any), or an agent token for its own calls if the team allows (TM-10).
 */
function mayRead(
  store: Pick<ConfigStore, 'extensions' | 'agents' | 'agentSessions' | 'teams'>,
  auth: AuthContext,
  cdr: CdrRecord,
): boolean {
  if (auth.role === 'superadmin') return true;
  if (cdr.teamId !== auth.teamId) return false;
  if (auth.agentId !== undefined) {
    requireAgentCdrAccess(store, auth.teamId, 'records');
    return isAgentsCall(agentCalls(store, auth.agentId), cdr);
  }
  // ACC-2: a user account reads call records only as GET /cdrs lists its
  // own; auth-access answers 404 for one by id before this runs.
  return auth.role !== 'user';
}

/** GET /cdrs/:id/legs: the legs the switch placed for a call (CDR-1). */
export function registerCdrLegsRoute(
  app: FastifyInstance,
  cdrs: CdrStore,
  store: Pick<ConfigStore, 'extensions' | 'agents' | 'agentSessions' | 'teams'>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/cdrs/:id/legs',
    {
      schema: {
        summary: "A call's legs: ring-group members, queue agents, consults, parties",
        description:
          'Each leg the switch placed for the call, written when it ended (spec 01 §2.8 CdrLeg). ' +
          'Visible to whoever sees the CDR in GET /cdrs; 404 otherwise.',
        tags: ['cdrs'],
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: legsSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params;
      const cdr = cdrs.get(id);
      if (cdr === undefined || !mayRead(store, auth, cdr)) throw new NotFoundError('CDR', id);
      return { callId: cdr.callId, items: cdrs.legs(cdr.callId).map(toApi) };
    },
  );
}

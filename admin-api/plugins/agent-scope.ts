import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/index.ts';
import type { AgentCalls } from '../../core/cdr-store/index.ts';
import type { ConfigStore } from '../../core/config-store/index.ts';
import { ForbiddenError } from './api-errors.ts';

/*
 * What a token got with agentNo + apiPassword may do (spec 01 AGT-8,
 * TM-9, TM-10; D62). The list is closed: a route not named here is 403
 * for an agent token, so a route added later stays out of reach until
 * someone decides an agent needs it.
 */

/** Where the versioned API is mounted (api-v1.ts). */
const API_PREFIX = '/api/v1';

/** `METHOD url` of every route an agent token may call. */
const AGENT_ROUTES: ReadonlySet<string> = new Set(
  [
    'POST /agents/:id/sign-in',
    'POST /agents/:id/sign-out',
    'POST /agents/:id/pause',
    'POST /agents/:id/resume',
    'POST /agents/:id/end-wrap-up',
    'GET /agents/:id/session',
    'GET /agents/:id/workspace',
    'GET /agents/:id/queue-info',
    'POST /agents/:id/call',
    // only the call the agent is talking on; another is 404.
    'POST /calls/:id/parties',
    'DELETE /calls/:id/parties/:partyId',
    'DELETE /agents/:id/stale-call',
    'GET /cdrs',
    'GET /cdrs/:id/legs',
    'GET /recordings/:cdrId/audio',
    'GET /auth/me',
    'POST /auth/logout',
  ].map((route) => route.replace(' /', ` ${API_PREFIX}/`)),
);

/**
 * Routes where an agent may act on another agent; the route decides who
 * (a group admin clearing a member's call data, GRP-14).
 */
const OTHER_AGENT_ROUTES: ReadonlySet<string> = new Set([
  `DELETE ${API_PREFIX}/agents/:id/stale-call`,
]);

/**
 * Refuses, before the body is parsed, every route an agent token may not
 * call (403), and any agent id but its own (404, as for an object of
 * another team, so the answer tells nothing about other agents).
 */
export function enforceAgentScope(request: FastifyRequest, agentId: number): void {
  const routeUrl = request.routeOptions.url ?? '';
  const route = `${request.method} ${routeUrl}`;
  if (!AGENT_ROUTES.has(route)) {
    throw new ForbiddenError('an agent token may use only its own agent routes (AGT-8)');
  }
  if (routeUrl.startsWith(`${API_PREFIX}/agents/:id/`) && !OTHER_AGENT_ROUTES.has(route)) {
    const raw = (request.params as { id?: string | number }).id;
    if (Number(raw) !== agentId) throw new NotFoundError('agent', Number(raw));
  }
}

/** What an agent's team lets its agents see of their calls (TM-10). */
export type AgentCdrAccess = 'none' | 'records' | 'recordings';

/**
 * The extensions whose calls an agent sees (TM-10, CDR-4): the team
 * extension of its current session's phone and of its targetNumber.
 * An external phone has no extension, so its calls are not listed.
 */
export function agentExtensionIds(
  store: Pick<ConfigStore, 'agents' | 'agentSessions' | 'extensions'>,
  agentId: number,
): number[] {
  const agent = store.agents.find(agentId);
  if (agent === undefined) return [];
  const session = store.agentSessions.loadAll().find((row) => row.agentId === agentId);
  const numbers = new Set<string>();
  if (session !== undefined) numbers.add(session.phoneNumber);
  if (agent.targetNumber !== null) numbers.add(agent.targetNumber);
  const ids: number[] = [];
  for (const number of numbers) {
    const extension = store.extensions.findByNumber(agent.teamId, number);
    if (extension !== undefined) ids.push(extension.id);
  }
  return ids;
}

/** The calls an agent sees as its own (TM-10, CDR-4; AgentCalls). */
export function agentCalls(
  store: Pick<ConfigStore, 'agents' | 'agentSessions' | 'extensions'>,
  agentId: number,
): AgentCalls {
  return { agentId, extensionIds: agentExtensionIds(store, agentId) };
}

/**
 * The caller's agentCdrAccess, checked against what it needs: 403 when the
 * team gives its agents no records, or records but not recordings.
 */
export function requireAgentCdrAccess(
  store: Pick<ConfigStore, 'teams'>,
  teamId: number,
  needed: 'records' | 'recordings',
): void {
  const access: AgentCdrAccess = store.teams.find(teamId)?.agentCdrAccess ?? 'none';
  if (access === 'none' || (needed === 'recordings' && access !== 'recordings')) {
    throw new ForbiddenError(
      `the team's agentCdrAccess is ${access}; agents may not see ${needed} (TM-10)`,
    );
  }
}

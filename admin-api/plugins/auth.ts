import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiTokenKind, ConfigStore } from '../../core/config-store/index.ts';
import { ForbiddenError, UnauthorizedError } from './api-errors.ts';
import { enforceAgentScope } from './agent-scope.ts';
import { enforceOwnership, requireRoutePermission } from './auth-access.ts';
import type { Permission } from './auth-access.ts';
import { groupAdminScope } from './group-admin-scope.ts';

/** RBAC roles: systemAdmin accounts are superadmins (spec §1.1). */
export type Role = 'superadmin' | 'teamAdmin' | 'user';

/** Who is calling, set on every authenticated request. */
export interface AuthContext {
  accountId: number;
  username: string;
  role: Role;
  /** The caller's team; null for a superadmin. */
  teamId: number | null;
  tokenId: number;
  tokenKind: ApiTokenKind;
  /**
   * For a `user` account, the permission its role granted for this route
   * (spec 01 ACC-5); it lets the account past team-level role checks.
   */
  permission?: Permission | undefined;
  /**
   * For a `user` account that is 组管理员 of its account group: the
   * group's members, whose accounts and extensions it manages (AC-10).
   */
  managedAccountIds?: ReadonlySet<number> | undefined;
  /**
   * AGT-8: the agent a token got with agentNo + apiPassword acts for. Such
   * a request passes as a team admin of the agent's team, but only on the
   * routes agent-scope.ts lists and only for this agent (D62).
   */
  agentId?: number | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook; null on public routes. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no bearer token (login). */
    isPublic?: boolean;
  }
}

const ROLE_BY_ACCOUNT_TYPE = {
  systemAdmin: 'superadmin',
  teamAdmin: 'teamAdmin',
  user: 'user',
} as const satisfies Record<string, Role>;

/** The RBAC role of an account type. */
export function roleOf(accountType: keyof typeof ROLE_BY_ACCOUNT_TYPE): Role {
  return ROLE_BY_ACCOUNT_TYPE[accountType];
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`, the scheme case-insensitive. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Adds the bearer-token check to every route of `app`'s scope except those
 * with `config.isPublic`. It runs onRequest, before the body is parsed, so
 * an anonymous caller learns nothing from validation errors.
 */
export function installAuth(app: FastifyInstance, store: ConfigStore): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.isPublic === true) return;
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthorizedError('a bearer token is required');
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) throw new UnauthorizedError('malformed Authorization header', true);
    const owner = store.apiTokens.authenticate(token);
    // AC-4: a disabled account loses its sessions and keys at once.
    if (owner === undefined || owner.status !== 'enabled') {
      throw new UnauthorizedError('the token is unknown or expired', true);
    }
    if (owner.agentId !== null) {
      // AGT-5: a disabled agent loses its API access at once, as AC-4.
      if (owner.agentStatus !== 'enabled' || owner.teamId === null) {
        throw new UnauthorizedError('the token is unknown or expired', true);
      }
      enforceAgentScope(request, owner.agentId);
      request.auth = {
        accountId: owner.accountId,
        username: `agent:${owner.agentNo ?? ''}`,
        role: 'teamAdmin',
        teamId: owner.teamId,
        tokenId: owner.tokenId,
        tokenKind: owner.kind,
        agentId: owner.agentId,
      };
      return;
    }
    const role = roleOf(owner.accountType);
    const managed = role === 'user' ? groupAdminScope(store, owner.accountId) : undefined;
    request.auth = {
      accountId: owner.accountId,
      username: owner.username,
      role,
      teamId: owner.teamId,
      tokenId: owner.tokenId,
      tokenKind: owner.kind,
      permission:
        role === 'user'
          ? requireRoutePermission(store, request, owner.accountId, managed)
          : undefined,
      managedAccountIds: managed,
    };
  });
  // ACC-2 needs the validated params, query and body, so it runs later.
  app.addHook('preHandler', async (request) => {
    if (request.auth?.role === 'user') enforceOwnership(store, request, request.auth);
  });
}

/** The caller; throws 401 on a route that skipped authentication. */
export function authOf(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new UnauthorizedError('a bearer token is required');
  return request.auth;
}

/**
 * The caller, if their role is one of `roles`; otherwise 403. A `user`
 * account whose role granted this route's permission passes where a team
 * admin would (ACC-5), still scoped to its team and its own objects.
 */
export function requireRole(request: FastifyRequest, ...roles: Role[]): AuthContext {
  const auth = authOf(request);
  const isGrantedUser =
    auth.role === 'user' && auth.permission !== undefined && roles.includes('teamAdmin');
  if (!roles.includes(auth.role) && !isGrantedUser) {
    throw new ForbiddenError(`this needs the role ${roles.join(' or ')}`);
  }
  return auth;
}

/**
 * The team a request acts on. A superadmin acts on the team it names, or on
 * all teams (undefined) if it names none; anyone else acts on their own
 * team, and naming another is 403 whether or not that team exists, so the
 * answer reveals nothing about other tenants.
 */
export function scopeTeamId(
  request: FastifyRequest,
  requestedTeamId: number | null | undefined,
): number | null | undefined {
  const auth = authOf(request);
  if (auth.role === 'superadmin') return requestedTeamId;
  if (requestedTeamId !== undefined && requestedTeamId !== auth.teamId) {
    throw new ForbiddenError('you can act only on your own team');
  }
  return auth.teamId;
}

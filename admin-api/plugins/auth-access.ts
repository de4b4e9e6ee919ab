import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/index.ts';
import { grants } from '../../core/config-store/index.ts';
import type { ConfigStore, PermissionAction } from '../../core/config-store/index.ts';
import { ApiError, ForbiddenError } from './api-errors.ts';
import { groupAdminPermission, isWithinOwnerScope, spansGroup } from './group-admin-scope.ts';
import type { OwnerScope } from './group-admin-scope.ts';

/*
 * Role permissions (spec 01 §1.7, §1.8) and account-type scope (ACC-2) for
 * `user` accounts. Superadmins and team admins are not limited by a role:
 * the routes' own role lists and team scoping already bound them.
 */

/** A permission as the catalogue names it: page key and action (PRM-2). */
export interface Permission {
  page: string;
  action: PermissionAction;
}

/** 403 because the caller's role lacks the route's permission (ACC-5). */
export class PermissionDeniedError extends ApiError {
  constructor(message: string) {
    super(403, 'ERR_PERMISSION_DENIED', message);
  }
}

/** Where the versioned API is mounted (api-v1.ts). */
const API_PREFIX = '/api/v1/';

/** Resources every account may use on itself: its session and API keys. */
const SELF_RESOURCES: ReadonlySet<string> = new Set(['auth', 'api-keys']);

/** Path segments whose page key differs from the segment. */
const PAGE_BY_SEGMENT: Readonly<Record<string, string>> = { sip: 'sip-security' };

const ACTION_BY_METHOD: Readonly<Record<string, PermissionAction>> = {
  GET: 'view',
  HEAD: 'view',
  POST: 'add',
  PUT: 'edit',
  PATCH: 'edit',
  DELETE: 'delete',
};

/**
 * The permission a route needs (PRM-2): the first path segment names the
 * page, the method the action, an `export` segment the export action and
 * a `reload` segment the edit action.
 * `self` marks routes any account may use; undefined, routes outside the
 * catalogue, which a `user` account may not call.
 */
export function routePermission(method: string, routeUrl: string): Permission | 'self' | undefined {
  if (!routeUrl.startsWith(API_PREFIX)) return undefined;
  const segments = routeUrl.slice(API_PREFIX.length).split('/');
  const first = segments[0] ?? '';
  if (SELF_RESOURCES.has(first)) return 'self';
  // Applying staged configuration (POST …/reload) changes objects: edit.
  const action = segments.includes('export')
    ? 'export'
    : segments.includes('reload')
      ? 'edit'
      : ACTION_BY_METHOD[method];
  if (action === undefined) return undefined;
  return { page: PAGE_BY_SEGMENT[first] ?? first, action };
}

/**
 * Checks a `user` account's role for the route's permission and returns
 * it; throws ERR_PERMISSION_DENIED if the role does not grant it. A group
 * admin (`managed` set) also holds what AC-10 gives it on its members.
 */
export function requireRoutePermission(
  store: ConfigStore,
  request: FastifyRequest,
  accountId: number,
  managed?: ReadonlySet<number>,
): Permission | undefined {
  const routeUrl = request.routeOptions.url ?? '';
  const needed = routePermission(request.method, routeUrl);
  if (needed === 'self') return undefined;
  if (needed === undefined) {
    throw new PermissionDeniedError('no permission page covers this route; ask a team admin');
  }
  const held = store.roles.grantsOf(accountId);
  if (held === undefined || !grants(held.permissions, needed.page, needed.action)) {
    const asGroupAdmin = groupAdminPermission(request.method, routeUrl, managed);
    if (asGroupAdmin !== undefined) return asGroupAdmin;
  }
  if (held === undefined) {
    throw new PermissionDeniedError(
      `this account has no role, so it may not ${needed.action} ${needed.page}`,
    );
  }
  if (!grants(held.permissions, needed.page, needed.action)) {
    throw new PermissionDeniedError(
      `role "${held.roleName}" does not grant ${needed.action} on page ${needed.page}`,
    );
  }
  return needed;
}

/** How to tell whether a `user` account owns an object of a resource. */
interface Ownership {
  label: string;
  /** The owning account of object `id`, undefined if there is none. */
  ownerOf(store: ConfigStore, id: number): number | undefined;
  /**
   * For resources without an accountId field: the route filters its list
   * by owner itself (CrudSpec.ownerOf), and a new object must name
   * something the account owns, which this checks on the body.
   */
  ownsNew?(store: ConfigStore, body: unknown, scope: OwnerScope): boolean;
  /** Why ownsNew refused, for the 403 message. */
  newRule?: string;
}

/** The account owning a voicemail box: that of its extension (ACC-2). */
export function voicemailBoxOwner(
  store: ConfigStore,
  box: { extensionId: number } | undefined,
): number | undefined {
  if (box === undefined) return undefined;
  return store.extensions.find(box.extensionId)?.accountId ?? undefined;
}

/**
 * Resources whose objects belong to one account (ACC-2: "its extensions,
 * agents, CDRs"). A CDR's owner is the account of its extension; the list
 * is filtered by it in the CDR store, and no route reads one CDR by id.
 * A voicemail box's owner is the account of its extension.
 */
const OWNED: Readonly<Record<string, Ownership>> = {
  extensions: { label: 'extension', ownerOf: (s, id) => s.extensions.find(id)?.accountId },
  agents: { label: 'agent', ownerOf: (s, id) => s.agents.find(id)?.accountId },
  cdrs: { label: 'call record', ownerOf: () => undefined },
  'voicemail-boxes': {
    label: 'voicemail box',
    ownerOf: (s, id) => voicemailBoxOwner(s, s.voicemailBoxes.find(id)),
    ownsNew: (s, body, scope) =>
      voicemailBoxOwner(s, body as { extensionId: number }) === scope.accountId,
    newRule: 'it must belong to one of this account’s extensions',
  },
  // An account owns itself; a user account never creates one (AC-10).
  accounts: {
    label: 'account',
    ownerOf: (s, id) => s.accounts.find(id)?.id,
    ownsNew: () => false,
    newRule: 'accounts are created by admins',
  },
};

/**
 * Limits a `user` account to the objects it owns (ACC-2), after the body
 * and query are validated: one object, or a sub-resource of it such as
 * a box's messages, must be its own (404 otherwise, as for another
 * team's), a list is filtered to its own, and a new object must name it
 * (or, for voicemail boxes, one of its extensions) as the owner.
 */
export function enforceOwnership(store: ConfigStore, request: FastifyRequest, scope: OwnerScope) {
  const { accountId } = scope;
  const segments = (request.routeOptions.url ?? '').slice(API_PREFIX.length).split('/');
  const [resource = '', second] = segments;
  const ownership = OWNED[resource];
  if (ownership === undefined) return;
  const refuse = (why: string) =>
    new ForbiddenError(`a user account may use only its own ${resource} (ACC-2): ${why}`);
  // One object, or a sub-resource of it (a box's messages): the object
  // must be its own.
  if (second === ':id') {
    const id = (request.params as { id: number }).id;
    if (!isWithinOwnerScope(scope, resource, ownership.ownerOf(store, id))) {
      throw new NotFoundError(ownership.label, id);
    }
    return;
  }
  if (second !== undefined) throw refuse('bulk operations are for admins');
  const { ownsNew } = ownership;
  if (ownsNew !== undefined) {
    // The route filters its list by owner; a new object must be its own.
    if (request.method === 'GET' || ownsNew(store, request.body, scope)) return;
    throw refuse(ownership.newRule ?? 'it must be this account’s');
  }
  if (request.method === 'GET') {
    const query = request.query as { accountId?: number };
    if (query.accountId !== undefined && !isWithinOwnerScope(scope, resource, query.accountId)) {
      throw refuse(`accountId ${query.accountId} is not this account`);
    }
    // A group admin's list spans its members; the route filters it by
    // owner (CrudSpec.ownerOf), so the query names none (AC-10).
    if (query.accountId === undefined && !spansGroup(scope, resource)) {
      query.accountId = accountId;
    }
    return;
  }
  const body = request.body as { accountId?: number } | undefined;
  if (!isWithinOwnerScope(scope, resource, body?.accountId)) {
    throw refuse('accountId must be this account');
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../../core/index.ts';
import type {
  ConfigStore,
  KeysetPage,
  KeysetPageRequest,
  ReferencedKind,
} from '../../../core/config-store/index.ts';
import { ForbiddenError } from '../../plugins/api-errors.ts';
import { requireRole, scopeTeamId } from '../../plugins/auth.ts';
import type { AuthContext, Role } from '../../plugins/auth.ts';
import { isWithinOwnerScope } from '../../plugins/group-admin-scope.ts';
import { idParamsSchema, pageSchema, toApi } from './api-shape.ts';
import { audit, redact, writeAs } from './audit.ts';
import { pageBodyWriter, pageSerializerCompiler } from './page-serializer.ts';
import { checkJsonPage, jsonPageBody, keysetRequest, pageInSql } from './sql-page.ts';
import type { JsonPager } from './sql-page.ts';
import { withWarnings, withWarningsSchema, type ApiWarning } from './warnings.ts';
import { listCacheKey, listPageCacheOf } from './list-page-cache.ts';
import { assertIfMatch, etagOf } from './etag.ts';
import { paginate } from './list-query.ts';
import { registerListExport } from './list-export.ts';
import {
  isWithinIds,
  nameFiltersOf,
  resolveNameFilters,
  withCreatorFilter,
} from './name-filters.ts';
import type { ResolvedFilters } from './name-filters.ts';
import type { ListQuery } from './list-query.ts';

/** What every stored resource has. */
export type Stored = { id: number; updatedAt: Date };

/**
 * A write prepared outside the transaction (async work such as password
 * hashing happens there) and run inside it, synchronously.
 */
export type Plan<E> = () => E;

/** How one resource plugs into the generic CRUD routes. */
export interface CrudSpec<E extends Stored, C, P> {
  /** Path segment under /api/v1 and the operation log's resource name. */
  path: string;
  /** Singular name used in messages, e.g. `outbound route`. */
  label: string;
  entitySchema: z.ZodType;
  /** Without it (and planCreate) there is no POST: objects made elsewhere. */
  createSchema?: z.ZodType<C>;
  patchSchema: z.ZodType<P>;
  listSchema: z.ZodType<ListQuery>;
  readRoles: Role[];
  writeRoles: Role[];
  /**
   * Whether a new object needs a team (`required`), may be system-wide
   * when a superadmin gives none (`nullable`), or is a team (`none`).
   */
  teamOnCreate: 'required' | 'nullable' | 'none';
  /** Write-only body fields: never returned, logged as `***`. */
  secretFields: readonly string[];
  /** Rows without a team that every team may read (system trunks, TRK-1). */
  isSharedWhenNull?: boolean;
  /** Kind to ask ReferencesRepository about before a delete. */
  referencedAs?: ReferencedKind;
  teamIdOf(entity: E): number | null;
  /**
   * The account owning an object, for resources a `user` account sees
   * only its own of (ACC-2): such an account reads no other's, in a list
   * or by id (404). Absent: team scoping alone applies.
   */
  ownerOf?(entity: E): number | null | undefined;
  find(id: number): E | undefined;
  /** Rows of a team, or of all teams when undefined. */
  list(teamId: number | undefined): E[];
  /**
   * One page done in SQL (the repository's page()). Lists without it, or
   * whose page() returns undefined for a query, are paged in memory.
   */
  page?(request: KeysetPageRequest): KeysetPage<E> | undefined;
  /**
   * page() with each row written as JSON by SQLite (the repository's
   * pageJson()); only for repositories whose page() rows are the table's
   * columns as stored, so that both paths give the same body (tests check).
   */
  pageJson?: JsonPager;
  planCreate?(body: C, teamId: number | null, auth: AuthContext): Plan<E> | Promise<Plan<E>>;
  planUpdate(current: E, patch: P, auth: AuthContext): Plan<E> | Promise<Plan<E>>;
  /**
   * Warnings of a create or update that succeeded (DID-4), read after the
   * commit; they go in the response body's `warnings`.
   */
  warningsOf?(entity: E, input: C | P): ApiWarning[];
  /**
   * Deletes the row; `auth` is who asked, for logs that name them (DID-6).
   * Without it there is no DELETE: objects that go with their owner.
   */
  remove?(entity: E, auth: AuthContext): void;
}

const LIST_KEYS = new Set(['limit', 'cursor', 'sort', 'teamId']);

const JSON_TYPE = 'application/json; charset=utf-8';

/** The ETag of a stored object. */
export function etagFor(entity: Stored): string {
  return etagOf(entity.id, entity.updatedAt, toApi(entity));
}

/**
 * Registers list, get, create, patch and delete for one resource, with
 * RBAC, team scoping, ETag/If-Match, referrer checks and the operation log,
 * so that no resource can forget one of them.
 */
export function registerCrudRoutes<E extends Stored, C, P>(
  app: FastifyInstance,
  store: ConfigStore,
  spec: CrudSpec<E, C, P>,
): void {
  const base = `/${spec.path}`;
  const tags = [spec.path];
  const listSerializer = pageSerializerCompiler(spec.entitySchema);
  const writePage = pageBodyWriter(spec.entitySchema);
  const jsonFields =
    spec.entitySchema instanceof z.ZodObject ? Object.keys(spec.entitySchema.shape) : undefined;
  const cache = listPageCacheOf(store);
  const { schema: listSchema, active: nameFilters } = nameFiltersOf(
    withCreatorFilter(spec.listSchema, spec.entitySchema),
    spec.entitySchema,
  );
  const writeSchema =
    spec.warningsOf === undefined ? spec.entitySchema : withWarningsSchema(spec.entitySchema);

  const canRead = (auth: AuthContext, entity: E): boolean => {
    if (auth.role === 'superadmin') return true;
    if (auth.role === 'user' && spec.ownerOf !== undefined) {
      if (!isWithinOwnerScope(auth, spec.path, spec.ownerOf(entity))) return false;
    }
    const teamId = spec.teamIdOf(entity);
    return teamId === null ? spec.isSharedWhenNull === true : teamId === auth.teamId;
  };
  const canWrite = (auth: AuthContext, entity: E): boolean =>
    auth.role === 'superadmin' || spec.teamIdOf(entity) === auth.teamId;

  /**
   * A list query's filters (every key but paging, sort and team), names of
   * other tables' rows resolved; undefined when such a name names nothing.
   */
  const filtersOf = (query: Record<string, unknown>, teamId: number | undefined) =>
    resolveNameFilters(
      store,
      nameFilters,
      Object.fromEntries(Object.entries(query).filter(([key]) => !LIST_KEYS.has(key))),
      teamId,
    );
  /** The SQL page's request, unless the repository has no page() or a name stands for several ids. */
  const pageRequestOf = (
    query: ListQuery,
    resolved: ResolvedFilters,
    teamId: number | undefined,
  ) =>
    spec.page && resolved.within.length === 0
      ? keysetRequest(query, resolved.filters, teamId)
      : undefined;
  /**
   * A page from the repository's SQL page(), of the rows the caller may
   * read (the team scope is in the WHERE clause; canRead() only guards it);
   * undefined where SQL cannot answer the query.
   */
  const sqlPage = (auth: AuthContext, request: KeysetPageRequest | undefined, sort: string) => {
    const inSql = request && spec.page && pageInSql(spec.page, request, sort);
    return inSql && { ...inSql, items: inSql.items.filter((row) => canRead(auth, row)) };
  };
  /** The in-memory fallback: the team's rows the caller may read, API-shaped and paged. */
  const memoryPage = (
    auth: AuthContext,
    query: ListQuery,
    resolved: ResolvedFilters,
    teamId: number | undefined,
  ) => {
    const rows = spec.list(teamId).filter((row) => canRead(auth, row));
    const shaped = rows.map(toApi).filter((row) => isWithinIds(row, resolved.within));
    return paginate(shaped as Array<{ id: number }>, query, resolved.filters);
  };

  /** The object if the caller may see it; 404 alike for absent and foreign. */
  const visible = (auth: AuthContext, id: number): E => {
    const entity = spec.find(id);
    if (entity === undefined || !canRead(auth, entity)) throw new NotFoundError(spec.label, id);
    return entity;
  };
  const writable = (request: FastifyRequest, id: number): { auth: AuthContext; entity: E } => {
    const auth = requireRole(request, ...spec.writeRoles);
    const entity = visible(auth, id);
    if (!canWrite(auth, entity)) throw new ForbiddenError(`this ${spec.label} is read-only`);
    return { auth, entity };
  };

  const createTeamId = (request: FastifyRequest, body: C): number | null => {
    if (spec.teamOnCreate === 'none') return null;
    const requested = (body as { teamId?: number | null }).teamId;
    const teamId = scopeTeamId(request, requested) ?? null;
    if (teamId === null && spec.teamOnCreate === 'required') {
      throw new ValidationError('teamId', `a ${spec.label} belongs to a team: give teamId`);
    }
    if (teamId !== null && store.teams.find(teamId) === undefined) {
      throw new ValidationError('teamId', `team ${teamId} does not exist`);
    }
    return teamId;
  };

  app.get(
    base,
    {
      schema: {
        summary: `List ${spec.path}`,
        tags,
        querystring: listSchema,
        response: { 200: pageSchema(spec.entitySchema) },
      },
      ...(listSerializer ? { serializerCompiler: listSerializer } : {}),
    },
    async (request, reply) => {
      const auth = requireRole(request, ...spec.readRoles);
      const query = request.query as ListQuery & Record<string, unknown>;
      const teamId = scopeTeamId(request, query.teamId) ?? undefined;
      const key = listCacheKey(auth.accountId, request.url);
      const cached = spec.page && writePage ? cache.get(key) : undefined;
      if (cached !== undefined) return reply.type(JSON_TYPE).send(cached);
      const resolved = filtersOf(query, teamId);
      if (resolved === undefined) return { items: [], nextCursor: null };
      const stamp = cache.stamp();
      const pageRequest = pageRequestOf(query, resolved, teamId);
      const objectPage = () => sqlPage(auth, pageRequest, query.sort);
      if (writePage !== undefined) {
        // The page writer writes Date fields as toApi() would, so rows go to
        // it as read. A `user` account's owner scope needs whole rows, so it
        // gets no JSON page.
        const objectBody = () => {
          const page = objectPage();
          return page && writePage(page);
        };
        const isJsonPage = spec.pageJson && !(auth.role === 'user' && spec.ownerOf);
        const jsonBody =
          pageRequest && isJsonPage
            ? jsonPageBody(spec.pageJson!.bind(spec), jsonFields!, pageRequest, query.sort, (row) =>
                canRead(auth, row as unknown as E),
              )
            : undefined;
        if (jsonBody !== undefined) checkJsonPage(jsonBody, objectBody);
        const body = jsonBody ?? objectBody();
        if (body !== undefined) {
          cache.set(key, stamp, body);
          return reply.type(JSON_TYPE).send(body);
        }
      } else {
        const page = objectPage();
        if (page) return { items: page.items.map(toApi), nextCursor: page.nextCursor };
      }
      return memoryPage(auth, query, resolved, teamId);
    },
  );

  // The search panel's export (导出): the list's rows, all of them, as CSV.
  registerListExport(app, {
    path: spec.path,
    entitySchema: spec.entitySchema,
    listSchema,
    readRoles: spec.readRoles,
    page: (auth, query, teamId) => {
      const resolved = filtersOf(query, teamId);
      if (resolved === undefined) return { items: [], nextCursor: null };
      const inSql = sqlPage(auth, pageRequestOf(query, resolved, teamId), query.sort);
      return inSql
        ? { items: inSql.items.map(toApi), nextCursor: inSql.nextCursor }
        : memoryPage(auth, query, resolved, teamId);
    },
  });

  app.get(
    `${base}/:id`,
    {
      schema: {
        summary: `Get one of ${spec.path}`,
        tags,
        params: idParamsSchema,
        response: { 200: spec.entitySchema },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, ...spec.readRoles);
      const entity = visible(auth, (request.params as { id: number }).id);
      return reply.header('etag', etagFor(entity)).send(toApi(entity));
    },
  );

  const createSchema = spec.createSchema;
  const planCreate = spec.planCreate?.bind(spec);
  const remove = spec.remove?.bind(spec);
  if (createSchema !== undefined && planCreate !== undefined) {
    app.post(
      base,
      {
        schema: {
          summary: `Create one of ${spec.path}`,
          tags,
          body: createSchema,
          response: { 201: writeSchema },
        },
      },
      async (request, reply) => {
        const auth = requireRole(request, ...spec.writeRoles);
        const body = request.body as C;
        const teamId = createTeamId(request, body);
        const plan = await planCreate(body, teamId, auth);
        const created = writeAs(store, request, () => {
          const entity = plan();
          audit(store, request, {
            action: 'create',
            resource: spec.path,
            objectId: entity.id,
            teamId: spec.teamIdOf(entity),
            detail: { values: redact(body as Record<string, unknown>, spec.secretFields) },
          });
          return entity;
        });
        return reply
          .code(201)
          .header('etag', etagFor(created))
          .header('location', `${request.url.split('?')[0] ?? ''}/${created.id}`)
          .send(withWarnings(toApi(created), spec.warningsOf?.(created, body) ?? []));
      },
    );
  }

  const ifMatchHeaders = z.looseObject({
    'if-match': z.string().optional().meta({ description: 'ETag from a GET; 412 if stale' }),
  });

  app.patch(
    `${base}/:id`,
    {
      schema: {
        summary: `Change one of ${spec.path}`,
        tags,
        params: idParamsSchema,
        headers: ifMatchHeaders,
        body: spec.patchSchema,
        response: { 200: writeSchema },
      },
    },
    async (request, reply) => {
      const id = (request.params as { id: number }).id;
      const { auth, entity } = writable(request, id);
      const patch = request.body as P;
      const plan = await spec.planUpdate(entity, patch, auth);
      const updated = writeAs(store, request, () => {
        const fresh = visible(auth, id);
        assertIfMatch(request, etagFor(fresh), spec.label, id);
        const result = plan();
        audit(store, request, {
          action: 'update',
          resource: spec.path,
          objectId: id,
          teamId: spec.teamIdOf(result),
          detail: { changes: redact(patch as Record<string, unknown>, spec.secretFields) },
        });
        return result;
      });
      const warnings = spec.warningsOf?.(updated, patch) ?? [];
      return reply.header('etag', etagFor(updated)).send(withWarnings(toApi(updated), warnings));
    },
  );

  if (remove !== undefined) {
    app.delete(
      `${base}/:id`,
      {
        schema: {
          summary: `Delete one of ${spec.path}`,
          description: 'Refused with 409 ERR_IN_USE naming the first object that refers to it.',
          tags,
          params: idParamsSchema,
          headers: ifMatchHeaders,
          response: { 204: z.null().meta({ description: 'Deleted' }) },
        },
      },
      async (request, reply) => {
        const id = (request.params as { id: number }).id;
        const { auth } = writable(request, id);
        store.transaction(() => {
          const fresh = visible(auth, id);
          assertIfMatch(request, etagFor(fresh), spec.label, id);
          const referrer =
            spec.referencedAs && store.references.firstReferrer(spec.referencedAs, id);
          if (referrer) {
            throw new ConflictError(
              'ERR_IN_USE',
              `${spec.label} ${id} is used by ${referrer.resource} ${referrer.id} (${referrer.name}); change or delete that first`,
              `${referrer.resource}:${referrer.id}`,
            );
          }
          remove(fresh, auth);
          audit(store, request, {
            action: 'delete',
            resource: spec.path,
            objectId: id,
            teamId: spec.teamIdOf(fresh),
            detail: { before: toApi(fresh) },
          });
        });
        return reply.code(204).send();
      },
    );
  }
}

import { z } from 'zod';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { queryFlag } from './list-query.ts';

/*
 * Search-panel fields that name a row of another table (spec 01 §2.2
 * 团队名称 and 用户名, §1.5 用户, §1.9 用户名): the API takes the name and
 * resolves it to ids before paging, so the lists' SQL pages stay on their
 * own table. Names are not unique (two teams may share one; a username is
 * unique per team only), so a name may stand for several ids.
 */

/** One field of another table that a list may be searched by. */
interface NameFilter {
  /** The query key. */
  key: string;
  /** The list row's field holding the other table's id. */
  field: string;
  description: string;
  /** Ids named `name`; `teamId` is the caller's team scope, if any. */
  resolve(store: ConfigStore, name: string, teamId: number | undefined): number[];
}

const NAME_FILTERS: readonly NameFilter[] = [
  {
    key: 'teamName',
    field: 'teamId',
    description: 'Only rows of the team(s) with exactly this name (团队名称)',
    resolve: (store, name) => store.teams.idsByName(name),
  },
  {
    key: 'username',
    field: 'accountId',
    description: 'Only rows of the account(s) with exactly this username (用户名)',
    resolve: (store, name, teamId) => store.accounts.idsByUsername(name, teamId),
  },
  {
    key: 'extensionName',
    field: 'extensionId',
    description: 'Only rows of the extension(s) with exactly this name (设备名称, 分机)',
    resolve: (store, name, teamId) => store.extensions.idsWhere('name', name, teamId),
  },
  {
    key: 'extensionNumber',
    field: 'extensionId',
    description: 'Only rows of the extension(s) with this internal number (内线号码, 分机)',
    resolve: (store, number, teamId) => store.extensions.idsWhere('internalNumber', number, teamId),
  },
  {
    key: 'ringGroupName',
    field: 'ringGroupId',
    description: 'Only rows of the ring group(s) with exactly this name (振铃组名称)',
    resolve: (store, name, teamId) => store.ringGroups.idsByName(name, teamId),
  },
];

/**
 * The list query schema with `createdBy` (创建者, spec 01/02 §0) and its
 * `createdByContains` and `createdByEmpty` where the entity has the field and the list lacks
 * them: a column of the list's own rows, so an ordinary filter.
 */
export function withCreatorFilter<S extends z.ZodType>(listSchema: S, entitySchema: z.ZodType): S {
  const hasField = entitySchema instanceof z.ZodObject && 'createdBy' in entitySchema.shape;
  if (!hasField || !(listSchema instanceof z.ZodObject) || 'createdBy' in listSchema.shape) {
    return listSchema;
  }
  const text = (description: string) => z.string().min(1).max(100).optional().meta({ description });
  return listSchema.extend({
    createdBy: text('Only rows created by the account of this username (创建者)'),
    createdByContains: text('Only rows whose creator’s username contains this text'),
    createdByEmpty: queryFlag().meta({
      description: 'Only rows with no recorded creator (true) or with one (false)',
    }),
  }) as unknown as S;
}

/** A list's name filters: its query schema with their keys, and the filters themselves. */
export interface ListNameFilters<S> {
  schema: S;
  active: readonly NameFilter[];
}

/**
 * The name filters whose id field the entity has and whose key the list
 * does not define itself (the accounts list's own `username` is a column
 * of its rows), and the list query schema with their keys.
 */
export function nameFiltersOf<S extends z.ZodType>(
  listSchema: S,
  entitySchema: z.ZodType,
): ListNameFilters<S> {
  if (!(listSchema instanceof z.ZodObject) || !(entitySchema instanceof z.ZodObject)) {
    return { schema: listSchema, active: [] };
  }
  const active = NAME_FILTERS.filter(
    (filter) => filter.field in entitySchema.shape && !(filter.key in listSchema.shape),
  );
  if (active.length === 0) return { schema: listSchema, active };
  const shape: Record<string, z.ZodType> = {};
  for (const filter of active) {
    shape[filter.key] = z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: filter.description });
  }
  return { schema: listSchema.extend(shape) as unknown as S, active };
}

/** A list's filters with the name filters resolved. */
export interface ResolvedFilters {
  /** Filters for the page: a name naming one id is an equality filter on its field. */
  filters: Record<string, unknown>;
  /**
   * Fields whose name stands for several ids: rows must hold one of them.
   * SQL pages filter by equality only, so such a list is paged in memory.
   */
  within: ReadonlyArray<[field: string, ids: ReadonlySet<number>]>;
}

/**
 * Resolves the `active` name filters among `filters`; undefined when a
 * name names nothing the caller's scope holds, so the list is empty. An
 * explicit id filter on the same field narrows the ids.
 */
export function resolveNameFilters(
  store: ConfigStore,
  active: readonly NameFilter[],
  filters: Readonly<Record<string, unknown>>,
  teamId: number | undefined,
): ResolvedFilters | undefined {
  const resolved: Record<string, unknown> = { ...filters };
  for (const filter of active) delete resolved[filter.key];
  const within: Array<[string, ReadonlySet<number>]> = [];
  for (const filter of active) {
    const name = filters[filter.key];
    if (typeof name !== 'string') continue;
    const explicit = resolved[filter.field];
    let ids = filter.resolve(store, name, teamId);
    if (explicit !== undefined) ids = ids.filter((id) => id === explicit);
    if (ids.length === 0) return undefined;
    if (ids.length === 1) resolved[filter.field] = ids[0];
    else within.push([filter.field, new Set(ids)]);
  }
  return { filters: resolved, within };
}

/** Whether a row (API-shaped) holds one of the ids of each `within` field. */
export function isWithinIds(
  row: Readonly<Record<string, unknown>>,
  within: ResolvedFilters['within'],
): boolean {
  return within.every(([field, ids]) => ids.has(row[field] as number));
}

import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore, TrunkGroupRule } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createTrunkGroupRuleSchema,
  listTrunkGroupRulesSchema,
  patchTrunkGroupRuleSchema,
  trunkGroupRuleSchema,
} from './rules-schema.ts';

/**
 * Trunk-group rules (spec 02 §3.4 `编辑中继组规则`, TG-4, TG-5): a rule
 * belongs to its group's team. A group the caller cannot see gets the
 * same 404 as one that does not exist; a trunk that is not a member of
 * the group is a 400 naming `trunkId`.
 */
export function registerTrunkGroupRuleRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'trunk-group-rules',
    label: 'trunk group rule',
    entitySchema: trunkGroupRuleSchema,
    createSchema: createTrunkGroupRuleSchema,
    patchSchema: patchTrunkGroupRuleSchema,
    listSchema: listTrunkGroupRulesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'none',
    secretFields: [],
    teamIdOf: (rule: TrunkGroupRule) => rule.teamId,
    find: (id) => store.trunkGroupRules.find(id),
    list: (teamId) => store.trunkGroupRules.list(teamId),
    planCreate: (body, _teamId, auth) => {
      const group = store.trunkGroups.find(body.trunkGroupId);
      if (group === undefined || (auth.role !== 'superadmin' && group.teamId !== auth.teamId)) {
        throw new NotFoundError('trunk group', body.trunkGroupId);
      }
      return () => store.trunkGroupRules.create(body);
    },
    planUpdate: (rule, patch) => () => store.trunkGroupRules.update(rule.id, patch),
    remove: (rule) => store.trunkGroupRules.delete(rule.id),
  });
}

import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore, TrunkRule } from '../../../core/config-store/index.ts';
import { ForbiddenError } from '../../plugins/api-errors.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createTrunkRuleSchema,
  listTrunkRulesSchema,
  patchTrunkRuleSchema,
  trunkRuleSchema,
} from './rules-schema.ts';

/**
 * Trunk rules (spec 01 §2.1 `编辑中继规则`, TRK-6). A rule belongs to its
 * trunk's team: a team admin reads the rules of its own and of system
 * trunks (TRK-1), and writes those of its own. A trunk it cannot see gets
 * the same 404 as a trunk that does not exist.
 */
export function registerTrunkRuleRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'trunk-rules',
    label: 'trunk rule',
    entitySchema: trunkRuleSchema,
    createSchema: createTrunkRuleSchema,
    patchSchema: patchTrunkRuleSchema,
    listSchema: listTrunkRulesSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'none',
    secretFields: [],
    isSharedWhenNull: true,
    teamIdOf: (rule: TrunkRule) => rule.teamId,
    find: (id) => store.trunkRules.find(id),
    list: (teamId) => store.trunkRules.list(teamId),
    planCreate: (body, _teamId, auth) => {
      const trunk = store.trunks.find(body.trunkId);
      const isVisible =
        trunk !== undefined &&
        (auth.role === 'superadmin' || trunk.teamId === null || trunk.teamId === auth.teamId);
      if (!isVisible) throw new NotFoundError('trunk', body.trunkId);
      if (auth.role !== 'superadmin' && trunk.teamId !== auth.teamId) {
        throw new ForbiddenError('the rules of a system trunk are read-only');
      }
      return () => store.trunkRules.create(body);
    },
    planUpdate: (rule, patch) => () => store.trunkRules.update(rule.id, patch),
    remove: (rule) => store.trunkRules.delete(rule.id),
  });
}

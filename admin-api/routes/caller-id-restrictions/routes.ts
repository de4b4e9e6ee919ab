import type { FastifyInstance } from 'fastify';
import type { CallerIdRestriction, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  callerIdRestrictionSchema,
  createCallerIdRestrictionSchema,
  listCallerIdRestrictionsSchema,
  patchCallerIdRestrictionSchema,
} from './schema.ts';

/**
 * Outbound caller-ID restrictions (spec 02 §3.10): per-team black- and
 * whitelists of calling numbers on a trunk (the team's own or a system
 * one) or on one of the team's trunk groups. The check during a call is
 * pbx/routing's isOutboundCallerAllowed() (OCR-1).
 */
export function registerCallerIdRestrictionRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'caller-id-restrictions',
    label: 'caller-ID restriction',
    entitySchema: callerIdRestrictionSchema,
    createSchema: createCallerIdRestrictionSchema,
    patchSchema: patchCallerIdRestrictionSchema,
    listSchema: listCallerIdRestrictionsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (entry: CallerIdRestriction) => entry.teamId,
    find: (id) => store.callerIdRestrictions.find(id),
    list: (teamId) => store.callerIdRestrictions.list(teamId),
    planCreate: (body, teamId) => {
      const { teamId: _given, ...fields } = body;
      return () => store.callerIdRestrictions.create({ ...fields, teamId: teamId! });
    },
    planUpdate: (entry, patch) => () => store.callerIdRestrictions.update(entry.id, patch),
    remove: (entry) => store.callerIdRestrictions.delete(entry.id),
  });
}

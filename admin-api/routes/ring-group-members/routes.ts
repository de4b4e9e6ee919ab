import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../../core/index.ts';
import type { ConfigStore, RingGroupMember } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createRingGroupMemberSchema,
  listRingGroupMembersSchema,
  patchRingGroupMemberSchema,
  ringGroupMemberSchema,
} from './schema.ts';

/**
 * Ring-group members (spec 01 §2.4): each extension's membership of a
 * ring group with its priority (RGM-1) and statistics (RGM-2). The rows
 * are the ring groups' extensionIds seen one by one: a member added here
 * joins the end of its group's list, a deleted one leaves it.
 */
export function registerRingGroupMemberRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'ring-group-members',
    label: 'ring group member',
    entitySchema: ringGroupMemberSchema,
    createSchema: createRingGroupMemberSchema,
    patchSchema: patchRingGroupMemberSchema,
    listSchema: listRingGroupMembersSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (member: RingGroupMember) => member.teamId,
    find: (id) => store.ringGroupMembers.find(id),
    list: (teamId) => store.ringGroupMembers.list(teamId),
    planCreate: (body, teamId) => () => {
      // The group decides the team; one of another team reads as absent.
      const { ringGroupId, extensionId, priority } = body;
      if (store.ringGroups.find(ringGroupId)?.teamId !== teamId) {
        throw new ValidationError('ringGroupId', `no ring group ${ringGroupId} in this team`);
      }
      return store.ringGroupMembers.create({ ringGroupId, extensionId, priority });
    },
    planUpdate: (member, patch) => () => store.ringGroupMembers.update(member.id, patch),
    remove: (member) => store.ringGroupMembers.delete(member.id),
  });
}

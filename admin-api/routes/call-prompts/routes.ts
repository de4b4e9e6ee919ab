import type { FastifyInstance } from 'fastify';
import type { CallPrompt, ConfigStore } from '../../../core/config-store/index.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  callPromptSchema,
  createCallPromptSchema,
  listCallPromptsSchema,
  patchCallPromptSchema,
} from './schema.ts';

/**
 * Call prompts (spec 02 §3.14): a logical prompt with one voice file per
 * language. Files must be the team's own or system ones (400 naming the
 * field otherwise); system prompts (team null) are readable by every team.
 */
export function registerCallPromptRoutes(app: FastifyInstance, store: ConfigStore): void {
  registerCrudRoutes(app, store, {
    path: 'call-prompts',
    label: 'call prompt',
    entitySchema: callPromptSchema,
    createSchema: createCallPromptSchema,
    patchSchema: patchCallPromptSchema,
    listSchema: listCallPromptsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'nullable',
    isSharedWhenNull: true,
    secretFields: [],
    referencedAs: 'callPrompt',
    teamIdOf: (prompt: CallPrompt) => prompt.teamId,
    find: (id) => store.callPrompts.find(id),
    list: (teamId) => store.callPrompts.list(teamId),
    planCreate: (body, teamId) => () => store.callPrompts.create({ ...body, teamId }),
    planUpdate: (prompt, patch) => () => store.callPrompts.update(prompt.id, patch),
    remove: (prompt) => store.callPrompts.delete(prompt.id),
  });
}

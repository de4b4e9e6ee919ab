import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import { UI_LANGUAGES } from '../../../core/config-store/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema, idParamsSchema, idSchema } from '../shared/api-shape.ts';

/** What the agent workspace shows at login (TM-9, GRP-10, GRP-13). */
export const workspaceSchema = z
  .object({
    agentId: idSchema,
    agentNo: z.string(),
    team: z.object({
      displayName: z.string().nullable().meta({ description: 'TM-9 显示名称' }),
      logoUrl: z.string().nullable().meta({ description: 'TM-9 公司LOGO' }),
      defaultLanguage: z.enum(UI_LANGUAGES).meta({ description: 'TM-9 默认语言' }),
    }),
    groups: z.array(
      z.object({
        id: idSchema,
        name: z.string(),
        showQueueInfo: z.boolean().meta({ description: 'GRP-10' }),
        workLink: z.string().nullable().meta({ description: 'GRP-13 工作链接' }),
        sendLoginInfo: z.boolean().meta({ description: 'GRP-13 发送登录信息' }),
        defaultShowInboundCenter: z.boolean().meta({ description: 'GRP-13 默认显示呼入中心' }),
      }),
    ),
  })
  .meta({
    example: {
      agentId: 95,
      agentNo: '8001',
      team: { displayName: 'Acme', logoUrl: null, defaultLanguage: 'zh-CN' },
      groups: [
        {
          id: 3,
          name: 'First line',
          showQueueInfo: false,
          workLink: null,
          sendLoginInfo: false,
          defaultShowInboundCenter: false,
        },
      ],
    },
  });

/** GET /agents/:id/workspace: the branding and group flags of the agent workspace. */
export function registerAgentWorkspaceRoute(app: FastifyInstance, store: ConfigStore): void {
  app.get(
    '/agents/:id/workspace',
    {
      schema: {
        summary: 'What the agent workspace shows at login (TM-9, GRP-10, GRP-13)',
        tags: ['agents'],
        params: idParamsSchema,
        response: { 200: workspaceSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params as z.output<typeof idParamsSchema>;
      const agent = store.agents.find(id);
      if (agent === undefined || (auth.role !== 'superadmin' && agent.teamId !== auth.teamId)) {
        throw new NotFoundError('agent', id);
      }
      const team = store.teams.find(agent.teamId)!;
      const groups = store.agentGroups
        .list(agent.teamId)
        .filter((g) => g.members.some((m) => m.agentId === agent.id))
        .map((g) => ({
          id: g.id,
          name: g.name,
          showQueueInfo: g.showQueueInfo,
          workLink: g.workLink,
          sendLoginInfo: g.sendLoginInfo,
          defaultShowInboundCenter: g.defaultShowInboundCenter,
        }));
      return {
        agentId: agent.id,
        agentNo: agent.agentNo,
        team: {
          displayName: team.displayName,
          logoUrl: team.logoUrl,
          defaultLanguage: team.defaultLanguage,
        },
        groups,
      };
    },
  );
}

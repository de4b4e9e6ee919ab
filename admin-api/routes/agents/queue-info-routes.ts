import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/index.ts';
import type { AgentActivity, AgentSession } from '../../../core/index.ts';
import type { AgentGroup, ConfigStore } from '../../../core/config-store/index.ts';
import type { AgentRuntime, QueueStatsView } from '../../admin-api-deps.ts';
import { requireRole } from '../../plugins/auth.ts';
import { errorBodySchema, idParamsSchema, idSchema } from '../shared/api-shape.ts';

const count = z.int().min(0);

/** The agents of a queue by what they do now (GRP-10). */
const agentCountsSchema = z.object({
  signedIn: count,
  idle: count,
  ringing: count,
  busy: count,
  wrapUp: count,
  paused: count,
});

/** GET /agents/:id/queue-info (GRP-10 坐席显示排队信息). */
export const queueInfoSchema = z
  .object({
    agentId: idSchema,
    queues: z.array(
      z.object({
        queueId: idSchema,
        name: z.string(),
        number: z.string(),
        groupIds: z.array(idSchema).meta({
          description: "The agent's groups with showQueueInfo that this queue serves",
        }),
        waiting: count.meta({ description: 'Callers in line (waiting, ringing, connecting)' }),
        longestWaitSec: count.meta({ description: 'The longest wait of a caller in line' }),
        talking: count.meta({ description: 'Callers talking with an agent' }),
        agents: agentCountsSchema.meta({
          description: 'Agents the queue offers calls to (GRP-1, GRP-2), by activity',
        }),
      }),
    ),
  })
  .meta({
    example: {
      agentId: 95,
      queues: [
        {
          queueId: 7,
          name: 'Support',
          number: '300',
          groupIds: [3],
          waiting: 2,
          longestWaitSec: 41,
          talking: 1,
          agents: { signedIn: 3, idle: 1, ringing: 0, busy: 1, wrapUp: 0, paused: 1 },
        },
      ],
    },
  });

type AgentCounts = z.output<typeof agentCountsSchema>;

/**
 * Signed-in agents the queue offers calls to, as pbx/agents AgentQueues
 * picks them: members of a group bound to the queue, dynamic members only
 * for the groups they signed in to (GRP-2).
 */
function agentCounts(
  queueId: number,
  groups: readonly AgentGroup[],
  sessions: ReadonlyMap<number, AgentSession>,
): AgentCounts {
  const counts: AgentCounts = { signedIn: 0, idle: 0, ringing: 0, busy: 0, wrapUp: 0, paused: 0 };
  const seen = new Set<number>();
  for (const group of groups) {
    if (group.queueId !== queueId) continue;
    for (const member of group.members) {
      const session = sessions.get(member.agentId);
      if (session === undefined || seen.has(member.agentId)) continue;
      if (member.membershipType === 'dynamic' && !session.groupIds.includes(group.id)) continue;
      seen.add(member.agentId);
      counts.signedIn++;
      counts[session.activity satisfies AgentActivity]++;
    }
  }
  return counts;
}

/**
 * GET /agents/:id/queue-info: GRP-10 `showQueueInfo = 是` ⇒ the agent
 * workspace gets live queue statistics. For each queue bound to one of the
 * agent's groups with showQueueInfo on: callers in line, the longest wait,
 * callers talking, and the queue's agents by activity. The workspace polls
 * it; groups without the flag show nothing. The agent itself (agent token)
 * or an admin of its team.
 */
export function registerQueueInfoRoute(
  app: FastifyInstance,
  store: ConfigStore,
  agents: AgentRuntime,
  queueStats: QueueStatsView | undefined,
): void {
  app.get(
    '/agents/:id/queue-info',
    {
      schema: {
        summary: "Live statistics of the agent's queues (GRP-10)",
        tags: ['agents'],
        params: idParamsSchema,
        response: { 200: queueInfoSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params as z.output<typeof idParamsSchema>;
      const agent = store.agents.find(id);
      if (agent === undefined || (auth.role !== 'superadmin' && agent.teamId !== auth.teamId)) {
        throw new NotFoundError('agent', id);
      }
      const groups = store.agentGroups.list(agent.teamId);
      const shown = new Map<number, number[]>();
      for (const g of groups) {
        if (!g.showQueueInfo || g.queueId === null) continue;
        if (!g.members.some((m) => m.agentId === agent.id)) continue;
        shown.set(g.queueId, [...(shown.get(g.queueId) ?? []), g.id]);
      }
      const sessions = new Map(agents.list(agent.teamId).map((s) => [s.agentId, s]));
      const queues = [...shown].flatMap(([queueId, groupIds]) => {
        const queue = store.queues.find(queueId);
        if (queue === undefined) return [];
        // A queue no caller entered since the start has no runtime: nobody waits.
        const live = queueStats?.stats(queueId) ?? { waiting: 0, longestWaitSec: 0, talking: 0 };
        return [
          {
            queueId,
            name: queue.name,
            number: queue.number,
            groupIds,
            waiting: live.waiting,
            longestWaitSec: live.longestWaitSec,
            talking: live.talking,
            agents: agentCounts(queueId, groups, sessions),
          },
        ];
      });
      return { agentId: agent.id, queues };
    },
  );
}

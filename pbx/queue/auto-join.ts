import type { QueueConfig } from './queue-config.ts';

/** The fields of a queue that auto-join looks at. */
export type AutoJoinCandidate = Pick<
  QueueConfig,
  'id' | 'teamId' | 'priority' | 'autoJoinCondition'
>;

/**
 * the queue an IVR transition `队列 / 自动转向` enters: the one of
 * `teamId` whose `autoJoinCondition` `VAR=value` equals the current value
 * of variable VAR. Several matches → highest priority, then lowest id
 * [I]; none → undefined, and the IVR takes its failover [I].
 */
export function selectAutoJoinQueue<Q extends AutoJoinCandidate>(
  queues: readonly Q[],
  teamId: number,
  variable: (name: string) => string | undefined,
): Q | undefined {
  let best: Q | undefined;
  for (const queue of queues) {
    if (queue.teamId !== teamId || !matches(queue.autoJoinCondition, variable)) continue;
    if (
      best === undefined ||
      queue.priority > best.priority ||
      (queue.priority === best.priority && queue.id < best.id)
    ) {
      best = queue;
    }
  }
  return best;
}

function matches(condition: string | null, variable: (name: string) => string | undefined) {
  if (condition === null) return false;
  const eq = condition.indexOf('=');
  if (eq <= 0) return false;
  const name = condition.slice(0, eq).trim();
  return variable(name) === condition.slice(eq + 1).trim();
}

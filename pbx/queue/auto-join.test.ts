import { describe, expect, it } from 'vitest';
import { selectAutoJoinQueue, type AutoJoinCandidate } from './auto-join.ts';

const q = (
  id: number,
  autoJoinCondition: string | null,
  priority = 0,
  teamId = 1,
): AutoJoinCandidate => ({
  id,
  teamId,
  priority,
  autoJoinCondition,
});

const vars = (v: Record<string, string>) => (name: string) => v[name];

describe('selectAutoJoinQueue()', () => {
  it('Q-20 selectAutoJoinQueue() when LANGUAGE=cn → the queue with that condition', () => {
    const queues = [q(1, 'LANGUAGE=en'), q(2, 'LANGUAGE=cn'), q(3, null)];
    expect(selectAutoJoinQueue(queues, 1, vars({ LANGUAGE: 'cn' }))?.id).toBe(2);
  });

  it('Q-20 selectAutoJoinQueue() when several match → highest priority, then lowest id', () => {
    const queues = [q(4, 'LANGUAGE=cn', 1), q(2, 'LANGUAGE = cn', 5), q(3, 'LANGUAGE=cn', 5)];
    expect(selectAutoJoinQueue(queues, 1, vars({ LANGUAGE: 'cn' }))?.id).toBe(2);
  });

  it('Q-20 selectAutoJoinQueue() when nothing matches, or only another team → undefined', () => {
    const queues = [q(1, 'LANGUAGE=cn', 0, 2), q(2, 'bogus'), q(3, '=cn')];
    expect(selectAutoJoinQueue(queues, 1, vars({ LANGUAGE: 'cn' }))).toBeUndefined();
    expect(selectAutoJoinQueue([q(5, 'LANGUAGE=cn')], 1, vars({}))).toBeUndefined();
  });
});

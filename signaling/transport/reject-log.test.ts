import { describe, expect, test } from 'vitest';
import { FakeClock, MetricsRegistry } from '../../core/index.ts';
import { RejectLog } from './reject-log.ts';

describe('RejectLog', () => {
  test('RejectLog.record() past capacity → keeps the newest, counts all, shows bytes safely', () => {
    const clock = new FakeClock(1000);
    const metrics = new MetricsRegistry();
    const log = new RejectLog(clock, metrics, 3);
    const src = { protocol: 'udp' as const, address: '192.0.2.1', port: 5060 };
    for (let i = 0; i < 5; i++) {
      clock.tick(1);
      log.record(src, i % 2 === 0 ? 'parse' : 'banned', Buffer.from(`M${i}\r\n\x00`));
    }
    expect(log.recent().map((e) => e.firstBytes)).toEqual(['M4\\r\\n.', 'M3\\r\\n.', 'M2\\r\\n.']);
    expect(log.recent(1)[0]).toMatchObject({
      source: 'udp:192.0.2.1:5060',
      reason: 'parse',
      timeMs: 1005,
    });
    expect(log.count('parse')).toBe(3);
    expect(log.count('banned')).toBe(2);
    expect(metrics.render()).toContain('switchyard_sip_rejected_total{reason="parse"} 3');
  });
});

import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { FakeClock, MetricsRegistry, createLogger } from '../../core/index.ts';
import type { LogLevel } from '../../core/index.ts';
import { buildAdminApi } from '../build-admin-api.ts';

interface LogLine {
  level: number;
  msg: string;
  res?: { statusCode: number };
}

/** The admin API with a logger at `level` whose lines land in `lines`. */
async function apiLoggingAt(level: LogLevel) {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  const clock = new FakeClock();
  const app = await buildAdminApi({
    version: '1.0.0',
    startedAtMs: clock.now(),
    clock,
    logger: createLogger(level, sink),
    metrics: new MetricsRegistry(),
    status: () => ({ isDraining: false }),
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  await app.ready();
  return { app, lines };
}

const DEBUG = 20;
const ERROR = 50;

describe('DebugRequestLogController', () => {
  test('a request when the level is info → no log line; a 500 → logged at error', async () => {
    const { app, lines } = await apiLoggingAt('info');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    expect(lines).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[ERROR, 'request failed']]);
    await app.close();
  });

  test('a request when the level is debug → incoming and completed lines at debug', async () => {
    const { app, lines } = await apiLoggingAt('debug');
    await app.inject({ method: 'GET', url: '/health' });
    const requestLines = lines.filter(
      (l) => l.msg.startsWith('request') || l.msg.startsWith('incoming'),
    );
    expect(requestLines.map((l) => [l.level, l.msg])).toEqual([
      [DEBUG, 'incoming request'],
      [DEBUG, 'request completed'],
    ]);
    expect(requestLines[1]?.res?.statusCode).toBe(200);
    await app.close();
  });
});

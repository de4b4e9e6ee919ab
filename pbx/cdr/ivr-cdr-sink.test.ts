import { describe, expect, test } from 'vitest';
import { silentLogger } from '../../core/index.ts';
import { MemoryIvrLogSink, type IvrSessionRecord } from '../ivr/index.ts';
import { ivrCdrSink } from './ivr-cdr-sink.ts';

const record = (inputs: string[]): IvrSessionRecord => ({
  callId: 'call-1',
  teamId: 1,
  flowId: 2,
  flowName: 'main',
  callerNumber: '5551234',
  calledNumber: '5550100',
  startedAtMs: 0,
  endedAtMs: 4200,
  durationMs: 4200,
  inputs,
  webServiceResults: [],
  loops: 1,
  endState: 'transferred',
  ivrStatus: 'normal',
  savedVariables: {},
});

describe('ivrCdrSink().write() (CDR-6)', () => {
  test('CDR-6 write() when the caller pressed 1, nothing, then 23 → the log gets the record, the CDR "1,23" and 4200 ms', () => {
    const log = new MemoryIvrLogSink();
    const added: Array<[string, string, number]> = [];
    const sink = ivrCdrSink({ addIvr: (...args) => (added.push(args), true) }, log, silentLogger());
    sink.write(record(['1', '', '23']));
    expect(log.records).toHaveLength(1);
    expect(added).toEqual([['call-1', '1,23', 4200]]);
  });

  test('CDR-6 write() when the CDR store throws → logged, the session log still written, no throw', () => {
    const log = new MemoryIvrLogSink();
    const sink = ivrCdrSink(
      {
        addIvr: () => {
          throw new Error('disk full');
        },
      },
      log,
      silentLogger(),
    );
    expect(() => sink.write(record([]))).not.toThrow();
    expect(log.records).toHaveLength(1);
  });
});

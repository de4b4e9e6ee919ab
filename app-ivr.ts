/*
 * IVR flows (spec 02 §3.15) and their session log for the IVR runtime
 * (app-pbx.ts builds it): flows are read from the config store in the
 * engine's shape, sessions are logged to a file and to their CDRs.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './core/index.ts';
import type { ConfigStore } from './core/config-store/index.ts';
import type { PbxWiring } from './app-pbx-wiring.ts';
import type {
  IvrFailover as IvrRunFailover,
  IvrFlow as IvrRunFlow,
  IvrLogSink,
} from './pbx/index.ts';
import { ivrCdrSink } from './pbx/cdr/index.ts';

/** The IVR session log, and each session's keys in its CDR too (CDR-6). */
export function withIvrCdr(w: PbxWiring, log: IvrLogSink): IvrLogSink {
  return w.cdrIvr === undefined ? log : ivrCdrSink(w.cdrIvr, log, w.logger);
}

/**
 * IVR session records (for the IVR report), one JSON line each in
 * <data-dir>/logs: appended in order, readable while the switch runs.
 */
export function ivrLogFile(path: string, logger: Logger): IvrLogSink {
  let chain: Promise<unknown> = mkdir(join(path, '..'), { recursive: true });
  return {
    write(record) {
      chain = chain
        .then(() => appendFile(path, `${JSON.stringify(record)}\n`))
        .catch((err: unknown) => logger.error({ err }, 'writing the IVR session log failed'));
    },
  };
}

/** A stored destination as the IVR engine's flat failover columns. */
function flatFailover(
  d: { type: string; targetId: number | null; targetValue: string | null } | null,
  endPromptId: number | null,
): IvrRunFailover {
  if (d === null) return {};
  return {
    failoverType: d.type as IvrRunFailover['failoverType'],
    failoverId: d.targetId,
    failoverValue: d.targetValue,
    failoverEndPromptId: endPromptId,
  };
}

/** An IVR flow from the store (§3.15) in the engine's shape; actions and transitions keep their order. */
export function ivrFlow(store: ConfigStore, id: number): IvrRunFlow | undefined {
  const f = store.ivrFlows.find(id);
  if (f === undefined) return undefined;
  return {
    id: f.id,
    teamId: f.teamId,
    name: f.name,
    internalNumber: f.internalNumber,
    apiCallTimeoutSec: f.apiCallTimeoutSec,
    maxLoops: f.maxLoops,
    saveVariables: f.saveVariables,
    hangupAction: f.hangupAction,
    hangupUrl: f.hangupUrl,
    ...flatFailover(f.failover, f.failoverEndPromptId),
    actions: f.actions.map((a, position) => ({
      ...a,
      position,
      ...flatFailover(a.failover, a.failoverEndPromptId),
    })),
    transitions: f.transitions.map((t, position) => ({
      position,
      source: t.source,
      condition: t.condition,
      destinationType: t.destination.type,
      destinationId: t.destination.targetId,
      destinationValue: t.destination.targetValue,
      followUpPromptId: t.followUpPromptId,
      returnToIvrId: t.returnToIvrId,
      ...flatFailover(t.failover, t.failoverEndPromptId),
    })),
  };
}

/*
 * Builds the PBX applications from the config store (app.ts calls it):
 * each destination type of spec 02 §0.5 that has a runtime gets a
 * handler reading its config at call time, so a change in the admin API
 * applies to the next call (issue 7 "reload": new calls use new config).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConferenceControl } from './admin-api/index.ts';
import type {
  ApplicationCall,
  CallOriginator,
  RingingCalls,
  Clock,
  Destination,
  ExtensionTarget,
  Logger,
  MediaControl,
} from './core/index.ts';
import { DEFAULT_MOH_IDENTIFIER, type ConfigStore } from './core/config-store/index.ts';
import { DONE, runApplication, unroutable } from './app-features.ts';
import { mohSourceOfClassId } from './app-moh.ts';
import { runParking } from './app-parking.ts';
import {
  ConferenceRooms,
  DialPlanRouter,
  withExternalExtensions,
  FileVoicemailStore,
  didPromptLanguage,
  InMemoryRingGroupMemory,
  IvrApplication,
  PbxApplications,
  QUEUE_DEFAULTS,
  Queue,
  RingGroupRun,
  VoicemailApplication,
  dialOutbound,
  extensionQueueMember,
  ringExtension,
  ringGroupTargets,
  type ApplicationHandler,
  type ParkingLots,
  type ApplicationOutcome,
  type IvrFailover as IvrRunFailover,
  type IvrFlow as IvrRunFlow,
  type IvrFetch,
  type IvrLogSink,
  type QueueConfig,
  type QueueMember,
} from './pbx/index.ts';
import { ivrCdrSink, type CdrIvrStorage } from './pbx/cdr/index.ts';

/** What the PBX applications are built from. */
export interface PbxWiring {
  readonly media: MediaControl;
  readonly originator: CallOriginator;
  /** Calls ringing extensions, for call pickup (*61); pickup finds nothing without it. */
  readonly ringing?: RingingCalls | undefined;
  readonly store: ConfigStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dataDir: string;
  /** Called when an extension's voicemail counts change (message-waiting NOTIFYs). */
  readonly onMailboxChanged?: ((teamId: number, number: string) => void) | undefined;
  /** Call parking (`park:` and `unpark:` application targets); those calls get 480 without it. */
  readonly parking?: ParkingLots | undefined;
  /** Told each queue runtime once built, e.g. for TM-11 agent events. */
  readonly onQueue?: ((queue: Queue, teamId: number) => void) | undefined;
  /** The egress guard's fetch for IVR web services and hangup posts (D47). */
  readonly fetch?: IvrFetch | undefined;
  /** CDR-6: where IVR keys and durations go; the CDRs lack them without it. */
  readonly cdrIvr?: CdrIvrStorage | undefined;
  /** Told the conference runtime once built, for the admin API's live view. */
  readonly onConferences?: ((rooms: ConferenceRooms) => void) | undefined;
}

/**
 * The admin API's handle on conferences in progress (mute, kick, lock),
 * over a runtime that exists once the SIP stack built the applications.
 */
export function conferenceControl(rooms: () => ConferenceRooms | undefined): ConferenceControl {
  const done = (r: { ok: boolean } | undefined) => ({ ok: r?.ok === true });
  return {
    room: (roomId) => rooms()?.room(roomId),
    recentSessions: (teamId) => rooms()?.recentSessions(teamId) ?? [],
    setMuted: async (roomId, memberId, isMuted) =>
      done(await (isMuted ? rooms()?.mute(roomId, memberId) : rooms()?.unmute(roomId, memberId))),
    kick: async (roomId, memberId) => done(await rooms()?.kick(roomId, memberId)),
    setLocked: async (roomId, isLocked) => done(await rooms()?.setLocked(roomId, isLocked)),
  };
}

/** The IVR session log, and each session's keys in its CDR too (CDR-6). */
function withIvrCdr(w: PbxWiring, log: IvrLogSink): IvrLogSink {
  return w.cdrIvr === undefined ? log : ivrCdrSink(w.cdrIvr, log, w.logger);
}

/** The PBX applications over the store, with every runtime wired. */
export function buildPbxApplications(wiring: PbxWiring): PbxApplications {
  // EXT-15: members and agents that are external extensions ring out (D48).
  const w: PbxWiring = {
    ...wiring,
    originator: withExternalExtensions(wiring.originator, {
      router: new DialPlanRouter(wiring.store, wiring.clock),
      directory: wiring.store,
    }),
  };
  const { media, originator, store, clock, logger } = w;
  const memory = new InMemoryRingGroupMemory();
  const queues = new QueueRegistry(w);
  const conferences = new ConferenceRooms(
    {
      media,
      clock,
      originator,
      logger: logger.child({ component: 'conference' }),
      directory: {
        conferenceRooms: {
          find: (id) => {
            const room = store.conferenceRooms.find(id);
            if (room === undefined) return undefined;
            // CF-4: the team's default class, from its shared stream.
            return { ...room, moh: { moh: DEFAULT_MOH_IDENTIFIER, teamId: room.teamId } };
          },
        },
      },
    },
    { nameDir: join(w.dataDir, 'recordings', 'conference-names') },
  );
  w.onConferences?.(conferences);
  const voicemail = new VoicemailApplication({
    media,
    clock,
    logger: logger.child({ component: 'voicemail' }),
    store: new FileVoicemailStore(join(w.dataDir, 'voicemail')),
    directory: {
      voicemailBoxes: {
        find: (id) => voicemailBox(store, store.voicemailBoxes.find(id)),
        findByNumber: (teamId, number) => {
          const entry = store.internalNumbers.lookup(teamId, number);
          if (entry?.kind !== 'extension' || entry.ownerId === null) return undefined;
          return voicemailBox(store, store.voicemailBoxes.findByExtension(entry.ownerId));
        },
      },
    },
  });
  voicemail.on('messagewaiting', (m) => w.onMailboxChanged?.(m.teamId, m.mailbox));
  const ringGroup: ApplicationHandler = async (call) => {
    const id = call.destination.targetId;
    const group = id === undefined ? undefined : store.ringGroups.find(id);
    if (group === undefined || group.teamId !== call.teamId) return unroutable(call);
    const members = ringGroupTargets(
      group.extensionIds.map((e) => store.extensions.find(e)),
      group.teamId,
    );
    // RG-4: the group's MOH class while members ring; ringback without one.
    const moh =
      group.mohClassId === null
        ? undefined
        : mohSourceOfClassId(store, group.mohClassId, group.teamId);
    const run = new RingGroupRun({ originator, media, clock, memory }, { ...group, members, moh });
    return toOutcome(await run.run(call));
  };
  const ivr = new IvrApplication({
    media,
    clock,
    logger: logger.child({ component: 'ivr' }),
    directory: {
      ivrFlows: { find: (id) => ivrFlow(store, id) },
      callPrompts: store.callPrompts,
      voiceFiles: store.voiceFiles,
      internalNumbers: store.internalNumbers,
    },
    logSink: withIvrCdr(w, ivrLogFile(join(w.dataDir, 'logs', 'ivr-sessions.jsonl'), logger)),
    fetch: w.fetch,
    // DID-2: a call from a trunk hears prompts in its DID's language.
    callLanguage: (call) => didPromptLanguage(store.dids, call),
  });
  return new PbxApplications({
    media,
    originator,
    logger,
    directory: store,
    handlers: {
      ringGroup,
      ivr: (call) => ivr.handle(call),
      queue: async (call) => {
        const queue = queues.get(call);
        return queue === undefined ? unroutable(call) : toOutcome(await queue.run(call));
      },
      conference: async (call) => {
        await conferences.run(call);
        return DONE;
      },
      voicemail: async (call) => {
        await voicemail.run(call);
        return DONE;
      },
      application: (call) =>
        runParking(call, w.parking) ??
        runApplication(call, {
          store,
          media,
          clock,
          voicemail,
          ringing: w.ringing,
          dataDir: w.dataDir,
        }),
      outboundRoute: (call, ctx) =>
        dialOutbound(call, ctx, { router: new DialPlanRouter(store, clock), directory: store }),
    },
  });
}

/**
 * One live Queue per configured queue, made on its first caller and
 * given the stored config again whenever it changed (Q-22: callers
 * waiting keep their place).
 */
class QueueRegistry {
  private readonly live = new Map<number, { queue: Queue; updatedAtMs: number }>();

  constructor(private readonly w: PbxWiring) {}

  get(call: ApplicationCall): Queue | undefined {
    const id = call.destination.targetId;
    const row = id === undefined ? undefined : this.w.store.queues.find(id);
    if (row === undefined || row.teamId !== call.teamId) return undefined;
    const config: QueueConfig = { ...QUEUE_DEFAULTS, ...row };
    const known = this.live.get(row.id);
    if (known !== undefined) {
      if (known.updatedAtMs !== row.updatedAt.getTime()) {
        known.queue.update(config);
        known.updatedAtMs = row.updatedAt.getTime();
      }
      return known.queue;
    }
    const { media, originator, clock, store } = this.w;
    const queue = new Queue(
      {
        media,
        originator,
        clock,
        audio: {
          // Q-5, MOH-1: the queue's class (read per caller, so an edit applies
          // to the next one), else the team's default, from a shared stream.
          moh: () =>
            mohSourceOfClassId(store, store.queues.find(row.id)?.mohClassId ?? null, row.teamId),
          promptFile: () => undefined,
          // Q-7 "you are number n": one prompt up to 20, digit by digit above.
          positionFiles: (n) => [
            'queue/you-are-number',
            ...(n <= 20 ? [`digits/${n}`] : [...String(n)].map((d) => `digits/${d}`)),
          ],
          digitFiles: (digits) => [...digits].map((d) => `digits/${d}`),
        },
        members: { members: (queueId) => queueMembers(store, queueId) },
      },
      config,
    );
    this.live.set(row.id, { queue, updatedAtMs: row.updatedAt.getTime() });
    this.w.onQueue?.(queue, row.teamId);
    return queue;
  }
}

/**
 * The members of a queue: the agents of the agent groups bound to it
 * (spec §1.6), each ringing the extension its targetNumber names. Agent
 * states come with the call-centre issue; until then static members are
 * signed in and dynamic ones are not.
 */
function queueMembers(store: ConfigStore, queueId: number): QueueMember[] {
  const out: QueueMember[] = [];
  for (const group of store.agentGroups.list()) {
    if (group.queueId !== queueId) continue;
    for (const m of group.members) {
      const agent = store.agents.find(m.agentId);
      if (agent === undefined || agent.status !== 'enabled' || agent.targetNumber === null) {
        continue;
      }
      const entry = store.internalNumbers.lookup(agent.teamId, agent.targetNumber);
      if (entry?.kind !== 'extension' || entry.ownerId === null) continue;
      const decision = ringExtension(store.extensions.find(entry.ownerId), agent.teamId);
      if (decision.kind !== 'extensions') continue;
      const target: ExtensionTarget = decision.targets[0]!;
      out.push({
        ...extensionQueueMember(target),
        key: `agent:${agent.id}`,
        isLoggedIn: m.membershipType === 'static',
        penalty: m.priority,
        agentNo: agent.agentNo,
      });
    }
  }
  return out;
}

function voicemailBox(store: ConfigStore, box: ReturnType<ConfigStore['voicemailBoxes']['find']>) {
  if (box === undefined) return undefined;
  const ext = store.extensions.find(box.extensionId);
  if (ext === undefined) return undefined;
  return { ...box, extensionNumber: ext.internalNumber, pin: store.voicemailBoxes.getPin(box.id) };
}

function toOutcome(r: { kind: string; destination?: Destination }): ApplicationOutcome {
  return r.kind === 'destination' && r.destination !== undefined
    ? { kind: 'destination', destination: r.destination }
    : DONE;
}

/**
 * IVR session records (for the IVR report), one JSON line each in
 * <data-dir>/logs: appended in order, readable while the switch runs.
 */
function ivrLogFile(path: string, logger: Logger): IvrLogSink {
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
function ivrFlow(store: ConfigStore, id: number): IvrRunFlow | undefined {
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
      ...flatFailover(t.failover, t.failoverEndPromptId),
    })),
  };
}

/** The voicemail counts of extension `number` of `teamId`, for RFC 3842 NOTIFYs. */
export function mailboxCounter(
  store: ConfigStore,
  dataDir: string,
): (teamId: number, number: string) => Promise<{ newCount: number; oldCount: number } | undefined> {
  const messages = new FileVoicemailStore(join(dataDir, 'voicemail'));
  return async (teamId, number) => {
    const entry = store.internalNumbers.lookup(teamId, number);
    if (entry?.kind !== 'extension' || entry.ownerId === null) return undefined;
    const box = store.voicemailBoxes.findByExtension(entry.ownerId);
    if (box === undefined) return undefined;
    const list = await messages.list(box.id);
    const newCount = list.filter((m) => !m.isRead).length;
    return { newCount, oldCount: list.length - newCount };
  };
}

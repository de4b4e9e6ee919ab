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
  CallRecorder,
  RingingCalls,
  Clock,
  Destination,
  ExtensionTarget,
  AgentSession,
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
  QueueParties,
  RingGroupRun,
  VoicemailApplication,
  dialOutbound,
  resolvePromptVoiceFile,
  voiceFilePlayName,
  ringExtension,
  ringGroupTargets,
  type ApplicationHandler,
  type RingGroupStats,
  type ParkingLots,
  type ApplicationOutcome,
  type IvrFailover as IvrRunFailover,
  type IvrFlow as IvrRunFlow,
  type IvrFetch,
  type IvrLogSink,
  type QueueConfig,
  type QueuePartiesDeps,
  type VoicemailMailer,
} from './pbx/index.ts';
import { ivrCdrSink, type CdrIvrStorage } from './pbx/cdr/index.ts';
import { AgentQueues, type AgentSessions, type PhoneBindingDirectory } from './pbx/agents/index.ts';

/** What the PBX applications are built from. */
export interface PbxWiring {
  readonly media: MediaControl;
  /** VM-3 notifications: the mailer and the From address; no e-mail without it. */
  readonly voicemailMail?: { readonly mailer: VoicemailMailer; readonly from: string } | undefined;
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
  /** The agents' runtime: who of the queues' agents is signed in and free (GRP-1). */
  readonly agents: AgentSessions;
  /** The CDR recorder, told which queue member took a call (D64); CDRs lack it without. */
  readonly recorder?: Pick<CallRecorder, 'answeredBy'> | undefined;
  /**
   * Q-19: members add parties to queue calls, routed by the switch's dial
   * plan (with the agents' gates) and recorded with every CDR hook; told
   * the runtime once built. No parties can be added without it.
   */
  readonly queueParties?:
    | (Pick<QueuePartiesDeps, 'router' | 'recorder'> & {
        readonly onBuilt: (parties: QueueParties) => void;
        /** D44: hold the member's `multi-party` key back from the caller. */
        readonly isSwallowingKeys: boolean;
      })
    | undefined;
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
  // the queue's multiParty is read when a party is added, as stored then.
  const parties =
    w.queueParties === undefined
      ? undefined
      : new QueueParties({
          originator,
          clock,
          logger: logger.child({ component: 'queue-parties' }),
          router: w.queueParties.router,
          recorder: w.queueParties.recorder,
          isMultiParty: (queueId) => store.queues.find(queueId)?.multiParty === true,
          // The member's in-call key: the team's code, read when a call is bridged.
          keys: {
            media,
            codeOf: (teamId) => {
              const code = store.featureCodes.find(teamId, 'multi-party');
              return code?.enabled === true && code.code !== '' ? code.code : undefined;
            },
            isSwallowing: w.queueParties.isSwallowingKeys,
          },
        });
  if (parties !== undefined) w.queueParties?.onBuilt(parties);
  const queues = new QueueRegistry(w, parties);
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
  const voicemail = new VoicemailApplication(
    {
      media,
      clock,
      logger: logger.child({ component: 'voicemail' }),
      store: new FileVoicemailStore(join(w.dataDir, 'voicemail')),
      mailer: w.voicemailMail?.mailer,
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
    },
    w.voicemailMail === undefined ? {} : { mailFrom: w.voicemailMail.from },
  );
  voicemail.on('messagewaiting', (m) => w.onMailboxChanged?.(m.teamId, m.mailbox));
  // RGM-2: each ring and answer counted on the member's row; a failed count
  // is logged and the call goes on.
  const countSafely = (count: () => void) => {
    try {
      count();
    } catch (err) {
      logger.error({ err }, 'counting a ring-group member failed');
    }
  };
  const ringGroupStats: RingGroupStats = {
    offered: (g, e) => countSafely(() => store.ringGroupMembers.countRing(g, e)),
    answered: (g, e) => countSafely(() => store.ringGroupMembers.countAnswer(g, e)),
  };
  const ringGroup: ApplicationHandler = async (call, ctx) => {
    const id = call.destination.targetId;
    const group = id === undefined ? undefined : store.ringGroups.find(id);
    if (group === undefined || group.teamId !== call.teamId) return unroutable(call);
    // RGM-1: larger priority first, equal priorities in the group's list order.
    const members = ringGroupTargets(
      store.ringGroupMembers.ringOrder(group.id).map((e) => store.extensions.find(e)),
      group.teamId,
    );
    // RG-4: the group's MOH class while members ring; ringback without one.
    const moh =
      group.mohClassId === null
        ? undefined
        : mohSourceOfClassId(store, group.mohClassId, group.teamId);
    const run = new RingGroupRun(
      { originator, media, clock, memory, stats: ringGroupStats },
      { ...group, members, moh },
    );
    // IVR-9: an IVR follow-up wants the caller back after the member (D64).
    const outcome = await run.run(call, { isKeepingCaller: ctx.isKeepingCaller });
    return outcome.kind === 'answered' && outcome.isCallerKept ? KEPT : toOutcome(outcome);
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
      queue: async (call, ctx) => {
        const queue = queues.get(call);
        if (queue === undefined) return unroutable(call);
        // IVR-9: an IVR follow-up wants the caller back after the agent.
        const outcome = await queue.run(call, { isKeepingCaller: ctx.isKeepingCaller });
        return outcome.kind === 'answered' && outcome.isCallerKept ? KEPT : toOutcome(outcome);
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
          agents: w.agents,
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
  #agentQueues: AgentQueues | undefined;

  constructor(
    private readonly w: PbxWiring,
    private readonly parties: QueueParties | undefined,
  ) {}

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
    this.#agentQueues ??= new AgentQueues({
      store,
      sessions: this.w.agents,
      targetOf: (session) => agentTarget(store, session),
    });
    const agentQueues = this.#agentQueues;
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
          promptFile: (promptId) => queuePromptFile(store, promptId),
          // Q-7 "you are number n": one prompt up to 20, digit by digit above.
          positionFiles: (n) => [
            'queue/you-are-number',
            ...(n <= 20 ? [`digits/${n}`] : [...String(n)].map((d) => `digits/${d}`)),
          ],
          digitFiles: (digits) => [...digits].map((d) => `digits/${d}`),
        },
        members: agentQueues,
        ratings: {
          // a score the store refuses is logged; the call goes on.
          record: (r) => {
            try {
              store.ratings.create({ ...r, agentNo: r.agentNo ?? null });
            } catch (err) {
              this.w.logger.error({ err, callId: r.callId }, 'storing a rating failed');
            }
          },
        },
        // D64: the member that took a call reaches its CDR (agent credit 5.4).
        recorder: this.w.recorder,
      },
      config,
    );
    agentQueues.attach(queue);
    this.parties?.attach(queue);
    this.live.set(row.id, { queue, updatedAtMs: row.updatedAt.getTime() });
    this.w.onQueue?.(queue, row.teamId);
    return queue;
  }
}

/**
 * Where a queue call to a signed-in agent rings (AGT-3): the extension
 * that is the session's phone, as the routing rings it. External phones
 * ring through the team's external-agent trunk (TM-13), which queues do
 * not place yet, so those agents are not offered queue calls.
 */
function agentTarget(store: ConfigStore, session: AgentSession): ExtensionTarget | undefined {
  if (session.phone.kind !== 'extension') return undefined;
  const entry = store.internalNumbers.lookup(session.teamId, session.phone.number);
  if (entry?.kind !== 'extension' || entry.ownerId === null) return undefined;
  const decision = ringExtension(store.extensions.find(entry.ownerId), session.teamId);
  return decision.kind === 'extensions' ? decision.targets[0] : undefined;
}

/** What the registrar tells of an extension's registrations (signaling/registrar). */
interface RegisteredContacts {
  lookup(
    teamId: number,
    number: string,
  ): ReadonlyArray<{ readonly binding: { readonly sourceAddress: string } }>;
}

/**
 * AGT-2's view of the team's numbers: which are extensions, and which
 * extensions are registered now from an address (adaptive binding).
 */
export function agentPhoneDirectory(
  store: ConfigStore,
  registrar: () => RegisteredContacts | undefined,
): PhoneBindingDirectory {
  return {
    isExtension: (teamId, number) =>
      store.internalNumbers.lookup(teamId, number)?.kind === 'extension',
    extensionsRegisteredFrom: (teamId, ip) => {
      const contacts = registrar();
      if (contacts === undefined) return [];
      return store.extensions
        .list(teamId)
        .map((ext) => ext.internalNumber)
        .filter((n) => contacts.lookup(teamId, n).some((c) => c.binding.sourceAddress === ip));
    },
  };
}

function voicemailBox(store: ConfigStore, box: ReturnType<ConfigStore['voicemailBoxes']['find']>) {
  if (box === undefined) return undefined;
  const ext = store.extensions.find(box.extensionId);
  if (ext === undefined) return undefined;
  return { ...box, extensionNumber: ext.internalNumber, pin: store.voicemailBoxes.getPin(box.id) };
}

const KEPT: ApplicationOutcome = { kind: 'kept' };

/**
 * The file of a queue's call prompt (Q-17 rating): queues have no call
 * language, so the prompt's own default language, else its base file.
 */
function queuePromptFile(store: ConfigStore, promptId: number): string | undefined {
  const prompt = store.callPrompts.find(promptId);
  if (prompt === undefined) return undefined;
  const language = prompt.defaultLanguage ?? 'en';
  const fileId = resolvePromptVoiceFile(prompt, language, 'en');
  const file = fileId === undefined ? undefined : store.voiceFiles.find(fileId);
  return file === undefined ? undefined : voiceFilePlayName(file);
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
      followUpPromptId: t.followUpPromptId,
      returnToIvrId: t.returnToIvrId,
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

/*
 * Builds the PBX applications from the config store (app.ts calls it):
 * each destination type of spec 02 §0.5 that has a runtime gets a
 * handler reading its config at call time, so a change in the admin API
 * applies to the next call (issue 7 "reload": new calls use new config).
 */
import { join } from 'node:path';
import type { ConferenceControl } from './admin-api/index.ts';
import { ValidationError, type Destination } from './core/index.ts';
import { DEFAULT_MOH_IDENTIFIER } from './core/config-store/index.ts';
import { DONE, runApplication, unroutable } from './app-features.ts';
import { ivrFlow, ivrLogFile, withIvrCdr } from './app-ivr.ts';
import { mohSourceOfClassId } from './app-moh.ts';
import { runParking } from './app-parking.ts';
import type { PbxWiring } from './app-pbx-wiring.ts';
import { QueueRegistry } from './app-queue-registry.ts';
import { voicemailBox } from './app-voicemail.ts';
import {
  ConferenceRooms,
  DialPlanRouter,
  withExternalExtensions,
  FileVoicemailStore,
  didPromptLanguage,
  InMemoryRingGroupMemory,
  IvrApplication,
  PbxApplications,
  QueueParties,
  RingGroupRun,
  RecentAnswerers,
  RingingMembers,
  VoicemailApplication,
  dialOutbound,
  sendDtmfDestination,
  playPromptDestination,
  callbackRequestDestination,
  promptPlayName,
  type IvrDirectory,
  ringGroupTargets,
  type ApplicationHandler,
  type RingGroupStats,
  type MemberStatus,
  type ApplicationOutcome,
} from './pbx/index.ts';

export type { PbxWiring } from './app-pbx-wiring.ts';

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
  // Q-13 and RG-5: who last answered each caller, shared by queues and ring groups (D82).
  const recent = new RecentAnswerers();
  // EXT-12: legs that ring groups and queues ring, for call pickup (D85).
  const ringingMembers = new RingingMembers();
  const queues = new QueueRegistry(w, parties, recent, ringingMembers);
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
  // RG-2 空闲振铃: registered and on no call, as the switch tracks calls (D81).
  // An external-number extension (EXT-15) registers nothing and its other
  // calls are not seen: unknown counts as free, as Asterisk's device state.
  const presence = w.presence;
  // D87: an agent whose phone is on any call shows as busy.
  if (presence !== undefined) w.agents.watchPhones(presence);
  const memberStatus: MemberStatus | undefined =
    presence === undefined
      ? undefined
      : {
          isIdle: (m) =>
            (presence.isRegistered(m.teamId, m.number) ||
              store.extensions.find(m.extensionId)?.deviceType === 'external') &&
            presence.callCount(m.teamId, m.number) === 0,
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
      {
        originator,
        media,
        clock,
        memory,
        stats: ringGroupStats,
        memberStatus,
        pickup: ringingMembers,
        recentCalls: {
          lastMemberFor: (_groupId, caller) => recent.lastExtension(group.teamId, caller),
          answered: (_groupId, caller, extensionId) =>
            recent.answered(group.teamId, caller, extensionId),
        },
      },
      { ...group, members, moh },
    );
    // IVR-9: an IVR follow-up wants the caller back after the member (D64).
    const outcome = await run.run(call, { isKeepingCaller: ctx.isKeepingCaller });
    return outcome.kind === 'answered' && outcome.isCallerKept ? KEPT : toOutcome(outcome);
  };
  const ivrDirectory: IvrDirectory = {
    ivrFlows: { find: (id) => ivrFlow(store, id) },
    callPrompts: store.callPrompts,
    voiceFiles: store.voiceFiles,
    internalNumbers: store.internalNumbers,
  };
  const ivr = new IvrApplication({
    media,
    clock,
    logger: logger.child({ component: 'ivr' }),
    directory: ivrDirectory,
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
          ringingMembers,
          dataDir: w.dataDir,
          agents: w.agents,
        }),
      outboundRoute: (call, ctx) =>
        dialOutbound(call, ctx, { router: new DialPlanRouter(store, clock), directory: store }),
      // The call's language: an IVR's (LANGUAGE, DID-2), else its DID's (D90).
      prompt: (call, ctx) =>
        playPromptDestination(call, ctx, (promptId) => {
          const language =
            ivr.callState(call.callId)?.language ?? didPromptLanguage(store.dids, call) ?? 'en';
          return promptPlayName(ivrDirectory, promptId, language, 'en');
        }),
      sendDtmf: (call, ctx) =>
        sendDtmfDestination(call, ctx, (ms) => new Promise((r) => clock.setTimeout(r, ms))),
      // IVR-10 要求回访 (D93): a number that cannot be called back is refused.
      callback: (call, ctx) =>
        callbackRequestDestination(call, ctx, (request) => {
          try {
            store.callbackRequests.request(request);
            return true;
          } catch (err) {
            if (err instanceof ValidationError) return false;
            throw err;
          }
        }),
    },
  });
}

const KEPT: ApplicationOutcome = { kind: 'kept' };

function toOutcome(r: { kind: string; destination?: Destination }): ApplicationOutcome {
  return r.kind === 'destination' && r.destination !== undefined
    ? { kind: 'destination', destination: r.destination }
    : DONE;
}

/**
 * The feature codes' runtime (spec 04 §15.9) and configured applications
 * (spec 02 §3.18) over the config store, wired by app-pbx.ts.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, uuid } from './core/index.ts';
import type { ApplicationCall, Clock, MediaControl, Result, RingingCalls } from './core/index.ts';
import { AudioFiles, convertForPlayback, voiceFileAudioFields } from './core/audio/index.ts';
import { verifyPassword, type ConfigStore } from './core/config-store/index.ts';
import {
  isAgentPhoneContext,
  runAgentPhoneApplication,
  type AgentPhoneSessions,
} from './pbx/agents/index.ts';
import {
  phoneRecordingName,
  recordPrompt,
  voiceFilePlayName,
  type PhoneRecording,
  type RecordPromptDeps,
  type SavedRecording,
  isForwardFeature,
  parseFeatureTarget,
  pickUpCall,
  pickupNumbers,
  runForwardFeature,
  sayExtension,
  type ApplicationOutcome,
  type PickupDirectory,
  type RingingMembers,
  type VoicemailApplication,
} from './pbx/index.ts';

export const DONE: ApplicationOutcome = { kind: 'done' };

/** Ends a call whose destination does not exist (404). */
export async function unroutable(call: ApplicationCall): Promise<ApplicationOutcome> {
  await call.leg.hangup({ reason: 'not-found', q850: 1, sipStatus: 404 });
  return DONE;
}

/**
 * An application destination (spec 02 §3.18, APP-1): a feature code
 * (spec 04 §15.9: DND, voicemail, forwards *90–*94, *62) or a configured
 * application naming a built-in handler, and call pickup (*61, EXT-12).
 * The agent sign-in, sign-out and pause applications run over the agents'
 * runtime (D63). Handlers without a runtime end the call as unavailable.
 */
export async function runApplication(
  call: ApplicationCall,
  ctx: {
    store: ConfigStore;
    media: MediaControl;
    clock: Clock;
    voicemail: VoicemailApplication;
    ringing: RingingCalls | undefined;
    /** Legs ring groups and queues ring, which pickup takes too (D85). */
    ringingMembers?: RingingMembers | undefined;
    /** The data dir: voice files under sounds/, raw recordings under tmp/ (VF-2). */
    dataDir: string;
    /** The agents' runtime; the agent applications get 480 without it. */
    agents?: AgentPhoneSessions | undefined;
  },
): Promise<ApplicationOutcome> {
  const { store, voicemail } = ctx;
  const id = call.destination.targetId;
  const configured = id === undefined ? undefined : store.applications.find(id);
  const match = parseFeatureTarget(call.destination.targetValue);
  const feature =
    match?.name ?? (configured?.context === 'voicemail-main' ? 'voicemail-any' : undefined);
  const caller = store.internalNumbers.lookup(call.teamId, call.leg.remote.number);
  const extensionId = caller?.kind === 'extension' ? (caller.ownerId ?? undefined) : undefined;
  if (isAgentPhoneContext(configured?.context) && ctx.agents !== undefined) {
    await runAgentPhoneApplication(
      call,
      configured.context,
      {
        ...ctx,
        directory: store,
        sessions: ctx.agents,
        verifyPassword,
      },
      { isCallerExtension: extensionId !== undefined },
    );
    return DONE;
  }
  switch (feature) {
    case 'voicemail-any':
      await voicemail.check(call);
      return DONE;
    case 'voicemail-mine': {
      const box =
        extensionId === undefined ? undefined : store.voicemailBoxes.findByExtension(extensionId);
      if (box === undefined) return unroutable(call);
      await voicemail.check(call, box.id);
      return DONE;
    }
    case 'dnd-on':
    case 'dnd-off': {
      if (extensionId === undefined) return unroutable(call);
      store.extensions.update(extensionId, { dnd: feature === 'dnd-on' });
      await confirmAndHangUp(call, ctx.media);
      return DONE;
    }
    case 'pickup': {
      const picker = extensionId === undefined ? undefined : store.extensions.find(extensionId);
      if (picker === undefined || ctx.ringing === undefined) return unroutable(call);
      const numbers = pickupNumbers(
        { ...picker, number: picker.internalNumber },
        pickupDirectory(store),
      );
      await pickUpCall(call, ctx.ringing, ctx.media, numbers, match?.argument, ctx.ringingMembers);
      return DONE;
    }
    case 'say-extension':
      if (extensionId === undefined) return unroutable(call);
      await sayExtension(call, { ...ctx, directory: store }, extensionId);
      return DONE;
    case 'record-prompt': {
      const ext = extensionId === undefined ? undefined : store.extensions.find(extensionId);
      if (ext === undefined) return unroutable(call);
      await recordPrompt(call, phoneRecordings(ctx), ext.internalNumber);
      return DONE;
    }
    default:
      if (
        match !== undefined &&
        (isForwardFeature(match.name) || match.name === 'forward-cancel')
      ) {
        if (extensionId === undefined) return unroutable(call);
        await runForwardFeature(call, { ...ctx, directory: store }, extensionId, match);
        return DONE;
      }
      await call.leg.hangup({ reason: 'unavailable', q850: 41, sipStatus: 480 });
      return DONE;
  }
}

/** Pickup scopes over the store (EXT-12, AG-5). */
function pickupDirectory(store: ConfigStore): PickupDirectory {
  return {
    extensionsOf: (teamId) => store.extensions.pickupScopes(teamId),
    accountGroupOf: (accountId) => store.accountGroups.findByAccount(accountId)?.id,
  };
}

/** Answers, plays a short confirmation beep, and hangs up. */
async function confirmAndHangUp(call: ApplicationCall, media: MediaControl): Promise<void> {
  if ((await call.leg.answer()).ok) {
    const beep = await media.play(call.leg.media, { tone: 'beep' });
    if (beep.ok) await beep.value.finished;
  }
  await call.leg.hangup();
}

/**
 * VF-2: where recordings by phone go. The raw recording is written under
 * tmp/ and becomes a voice file like an upload does (the same playback
 * copies under sounds/, row and files in one step, nothing half-written).
 */
function phoneRecordings(ctx: {
  store: ConfigStore;
  media: MediaControl;
  clock: Clock;
  dataDir: string;
}): RecordPromptDeps {
  const scratchDir = join(ctx.dataDir, 'tmp');
  const files = new AudioFiles(join(ctx.dataDir, 'sounds'));
  return {
    media: ctx.media,
    clock: ctx.clock,
    scratchPath: async (callId) => {
      await mkdir(scratchDir, { recursive: true, mode: 0o700 });
      return join(scratchDir, `record-prompt-${callId}-${uuid()}.wav`);
    },
    discard: (path) => rm(path, { force: true }),
    save: (recording) => saveRecording(ctx.store, files, recording),
  };
}

/**
 * Converts a raw recording and stores it as a voice file of its team; a
 * failure (unreadable file, disk full) is returned, never thrown into the
 * call.
 */
async function saveRecording(
  store: ConfigStore,
  files: AudioFiles,
  recording: PhoneRecording,
): Promise<Result<SavedRecording, Error>> {
  try {
    const bytes = await readFile(recording.path);
    const converted = await convertForPlayback(bytes);
    if (!converted.ok) return err(new Error(converted.error.detail));
    const copies = converted.value;
    const taken = new Set(store.voiceFiles.list(recording.teamId).map((f) => f.name));
    const { extensionNumber, recordedAtMs } = recording;
    let n = 0;
    while (taken.has(phoneRecordingName(extensionNumber, recordedAtMs, n))) n++;
    const file = store.voiceFiles.create(
      {
        teamId: recording.teamId,
        name: phoneRecordingName(extensionNumber, recordedAtMs, n),
        ...voiceFileAudioFields(copies, bytes.length),
      },
      (row) => files.write(row, copies),
    );
    await rm(recording.path, { force: true });
    return ok({ id: file.id, name: file.name, playName: voiceFilePlayName(file) });
  } catch (error) {
    return err(error instanceof Error ? error : new Error(String(error)));
  }
}

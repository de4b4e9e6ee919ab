import { uuid } from '../../core/index.ts';

/**
 * The fields of a voicemail box the applications read (spec 01 §2.9,
 * EXT-10; table `voicemail_boxes`). `pin` is in clear: the directory that
 * backs this decrypts `pinEncrypted`.
 */
export interface VoicemailBox {
  readonly id: number;
  readonly teamId: number;
  /** The extension's number, which is the mailbox number (*98 asks for it). */
  readonly extensionNumber: string;
  /** The mailbox PIN (VM-4); null or empty means none is asked. */
  readonly pin: string | null;
  /** Where new messages are mailed (VM-3); null means no mail. */
  readonly email: string | null;
  readonly attachAudio: boolean;
  readonly deleteAfterEmail: boolean;
  readonly greeting: 'system' | 'personal';
  /** The recorded personal greeting, if any; the system one is used without it. */
  readonly personalGreetingFile?: string | null | undefined;
  readonly maxMessages: number;
  readonly maxMessageSec: number;
}

/** Everything voicemail reads from the configuration. */
export interface VoicemailDirectory {
  readonly voicemailBoxes: {
    find(id: number): VoicemailBox | undefined;
    /** The box of the team's extension `number`, if it has one. */
    findByNumber(teamId: number, number: string): VoicemailBox | undefined;
  };
}

/** One left message (spec 01 §2.9 `VoicemailMessage`). */
export interface VoicemailMessage {
  readonly id: string;
  readonly boxId: number;
  readonly teamId: number;
  /** The caller who left it (`sender`). */
  readonly callerNumber: string;
  readonly callerName?: string | undefined;
  /** When it was left (`leftAt`), ms since the epoch. */
  readonly leftAtMs: number;
  readonly durationMs: number;
  /** The recording, `…/msgNNNN.wav` (VM-1). */
  readonly filePath: string;
  readonly isRead: boolean;
}

/** A message before the store gave it an id. */
export type NewVoicemailMessage = Omit<VoicemailMessage, 'id'>;

/**
 * Where messages and their recordings are kept; pbx/ does not know the
 * layout. I/O failures reject (they are bugs or a full disk, and end the
 * application's run, which signalling turns into a hang-up).
 */
export interface VoicemailStore {
  /** The path for the box's next recording (`msgNNNN.wav`, VM-1). */
  allocatePath(box: VoicemailBox): Promise<string>;
  save(message: NewVoicemailMessage): Promise<VoicemailMessage>;
  /** The box's messages, oldest first. */
  list(boxId: number): Promise<readonly VoicemailMessage[]>;
  setRead(id: string, isRead: boolean): Promise<void>;
  /** Deletes a message and its recording. */
  remove(id: string): Promise<void>;
  /** Deletes a recording that was not kept (too short). */
  discard(path: string): Promise<void>;
  /** The recording's bytes, for the e-mail attachment; undefined if gone. */
  readFile(path: string): Promise<Uint8Array | undefined>;
}

/**
 * A VoicemailStore in memory, for tests and for a switch without a disk
 * store. `files` plays the media plane's recordings: a test puts bytes at
 * the path the recording was written to.
 */
export class InMemoryVoicemailStore implements VoicemailStore {
  readonly messages: VoicemailMessage[] = [];
  readonly files = new Map<string, Uint8Array>();
  readonly discarded: string[] = [];
  readonly #nextByBox = new Map<number, number>();

  allocatePath(box: VoicemailBox): Promise<string> {
    const n = this.#nextByBox.get(box.id) ?? 0;
    this.#nextByBox.set(box.id, n + 1);
    const name = `msg${String(n).padStart(4, '0')}.wav`;
    return Promise.resolve(`voicemail/${box.teamId}/${box.extensionNumber}/${name}`);
  }

  save(message: NewVoicemailMessage): Promise<VoicemailMessage> {
    const saved = { ...message, id: uuid() };
    this.messages.push(saved);
    return Promise.resolve(saved);
  }

  list(boxId: number): Promise<readonly VoicemailMessage[]> {
    return Promise.resolve(this.messages.filter((m) => m.boxId === boxId));
  }

  setRead(id: string, isRead: boolean): Promise<void> {
    const i = this.messages.findIndex((m) => m.id === id);
    const m = this.messages[i];
    if (m !== undefined) this.messages[i] = { ...m, isRead };
    return Promise.resolve();
  }

  remove(id: string): Promise<void> {
    const i = this.messages.findIndex((m) => m.id === id);
    const m = this.messages[i];
    if (m !== undefined) {
      this.messages.splice(i, 1);
      this.files.delete(m.filePath);
    }
    return Promise.resolve();
  }

  discard(path: string): Promise<void> {
    this.discarded.push(path);
    this.files.delete(path);
    return Promise.resolve();
  }

  readFile(path: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.files.get(path));
  }
}

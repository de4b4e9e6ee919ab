import { LANGUAGE_VARIABLE } from './ivr-flow.ts';

/** How a call starts its IVR life. */
export interface IvrCallStateOptions {
  /** The call language from the DID (PR-1); the system default unless given. */
  readonly language?: string | undefined;
  readonly variables?: Readonly<Record<string, string>> | undefined;
}

/**
 * What one call carries from IVR to IVR and on to later objects: its
 * variables (IVR-7, e.g. `LANGUAGE=cn` read by queues and prompts) and how
 * many times it entered an IVR, which bounds IVR-to-IVR loops. The
 * dispatcher creates one per call and passes it to every IVR run.
 */
export class IvrCallState {
  readonly variables = new Map<string, string>();
  /** IVR runs started on this call so far. */
  ivrEntries = 0;
  readonly #initialLanguage: string | undefined;

  constructor(opts: IvrCallStateOptions = {}) {
    this.#initialLanguage = opts.language;
    for (const [name, value] of Object.entries(opts.variables ?? {})) {
      this.variables.set(name, value);
    }
  }

  /** The call language: the `LANGUAGE` variable once set, else the DID's. */
  get language(): string | undefined {
    return this.variables.get(LANGUAGE_VARIABLE) ?? this.#initialLanguage;
  }

  /** The variables as a plain object, for CDRs and queue auto-join. */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.variables);
  }
}

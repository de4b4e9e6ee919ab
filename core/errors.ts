/**
 * Base class of every error we raise on purpose. `code` is stable and is what
 * callers, logs and the admin API match on (like fastify's FST_ERR_*).
 */
export class SwitchyardError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An object was used after close(), or an operation came in the wrong state. */
export class InvalidStateError extends SwitchyardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_INVALID_STATE', message, options);
  }
}

/** The process configuration is invalid; `field` and `value` name the defect. */
export class ConfigError extends SwitchyardError {
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, message: string) {
    super('ERR_CONFIG_INVALID', message);
    this.field = field;
    this.value = value;
  }
}

/** A looked-up object does not exist (or is not visible to the caller). */
export class NotFoundError extends SwitchyardError {
  constructor(what: string, id: string | number) {
    super('ERR_NOT_FOUND', `${what} ${String(id)} not found`);
  }
}

/** A write conflicts with existing data: a unique key, a reference, a version. */
export class ConflictError extends SwitchyardError {
  readonly field: string | undefined;

  constructor(code: string, message: string, field?: string) {
    super(code, message);
    this.field = field;
  }
}

/** A value given to an API is invalid; `field` names it. */
export class ValidationError extends SwitchyardError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('ERR_VALIDATION', message);
    this.field = field;
  }
}

/** A quota of a team (maximum extensions, agents, …) would be exceeded. */
export class QuotaExceededError extends SwitchyardError {
  constructor(what: string, limit: number) {
    super('ERR_QUOTA_EXCEEDED', `the team allows at most ${limit} ${what}`);
  }
}

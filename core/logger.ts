import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

/** The structured logger used everywhere (pino: JSON lines, levels, child loggers). */
export type Logger = PinoLogger;

/** Log levels accepted by the configuration. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Keys whose values are never written to a log: SIP secrets, digest
 * material and API credentials (DEVELOPERS.md, security).
 */
export const REDACTED_KEYS = [
  'password',
  'secret',
  'sipPassword',
  'ha1Md5',
  'ha1Sha256',
  'token',
  'apiKey',
  'authorization',
  'Authorization',
  'adminPassword',
  'passwordHash',
  'secretEncrypted',
  'registrationHa1Md5',
  'registrationHa1Sha256',
  'verificationString',
  'smtpUrl',
  'smtpPassword',
];

/** Creates the root logger; `destination` lets tests capture the lines. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const paths = REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return pino(
    {
      level,
      base: { name: 'switchyard' },
      redact: { paths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that drops everything, for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

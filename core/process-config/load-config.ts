import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import { redactSmtpUrl } from '../mail/smtp-url.ts';
import { processConfigSchema, type ProcessConfig } from './schema.ts';

/** Where a value came from, for the one-line error message. */
export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

/** Raw inputs from each source; keys are schema field names. */
export interface ConfigSources {
  flags: Record<string, unknown>;
  env: Record<string, unknown>;
  file: Record<string, unknown>;
}

/** The SWITCHYARD_* variable for each field. */
export const ENV_NAMES: Record<string, string> = {
  dataDir: 'SWITCHYARD_DATA_DIR',
  bind: 'SWITCHYARD_BIND',
  sipPort: 'SWITCHYARD_SIP_PORT',
  sipTcpPort: 'SWITCHYARD_SIP_TCP_PORT',
  sipTlsPort: 'SWITCHYARD_SIP_TLS_PORT',
  sipWsPort: 'SWITCHYARD_SIP_WS_PORT',
  sipWssPort: 'SWITCHYARD_SIP_WSS_PORT',
  tlsCert: 'SWITCHYARD_TLS_CERT',
  tlsKey: 'SWITCHYARD_TLS_KEY',
  httpBind: 'SWITCHYARD_HTTP_BIND',
  httpPort: 'SWITCHYARD_HTTP_PORT',
  rtpPorts: 'SWITCHYARD_RTP_PORTS',
  logLevel: 'SWITCHYARD_LOG_LEVEL',
  digestAlgorithms: 'SWITCHYARD_DIGEST_ALGORITHMS',
  demo: 'SWITCHYARD_DEMO',
  demoTrunk: 'SWITCHYARD_DEMO_TRUNK',
  shutdownTimeoutMs: 'SWITCHYARD_SHUTDOWN_TIMEOUT_MS',
  hotkeyDigits: 'SWITCHYARD_HOTKEY_DIGITS',
  webhookAllow: 'SWITCHYARD_WEBHOOK_ALLOW',
  smtpUrl: 'SWITCHYARD_SMTP_URL',
  mailFrom: 'SWITCHYARD_MAIL_FROM',
  billDay: 'SWITCHYARD_BILL_DAY',
};

/** The command-line flag for each field. */
export const FLAG_NAMES: Record<string, string> = {
  dataDir: '--data-dir',
  bind: '--bind',
  sipPort: '--sip-port',
  sipTcpPort: '--sip-tcp-port',
  sipTlsPort: '--sip-tls-port',
  sipWsPort: '--sip-ws-port',
  sipWssPort: '--sip-wss-port',
  tlsCert: '--tls-cert',
  tlsKey: '--tls-key',
  httpBind: '--http-bind',
  httpPort: '--http-port',
  rtpPorts: '--rtp-ports',
  logLevel: '--log-level',
  digestAlgorithms: '--digest-algorithms',
  demo: '--demo',
  demoTrunk: '--demo-trunk',
  shutdownTimeoutMs: '--shutdown-timeout-ms',
  hotkeyDigits: '--hotkey-digits',
  webhookAllow: '--webhook-allow',
};

const NUMERIC = new Set([
  'sipPort',
  'sipTcpPort',
  'sipTlsPort',
  'sipWsPort',
  'sipWssPort',
  'httpPort',
  'shutdownTimeoutMs',
  'billDay',
]);

/**
 * Converts a textual value (flag or environment) to the type the schema
 * expects. Values that cannot be converted are passed through so the schema
 * reports them with the field name.
 */
export function coerceText(field: string, text: string): unknown {
  if (NUMERIC.has(field)) return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
  if (field === 'demo') {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)$/i.test(text)) return false;
    return text;
  }
  if (field === 'digestAlgorithms') {
    return text.split(',').map((a) => {
      const t = a.trim().toUpperCase();
      return t === 'SHA256' ? 'SHA-256' : t;
    });
  }
  if (field === 'webhookAllow') {
    return text
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== '');
  }
  if (field === 'rtpPorts') {
    const m = /^(\d+)-(\d+)$/.exec(text.trim());
    return m ? { min: Number(m[1]), max: Number(m[2]) } : text;
  }
  if (field === 'demoTrunk') {
    const m = /^(.+):(\d+)$/.exec(text.trim());
    return m ? { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) } : text;
  }
  return text;
}

/** Reads SWITCHYARD_* variables into raw field values. */
export function readEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(ENV_NAMES)) {
    const text = env[name];
    if (text !== undefined && text !== '') out[field] = coerceText(field, text);
  }
  return out;
}

/** Reads an optional JSON config file; a missing or bad file is a ConfigError. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      'config',
      path,
      `cannot read config file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      'config',
      path,
      `config file ${path} is not valid JSON: ${(e as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('config', path, `config file ${path} must hold a JSON object`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed))
    out[k] = typeof v === 'string' ? coerceText(k, v) : v;
  return out;
}

function describeSource(field: string, source: ConfigSource): string {
  if (source === 'flag') return ` (from ${FLAG_NAMES[field] ?? field})`;
  if (source === 'env') return ` (from ${ENV_NAMES[field] ?? field})`;
  if (source === 'file') return ' (from the config file)';
  return '';
}

/** Fields whose value may hold a password: shown redacted in errors (D2). */
const SECRET_URL_FIELDS = new Set(['smtpUrl']);

function showValue(field: string, value: unknown): string {
  if (SECRET_URL_FIELDS.has(field) && typeof value === 'string') return redactSmtpUrl(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Merges the sources with precedence flags > env > file > defaults and
 * validates the result. Throws ConfigError naming the first bad field, its
 * value and where it came from.
 */
export function resolveConfig(sources: ConfigSources): ProcessConfig {
  const merged: Record<string, unknown> = { ...sources.file, ...sources.env, ...sources.flags };
  const result = processConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? 'config');
  const source: ConfigSource =
    field in sources.flags
      ? 'flag'
      : field in sources.env
        ? 'env'
        : field in sources.file
          ? 'file'
          : 'default';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    throw new ConfigError(
      key,
      undefined,
      `unknown config field "${key}"${describeSource(key, 'file')}`,
    );
  }
  const raw = merged[field];
  // The error's value is logged with it, so a secret goes in redacted.
  const value = SECRET_URL_FIELDS.has(field) ? showValue(field, raw) : raw;
  throw new ConfigError(
    field,
    value,
    `invalid config: ${field} = ${showValue(field, value)}${describeSource(field, source)}: ${issue.message}`,
  );
}

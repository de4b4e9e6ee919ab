import { ok, parseError } from '../index.ts';
import type { Result } from '../index.ts';

/** One `key=value` line of a PBX template (spec 02 §3.5 `详情`). */
export interface TemplateOption {
  readonly key: string;
  readonly value: string;
  /** 1-based line number, for error messages. */
  readonly line: number;
}

/**
 * Keys our stack interprets (T-2); the rest are kept and ignored with a
 * warning, so a template copied from Asterisk still saves.
 */
export const INTERPRETED_TEMPLATE_KEYS: ReadonlySet<string> = new Set([
  'type',
  'host',
  'nat',
  'qualify',
  'qualifyfreq',
  'port',
  'insecure',
  'directmedia',
  'canreinvite',
  'dtmfmode',
  'disallow',
  'allow',
  'context',
  'echocancel',
  'busydetect',
  'busycount',
  'requirecalltoken',
  // A fixed `host` is reached as `defaultuser` over `transport` (D92).
  'defaultuser',
  'transport',
]);

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** Values the interpreted keys accept, where the set is closed (T-2). */
const VALUE_RULES: Readonly<Record<string, RegExp>> = {
  type: /^(friend|peer|user)$/,
  port: /^([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$/,
  dtmfmode: /^(rfc2833|inband|info|auto)$/,
  nat: /^(yes|no|force_rport|comedia|auto_force_rport|auto_comedia)(,[a-z_]+)*$/,
  busycount: /^[0-9]{1,3}$/,
  qualify: /^(yes|no|[0-9]{1,5})$/,
  qualifyfreq: /^[1-9][0-9]{0,4}$/,
};

/**
 * Parses template details: one `key=value` option per line, as in an
 * Asterisk peer section; blank lines and `;` comments are skipped. Keys may
 * repeat (`allow=` lines add codecs in order). Never throws; the error's
 * offset is the character offset of the bad line.
 */
export function parseTemplateDetails(text: string): Result<TemplateOption[]> {
  const options: TemplateOption[] = [];
  let offset = 0;
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/;.*$/, '').trim();
    const at = offset;
    offset += raw.length + 1;
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      return parseError('ERR_TEMPLATE_LINE', at, `line ${index + 1}: expected key=value`);
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (!KEY.test(key)) {
      return parseError(
        'ERR_TEMPLATE_KEY',
        at,
        `line ${index + 1}: bad key ${JSON.stringify(key)}`,
      );
    }
    const rule = VALUE_RULES[key.toLowerCase()];
    if (rule !== undefined && !rule.test(value)) {
      return parseError(
        'ERR_TEMPLATE_VALUE',
        at,
        `line ${index + 1}: ${key}=${JSON.stringify(value)} is not allowed`,
      );
    }
    options.push({ key: key.toLowerCase(), value, line: index + 1 });
  }
  return ok(options);
}

/** Keys of `options` that our stack does not interpret (T-2), once each. */
export function ignoredTemplateKeys(options: readonly TemplateOption[]): string[] {
  return [...new Set(options.map((o) => o.key).filter((k) => !INTERPRETED_TEMPLATE_KEYS.has(k)))];
}

/**
 * The effective options of a trunk or device (T-1): the template's, with
 * every key the entity sets itself replaced by the entity's lines.
 */
export function overlayTemplateOptions(
  template: readonly TemplateOption[],
  own: readonly TemplateOption[],
): TemplateOption[] {
  const ownKeys = new Set(own.map((o) => o.key));
  return [...template.filter((o) => !ownKeys.has(o.key)), ...own];
}

import { randomInt } from 'node:crypto';
import { ValidationError } from '../../../core/index.ts';

/** What a quick setup makes per item (spec 01 §1.9 请选择生成对象). */
export type QuickSetupTarget = 'extensions' | 'agentsAndExtensions' | 'agents';

/** The generation inputs of spec 01 §1.9 that decide names and passwords. */
export interface QuickSetupNaming {
  readonly target: QuickSetupTarget;
  readonly count: number;
  /** Usernames of generated accounts; absent when the items go to an existing account. */
  readonly usernamePrefix?: string | undefined;
  readonly startExtension?: string | undefined;
  readonly startAgentNo?: string | undefined;
  readonly passwordLength: number;
  readonly passwordPrefix?: string | undefined;
  readonly random: boolean;
}

/** One generated item with its clear passwords: shown once, then only hashes remain. */
export interface QuickSetupItem {
  readonly username: string | null;
  readonly userPassword: string | null;
  readonly extensionNumber: string | null;
  readonly extensionPassword: string | null;
  readonly agentNo: string | null;
  readonly agentPassword: string | null;
}

/** Fewer random characters than this after the prefix would make passwords guessable. */
export const MIN_RANDOM_CHARS = 4;

const LETTERS_AND_DIGITS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const DIGITS = '0123456789';

function randomChars(alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * `start + i` keeping the width of `start` (QS-1: 5000, 5001, …; 0100,
 * 0101 keeps its zero). Digits only; undefined past the width.
 */
function nthNumber(start: string, i: number): string {
  const n = BigInt(start) + BigInt(i);
  return n.toString().padStart(start.length, '0');
}

/**
 * QS-3. A password is the prefix plus random characters up to the
 * length. `random` drops the prefix. The manual's other reading of
 * `random` (password = username, extension password = its number, A1-12)
 * is refused: it would hand out guessable credentials.
 */
function password(naming: QuickSetupNaming, alphabet: string): string {
  const prefix = naming.random ? '' : (naming.passwordPrefix ?? '');
  return prefix + randomChars(alphabet, naming.passwordLength - prefix.length);
}

/**
 * Agents sign in from a phone keypad (*64), so their passwords are digits:
 * a digit prefix is kept, any other prefix is left out.
 */
function agentPassword(naming: QuickSetupNaming): string {
  const prefix = naming.random ? '' : (naming.passwordPrefix ?? '');
  const kept = /^[0-9]*$/.test(prefix) ? prefix : '';
  return kept + randomChars(DIGITS, naming.passwordLength - kept.length);
}

/** Checks the naming inputs beyond their types, naming the field at fault. */
export function validateNaming(naming: QuickSetupNaming, hasAccount: boolean): void {
  const makesExtensions = naming.target !== 'agents';
  const makesAgents = naming.target !== 'extensions';
  if (makesExtensions && naming.startExtension === undefined) {
    throw new ValidationError('startExtension', 'required when extensions are generated');
  }
  if (makesAgents && naming.startAgentNo === undefined) {
    throw new ValidationError('startAgentNo', 'required when agents are generated');
  }
  if (!hasAccount && (naming.usernamePrefix ?? '') === '') {
    throw new ValidationError('usernamePrefix', 'required when an account is generated per item');
  }
  const prefix = naming.random ? '' : (naming.passwordPrefix ?? '');
  if (naming.passwordLength - prefix.length < MIN_RANDOM_CHARS) {
    throw new ValidationError(
      'passwordLength',
      `leave at least ${MIN_RANDOM_CHARS} random characters after the ${prefix.length}-character prefix`,
    );
  }
}

/**
 * QS-1: item i gets username `usernamePrefix + i`, extension
 * `startExtension + i` and agent number `startAgentNo + i`, each with
 * fresh passwords (QS-3).
 */
export function planItems(naming: QuickSetupNaming, hasAccount: boolean): QuickSetupItem[] {
  validateNaming(naming, hasAccount);
  const items: QuickSetupItem[] = [];
  for (let i = 0; i < naming.count; i++) {
    const makesExtension = naming.target !== 'agents';
    const makesAgent = naming.target !== 'extensions';
    items.push({
      username: hasAccount ? null : `${naming.usernamePrefix}${i}`,
      userPassword: hasAccount ? null : password(naming, LETTERS_AND_DIGITS),
      extensionNumber: makesExtension ? nthNumber(naming.startExtension!, i) : null,
      extensionPassword: makesExtension ? password(naming, LETTERS_AND_DIGITS) : null,
      agentNo: makesAgent ? nthNumber(naming.startAgentNo!, i) : null,
      agentPassword: makesAgent ? agentPassword(naming) : null,
    });
  }
  return items;
}

const CSV_COLUMNS = [
  'extensionNumber',
  'extensionPassword',
  'agentNo',
  'agentPassword',
  'username',
  'userPassword',
] as const;

/**
 * The CSV the manual offers after saving (分机号码, 分机密码, 坐席工号,
 * 坐席密码, 用户名, 用户密码, 邮箱), with English headers; generated
 * values are digits and [A-Za-z0-9_@] only, so no cell needs quoting.
 */
export function itemsCsv(items: readonly QuickSetupItem[]): string {
  const lines = [[...CSV_COLUMNS, 'email'].join(',')];
  for (const item of items) {
    lines.push([...CSV_COLUMNS.map((key) => item[key] ?? ''), ''].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

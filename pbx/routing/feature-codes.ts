/**
 * The feature functions that have a runtime (spec 04 §15.9 快捷键), named
 * as in the store's FeatureCode table.
 */
export const RUNNABLE_FEATURES = [
  'pickup',
  'say-extension',
  'dnd-on',
  'dnd-off',
  'voicemail-mine',
  'voicemail-any',
  'forward-always',
  'forward-busy',
  'forward-unreachable',
  'forward-no-answer',
  'forward-cancel',
  'record-prompt',
] as const;

/** A built-in function reached by a feature code. */
export type FeatureName = (typeof RUNNABLE_FEATURES)[number];

/** The forwards *91–*94 set, by feature. */
export const FORWARD_FEATURES = {
  'forward-always': 'forwardAlways',
  'forward-busy': 'forwardBusy',
  'forward-unreachable': 'forwardUnreachable',
  'forward-no-answer': 'forwardNoAnswer',
} as const;

/** A feature that sets a forward; the number may follow its code. */
export type ForwardFeature = keyof typeof FORWARD_FEATURES;

/** The extension column a forward feature sets. */
export type ForwardField = (typeof FORWARD_FEATURES)[ForwardFeature];

/** One code in force for a team, as the store's merged set has it. */
export interface TeamFeatureCode {
  readonly name: string;
  readonly kind: 'code' | 'hotkey';
  readonly code: string;
  readonly enabled: boolean;
}

/** The part of the config store that knows a team's codes; ConfigStore fits it. */
export interface FeatureCodeDirectory {
  readonly featureCodes: { effective(teamId: number): readonly TeamFeatureCode[] };
}

/** A dialled string recognised as a feature, with the number typed after its code. */
export interface FeatureMatch {
  readonly name: FeatureName;
  /** The digits after a forward code (`*912000` → `2000`); undefined when none. */
  readonly argument: string | undefined;
}

/** Whether `name` is a feature with a runtime. */
export function isRunnableFeature(name: string): name is FeatureName {
  return (RUNNABLE_FEATURES as readonly string[]).includes(name);
}

/** Whether a number may follow `name`'s code: forwards, and directed pickup (`*611001`). */
function takesArgument(name: string): boolean {
  return isForwardFeature(name) || name === 'pickup';
}

/** Whether `name` sets a forward. */
export function isForwardFeature(name: string): name is ForwardFeature {
  return Object.hasOwn(FORWARD_FEATURES, name);
}

/** What a forward number may be: digits, optionally after +. */
const FORWARD_NUMBER = /^\+?[0-9]{1,32}$/;

/**
 * The feature `dialled` runs among the team's codes, if any. A disabled
 * code is not recognised (R15.9-1), and in-call hotkeys are not dialled.
 * An exact code wins; otherwise a forward code followed by a number
 * (`*91` + `2000`) sets that forward, the way FreePBX's `*72<number>`
 * does, and the pickup code followed by a number picks up that extension
 * only (directed pickup, FreePBX's `**<number>`). Codes of functions without a runtime are not matched, so the
 * string goes on as an ordinary number.
 */
export function matchFeatureCode(
  codes: readonly TeamFeatureCode[],
  dialled: string,
): FeatureMatch | undefined {
  const usable = codes.filter((c) => c.kind === 'code' && c.enabled && isRunnableFeature(c.name));
  const exact = usable.find((c) => c.code === dialled);
  if (exact !== undefined) return { name: exact.name as FeatureName, argument: undefined };
  let best: TeamFeatureCode | undefined;
  for (const c of usable) {
    if (!takesArgument(c.name) || !dialled.startsWith(c.code)) continue;
    if (!FORWARD_NUMBER.test(dialled.slice(c.code.length))) continue;
    if (best === undefined || c.code.length > best.code.length) best = c;
  }
  if (best === undefined) return undefined;
  return { name: best.name as FeatureName, argument: dialled.slice(best.code.length) };
}

/** The target value of an application destination that runs a feature. */
export function featureTarget(name: FeatureName, argument?: string): string {
  return argument === undefined ? `feature:${name}` : `feature:${name}:${argument}`;
}

/** The feature (and its number) an application destination's target value names. */
export function parseFeatureTarget(targetValue: string | undefined): FeatureMatch | undefined {
  if (targetValue === undefined || !targetValue.startsWith('feature:')) return undefined;
  const [name = '', argument] = targetValue.slice('feature:'.length).split(':');
  if (!isRunnableFeature(name)) return undefined;
  if (argument !== undefined && !FORWARD_NUMBER.test(argument)) return undefined;
  return { name, argument };
}

/** The feature an application destination's target value names, if any. */
export function featureOf(targetValue: string | undefined): FeatureName | undefined {
  return parseFeatureTarget(targetValue)?.name;
}

/** Whether `n` is acceptable as a forward number. */
export function isForwardNumber(n: string): boolean {
  return FORWARD_NUMBER.test(n);
}

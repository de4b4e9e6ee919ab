/**
 * The default feature codes (spec 04 §15.9 快捷键) that have a runtime so
 * far, by code. Dialling one from an extension runs its function
 * (R15.9-1); a number the team has given to something else in its
 * namespace wins, since that is what the team configured.
 */
export const FEATURE_CODES: Readonly<Record<string, FeatureName>> = {
  '*67': 'dnd-on',
  '*68': 'dnd-off',
  '*97': 'voicemail-mine',
  '*98': 'voicemail-any',
};

/** A built-in function reached by a feature code. */
export type FeatureName = 'dnd-on' | 'dnd-off' | 'voicemail-mine' | 'voicemail-any';

/** The target value of an application destination that runs feature `name`. */
export function featureTarget(name: FeatureName): string {
  return `feature:${name}`;
}

/** The feature an application destination's target value names, if any. */
export function featureOf(targetValue: string | undefined): FeatureName | undefined {
  if (targetValue === undefined || !targetValue.startsWith('feature:')) return undefined;
  const name = targetValue.slice('feature:'.length);
  return Object.values(FEATURE_CODES).find((f) => f === name);
}

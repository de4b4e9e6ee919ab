import type { TeamFeatureCode } from './feature-codes.ts';

/**
 * The default codes of spec 04 §15.9 as the store's merged set answers
 * them, for routing tests (the defaults live in core/config-store, which
 * pbx does not import).
 */
export const DEFAULT_TEAM_CODES: readonly TeamFeatureCode[] = [
  ['pickup', '*61'],
  ['say-extension', '*62'],
  ['record-call', '*63'],
  ['dnd-on', '*67'],
  ['dnd-off', '*68'],
  ['voicemail-mine', '*97'],
  ['voicemail-any', '*98'],
  ['forward-always', '*91'],
  ['forward-busy', '*92'],
  ['forward-unreachable', '*93'],
  ['forward-no-answer', '*94'],
  ['forward-cancel', '*90'],
].map(([name, code]) => ({ name: name!, kind: 'code' as const, code: code!, enabled: true }));

/** The defaults with `over` laid on the codes of the same name. */
export function teamCodes(over: Record<string, Partial<TeamFeatureCode>>): TeamFeatureCode[] {
  return DEFAULT_TEAM_CODES.map((c) => ({ ...c, ...over[c.name] }));
}

import { INPUT_CODE_VARIABLE, type IvrTransition } from './ivr-flow.ts';

/**
 * Picks the transition for the call's variables (IVR-3): a transition
 * whose condition equals its source variable's value, else one whose
 * pattern matches it, else the `default` (or empty-condition) one. Ties
 * go to the first row, in table order.
 */
export function selectTransition(
  transitions: readonly IvrTransition[],
  lookup: (name: string) => string | undefined,
): IvrTransition | undefined {
  // Rows run in table order: by position, array order for rows without.
  const rows = [...transitions].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const valueOf = (t: IvrTransition) => lookup(sourceOf(t));
  const exact = rows.find((t) => {
    const c = t.condition ?? '';
    return !isDefaultCondition(c) && !isPattern(c) && valueOf(t) === c;
  });
  if (exact !== undefined) return exact;
  const patterned = rows.find((t) => {
    const c = t.condition ?? '';
    const value = valueOf(t);
    return isPattern(c) && value !== undefined && matchesPattern(c, value);
  });
  if (patterned !== undefined) return patterned;
  return rows.find((t) => isDefaultCondition(t.condition ?? ''));
}

/** The variable a transition reads; `inputcode` unless named. */
export function sourceOf(t: IvrTransition): string {
  const source = t.source ?? '';
  return source === '' ? INPUT_CODE_VARIABLE : source;
}

/** "默认或者空": `default` or an empty condition. */
export function isDefaultCondition(condition: string): boolean {
  const c = condition.trim();
  return c === '' || c.toLowerCase() === 'default';
}

function isPattern(condition: string): boolean {
  return (
    (condition.startsWith('_') && condition.length > 1) ||
    (condition.length > 2 && condition.startsWith('/') && condition.endsWith('/'))
  );
}

/**
 * Whether `value` matches a pattern condition: `/regex/` as a JavaScript
 * regular expression, or an Asterisk extension pattern (`_` then X = 0-9,
 * Z = 1-9, N = 2-9, [..] a set, `.` one or more, `!` zero or more of
 * anything). An invalid regular expression matches nothing.
 */
export function matchesPattern(condition: string, value: string): boolean {
  const regex = condition.startsWith('/')
    ? compile(condition.slice(1, -1))
    : compile(`^${asteriskPatternSource(condition.slice(1))}$`);
  return regex?.test(value) ?? false;
}

function asteriskPatternSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    const upper = ch.toUpperCase();
    if (upper === 'X') out += '[0-9]';
    else if (upper === 'Z') out += '[1-9]';
    else if (upper === 'N') out += '[2-9]';
    else if (ch === '.') out += '.+';
    else if (ch === '!') out += '.*';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) return escapeRegex(pattern.slice(i));
      out += `[${pattern.slice(i + 1, end).replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else out += escapeRegex(ch);
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

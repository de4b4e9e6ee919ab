/** The fields of a trunk rule that matching reads (spec 01 §2.1 `TrunkRule`). */
export interface MatchableTrunkRule {
  /** Digits, or `default` for any number (TRK-6). */
  readonly numberPrefix: string;
  /** 0 matches any length (TG-4). */
  readonly numberLength: number;
  readonly action: 'allow' | 'deny';
  readonly stripPrefix: string;
  readonly addPrefix: string;
  /** `禁用本规则`: a disabled rule is ignored. */
  readonly enabled: boolean;
}

/** The prefix of a rule that matches any number. */
export const DEFAULT_RULE_PREFIX = 'default';

/**
 * TG-4: the rule of a trunk that applies to `number`. Among the enabled
 * rules whose prefix starts the number and whose length is 0 or the
 * number's, the longest prefix wins; `default` rules come only when no
 * other matches. Between two rules of one prefix, the one naming the
 * length is the more specific and wins over length 0.
 */
export function selectTrunkRule<R extends MatchableTrunkRule>(
  rules: readonly R[],
  number: string,
): R | undefined {
  let best: R | undefined;
  let bestScore = -1;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (rule.numberLength !== 0 && rule.numberLength !== number.length) continue;
    const isDefault = rule.numberPrefix === DEFAULT_RULE_PREFIX;
    if (!isDefault && !number.startsWith(rule.numberPrefix)) continue;
    // Prefix length dominates; `default` scores below any digit prefix.
    const prefixScore = isDefault ? 0 : rule.numberPrefix.length + 1;
    const score = prefixScore * 2 + (rule.numberLength === 0 ? 0 : 1);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

/**
 * TRK-6 / TG-5 for one candidate trunk: the number it sends, or undefined
 * when a `deny` rule bars the trunk (the next trunk is tried). `allow`
 * removes `stripPrefix` if the number starts with it, then prepends
 * `addPrefix`. No matching rule leaves the number as it is. A rewrite to
 * nothing cannot be dialled, so it bars the trunk too.
 */
export function applyTrunkRules(
  rules: readonly MatchableTrunkRule[],
  number: string,
): string | undefined {
  const rule = selectTrunkRule(rules, number);
  if (rule === undefined) return number;
  if (rule.action === 'deny') return undefined;
  const stripped =
    rule.stripPrefix !== '' && number.startsWith(rule.stripPrefix)
      ? number.slice(rule.stripPrefix.length)
      : number;
  const rewritten = rule.addPrefix + stripped;
  return rewritten === '' ? undefined : rewritten;
}

/** The enabled rules of a group's member trunk (spec 02 §3.4 `TrunkGroupRule`). */
export interface TrunkGroupRuleSource {
  enabledFor(trunkGroupId: number, trunkId: number): readonly MatchableTrunkRule[];
}

/**
 * TG-4 / TG-5 for a candidate reached through a trunk group: the group's
 * rules for that trunk first (how this group uses it), then the trunk's
 * own (what the trunk carries, TRK-6) on the number they leave. Undefined
 * when either denies it. Without a group, only the trunk's own apply.
 */
export function applyGroupAndTrunkRules(
  groupRules: readonly MatchableTrunkRule[],
  trunkRules: readonly MatchableTrunkRule[],
  number: string,
): string | undefined {
  const afterGroup = applyTrunkRules(groupRules, number);
  return afterGroup === undefined ? undefined : applyTrunkRules(trunkRules, afterGroup);
}

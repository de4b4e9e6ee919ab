/** One black- or whitelist entry as screening reads it (spec 02 §3.8, §3.9). */
export interface CallerListRule {
  readonly listType: string;
  readonly numberPattern: string;
  readonly accountId: number | null;
  readonly extensionId: number | null;
  readonly status: string;
}

/** The part of the config store screening reads; ConfigStore fits it. */
export interface CallerListDirectory {
  /** The team's enabled entries (others are ignored anyway); read on every inbound call. */
  readonly callerLists: { screeningRules(teamId: number): readonly CallerListRule[] };
}

/** The extension a call is about to ring, with the account that owns it. */
export interface ScreenedExtension {
  readonly id: number;
  readonly accountId: number | null;
}

/** Whether a caller may reach a scope, and if not, which list says so. */
export type ScreenVerdict = 'allowed' | 'blacklisted' | 'not-whitelisted';

/**
 * Inbound caller screening by team, account and extension scope (BL-1,
 * WL-1). The team scope is checked before routing and the narrower ones
 * when the destination extension is known (BL-4).
 */
export class CallerScreen {
  constructor(private readonly directory: CallerListDirectory) {}

  /** The entries with neither account nor extension: the whole team. */
  screenTeam(teamId: number, callerNumber: string | undefined): ScreenVerdict {
    const rules = this.directory.callerLists.screeningRules(teamId);
    return screen(rules, (r) => r.accountId === null && r.extensionId === null, callerNumber);
  }

  /** The entries of the extension's account, then of the extension itself. */
  screenExtension(
    teamId: number,
    callerNumber: string | undefined,
    extension: ScreenedExtension,
  ): ScreenVerdict {
    const rules = this.directory.callerLists.screeningRules(teamId);
    const byAccount =
      extension.accountId === null
        ? 'allowed'
        : screen(rules, (r) => r.accountId === extension.accountId, callerNumber);
    if (byAccount !== 'allowed') return byAccount;
    return screen(rules, (r) => r.extensionId === extension.id, callerNumber);
  }
}

/**
 * One scope's verdict: the enabled entries `inScope` keeps. Matching is
 * exact (BL-2). A blacklist hit wins over a whitelist hit at the same
 * scope (WL-2); a scope with any whitelist entry admits only its numbers
 * (WL-1), and a withheld caller never matches one (WL-3). One pass and
 * no arrays: it runs on every inbound call, over lists of thousands (D111).
 */
function screen(
  rules: readonly CallerListRule[],
  inScope: (rule: CallerListRule) => boolean,
  callerNumber: string | undefined,
): ScreenVerdict {
  const caller = callerNumber === 'anonymous' || callerNumber === '' ? undefined : callerNumber;
  let hasWhitelist = false;
  let isWhitelisted = false;
  for (const rule of rules) {
    if (rule.status !== 'enabled' || !inScope(rule)) continue;
    const isCaller = caller !== undefined && rule.numberPattern === caller;
    if (rule.listType === 'black') {
      if (isCaller) return 'blacklisted';
    } else if (rule.listType === 'white') {
      hasWhitelist = true;
      isWhitelisted ||= isCaller;
    }
  }
  if (!hasWhitelist || isWhitelisted) return 'allowed';
  return 'not-whitelisted';
}

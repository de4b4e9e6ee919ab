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
  readonly callerLists: { list(teamId: number): readonly CallerListRule[] };
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
    const rules = this.enabled(teamId).filter(
      (r) => r.accountId === null && r.extensionId === null,
    );
    return screen(rules, callerNumber);
  }

  /** The entries of the extension's account, then of the extension itself. */
  screenExtension(
    teamId: number,
    callerNumber: string | undefined,
    extension: ScreenedExtension,
  ): ScreenVerdict {
    const rules = this.enabled(teamId);
    const byAccount =
      extension.accountId === null
        ? 'allowed'
        : screen(
            rules.filter((r) => r.accountId === extension.accountId),
            callerNumber,
          );
    if (byAccount !== 'allowed') return byAccount;
    return screen(
      rules.filter((r) => r.extensionId === extension.id),
      callerNumber,
    );
  }

  private enabled(teamId: number): CallerListRule[] {
    return this.directory.callerLists.list(teamId).filter((r) => r.status === 'enabled');
  }
}

/**
 * One scope's verdict. Matching is exact (BL-2). A blacklist hit wins over
 * a whitelist hit at the same scope (WL-2); a scope with any whitelist entry
 * admits only its numbers (WL-1), and a withheld caller never matches one
 * (WL-3).
 */
function screen(rules: readonly CallerListRule[], callerNumber: string | undefined): ScreenVerdict {
  const caller = callerNumber === 'anonymous' || callerNumber === '' ? undefined : callerNumber;
  const black = rules.filter((r) => r.listType === 'black');
  if (caller !== undefined && black.some((r) => r.numberPattern === caller)) return 'blacklisted';
  const white = rules.filter((r) => r.listType === 'white');
  if (white.length === 0) return 'allowed';
  return caller !== undefined && white.some((r) => r.numberPattern === caller)
    ? 'allowed'
    : 'not-whitelisted';
}

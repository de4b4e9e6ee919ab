import { ValidationError } from '../../../core/index.ts';
import type { ConfigStore } from '../../../core/config-store/index.ts';

/*
 * Checks of ids given in a body. The repositories check them too, but their
 * messages say "belongs to another team", which would confirm to a team
 * admin that the id exists elsewhere; these answer the same for absent and
 * foreign ids.
 */

/** The account must be in `teamId`. */
export function assertAccountInTeam(store: ConfigStore, teamId: number, accountId: number): void {
  const account = store.accounts.find(accountId);
  if (account === undefined || account.teamId !== teamId) {
    throw new ValidationError('accountId', `no account ${accountId} in this team`);
  }
}

/** The trunk must be the team's own or system-wide (TRK-1). */
export function assertTrunkUsable(
  store: ConfigStore,
  teamId: number,
  trunkId: number | null | undefined,
): void {
  if (trunkId == null) return;
  const trunk = store.trunks.find(trunkId);
  if (trunk === undefined || (trunk.teamId !== null && trunk.teamId !== teamId)) {
    throw new ValidationError('trunkId', `no trunk ${trunkId} usable by this team`);
  }
}

/** The extension must be in `teamId`. */
export function assertExtensionInTeam(
  store: ConfigStore,
  teamId: number,
  extensionId: number | null | undefined,
  field: string,
): void {
  if (extensionId == null) return;
  const extension = store.extensions.find(extensionId);
  if (extension === undefined || extension.teamId !== teamId) {
    throw new ValidationError(field, `no extension ${extensionId} in this team`);
  }
}

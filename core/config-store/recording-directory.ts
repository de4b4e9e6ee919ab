import type { ConfigStore } from './open-store.ts';

/**
 * The store as pbx/recording's RecordingDirectory reads it (spec 01 §0.8
 * "Record the call?"): team and account `forcedRecording` (TM-6, AC-5) and
 * extension `record` (EXT-9). Teams have no `recordingScope` column yet, so
 * the policy's default (`answered`) applies. The shape is declared here
 * because core imports nothing from pbx; it matches RecordingDirectory.
 */
export function recordingDirectory(store: ConfigStore): {
  team(teamId: number): { readonly forcedRecording: boolean } | undefined;
  extension(
    extensionId: number,
  ): { readonly teamId: number; readonly accountId: number; readonly record: boolean } | undefined;
  account(accountId: number): { readonly forcedRecording: boolean } | undefined;
} {
  return {
    team: (teamId) => store.teams.find(teamId),
    extension: (extensionId) => store.extensions.find(extensionId),
    account: (accountId) => store.accounts.find(accountId),
  };
}

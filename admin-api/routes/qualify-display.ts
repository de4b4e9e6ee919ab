/**
 * A qualify state as the trunk and extension lists show it, the way
 * Asterisk's `sip show peers` prints it (TRK-2, D84, D86).
 */
export function qualifyDisplay(state: string, rttMs: number | undefined): string {
  if (state === 'ok') return `OK (${rttMs ?? 0} ms)`;
  if (state === 'lagged') return `LAGGED (${rttMs ?? 0} ms)`;
  if (state === 'off') return 'Unmonitored';
  return state.toUpperCase();
}

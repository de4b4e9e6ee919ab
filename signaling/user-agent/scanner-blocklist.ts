/**
 * User-Agent substrings of SIP scanners and war-dialers (sipvicious and its
 * forks, sipcli, sip-scan, …), matched case-insensitively. Their requests are
 * dropped without an answer so the scan learns nothing.
 */
export const DEFAULT_SCANNER_USER_AGENTS: readonly string[] = [
  'friendly-scanner',
  'sipvicious',
  'sipcli',
  'sip-scan',
  'sipscan',
  'sundayddr',
  'iwar',
  'vaxsipuseragent',
  'pplsip',
  'smap',
];

/** Returns a matcher for a blocklist; the result is the matched entry. */
export function scannerMatcher(
  blocklist: readonly string[],
): (userAgent: string | undefined) => string | undefined {
  const lowered = blocklist.map((s) => s.toLowerCase());
  return (userAgent) => {
    if (userAgent === undefined || userAgent === '') return undefined;
    const ua = userAgent.toLowerCase();
    return lowered.find((entry) => ua.includes(entry));
  };
}

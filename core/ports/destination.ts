/**
 * Every destination type of spec 02 §0.5, across its contexts (inbound
 * routes, failovers, IVR transitions). Each context accepts a subset.
 */
export const DESTINATION_TYPES = [
  'hangup',
  'busy',
  'prompt',
  'ivr',
  'queue',
  'extension',
  'ringGroup',
  'voicemail',
  'conference',
  'application',
  'account',
  'fax',
  'outboundRoute',
  'sendDtmf',
  'callback',
] as const;

export type DestinationType = (typeof DESTINATION_TYPES)[number];

/**
 * "A destination of type X with target Y" (spec 02 §0.5): `targetId`
 * names a stored object, `targetValue` a literal (a number to dial, the
 * digits of sendDtmf, or `auto`).
 */
export interface Destination {
  readonly type: DestinationType;
  readonly targetId?: number | undefined;
  readonly targetValue?: string | undefined;
}

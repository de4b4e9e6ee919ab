export { DTMF_DIGITS, digitToEvent, eventToDigit, isDtmfDigit } from './dtmf-digit.ts';
export type { DtmfDigit, DtmfEvent } from './dtmf-digit.ts';
export {
  TELEPHONE_EVENT_SIZE,
  parseTelephoneEvent,
  serializeTelephoneEvent,
  serializeTelephoneEventInto,
  telephoneEventSize,
} from './telephone-event.ts';
export type { TelephoneEvent } from './telephone-event.ts';
export { TelephoneEventSender } from './telephone-event-sender.ts';
export type {
  TelephoneEventPacket,
  TelephoneEventSenderOptions,
  TelephoneEventSenderState,
} from './telephone-event-sender.ts';
export { TelephoneEventReceiver } from './telephone-event-receiver.ts';
export type {
  TelephoneEventInput,
  TelephoneEventReceiverOptions,
  TelephoneEventReceiverStats,
} from './telephone-event-receiver.ts';
export {
  DEFAULT_INFO_DURATION_MS,
  parseApplicationDtmf,
  parseDtmfRelay,
  serializeApplicationDtmf,
  serializeDtmfRelay,
} from './sip-info.ts';
export type { DtmfInfo } from './sip-info.ts';
export { DTMF_COLUMN_HZ, DTMF_ROW_HZ, DtmfDetector } from './dtmf-detector.ts';
export type { DtmfDetectorOptions } from './dtmf-detector.ts';
export { goertzelCoefficient, goertzelPower } from './goertzel.ts';

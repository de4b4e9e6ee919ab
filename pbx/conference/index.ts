export * from './conference-config.ts';
export type {
  ConferenceError,
  ConferenceEvents,
  ConferenceMember,
  ConferenceSessionEnd,
  LeaveReason,
  LiveRoomView,
} from './live-room.ts';
export { CONFERENCE_MENU_KEYS } from './conference-menu.ts';
export * from './conference-rooms.ts';
export { conferenceRecordingPath } from './conference-recording.ts';

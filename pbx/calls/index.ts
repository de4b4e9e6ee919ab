export * from './bridge.ts';
export * from './party-bridge.ts';
export * from './recent-answerers.ts';
export * from './ringing-members.ts';

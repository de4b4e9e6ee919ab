export * from './application-types.ts';
export * from './pbx-applications.ts';
export * from './dial-extension.ts';
export * from './ring-and-bridge.ts';
export * from './dial-outbound.ts';
export * from './forward-features.ts';
export * from './record-prompt.ts';
export * from './send-dtmf.ts';

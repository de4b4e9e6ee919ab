export * from './routing/index.ts';
export * from './calls/index.ts';
export * from './ring-group/index.ts';
export * from './queue/index.ts';
export * from './ivr/index.ts';
export * from './conference/index.ts';
export * from './voicemail/index.ts';
export * from './applications/index.ts';

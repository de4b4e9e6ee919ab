export * from './digest/index.ts';
export * from './user-agent-core.ts';
export * from './scanner-blocklist.ts';

export * from './bridge.ts';
export * from './party-bridge.ts';

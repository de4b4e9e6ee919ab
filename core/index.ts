export * from './result.ts';
export * from './errors.ts';
export * from './clock.ts';
export { FakeClock } from './fake-clock.ts';
export * from './logger.ts';
export * from './ids.ts';
export * from './events.ts';
export * from './lifecycle.ts';
export * from './digest-ha1.ts';

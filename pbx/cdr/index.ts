export * from './cdr-recorder.ts';

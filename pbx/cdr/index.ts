export * from './call-result.ts';
export * from './cdr-recorder.ts';
export * from './ivr-cdr-sink.ts';
export * from './leg-recorder.ts';

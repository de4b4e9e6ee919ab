export * from './recording-path.ts';
export * from './recording-policy.ts';
export * from './recording-call-recorder.ts';
export * from './retention-sweeper.ts';
export * from './tar-gz.ts';

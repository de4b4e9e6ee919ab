export * from './transport-types.ts';
export * from './source-limiter.ts';
export * from './udp-transport.ts';
export * from './stream-transport.ts';
export * from './ws-transport.ts';
export * from './target-resolver.ts';
export * from './reject-log.ts';
export * from './tls-files.ts';

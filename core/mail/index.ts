export * from './mail-message.ts';
export * from './mailer.ts';
export * from './mime-encoding.ts';
export * from './smtp-client.ts';
export * from './smtp-error.ts';
export * from './smtp-reply.ts';
export * from './smtp-url.ts';

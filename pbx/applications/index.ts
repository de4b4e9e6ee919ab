export * from './application-types.ts';
export * from './pbx-applications.ts';
export * from './dial-extension.ts';

export * from './bill-amounts.ts';
export * from './bill-charges-source.ts';
export * from './bill-generator.ts';
export * from './bill-mailer.ts';
export * from './bill-period.ts';
export * from './bill-render.ts';
export * from './bill-scheduler.ts';

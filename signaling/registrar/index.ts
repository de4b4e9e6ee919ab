export * from './binding.ts';
export * from './binding-table.ts';
export * from './registrar-ports.ts';
export * from './nat.ts';
export * from './auth-failure-tracker.ts';
export * from './contact-processing.ts';
export * from './registrar.ts';
export * from './contact-qualify.ts';

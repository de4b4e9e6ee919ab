export * from './rating.ts';
export * from './call-charger.ts';
export * from './charging-cdr-storage.ts';

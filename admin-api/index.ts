export { buildAdminApi } from './build-admin-api.ts';
export type { AdminApiDeps, SwitchStatus } from './admin-api-deps.ts';
export type { ApiErrorBody } from './plugins/error-handler.ts';

import fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AdminApiDeps } from './admin-api-deps.ts';
import { installErrorHandler } from './plugins/error-handler.ts';
import { DebugRequestLogController } from './plugins/request-log.ts';
import { registerApiV1 } from './routes/api-v1.ts';
import { exposeListPageCache } from './routes/shared/list-page-cache.ts';
import { registerSystemRoutes } from './routes/system/routes.ts';

/**
 * Builds the admin HTTP API without listening (fastify's build/listen
 * split), so tests drive it with inject() and app.ts decides where it binds.
 */
export async function buildAdminApi(deps: AdminApiDeps): Promise<FastifyInstance> {
  const app = fastify({
    loggerInstance: deps.logger.child({ component: 'admin-api' }) as FastifyBaseLogger,
    // Requests are logged at debug and failures at error (request-log.ts).
    logController: new DebugRequestLogController(),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchyard admin API',
        description:
          'Configures every entity of the switch: teams, extensions, trunks, routes and more.',
        version: deps.version,
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A session token from POST /api/v1/auth/login, or an API key',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerSystemRoutes(app, deps);
  if (deps.store !== undefined) {
    exposeListPageCache(deps.metrics, deps.store);
    await registerApiV1(app, deps.store, deps.clock, deps.auth, {
      sipSecurity: deps.sipSecurity,
      calls: deps.calls,
      cdrs: deps.cdrs,
      parkedCalls: deps.parkedCalls,
      conferences: deps.conferences,
      trunkRegistrations: deps.trunkRegistrations,
      extensionRegistrations: deps.extensionRegistrations,
      voicemailMessages: deps.voicemailMessages,
      agents: deps.agents,
      clickToCall: deps.clickToCall,
      queueStats: deps.queueStats,
      bills: deps.bills,
    });
  }
  return app;
}

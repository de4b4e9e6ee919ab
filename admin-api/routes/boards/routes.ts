import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Board, BoardConfig, ConfigStore } from '../../../core/config-store/index.ts';
import { requireRole } from '../../plugins/auth.ts';
import { audit } from '../shared/audit.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  boardSchema,
  createBoardSchema,
  listBoardsSchema,
  patchBoardSchema,
  reloadResultSchema,
} from './schema.ts';

/**
 * Board management (spec 02 §3.19), superadmin only: the hardware serves
 * every team. PATCH stages a change; the running configuration stays until
 * POST /boards/reload applies everything staged (HW-1).
 */
export function registerBoardRoutes(app: FastifyInstance, store: ConfigStore): void {
  app.post(
    '/boards/reload',
    {
      schema: {
        summary: 'Apply every staged span and port change (HW-1)',
        tags: ['boards'],
        response: { 200: reloadResultSchema },
      },
    },
    async (request: FastifyRequest) => {
      requireRole(request, 'superadmin');
      const reloadedIds = store.transaction(() => {
        const ids = store.boards.reload();
        audit(store, request, {
          action: 'update',
          resource: 'boards',
          objectId: null,
          teamId: null,
          detail: { reload: ids },
        });
        return ids;
      });
      return { reloadedIds };
    },
  );

  registerCrudRoutes(app, store, {
    path: 'boards',
    label: 'board',
    entitySchema: boardSchema,
    createSchema: createBoardSchema,
    patchSchema: patchBoardSchema,
    listSchema: listBoardsSchema,
    readRoles: ['superadmin'],
    writeRoles: ['superadmin'],
    teamOnCreate: 'none',
    secretFields: [],
    teamIdOf: () => null,
    find: (id) => store.boards.find(id),
    list: () => store.boards.list(),
    planCreate: (body) => () => store.boards.create(body),
    planUpdate: (board: Board, patch) => () =>
      store.boards.stage(board.id, patch.config as Partial<BoardConfig>),
    remove: (board) => store.boards.delete(board.id),
  });
}

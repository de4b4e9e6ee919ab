import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../core/index.ts';
import type { ConfigStore, ParkingLot } from '../../../core/config-store/index.ts';
import type { ParkedCallsView } from '../../admin-api-deps.ts';
import { requireRole } from '../../plugins/auth.ts';
import { idParamsSchema } from '../shared/api-shape.ts';
import { registerCrudRoutes } from '../shared/crud.ts';
import {
  createParkingLotSchema,
  listParkingLotsSchema,
  parkedCallListSchema,
  parkingLotSchema,
  patchParkingLotSchema,
} from './schema.ts';

/**
 * Call parking lots (D-entry "call parking"). The lot number and every
 * slot number are checked against the team's internal numbers and other
 * lots (409 ERR_INTERNAL_NUMBER_TAKEN naming `number` or `firstSlot`).
 * GET /parking-lots/:id/slots lists the calls parked there now.
 */
export function registerParkingLotRoutes(
  app: FastifyInstance,
  store: ConfigStore,
  parked: ParkedCallsView | undefined,
): void {
  registerCrudRoutes(app, store, {
    path: 'parking-lots',
    label: 'parking lot',
    entitySchema: parkingLotSchema,
    createSchema: createParkingLotSchema,
    patchSchema: patchParkingLotSchema,
    listSchema: listParkingLotsSchema,
    readRoles: ['superadmin', 'teamAdmin'],
    writeRoles: ['superadmin', 'teamAdmin'],
    teamOnCreate: 'required',
    secretFields: [],
    teamIdOf: (lot: ParkingLot) => lot.teamId,
    find: (id) => store.parkingLots.find(id),
    list: (teamId) => store.parkingLots.list(teamId),
    planCreate: (body, teamId) => () => store.parkingLots.create({ ...body, teamId: teamId! }),
    planUpdate: (lot, patch) => () => store.parkingLots.update(lot.id, patch),
    remove: (lot) => store.parkingLots.delete(lot.id),
  });

  app.get(
    '/parking-lots/:id/slots',
    {
      schema: {
        summary: 'The calls parked in a lot now',
        tags: ['parking-lots'],
        params: idParamsSchema,
        response: { 200: parkedCallListSchema },
      },
    },
    async (request: FastifyRequest) => {
      const auth = requireRole(request, 'superadmin', 'teamAdmin');
      const { id } = request.params as { id: number };
      const lot = store.parkingLots.find(id);
      // Another team's lot is a 404, like a missing one (issue 6 §6).
      if (lot === undefined || (auth.role !== 'superadmin' && lot.teamId !== auth.teamId)) {
        throw new NotFoundError('parking lot', id);
      }
      const items = (parked?.slots(lot.id) ?? []).map((p) => ({
        slot: p.slot,
        callerNumber: p.callerNumber,
        callerName: p.callerName ?? null,
        parkedAt: new Date(p.parkedAtMs).toISOString(),
        parkedBy: p.parkedBy ?? null,
      }));
      return { items };
    },
  );
}

import { z } from 'zod';
import { PARKING_DEFAULTS, PARKING_TIMEOUT_TYPES } from '../../../core/config-store/index.ts';
import type { ParkingLot } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const digits = z.string().regex(/^[0-9]{1,15}$/, 'digits');

/** Where an unretrieved call goes (spec 02 §0.5 destination). */
const timeoutDestinationSchema = z
  .strictObject({
    type: z.enum(PARKING_TIMEOUT_TYPES),
    targetId: idSchema
      .nullable()
      .default(null)
      .meta({ description: 'The extension, queue, ring group, IVR, … of the team' }),
    targetValue: z.string().max(32).nullable().default(null),
  })
  .nullable()
  .meta({ description: 'null calls the parker back (or hangs up when unknown)' });

/** Fields an admin may change. */
const parkingLotFields = z.object({
  name: z.string().trim().min(1).max(100),
  number: digits.meta({ description: 'Dial it to park a call (FreePBX default 700)' }),
  firstSlot: z
    .int()
    .min(0)
    .max(999_999_999)
    .meta({ description: 'The first slot number; slots are dialled to retrieve' }),
  slotCount: z.int().min(1).max(100),
  parkingTimeoutS: z
    .int()
    .min(5)
    .max(3600)
    .meta({ description: 'Seconds before a parked call goes to the timeout destination' }),
  mohClassId: idSchema.nullable().meta({ description: 'null plays the default music on hold' }),
  timeoutDestination: timeoutDestinationSchema,
});

const example = {
  name: 'Reception',
  number: PARKING_DEFAULTS.number,
  firstSlot: PARKING_DEFAULTS.firstSlot,
  slotCount: PARKING_DEFAULTS.slotCount,
  parkingTimeoutS: PARKING_DEFAULTS.parkingTimeoutS,
  mohClassId: null,
  timeoutDestination: null,
};

/** A parking lot as the API returns it. */
export const parkingLotSchema = parkingLotFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 1,
      teamId: 1,
      ...example,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /parking-lots; every field has a default. */
export const createParkingLotSchema = parkingLotFields
  .partial()
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { name: example.name } });

/** PATCH /parking-lots/:id; the team is fixed. */
export const patchParkingLotSchema = parkingLotFields
  .partial()
  .strict()
  .meta({ example: { parkingTimeoutS: 60 } });

/** GET /parking-lots filters. */
export const listParkingLotsSchema = listQuerySchema(
  { name: z.string().optional(), number: z.string().optional() },
  ['id', 'name', 'number', 'createdAt', 'updatedAt'],
);

/** One occupied slot (GET /parking-lots/:id/slots). */
export const parkedCallSchema = z.object({
  slot: z.string(),
  callerNumber: z.string(),
  callerName: z.string().nullable(),
  parkedAt: timestampSchema,
  parkedBy: z.string().nullable().meta({ description: 'The number of who parked it, if known' }),
});

/** GET /parking-lots/:id/slots. */
export const parkedCallListSchema = z.object({ items: z.array(parkedCallSchema) });

type _ParkingLotSchemaMatchesStore = Expect<
  Equal<z.output<typeof parkingLotSchema>, ApiShape<ParkingLot>>
>;

import { z } from 'zod';
import { MAX_CONFERENCE_MEMBERS } from '../../../core/config-store/index.ts';
import type { ConferenceRoom } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const pin = (description: string) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'digits (CF-2)')
    .nullable()
    .meta({ description });
const flag = (description: string) =>
  z.boolean().meta({ description: `${description}; default false` });

/** Fields an admin may change (spec 02 §3.11). */
const roomFields = z.object({
  number: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'digits')
    .meta({ description: 'Reserved in the team internal-number namespace (§0.3)' }),
  name: z.string().trim().min(1).max(100),
  userPin: pin('CF-2: joins as an ordinary user; null is no PIN'),
  adminPin: pin('CF-2: joins as admin (marked user); null is no PIN'),
  maxMembers: z
    .int()
    .min(0)
    .max(MAX_CONFERENCE_MEMBERS)
    .meta({ description: 'Participants admitted at once; 0 is unlimited (A-17)' }),
  waitForLeader: flag('CF-3'),
  talkerOptimization: flag('CF-9'),
  talkerDetection: flag('CF-9'),
  quietMode: flag('CF-5'),
  announceJoinLeave: flag('CF-5'),
  musicOnHold: flag('CF-4'),
  enableMenu: flag('CF-7'),
  announceUserCount: flag('CF-6'),
  recordConference: flag('CF-8'),
  inviteCallerId: optionalText(32).meta({ description: 'Caller ID shown to invited parties' }),
});

/** A conference room as the API returns it. */
export const conferenceRoomSchema = roomFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 3,
      teamId: 1,
      number: '6666',
      name: 'Huangshan',
      userPin: '1234',
      adminPin: '5678',
      maxMembers: 0,
      waitForLeader: false,
      talkerOptimization: false,
      talkerDetection: false,
      quietMode: false,
      announceJoinLeave: false,
      musicOnHold: false,
      enableMenu: false,
      announceUserCount: false,
      recordConference: true,
      inviteCallerId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /conference-rooms. */
export const createConferenceRoomSchema = roomFields
  .partial()
  .required({ number: true, name: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example: { number: '6666', name: 'Huangshan', userPin: '1234', adminPin: '5678' } });

/** PATCH /conference-rooms/:id; the team is fixed. */
export const patchConferenceRoomSchema = roomFields
  .partial()
  .strict()
  .meta({ example: { waitForLeader: true, maxMembers: 20 } });

/** GET /conference-rooms filters. */
export const listConferenceRoomsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    number: z.string().optional(),
  },
  ['id', 'number', 'name', 'createdAt', 'updatedAt'],
);

type _ConferenceRoomSchemaMatchesStore = Expect<
  Equal<z.output<typeof conferenceRoomSchema>, ApiShape<ConferenceRoom>>
>;

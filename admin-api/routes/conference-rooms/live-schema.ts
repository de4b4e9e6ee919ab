import { z } from 'zod';
import { idSchema, timestampSchema } from '../shared/api-shape.ts';

/** `:id/members/:memberId` path parameters. */
export const memberParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive(),
  memberId: z.string().min(1).max(100),
});

/** A member of the conference in progress (spec 02 §3.11). */
export const liveMemberSchema = z.object({
  memberId: z.string(),
  number: z.string().meta({ description: "The member's caller number" }),
  displayName: z.string().nullable(),
  role: z.enum(['admin', 'user']).meta({ description: 'admin joined with the admin PIN (CF-2)' }),
  isMuted: z.boolean().meta({ description: 'Heard by nobody (CF-7 mute)' }),
  isWaiting: z.boolean().meta({ description: 'Waiting for an admin, not mixed (CF-3)' }),
  isTalking: z
    .boolean()
    .nullable()
    .meta({ description: 'CF-9: talking now; null without talker detection' }),
  joinedAt: timestampSchema,
});

/** GET /conference-rooms/:id/live: the conference in the room now. */
export const liveConferenceSchema = z
  .object({
    roomId: idSchema,
    isActive: z.boolean().meta({ description: 'Whether anybody is in the room' }),
    sessionId: z.string().nullable(),
    startedAt: timestampSchema.nullable(),
    isLocked: z.boolean(),
    recordingPath: z
      .string()
      .nullable()
      .meta({ description: 'CF-8: the recording of this session, under the recordings dir' }),
    members: z.array(liveMemberSchema),
  })
  .meta({
    example: {
      roomId: 3,
      isActive: true,
      sessionId: 'c5b0e7a2-8d6f-4a53-9d0e-2f4b6a1c9e77',
      startedAt: '2026-11-26T09:00:00.000Z',
      isLocked: false,
      recordingPath: '1/2026-11-26/conference-7301-20261126T090000Z.wav',
      members: [
        {
          memberId: 'm1',
          number: '1000',
          displayName: 'Alice',
          role: 'admin',
          isMuted: false,
          isWaiting: false,
          isTalking: true,
          joinedAt: '2026-11-26T09:00:00.000Z',
        },
      ],
    },
  });

/** PATCH /conference-rooms/:id/live. */
export const patchLiveConferenceSchema = z.strictObject({
  isLocked: z.boolean().meta({ description: 'A locked room lets nobody else in' }),
});

/** PATCH /conference-rooms/:id/members/:memberId. */
export const patchLiveMemberSchema = z.strictObject({
  isMuted: z.boolean().meta({ description: 'Mute (listen only) or unmute the member' }),
});

/** GET /conference-rooms/:id/sessions: sessions ended since the switch started. */
export const conferenceSessionListSchema = z.object({
  items: z.array(
    z.object({
      sessionId: z.string(),
      startedAt: timestampSchema,
      durationSec: z.number().int(),
      recordingPath: z.string().nullable(),
    }),
  ),
});

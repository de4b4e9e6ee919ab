import { z } from 'zod';
import {
  ANALOG_PORT_TYPES,
  ANALOG_SIGNALLINGS,
  BOARD_KINDS,
  PRI_DIALPLANS,
  SPAN_FRAMINGS,
  SPAN_SIGNALLINGS,
  SPAN_SWITCHTYPES,
  STATUSES,
} from '../../../core/config-store/index.ts';
import type { Board } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const channelRanges = z
  .string()
  .regex(/^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/, 'ranges such as 1-15,17-30');

/** An E1/T1 span's settings (spec 02 §3.19 `DigitalSpan`). */
const digitalConfig = z.strictObject({
  framingCoding: z.enum(SPAN_FRAMINGS).nullable(),
  signalling: z.enum(SPAN_SIGNALLINGS),
  switchtype: z.enum(SPAN_SWITCHTYPES),
  syncClockSource: z.int().min(0).max(32).meta({ description: '0: never the timing source' }),
  lineBuildOut: z.int().min(0).max(7),
  pridialplan: z.enum(PRI_DIALPLANS),
  prilocaldialplan: z.enum(PRI_DIALPLANS),
  group: z.int().min(0).max(63).meta({ description: 'Dial-out group, DAHDI/g<n> (HW-4)' }),
  context: z.string().min(1).max(80).meta({ description: 'Inbound entry, e.g. hosted-from-pstn' }),
  did: optionalText(32).meta({ description: 'Fixed DID for calls on this span (HW-3)' }),
  channels: channelRanges,
  reservedChannels: channelRanges.nullable().meta({ description: 'e.g. 16, the E1 D-channel' }),
  status: z.enum(STATUSES).meta({ description: 'disabled: out of service (HW-5)' }),
  advancedSettings: optionalText(4000),
});

/** An analog port's settings (spec 02 §3.19 `AnalogPort`). */
const analogConfig = z.strictObject({
  portType: z.enum(ANALOG_PORT_TYPES),
  signalling: z.enum(ANALOG_SIGNALLINGS),
  context: z.string().min(1).max(80),
  group: z.int().min(0).max(63),
  status: z.enum(STATUSES),
  advancedSettings: optionalText(4000),
});

const config = z.union([digitalConfig, analogConfig]);

/** A span or port as the API returns it. */
export const boardSchema = z
  .object({
    id: idSchema,
    kind: z.enum(BOARD_KINDS),
    number: z.int().min(1).max(1024).meta({ description: 'Span or port number' }),
    driver: z.string().meta({ description: 'e.g. wanpipe' }),
    config: config.meta({ description: 'The running configuration' }),
    pendingConfig: config
      .nullable()
      .meta({ description: 'Saved, applied by POST /boards/reload (HW-1); null if none' }),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({
    example: {
      id: 1,
      kind: 'analog',
      number: 1,
      driver: 'wctdm24xxp',
      config: {
        portType: 'fxs',
        signalling: 'fxo_ks',
        context: 'hosted-dialout',
        group: 1,
        status: 'enabled',
        advancedSettings: null,
      },
      pendingConfig: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      createdBy: 'admin',
    },
  });

/** POST /boards: describe a span or port; its config runs at once. */
export const createBoardSchema = z
  .strictObject({
    kind: z.enum(BOARD_KINDS),
    number: z.int().min(1).max(1024),
    driver: z.string().trim().min(1).max(64),
    config,
  })
  .meta({
    example: {
      kind: 'digital',
      number: 5,
      driver: 'wanpipe',
      config: {
        framingCoding: 'CCS/CRC4/HDB3',
        signalling: 'pri_cpe',
        switchtype: 'euroisdn',
        syncClockSource: 1,
        lineBuildOut: 0,
        pridialplan: 'national',
        prilocaldialplan: 'national',
        group: 0,
        context: 'hosted-from-pstn',
        did: null,
        channels: '1-15,17-31',
        reservedChannels: '16',
        status: 'enabled',
        advancedSettings: null,
      },
    },
  });

/** PATCH /boards/:id: stage settings of the board's kind (HW-1). */
export const patchBoardSchema = z
  .strictObject({ config: z.union([digitalConfig.partial(), analogConfig.partial()]) })
  .meta({ example: { config: { status: 'disabled' } } });

/** GET /boards filters. */
export const listBoardsSchema = listQuerySchema({ kind: z.enum(BOARD_KINDS).optional() }, [
  'id',
  'number',
  'createdAt',
  'updatedAt',
]);

/** POST /boards/reload response. */
export const reloadResultSchema = z.object({
  reloadedIds: z.array(idSchema).meta({ description: 'Spans and ports whose config changed' }),
});

type _BoardSchemaMatchesStore = Expect<Equal<z.output<typeof boardSchema>, ApiShape<Board>>>;

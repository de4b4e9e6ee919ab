import { z } from 'zod';
import {
  IVR_ACTION_TYPES,
  IVR_FAILOVER_TYPES,
  IVR_TRANSITION_TYPES,
} from '../../../core/config-store/index.ts';
import type { IvrFlow } from '../../../core/config-store/index.ts';
import type { ApiShape, Equal, Expect } from '../shared/api-shape.ts';
import { idSchema, optionalText, timestampSchema, createdBySchema } from '../shared/api-shape.ts';
import { listQuerySchema } from '../shared/list-query.ts';

const variableSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'a variable name');

/** A destination (spec 02 §0.5) among `types`. */
function destinationSchema<T extends readonly [string, ...string[]]>(types: T) {
  return z.strictObject({
    type: z.enum(types),
    targetId: idSchema
      .nullable()
      .default(null)
      .meta({ description: 'The stored object (extension, queue, prompt, IVR, …) of the team' }),
    targetValue: z
      .string()
      .max(32)
      .nullable()
      .default(null)
      .meta({ description: 'auto (extension, queue: IVR-6), DTMF digits (sendDtmf), a number' }),
  });
}

const failoverSchema = destinationSchema(IVR_FAILOVER_TYPES).meta({
  description: 'Where a failure goes (hangup, busy, prompt, ivr, queue, extension, …)',
});

/** One action (IVR-2); fields its type does not use must be null or absent. */
const actionSchema = z.strictObject({
  action: z
    .enum(IVR_ACTION_TYPES)
    .meta({ description: 'prompt: play; input: read DTMF; webService: fetch data (IVR-4)' }),
  promptId: idSchema.nullable().meta({ description: 'prompt (required), input (optional)' }),
  variable: variableSchema
    .nullable()
    .meta({ description: 'input: default inputcode; webService: default wsresult' }),
  minDigits: z.int().min(1).max(32).nullable().meta({ description: 'input; default 1' }),
  maxDigits: z.int().min(1).max(32).nullable().meta({ description: 'input; default 1' }),
  timeoutSec: z
    .int()
    .min(1)
    .max(60)
    .nullable()
    .meta({ description: 'input: default 5; webService: default the IVR apiCallTimeoutSec' }),
  terminator: z
    .string()
    .regex(/^[#*]$/, '# or *')
    .nullable()
    .meta({ description: 'input: ends the digits' }),
  pattern: z
    .string()
    .max(200)
    .nullable()
    .meta({ description: 'input: regex the digits must match (输入限制, IVR-5)' }),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .meta({ description: 'webService: http(s) URL (the egress guard, D47, applies at call time)' }),
  method: optionalText(64).meta({ description: 'webService: method name' }),
  requestParams: optionalText(1000).meta({ description: 'webService: parameters sent' }),
  failover: failoverSchema.nullable(),
  failoverEndPromptId: idSchema.nullable(),
  description: optionalText(255),
});

/** One transition (IVR-3). */
const transitionSchema = z.strictObject({
  source: variableSchema.meta({ description: 'Variable compared; default inputcode' }),
  condition: z
    .string()
    .max(64)
    .nullable()
    .meta({ description: 'Value to match; null, empty or default: the default transition' }),
  destination: destinationSchema(IVR_TRANSITION_TYPES),
  failover: failoverSchema.nullable(),
  failoverEndPromptId: idSchema.nullable(),
  followUpPromptId: idSchema.nullable().meta({
    description: 'IVR-9 后续动作: played when the target ends with the caller still up',
  }),
  returnToIvrId: idSchema.nullable().meta({
    description: 'IVR-9 返回: the IVR the caller goes back to after the follow-up; null hangs up',
  }),
});

/** Fields an admin may change (spec 02 §3.15). */
const ivrFields = z.object({
  name: z.string().trim().min(1).max(100),
  internalNumber: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'digits')
    .meta({ description: 'Reserved in the team internal-number namespace (§0.3, IVR-1)' }),
  failover: failoverSchema.meta({ description: 'After maxLoops failures (IVR-5); default hangup' }),
  failoverEndPromptId: idSchema
    .nullable()
    .meta({ description: 'Prompt played before the failover (失败结束语音)' }),
  apiCallTimeoutSec: z.int().min(1).max(60).meta({ description: 'IVR-4; default 10' }),
  maxLoops: z.int().min(1).max(10).meta({ description: 'IVR-5; default 2' }),
  saveVariables: z
    .array(variableSchema)
    .max(32)
    .meta({ description: 'Variables kept with the call record (IVR-7)' }),
  hangupAction: z.enum(['none', 'httpPost']).meta({
    description:
      'IVR-8: run when the caller hangs up inside the IVR; default none. httpPost sends the ' +
      'call ids, caller, inputs and saved variables as JSON to hangupUrl, once, within ' +
      'apiCallTimeoutSec',
  }),
  hangupUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .meta({ description: 'IVR-8: the http(s) URL httpPost posts to' }),
  actions: z.array(actionSchema).max(50).meta({ description: 'Run in order; replaces the list' }),
  transitions: z
    .array(transitionSchema)
    .max(100)
    .meta({ description: 'Evaluated after the actions; replaces the list' }),
});

const inputFields = ivrFields.extend({
  actions: z
    .array(actionSchema.partial().required({ action: true }))
    .max(50)
    .meta({ description: 'Run in order (IVR-2); unset fields take the defaults' }),
  transitions: z
    .array(transitionSchema.partial().required({ destination: true }))
    .max(100)
    .meta({ description: 'Evaluated after the actions (IVR-3); replaces the list' }),
});

/** An IVR flow as the API returns it. */
export const ivrSchema = ivrFields
  .extend({
    id: idSchema,
    teamId: idSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    createdBy: createdBySchema,
  })
  .meta({ description: 'An IVR main flow (电脑话务)' });

const example = {
  name: 'main menu',
  internalNumber: '700',
  actions: [
    { action: 'input', promptId: 3, maxDigits: 1, timeoutSec: 5 },
    { action: 'webService', url: 'https://crm.example.com/lookup', variable: 'vip' },
  ],
  transitions: [
    { condition: '1', destination: { type: 'queue', targetId: 2 } },
    { destination: { type: 'extension', targetValue: 'auto' } },
  ],
};

/** POST /ivrs. */
export const createIvrSchema = inputFields
  .partial()
  .required({ name: true, internalNumber: true })
  .extend({ teamId: idSchema.optional() })
  .strict()
  .meta({ example });

/** PATCH /ivrs/:id; the team is fixed. */
export const patchIvrSchema = inputFields
  .partial()
  .strict()
  .meta({ example: { maxLoops: 3 } });

/** GET /ivrs filters. */
export const listIvrsSchema = listQuerySchema(
  {
    name: z.string().optional(),
    internalNumber: z.string().optional(),
  },
  ['id', 'name', 'internalNumber', 'createdAt', 'updatedAt'],
);

type _IvrSchemaMatchesStore = Expect<Equal<z.output<typeof ivrSchema>, ApiShape<IvrFlow>>>;

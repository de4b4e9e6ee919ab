import { and, eq, ne, or } from 'drizzle-orm';
import type { DestinationType } from '../index.ts';
import type { IVR_FAILOVER_TYPES, IVR_TRANSITION_TYPES } from './schema.ts';
import {
  callPromptVariants,
  callPrompts,
  ivrActions,
  ivrFlows,
  ivrTransitions,
  mohClassFiles,
  mohClasses,
} from './schema.ts';
import type { StoreDb } from './store-context.ts';

/*
 * Referrer probes for the audio model (spec 02 §0.6). The foreign keys
 * (ON DELETE RESTRICT) are the guarantee; these name the object to change
 * first, so that a refused delete explains itself (PR-2).
 */

/** Resources of the audio model that can refer to another object. */
export type MediaReferrerResource = 'callPrompt' | 'mohClass' | 'ivr';

/** What a probe finds. */
export type MediaReferrer = { resource: MediaReferrerResource; id: number; name: string };

type Probe = () => { id: number; name: string } | undefined;

/** The first hit of `probes`, in order. */
export function firstMediaReferrer(
  probes: Array<[MediaReferrerResource, Probe]>,
): MediaReferrer | undefined {
  for (const [resource, probe] of probes) {
    const row = probe();
    if (row) return { resource, ...row };
  }
  return undefined;
}

/** Prompts (as base file or language variant) and MOH classes playing a file. */
export function voiceFileReferrer(db: StoreDb, id: number): MediaReferrer | undefined {
  return firstMediaReferrer([
    [
      'callPrompt',
      () =>
        db
          .select({ id: callPrompts.id, name: callPrompts.name })
          .from(callPrompts)
          .where(eq(callPrompts.voiceFileId, id))
          .get(),
    ],
    [
      'callPrompt',
      () =>
        db
          .select({ id: callPrompts.id, name: callPrompts.name })
          .from(callPromptVariants)
          .innerJoin(callPrompts, eq(callPrompts.id, callPromptVariants.promptId))
          .where(eq(callPromptVariants.voiceFileId, id))
          .get(),
    ],
    [
      'mohClass',
      () =>
        db
          .select({ id: mohClasses.id, name: mohClasses.name })
          .from(mohClassFiles)
          .innerJoin(mohClasses, eq(mohClasses.id, mohClassFiles.mohClassId))
          .where(eq(mohClassFiles.voiceFileId, id))
          .get(),
    ],
  ]);
}

// A type outside a column's enum matches no row, which is the right answer.
type FailoverColumnType = (typeof IVR_FAILOVER_TYPES)[number];
type TransitionColumnType = (typeof IVR_TRANSITION_TYPES)[number];

/**
 * IVR flows whose own failover, an action's failover or a transition goes
 * to `type` `id`. `exceptFlowId` skips a flow's references to itself (a
 * transition back to its own menu), which do not block its deletion.
 */
export function ivrDestinationReferrer(
  db: StoreDb,
  type: DestinationType,
  id: number,
  exceptFlowId?: number,
): MediaReferrer | undefined {
  const flow = { id: ivrFlows.id, name: ivrFlows.name };
  const notSelf = exceptFlowId === undefined ? undefined : ne(ivrFlows.id, exceptFlowId);
  return firstMediaReferrer([
    [
      'ivr',
      () =>
        db
          .select(flow)
          .from(ivrFlows)
          .where(
            and(
              eq(ivrFlows.failoverType, type as FailoverColumnType),
              eq(ivrFlows.failoverId, id),
              notSelf,
            ),
          )
          .get(),
    ],
    [
      'ivr',
      () =>
        db
          .select(flow)
          .from(ivrActions)
          .innerJoin(ivrFlows, eq(ivrFlows.id, ivrActions.flowId))
          .where(
            and(
              eq(ivrActions.failoverType, type as FailoverColumnType),
              eq(ivrActions.failoverId, id),
              notSelf,
            ),
          )
          .get(),
    ],
    [
      'ivr',
      () =>
        db
          .select(flow)
          .from(ivrTransitions)
          .innerJoin(ivrFlows, eq(ivrFlows.id, ivrTransitions.flowId))
          .where(
            and(
              notSelf,
              or(
                and(
                  eq(ivrTransitions.destinationType, type as TransitionColumnType),
                  eq(ivrTransitions.destinationId, id),
                ),
                and(
                  eq(ivrTransitions.failoverType, type as FailoverColumnType),
                  eq(ivrTransitions.failoverId, id),
                ),
              ),
            ),
          )
          .get(),
    ],
  ]);
}

/** IVRs playing a prompt: as an action, a failover prompt, or a destination. */
export function callPromptReferrer(db: StoreDb, id: number): MediaReferrer | undefined {
  const flow = { id: ivrFlows.id, name: ivrFlows.name };
  return (
    firstMediaReferrer([
      [
        'ivr',
        () => db.select(flow).from(ivrFlows).where(eq(ivrFlows.failoverEndPromptId, id)).get(),
      ],
      [
        'ivr',
        () =>
          db
            .select(flow)
            .from(ivrActions)
            .innerJoin(ivrFlows, eq(ivrFlows.id, ivrActions.flowId))
            .where(or(eq(ivrActions.promptId, id), eq(ivrActions.failoverEndPromptId, id)))
            .get(),
      ],
      [
        'ivr',
        () =>
          db
            .select(flow)
            .from(ivrTransitions)
            .innerJoin(ivrFlows, eq(ivrFlows.id, ivrTransitions.flowId))
            .where(
              or(
                eq(ivrTransitions.failoverEndPromptId, id),
                eq(ivrTransitions.followUpPromptId, id),
              ),
            )
            .get(),
      ],
    ]) ?? ivrDestinationReferrer(db, 'prompt', id)
  );
}

/** Other IVRs (and their transitions) going to an IVR. */
export function ivrReferrer(db: StoreDb, id: number): MediaReferrer | undefined {
  const flow = { id: ivrFlows.id, name: ivrFlows.name };
  // IVR-9: a transition returning callers to this IVR after its follow-up.
  const returning = firstMediaReferrer([
    [
      'ivr',
      () =>
        db
          .select(flow)
          .from(ivrTransitions)
          .innerJoin(ivrFlows, eq(ivrFlows.id, ivrTransitions.flowId))
          .where(and(eq(ivrTransitions.returnToIvrId, id), ne(ivrTransitions.flowId, id)))
          .get(),
    ],
  ]);
  return returning ?? ivrDestinationReferrer(db, 'ivr', id, id);
}

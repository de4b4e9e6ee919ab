import type { Destination } from '../../core/index.ts';

/*
 * How parking rides on application destinations (spec 02 §0.5): the
 * router turns a lot number into `park:<lot id>` and a slot number into
 * `unpark:<lot id>:<slot>`, as feature codes use `feature:<name>`, so no
 * new destination type is needed and app-pbx.ts dispatches on the value.
 */

/** What a dialled number is to a team's parking lots. */
export type ParkingNumberEntry =
  | { readonly kind: 'lot'; readonly lotId: number }
  | { readonly kind: 'slot'; readonly lotId: number; readonly slot: string };

/** The part of the config store that knows lot and slot numbers; ConfigStore fits it. */
export interface ParkingNumberDirectory {
  readonly parkingLots?:
    { lookupNumber(teamId: number, number: string): ParkingNumberEntry | undefined } | undefined;
}

/** What an application destination's target value asks of parking. */
export type ParkingTarget =
  | { readonly kind: 'park'; readonly lotId: number }
  | { readonly kind: 'unpark'; readonly lotId: number; readonly slot: string };

const PARK = /^park:([1-9][0-9]*)$/;
const UNPARK = /^unpark:([1-9][0-9]*):([0-9]+)$/;

/** The application destination that runs `entry` (park into the lot, or retrieve a slot). */
export function parkingDestination(entry: ParkingNumberEntry): Destination {
  return {
    type: 'application',
    targetValue:
      entry.kind === 'lot' ? `park:${entry.lotId}` : `unpark:${entry.lotId}:${entry.slot}`,
  };
}

/** The destination `dialled` leads to when it is a lot or slot number of `teamId`. */
export function routeParkingNumber(
  directory: ParkingNumberDirectory,
  teamId: number,
  dialled: string,
): Destination | undefined {
  const entry = directory.parkingLots?.lookupNumber(teamId, dialled);
  return entry === undefined ? undefined : parkingDestination(entry);
}

/** The parking action a target value names, if any. */
export function parkingTargetOf(targetValue: string | undefined): ParkingTarget | undefined {
  if (targetValue === undefined) return undefined;
  const park = PARK.exec(targetValue);
  if (park !== null) return { kind: 'park', lotId: Number(park[1]) };
  const unpark = UNPARK.exec(targetValue);
  if (unpark !== null) return { kind: 'unpark', lotId: Number(unpark[1]), slot: unpark[2]! };
  return undefined;
}

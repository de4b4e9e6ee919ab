/*
 * Call parking wired to the rest of the switch (app.ts, app-pbx.ts and
 * app-admin-api.ts call these): the runtime reads lots from the config
 * store at call time, application destinations `park:` and `unpark:` run
 * it, and its slots light busy lamps (RFC 4235) beside extensions, which
 * BLF target groups (BLF-2) restrict.
 */
import type { ParkedCallsView } from './admin-api/index.ts';
import type { ApplicationCall, Clock, Logger, MediaControl } from './core/index.ts';
import { mohSourceOfClassId } from './app-moh.ts';
import { toDestination, type ConfigStore } from './core/config-store/index.ts';
import {
  ParkingLots,
  parkingTargetOf,
  type ApplicationOutcome,
  type ParkingLotConfig,
} from './pbx/index.ts';
import type { BlfWatchPolicy } from './signaling/index.ts';

/** The parking runtime over the store's lots. */
export function buildParkingLots(w: {
  media: MediaControl;
  clock: Clock;
  store: ConfigStore;
  logger: Logger;
}): ParkingLots {
  const { store } = w;
  return new ParkingLots({
    media: w.media,
    clock: w.clock,
    logger: w.logger,
    directory: {
      parkingLots: { find: (id) => parkingLotConfig(store, id) },
      extensionIdOf: (teamId, number) => {
        const entry = store.internalNumbers.lookup(teamId, number);
        return entry?.kind === 'extension' ? (entry.ownerId ?? undefined) : undefined;
      },
    },
  });
}

/**
 * A lot as the runtime reads it: its MOH class, or the team's default
 * class when it has none, played from the class's shared stream.
 */
function parkingLotConfig(store: ConfigStore, id: number): ParkingLotConfig | undefined {
  const lot = store.parkingLots.find(id);
  if (lot === undefined) return undefined;
  return {
    id: lot.id,
    teamId: lot.teamId,
    firstSlot: lot.firstSlot,
    slotCount: lot.slotCount,
    parkingTimeoutS: lot.parkingTimeoutS,
    moh: mohSourceOfClassId(store, lot.mohClassId, lot.teamId),
    timeoutDestination:
      lot.timeoutDestination === null ? undefined : toDestination(lot.timeoutDestination),
  };
}

/**
 * Runs an application destination that parks (`park:<lot>`) or
 * retrieves (`unpark:<lot>:<slot>`); undefined for any other target.
 */
export function runParking(
  call: ApplicationCall,
  parking: ParkingLots | undefined,
): Promise<ApplicationOutcome> | undefined {
  const target = parkingTargetOf(call.destination.targetValue);
  if (target === undefined) return undefined;
  if (parking === undefined) {
    return call.leg
      .hangup({ reason: 'unavailable', q850: 41, sipStatus: 480 })
      .then(() => ({ kind: 'done' }));
  }
  return target.kind === 'park'
    ? parking.park(call, target.lotId)
    : parking.retrieve(call, target.lotId, target.slot);
}

/**
 * What phones may watch besides extensions (the team's parking slots)
 * and which extensions a phone may watch (BLF-2, its BLF target group).
 */
export function blfPolicy(store: ConfigStore, parking: ParkingLots | undefined): BlfWatchPolicy {
  return {
    slotDialogsOf: (teamId, number) => {
      if (parking === undefined) return undefined;
      if (store.parkingLots.lookupNumber(teamId, number)?.kind !== 'slot') return undefined;
      const parked = parking.occupantOf(teamId, number);
      // RFC 4235 §3.7.1: a parked call is a confirmed dialog; an idle slot has none.
      return parked === undefined
        ? []
        : [{ id: parked.callId, state: 'confirmed', direction: 'recipient' }];
    },
    blfAllowed: (watcher, target) =>
      store.blfGroups.maySubscribe(watcher.extensionId, target.extensionId),
  };
}

/** Tells the busy lamps of parking slots when calls come and go. */
export function lightParkingLamps(
  parking: ParkingLots,
  changed: (
    teamId: number,
    number: string,
    ended?: { id: string; state: 'terminated'; direction: 'recipient' },
  ) => void,
): void {
  parking.on('slot', (e) => {
    // The call that left is reported once as terminated, as for extensions.
    const ended =
      e.state === 'idle'
        ? { id: e.call.callId, state: 'terminated' as const, direction: 'recipient' as const }
        : undefined;
    changed(e.teamId, e.number, ended);
  });
}

/** The slots API's view of the runtime (GET /api/v1/parking-lots/:id/slots). */
export function parkedCallsView(parking: ParkingLots): ParkedCallsView {
  return {
    slots: (lotId) =>
      parking.slots(lotId).map((p) => ({
        slot: p.slot,
        callerNumber: p.callerNumber,
        callerName: p.callerName,
        parkedAtMs: p.parkedAtMs,
        parkedBy: p.parkedBy?.number,
      })),
  };
}

export {
  ParkingLots,
  type ParkedCall,
  type ParkingDeps,
  type ParkingDirectory,
  type ParkingEvents,
  type ParkingLotConfig,
  type ParkingOutcome,
  type SlotEvent,
} from './parking-lots.ts';
export {
  parkingDestination,
  parkingTargetOf,
  routeParkingNumber,
  type ParkingNumberDirectory,
  type ParkingNumberEntry,
  type ParkingTarget,
} from './parking-target.ts';

export {
  pickUpCall,
  pickupNumbers,
  type PickupDirectory,
  type PickupExtension,
} from './call-pickup.ts';

export {
  InternalNumberRouter,
  type InternalNumberDirectory,
  type InternalNumberEntry,
  type RoutableExtension,
} from './internal-number-router.ts';

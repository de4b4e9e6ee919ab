import { err } from '../../core/index.ts';
import type {
  CallLeg,
  CallLegError,
  CallOriginator,
  OriginateRequest,
  Result,
  RouteDecision,
  RouteRequest,
} from '../../core/index.ts';
import {
  externalExtensionDestination,
  type InternalNumberDirectory,
  type RoutableExtension,
} from './internal-number-router.ts';

/** What the originator reads: the extensions and the team's dial plan. */
export interface ExternalExtensionDeps {
  /** The switch's dial plan (DialPlanRouter), as the extension itself would dial. */
  readonly router: { route(request: RouteRequest): RouteDecision };
  readonly directory: Pick<InternalNumberDirectory, 'internalNumbers'> & {
    readonly extensions: { find(id: number): RoutableExtension | undefined };
  };
}

/**
 * EXT-15 外线分机 for the legs applications place: a ring group (or queue)
 * member that is an external extension has no device to ring, so its leg
 * dials the extension's external number out through the team's outbound
 * routing instead, as the extension itself (D40: its trunk precedence,
 * outbound permission and TM-7 credit apply). Every other target passes
 * through unchanged. A number that routes nowhere, or to something other
 * than trunks, fails the leg as refused, which a ring group skips (RG-7).
 */
export function withExternalExtensions(
  originator: CallOriginator,
  deps: ExternalExtensionDeps,
): CallOriginator {
  return {
    originate(request: OriginateRequest): Result<CallLeg, CallLegError> {
      const { target } = request;
      if (target.kind !== 'extension') return originator.originate(request);
      const ext = deps.directory.extensions.find(target.extension.extensionId);
      if (ext?.deviceType !== 'external') return originator.originate(request);
      const destination = externalExtensionDestination(deps.directory, ext);
      const number = destination?.targetValue;
      if (number === undefined) return refused(`extension ${ext.id} has no external number`);
      const decision = deps.router.route({
        teamId: ext.teamId,
        callerExtensionId: ext.id,
        callerNumber: request.caller.number,
        dialled: number,
      });
      if (decision.kind !== 'trunks') {
        return refused(`external number of extension ${ext.id} routes to ${decision.kind}`);
      }
      return originator.originate({
        ...request,
        target: { kind: 'trunks', trunks: decision.targets },
      });
    },
  };
}

function refused(detail: string): Result<CallLeg, CallLegError> {
  return err({ code: 'ERR_CALL_LEG_REJECTED', detail });
}

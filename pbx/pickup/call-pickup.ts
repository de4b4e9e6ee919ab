import type { ApplicationCall, CallLeg, HangupCause, RingingCalls } from '../../core/index.ts';
import { bridgeLegs, type RingingMember, type RingingMembers } from '../calls/index.ts';

/** An extension as pickup scopes see it (spec EXT-12, AG-5). */
export interface PickupExtension {
  readonly id: number;
  readonly teamId: number;
  readonly number: string;
  readonly accountId: number | null;
  readonly pickupScope: 'accountGroup' | 'team';
}

/** Where pickup finds extensions and their account groups. */
export interface PickupDirectory {
  /** The extensions of a team. */
  extensionsOf(teamId: number): readonly PickupExtension[];
  /** The account group of an account, if it is in one. */
  accountGroupOf(accountId: number): number | undefined;
}

const NOTHING_RINGS: HangupCause = {
  reason: 'unavailable',
  q850: 20,
  sipStatus: 480,
  text: 'no call to pick up',
};

/**
 * The numbers `picker` may pick up calls from (EXT-12): with scope `team`
 * every other extension of its team; with `accountGroup` (the default)
 * those whose account is in the picker's account group (AG-5). An
 * account outside any group is a group of its own.
 */
export function pickupNumbers(picker: PickupExtension, directory: PickupDirectory): string[] {
  const group = (accountId: number | null): string | undefined => {
    if (accountId === null) return undefined;
    const id = directory.accountGroupOf(accountId);
    return id === undefined ? `account:${accountId}` : `group:${id}`;
  };
  const own = group(picker.accountId);
  return directory
    .extensionsOf(picker.teamId)
    .filter(
      (e) =>
        e.id !== picker.id &&
        (picker.pickupScope === 'team' || (own !== undefined && group(e.accountId) === own)),
    )
    .map((e) => e.number);
}

/**
 * Call pickup (spec 04 §15.9 `*61`, EXT-12): the picker's call takes the
 * longest-ringing call to one of `numbers` (or to `directed` alone, when
 * the picker dialled `*61<number>` and it is in scope), answers both and
 * bridges them. A call that rings there through a ring group or queue
 * (`members`, D85) is taken too: its application bridges its caller to
 * the picker. Nothing ringing there: the picker gets 480.
 */
export async function pickUpCall(
  call: ApplicationCall,
  ringing: RingingCalls,
  media: Parameters<typeof bridgeLegs>[0],
  numbers: readonly string[],
  directed?: string,
  members?: RingingMembers,
): Promise<void> {
  const picker = call.leg;
  const scope = directed === undefined ? numbers : numbers.filter((n) => n === directed);
  const member = scope.length === 0 ? undefined : members?.oldest(call.teamId, scope);
  const since = member === undefined ? undefined : ringing.ringingSince(call.teamId, scope);
  if (member !== undefined && (since === undefined || member.startedAtMs <= since)) {
    await takeMember(picker, member);
    return;
  }
  const caller = scope.length === 0 ? undefined : ringing.pickUp(call.teamId, scope);
  if (caller === undefined) {
    await picker.hangup(NOTHING_RINGS);
    return;
  }
  if (!(await answer(picker)) || !(await answer(caller))) {
    await Promise.all([picker.hangup(), caller.hangup()]);
    return;
  }
  const bridge = await bridgeLegs(media, caller, picker);
  if (!bridge.ok) {
    await Promise.all([picker.hangup(), caller.hangup()]);
    return;
  }
  await bridge.value.ended;
}

/**
 * The member's application now holds the picker's leg and ends it with
 * the call; the picker's application lasts as long as the leg does.
 */
async function takeMember(picker: CallLeg, member: RingingMember): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    if (picker.state === 'terminated') resolve();
    else picker.once('hangup', () => resolve());
  });
  if (!(await member.take(picker))) {
    // Answered or cancelled meanwhile: nothing to pick up any more.
    await picker.hangup(NOTHING_RINGS);
    return;
  }
  await ended;
}

async function answer(leg: CallLeg): Promise<boolean> {
  if (leg.state === 'confirmed') return true;
  return (await leg.answer()).ok;
}

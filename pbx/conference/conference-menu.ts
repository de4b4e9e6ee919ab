import type { Result } from '../../core/index.ts';
import type { LegPrompter } from '../voicemail/index.ts';
import type { ConferenceConfig } from './conference-config.ts';
import type { ConferenceError, LiveRoom, MemberState } from './live-room.ts';

/**
 * The CF-7 keys after '*'. Users: 1 mute or unmute oneself. Admins also:
 * 2 lock or unlock the room, 3 kick the member who joined last, 4 mute
 * every user. Volume (in the spec's list) needs a gain operation that
 * MediaControl lacks, so it has no key.
 */
export const CONFERENCE_MENU_KEYS = {
  open: '*',
  toggleMute: '1',
  toggleLock: '2',
  kickLast: '3',
  muteAllUsers: '4',
} as const;

/** Where the menu runs. */
export interface MemberMenuContext {
  readonly room: LiveRoom;
  readonly member: MemberState;
  readonly prompter: LegPrompter;
  readonly settings: ConferenceConfig;
}

/** What the menu may do to members. */
export interface MemberMenuActions {
  mute(memberId: string, isMuted: boolean): Promise<Result<void, ConferenceError>>;
  kick(memberId: string): Promise<Result<void, ConferenceError>>;
  lock(isLocked: boolean): Promise<Result<void, ConferenceError>>;
}

/** Keys are read in chunks this long; the wait itself is unbounded. */
const IDLE_WAIT_MS = 60_000;

/**
 * Runs while the member is in the room and returns when its leg is gone.
 * Without `enableMenu` keys are read and dropped.
 */
export async function runMemberMenu(
  ctx: MemberMenuContext,
  actions: MemberMenuActions,
): Promise<void> {
  const { prompter, room, member, settings } = ctx;
  const { prompts } = settings;
  const say = async (file: string) => {
    await prompter.play({ file });
  };
  for (;;) {
    const key = await prompter.nextDigit(IDLE_WAIT_MS);
    if (key === 'hangup') return;
    if (key !== CONFERENCE_MENU_KEYS.open || !room.config.enableMenu) continue;
    const isAdmin = member.view.role === 'admin';
    await prompter.play(
      { file: isAdmin ? prompts.adminMenu : prompts.userMenu },
      { isInterruptible: true },
    );
    const choice = await prompter.nextDigit(settings.menuTimeoutMs);
    if (choice === 'hangup') return;
    if (choice === CONFERENCE_MENU_KEYS.toggleMute) {
      const isMuted = !member.view.isMuted;
      await actions.mute(member.view.memberId, isMuted);
      await say(isMuted ? prompts.muted : prompts.unmuted);
    } else if (isAdmin && choice === CONFERENCE_MENU_KEYS.toggleLock) {
      await actions.lock(!room.isLocked);
      await say(room.isLocked ? prompts.locked : prompts.unlocked);
    } else if (isAdmin && choice === CONFERENCE_MENU_KEYS.kickLast) {
      const last = room.lastJoinedOther(member.view.memberId);
      if (last !== undefined) await actions.kick(last.view.memberId);
      await say(prompts.kicked);
    } else if (isAdmin && choice === CONFERENCE_MENU_KEYS.muteAllUsers) {
      for (const m of room.members.values()) {
        if (m.view.role === 'user') await actions.mute(m.view.memberId, true);
      }
      await say(prompts.allMuted);
    }
  }
}

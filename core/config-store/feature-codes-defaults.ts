/**
 * The functions a feature code can name (spec 04 §15.9): the 快捷键 dialled
 * from an idle phone (kind `code`) and the in-call 热键 (kind `hotkey`).
 */
export const FEATURE_CODE_NAMES = [
  'pickup',
  'say-extension',
  'record-call',
  'agent-sign-in',
  'agent-sign-out',
  'simulate-inbound',
  'dnd-on',
  'dnd-off',
  'voicemail-mine',
  'voicemail-any',
  'forward-always',
  'forward-busy',
  'forward-unreachable',
  'forward-no-answer',
  'forward-cancel',
  'blind-transfer',
  'attended-transfer',
  'agent-consult',
  'record-prompt',
  'multi-party',
] as const;

/** A function a feature code runs. */
export type FeatureCodeName = (typeof FEATURE_CODE_NAMES)[number];

/** Dialled from an idle phone (`code`) or typed as DTMF during a call (`hotkey`). */
export type FeatureCodeKind = 'code' | 'hotkey';

/** One built-in default of the §15.9 tables. */
export interface DefaultFeatureCode {
  readonly name: FeatureCodeName;
  readonly kind: FeatureCodeKind;
  readonly code: string;
  readonly note: string;
}

/**
 * The default codes of spec 04 §15.9, in the manual's order. They exist
 * without rows: a row of the system set (no team) or of a team overrides
 * the default of the same name (R15.9-2).
 */
export const DEFAULT_FEATURE_CODES: readonly DefaultFeatureCode[] = [
  { name: 'pickup', kind: 'code', code: '*61', note: 'Call pickup (抢接)' },
  { name: 'say-extension', kind: 'code', code: '*62', note: 'Say my extension number (报本机号)' },
  { name: 'record-call', kind: 'code', code: '*63', note: 'Record call (电话录音)' },
  { name: 'agent-sign-in', kind: 'code', code: '*64', note: 'Agent sign-in (坐席签入)' },
  { name: 'agent-sign-out', kind: 'code', code: '*65', note: 'Agent sign-out (坐席签出)' },
  { name: 'simulate-inbound', kind: 'code', code: '*66', note: 'Simulate an inbound call' },
  { name: 'dnd-on', kind: 'code', code: '*67', note: 'DND on (DND激活)' },
  { name: 'dnd-off', kind: 'code', code: '*68', note: 'DND off (DND关闭)' },
  { name: 'voicemail-mine', kind: 'code', code: '*97', note: 'My voicemail (我的语音邮件)' },
  { name: 'voicemail-any', kind: 'code', code: '*98', note: 'Dial voicemail (拨打语音邮件)' },
  { name: 'forward-always', kind: 'code', code: '*91', note: 'Call forward unconditional' },
  { name: 'forward-busy', kind: 'code', code: '*92', note: 'Forward on busy (遇忙转移)' },
  { name: 'forward-unreachable', kind: 'code', code: '*93', note: 'Forward on unreachable' },
  { name: 'forward-no-answer', kind: 'code', code: '*94', note: 'Forward on no answer' },
  { name: 'forward-cancel', kind: 'code', code: '*90', note: 'Cancel all forwards' },
  // VF-2 (not in the §15.9 table): record a voice file by phone; *77 as in FreePBX.
  { name: 'record-prompt', kind: 'code', code: '*77', note: 'Record a voice file by phone' },
  { name: 'blind-transfer', kind: 'hotkey', code: '*51', note: 'Blind transfer (盲转)' },
  { name: 'attended-transfer', kind: 'hotkey', code: '*52', note: 'Attended transfer (询问转)' },
  { name: 'agent-consult', kind: 'hotkey', code: '*55', note: 'Agent consult (坐席咨询)' },
  // Q-19 (not in the §15.9 table): the agent of a queue call adds a party (多方通话).
  {
    name: 'multi-party',
    kind: 'hotkey',
    code: '*53',
    note: 'Add a party to a queue call (多方通话)',
  },
];

/** A code as dialled: `*`, `#` and digits, 1 to 16 characters. */
export const FEATURE_CODE_PATTERN = /^[*#0-9]{1,16}$/;

import type { DestinationType } from '../../core/index.ts';

/**
 * The stored definition of an IVR (spec 02 §3.15 (b)): a main flow with
 * ordered actions (tab 动作) and transitions (tab 转向). The fields are the
 * columns of core/config-store/schema/media-tables.ts (ivr_flows,
 * ivr_actions, ivr_transitions), so a directory hands rows over as they
 * are. Fields marked "not stored yet" are optional extras the engine
 * understands; the tables can grow them later.
 */

/** The value of a transition target or failover target meaning 自动 (§0.5). */
export const AUTO_TARGET = 'auto';

/** The variable filled by input and web-service actions (IVR-3 `inputcode`). */
export const INPUT_CODE_VARIABLE = 'inputcode';

/** The variable that holds the call's prompt language (PR-1, IVR-7). */
export const LANGUAGE_VARIABLE = 'LANGUAGE';

/** Defaults of the flow form (§3.15 (b)) and of input (A-19: Asterisk Read()'s). */
export const IVR_DEFAULTS = {
  /** 最大循环次数: how many times the menu runs before the failover. */
  maxLoops: 2,
  /** 接口调用超时时长. */
  apiCallTimeoutSec: 10,
  maxDigits: 1,
  terminator: '#',
  /** Wait for the first key after the prompts. */
  firstDigitTimeoutSec: 5,
  /** Wait for each next key. */
  interDigitTimeoutSec: 3,
} as const;

/** A failover as stored on flows, actions and transitions (失败转向 …). */
export interface IvrFailover {
  readonly failoverType?: DestinationType | null | undefined;
  /** The stored object failed over to. */
  readonly failoverId?: number | null | undefined;
  /** A literal failover target (a number, digits, `auto`). */
  readonly failoverValue?: string | null | undefined;
  /** 失败结束语音: a CallPrompt played before the failover is taken. */
  readonly failoverEndPromptId?: number | null | undefined;
}

/**
 * What an action does: `prompt` plays promptId; `input` plays the optional
 * promptId (barge-in) and reads digits into `variable`; `webService` calls
 * `url` and keeps the first returned value in `variable` (IVR-4);
 * `setVariable` sets `variable` to `value`; `setLanguage` sets the call
 * language to `value` (IVR-7). The last two are not stored yet.
 */
export type IvrActionKind = 'prompt' | 'input' | 'webService' | 'setVariable' | 'setLanguage';

/** One step of a flow (ivr_actions); unused columns are null. */
export interface IvrAction extends IvrFailover {
  readonly id?: number | undefined;
  /** Saved order; actions run from the smallest up (IVR-2). */
  readonly position: number;
  readonly action: IvrActionKind;
  readonly promptId?: number | null | undefined;
  /** The variable written; `inputcode` unless given (LANGUAGE for setLanguage). */
  readonly variable?: string | null | undefined;
  /** Fewer digits than this are invalid input (IVR-5). */
  readonly minDigits?: number | null | undefined;
  readonly maxDigits?: number | null | undefined;
  /** input: the first-digit timeout; webService: overrides apiCallTimeoutSec. */
  readonly timeoutSec?: number | null | undefined;
  /** input: the wait for each next key (not stored yet). */
  readonly interDigitTimeoutSec?: number | null | undefined;
  /** The key that ends the input early; '#' unless given, '' for none. */
  readonly terminator?: string | null | undefined;
  /**
   * 输入限制: a regular expression the whole input must match (IVR-5).
   * The product's drop-down values are unknown; a pattern covers
   * digit counts and ranges alike.
   */
  readonly pattern?: string | null | undefined;
  /** 获取数据地址; `${name}` is replaced by the variable's value. */
  readonly url?: string | null | undefined;
  /**
   * `GET` (the default) or `POST`; any other value is the spec's
   * 获取数据方法 (the service's method name), sent as `method=<name>`.
   */
  readonly method?: string | null | undefined;
  /**
   * 获取数据参数: what is sent, separated by commas, `&` or spaces; `name`
   * sends that variable, `name=text` sends the text with `${var}` expanded.
   */
  readonly requestParams?: string | null | undefined;
  /** 获取数据返回值: variables set from all returned values, in order (not stored yet). */
  readonly returnVariables?: readonly string[] | null | undefined;
  /** setVariable / setLanguage: the value, with `${var}` expanded (not stored yet). */
  readonly value?: string | null | undefined;
  /** prompt: stop it on a key (barge-in); true unless false (not stored yet). */
  readonly isInterruptible?: boolean | null | undefined;
  readonly description?: string | null | undefined;
}

/** One row of the transition table (ivr_transitions). */
export interface IvrTransition extends IvrFailover {
  readonly id?: number | undefined;
  /** Table order; rows without it keep their array order. */
  readonly position?: number | undefined;
  /** 转向源: the variable whose value is matched; `inputcode` unless given. */
  readonly source?: string | null | undefined;
  /**
   * 转向条件: an exact value (`0`), an Asterisk-style pattern (`_1XX`),
   * a regular expression between slashes (`/^9\d+$/`), or `default` / empty
   * / null for the default transition.
   */
  readonly condition?: string | null | undefined;
  readonly destinationType: DestinationType;
  readonly destinationId?: number | null | undefined;
  /** A literal target, or `auto` (自动, IVR-6). */
  readonly destinationValue?: string | null | undefined;
  /** IVR-9 后续动作: played when the target ends with the caller still up. */
  readonly followUpPromptId?: number | null | undefined;
  /** IVR-9 返回: the IVR the caller goes back to after the follow-up; none hangs up. */
  readonly returnToIvrId?: number | null | undefined;
}

/** An IVR main flow with its actions and transitions (ivr_flows). */
export interface IvrFlow extends IvrFailover {
  readonly id: number;
  readonly teamId: number | null;
  readonly name: string;
  /** 内线号码: dialling it enters the flow (IVR-1). */
  readonly internalNumber: string;
  readonly apiCallTimeoutSec?: number | null | undefined;
  readonly maxLoops?: number | null | undefined;
  /** 保存变量: the variables kept with the call record (IVR-7). */
  readonly saveVariables?: readonly string[] | null | undefined;
  /** 挂机动作 (IVR-8): run when the caller hangs up inside the IVR; none unless set. */
  readonly hangupAction?: 'none' | 'httpPost' | null | undefined;
  /** IVR-8: where `httpPost` posts the session (IvrHangupNotice). */
  readonly hangupUrl?: string | null | undefined;
  readonly actions: readonly IvrAction[];
  readonly transitions: readonly IvrTransition[];
}

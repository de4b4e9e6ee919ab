import type { PERMISSION_ACTIONS, RolePermissions } from './schema.ts';

/** One action a role may be granted on a page (spec 01 §1.7). */
export type PermissionAction = (typeof PERMISSION_ACTIONS)[number];

/** Menu sections that group the pages (spec 01 §1.7 `所属分类`). */
export const PERMISSION_CATEGORIES = [
  'accountsAndPermissions',
  'pbx',
  'pbxAdvanced',
  'reports',
  'realtime',
  'systemLogs',
  'systemSettings',
] as const;

/** A permission category. */
export type PermissionCategory = (typeof PERMISSION_CATEGORIES)[number];

/** A protected page of the catalogue (spec 01 §1.7 `PermissionPage`). */
export interface PermissionPage {
  /** The API resource it protects: the path segment under /api/v1. */
  readonly key: string;
  /** The page name of the manual. */
  readonly label: string;
  readonly category: PermissionCategory;
  /** The actions the page offers; a role can be granted only these (PRM-1). */
  readonly actions: readonly PermissionAction[];
}

const ALL: readonly PermissionAction[] = ['add', 'edit', 'view', 'delete', 'export'];
const CRUD: readonly PermissionAction[] = ['add', 'edit', 'view', 'delete'];

const page = (
  key: string,
  label: string,
  category: PermissionCategory,
  actions: readonly PermissionAction[] = ALL,
): PermissionPage => ({ key, label, category, actions });

/**
 * The fixed catalogue: one page per admin API resource, with the manual's
 * page name and menu section. It lives in code, not in the store, because
 * each page is bound to routes that only a release can add (PRM-2).
 */
export const PERMISSION_PAGES: readonly PermissionPage[] = [
  page('teams', '团队管理', 'accountsAndPermissions'),
  page('accounts', '账号管理', 'accountsAndPermissions'),
  page('account-groups', '账号组管理', 'accountsAndPermissions'),
  page('agents', '坐席管理', 'accountsAndPermissions'),
  page('agent-groups', '坐席组管理', 'accountsAndPermissions'),
  page('permissions', '权限管理', 'accountsAndPermissions', ['view']),
  page('roles', '角色管理', 'accountsAndPermissions', CRUD),
  page('trunks', '中继', 'pbx'),
  page('extensions', '分机管理', 'pbx'),
  page('ring-groups', '振铃组', 'pbx'),
  page('ring-group-members', '振铃组成员', 'pbx', CRUD),
  page('did-groups', 'DID组', 'pbx'),
  page('dids', 'DID', 'pbx'),
  page('voicemail-boxes', '语音信箱', 'pbx'),
  // §2.10: numbers come with their objects; only the number changes here (IN-3, IN-4).
  page('internal-numbers', '内线管理', 'pbx', ['view', 'edit']),
  page('queues', '队列管理', 'pbxAdvanced'),
  page('work-hours', '工作时间', 'pbxAdvanced'),
  page('trunk-groups', '中继组', 'pbxAdvanced'),
  page('pbx-templates', 'PBX 模版', 'pbxAdvanced'),
  page('inbound-routes', '拨入路由', 'pbxAdvanced'),
  page('outbound-routes', '拨出路由', 'pbxAdvanced'),
  page('caller-lists', '黑名单管理 / 白名单管理', 'pbxAdvanced'),
  page('caller-id-restrictions', '外呼主叫号码限制', 'pbxAdvanced'),
  page('conference-rooms', '会议室管理', 'pbxAdvanced'),
  page('blf-groups', 'BLF 忙灯', 'pbxAdvanced'),
  page('boards', '板卡管理', 'pbxAdvanced', CRUD),
  page('moh-classes', '等待音乐管理', 'pbxAdvanced'),
  page('call-prompts', '呼叫语音管理', 'pbxAdvanced'),
  page('ivrs', '电脑话务 IVR', 'pbxAdvanced'),
  page('voice-files', '语音文件管理', 'pbxAdvanced'),
  page('applications', '应用管理', 'pbxAdvanced'),
  page('cdrs', '通话记录', 'reports', ['view', 'export']),
  // 7.6 用户账单: a user account sees and sends only its own bills.
  page('bills', '用户账单', 'reports', ['view', 'add']),
  page('calls', '系统实时信息', 'realtime', ['view', 'delete']),
  page('operation-logs', '操作日志', 'systemLogs', ['view', 'export']),
  page('sip-security', 'SIP 安全', 'systemSettings', ['view']),
];

const BY_KEY: ReadonlyMap<string, PermissionPage> = new Map(
  PERMISSION_PAGES.map((p) => [p.key, p]),
);

/** The catalogue page `key`, if there is one. */
export function permissionPage(key: string): PermissionPage | undefined {
  return BY_KEY.get(key);
}

/**
 * The problems of a role's permission matrix, empty if none: pages outside
 * the catalogue and actions a page does not offer (PRM-1).
 */
export function permissionProblems(permissions: RolePermissions): string[] {
  const problems: string[] = [];
  for (const [key, actions] of Object.entries(permissions)) {
    const found = BY_KEY.get(key);
    if (found === undefined) {
      problems.push(`no permission page ${JSON.stringify(key)}`);
      continue;
    }
    for (const action of actions) {
      if (!found.actions.includes(action)) problems.push(`page ${key} has no action ${action}`);
    }
  }
  return problems;
}

/** The whole catalogue as a matrix, which the built-in admin role holds (ROLE-1). */
export function allPermissions(): RolePermissions {
  return Object.fromEntries(PERMISSION_PAGES.map((p) => [p.key, [...p.actions]]));
}

/**
 * Whether a matrix grants `action` on page `key`. Only actions the page
 * offers count, so a grant left over from an older catalogue is inert
 * (ROLE-2: the role's matrix ∩ the page catalogue).
 */
export function grants(
  permissions: RolePermissions,
  key: string,
  action: PermissionAction,
): boolean {
  const found = BY_KEY.get(key);
  if (found === undefined || !found.actions.includes(action)) return false;
  return permissions[key]?.includes(action) === true;
}

/*
 * Extension writes below ExtensionsRepository: input validation, the
 * batched insert of one team's extensions with its checks (TM-2, ACC-3,
 * IN-1), and the template columns an update sets (T-3).
 */
import { count, eq } from 'drizzle-orm';
import { NotFoundError, QuotaExceededError, ValidationError, randomPassword } from '../index.ts';
import type {
  Extension,
  ExtensionRow,
  ExtensionUpdate,
  NewExtension,
} from './extension-columns.ts';
import { extensionPublicColumns as publicColumns } from './extension-columns.ts';
import {
  normalizeHostRestriction,
  requireExternalNumber,
  requireRingbackClass,
} from './extension-rules.ts';
import { assertInternalNumbersFree } from './internal-numbers-repository.ts';
import { accounts, extensions, internalNumbers, teams } from './schema.ts';
import {
  EXTENSION_SECRET_PURPOSE,
  computeExtensionHa1,
  registrationNameOf,
  teamRealm,
} from './sip-credentials.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import {
  findLinkedTemplate,
  requireValidDetails,
  resolveTemplateId,
  templateProtocolOf,
} from './template-links.ts';
import { EXTENSION_NUMBER_PATTERN, requireIntInRange, requireMatch } from './validate.ts';

const INSERT_CHUNK = 500;

/** A validated input, before the team-level checks. */
export interface PreparedExtension {
  fields: Omit<NewExtension, 'name' | 'secret'>;
  name: string;
  number: string;
  secret: string;
}
const SECRET_PATTERN = /^[\x21-\x7e]{8,128}$/;

/** Checks the fields of a new extension; the secret defaults to a random one. */
export function prepareExtension(input: NewExtension): PreparedExtension {
  const { secret: givenSecret, name, ...fields } = input;
  requireMatch('internalNumber', fields.internalNumber, EXTENSION_NUMBER_PATTERN, 'digits');
  if (fields.ringTimeoutSec !== undefined) {
    requireIntInRange('ringTimeoutSec', fields.ringTimeoutSec, 1, 3600);
  }
  requireValidDetails(fields.details);
  const hostRestriction = normalizeHostRestriction(fields.hostRestriction);
  if (hostRestriction !== undefined) fields.hostRestriction = hostRestriction;
  requireExternalNumber(fields);
  const secret = givenSecret ?? randomPassword();
  validateSipSecret(secret);
  return { fields, name: name ?? fields.internalNumber, number: fields.internalNumber, secret };
}

/**
 * Inserts extensions of one team: quota (TM-2), owning accounts (ACC-3),
 * free numbers (IN-1), then the rows and their namespace entries.
 */
export function insertTeamBatch(
  ctx: StoreContext,
  db: StoreDb,
  teamId: number,
  items: PreparedExtension[],
): Extension[] {
  const team = extensionTeam(db, teamId);
  checkQuota(db, team, items.length);
  for (const classId of new Set(items.map((item) => item.fields.ringbackMohClassId))) {
    requireRingbackClass(db, team.id, classId);
  }
  for (const accountId of new Set(items.map((item) => item.fields.accountId))) {
    const account = db
      .select({ teamId: accounts.teamId })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .get();
    if (account === undefined) throw new NotFoundError('account', accountId);
    if (account.teamId !== team.id) {
      throw new ValidationError('accountId', 'the account belongs to another team (ACC-3)');
    }
  }
  assertInternalNumbersFree(
    db,
    team.id,
    items.map((item) => item.number),
  );
  const realm = teamRealm(team);
  const now = ctx.now();
  const templates = new Map<string, number | null>();
  const templateOf = (fields: PreparedExtension['fields']): number | null => {
    const protocol = templateProtocolOf(fields.deviceType ?? 'SIP');
    const key = `${protocol}:${String(fields.templateId)}`;
    let id = templates.get(key);
    if (id === undefined) {
      const request = { templateType: 'device' as const, protocol, teamId: team.id };
      id = resolveTemplateId(db, { ...request, templateId: fields.templateId });
      templates.set(key, id);
    }
    return id;
  };
  const rows = items.map((item) => {
    const registrationName = registrationNameOf(team.uid, item.number);
    return {
      ...item.fields,
      templateId: templateOf(item.fields),
      name: item.name,
      registrationName,
      secretEncrypted: ctx.secrets.encrypt(item.secret, EXTENSION_SECRET_PURPOSE),
      ...computeExtensionHa1(registrationName, item.number, realm, item.secret),
      createdAt: now,
      updatedAt: now,
    };
  });
  const created: Extension[] = [];
  // 27 columns per row: 500 rows stay below SQLite's 32766 parameters.
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const inserted = db.insert(extensions).values(chunk).returning(publicColumns).all();
    db.insert(internalNumbers)
      .values(
        inserted.map((e) => ({
          teamId: team.id,
          number: e.internalNumber,
          kind: 'extension' as const,
          ownerId: e.id,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .run();
    created.push(...inserted);
  }
  return created;
}

/**
 * The template columns an update sets (T-3): a named template is checked
 * against the (new) device type; a new device type alone keeps a template
 * of its protocol and otherwise moves to that protocol's default.
 */
export function templateOnUpdate(
  db: StoreDb,
  current: ExtensionRow,
  patch: ExtensionUpdate,
): { templateId?: number | null } {
  const deviceType = patch.deviceType ?? current.deviceType;
  const request = {
    templateType: 'device' as const,
    protocol: templateProtocolOf(deviceType),
    teamId: current.teamId,
  };
  if (patch.templateId !== undefined) {
    return { templateId: resolveTemplateId(db, { ...request, templateId: patch.templateId }) };
  }
  if (deviceType === current.deviceType || current.templateId === null) return {};
  const kept = findLinkedTemplate(db, current.templateId);
  if (kept?.protocol === request.protocol) return {};
  return { templateId: resolveTemplateId(db, { ...request, templateId: undefined }) };
}

/** A SIP secret is 8 to 128 printable ASCII characters. */
export function validateSipSecret(secret: string): void {
  if (!SECRET_PATTERN.test(secret)) {
    throw new ValidationError('secret', 'a SIP secret is 8 to 128 printable ASCII characters');
  }
}

/** The team of an extension being written; NotFoundError without it. */
export function extensionTeam(db: StoreDb, teamId: number): typeof teams.$inferSelect {
  const team = db.select().from(teams).where(eq(teams.id, teamId)).get();
  if (team === undefined) throw new NotFoundError('team', teamId);
  return team;
}

function checkQuota(db: StoreDb, team: typeof teams.$inferSelect, adding: number): void {
  const used = db
    .select({ n: count() })
    .from(extensions)
    .where(eq(extensions.teamId, team.id))
    .get();
  if ((used?.n ?? 0) + adding > team.maxExtensions) {
    throw new QuotaExceededError('extensions', team.maxExtensions);
  }
}

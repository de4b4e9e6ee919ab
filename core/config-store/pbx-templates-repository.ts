import { and, asc, eq, isNull, or } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '../index.ts';
import { extensions, pbxTemplates, trunks } from './schema.ts';
import type { StoreContext, StoreDb } from './store-context.ts';
import { requireTeam } from './team-objects.ts';
import { ignoredTemplateKeys, parseTemplateDetails } from './template-details.ts';
import { requireNonBlank } from './validate.ts';

/** A PBX template as stored (spec 02 §3.5). */
export type PbxTemplate = typeof pbxTemplates.$inferSelect;

/** Fields of a new template; `isBuiltin` is reserved for the seeded ones. */
export type NewPbxTemplate = Omit<
  typeof pbxTemplates.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'isBuiltin'
>;

/** Changes to a template; its team is fixed. */
export type PbxTemplateUpdate = Partial<Omit<NewPbxTemplate, 'teamId'>>;

type Seed = Pick<PbxTemplate, 'name' | 'templateType' | 'protocol' | 'details' | 'remark'>;

/**
 * The manual's default templates (spec 02 §3.5, details as printed, OCR
 * repaired). `default sip device` is not shown; its lines are our guess
 * from the iax2 device and the SIP trunk [I], with G.722 and Opus allowed
 * so that phones keep wideband audio once `allow=` is applied (D94).
 */
const BUILTINS: readonly Seed[] = [
  {
    name: 'default sip device',
    templateType: 'device',
    protocol: 'sip',
    details:
      'type=friend\nhost=dynamic\nnat=yes\nqualify=yes\ncontext=hosted-dialout\n' +
      'directmedia=no\ndtmfmode=rfc2833\ndisallow=all\nallow=ulaw,alaw,g722,opus,gsm,g729',
    remark: 'default template for sip device',
  },
  {
    name: 'default sip trunk',
    templateType: 'trunk',
    protocol: 'sip',
    details:
      'type=friend\ninsecure=port,invite\ndirectmedia=no\ncontext=hosted-dialin\n' +
      'dtmfmode=rfc2833\ndisallow=all\nallow=ulaw,alaw,gsm,g729',
    remark: 'default template for sip trunk',
  },
  {
    name: 'default iax2 device',
    templateType: 'device',
    protocol: 'iax2',
    details:
      'type=friend\nqualify=yes\nport=4569\nnat=yes\nhost=dynamic\ncontext=hosted-dialout\n' +
      'requirecalltoken=no\ndisallow=all\nallow=ulaw,alaw,gsm,g729,h263,h264',
    remark: 'default template for iax2 device',
  },
  {
    name: 'default mgcp device',
    templateType: 'device',
    protocol: 'mgcp',
    details: 'context=hosted-dialout\nhost=dynamic\ncanreinvite=no\ndtmfmode=rfc2833',
    remark: 'default template for mgcp device',
  },
  {
    name: 'default dahdi device',
    templateType: 'device',
    protocol: 'dahdi',
    details: 'echocancel=yes\nbusydetect=yes\nbusycount=7',
    remark: 'default template for dahdi device',
  },
];

/**
 * PBX templates: `key=value` options that trunks and devices inherit
 * (T-1). Details are parsed on every write, so a stored template always
 * parses; keys we do not interpret are kept, with a warning in the log
 * (T-2). The seeded defaults can be edited but not deleted.
 */
export class PbxTemplatesRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Creates the default templates that are missing; openStore() calls it. */
  ensureBuiltins(): void {
    this.#ctx.write((db) => {
      const now = this.#ctx.now();
      for (const seed of BUILTINS) {
        const existing = db
          .select({ id: pbxTemplates.id })
          .from(pbxTemplates)
          .where(and(isNull(pbxTemplates.teamId), eq(pbxTemplates.name, seed.name)))
          .get();
        if (existing !== undefined) continue;
        db.insert(pbxTemplates)
          .values({ ...seed, teamId: null, isBuiltin: true, createdAt: now, updatedAt: now })
          .run();
      }
    });
  }

  create(input: NewPbxTemplate): PbxTemplate {
    this.#validate(input);
    return this.#ctx.write((db) => {
      if (input.teamId != null) requireTeam(db, input.teamId);
      const now = this.#ctx.now();
      return db
        .insert(pbxTemplates)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning()
        .get();
    });
  }

  find(id: number): PbxTemplate | undefined {
    return this.#ctx.db.select().from(pbxTemplates).where(eq(pbxTemplates.id, id)).get();
  }

  /** The template `name` of a team, or a shared one when teamId is null. */
  findByName(teamId: number | null, name: string): PbxTemplate | undefined {
    const team = teamId === null ? isNull(pbxTemplates.teamId) : eq(pbxTemplates.teamId, teamId);
    return this.#ctx.db
      .select()
      .from(pbxTemplates)
      .where(and(team, eq(pbxTemplates.name, name)))
      .get();
  }

  /** All templates, or those a team may use: its own and the shared ones. */
  list(teamId?: number): PbxTemplate[] {
    const query = this.#ctx.db.select().from(pbxTemplates);
    const filtered =
      teamId === undefined
        ? query
        : query.where(or(isNull(pbxTemplates.teamId), eq(pbxTemplates.teamId, teamId)));
    return filtered.orderBy(asc(pbxTemplates.id)).all();
  }

  update(id: number, patch: PbxTemplateUpdate): PbxTemplate {
    this.#validate(patch);
    return this.#ctx.write((db) => {
      if (patch.templateType !== undefined || patch.protocol !== undefined) {
        this.#assertKindUnchangedWhileUsed(db, id, patch);
      }
      const template = db
        .update(pbxTemplates)
        .set({ ...patch, updatedAt: this.#ctx.now() })
        .where(eq(pbxTemplates.id, id))
        .returning()
        .get();
      if (template === undefined) throw new NotFoundError('PBX template', id);
      return template;
    });
  }

  delete(id: number): void {
    this.#ctx.write((db) => {
      const template = this.find(id);
      if (template === undefined) throw new NotFoundError('PBX template', id);
      if (template.isBuiltin) {
        throw new ConflictError(
          'ERR_BUILTIN_TEMPLATE',
          `template ${id} (${template.name}) is a default and cannot be deleted`,
        );
      }
      db.delete(pbxTemplates).where(eq(pbxTemplates.id, id)).run();
    });
  }

  /**
   * A template in use keeps its type and protocol, or its trunks and
   * devices would hold a template of the wrong kind (T-3).
   */
  #assertKindUnchangedWhileUsed(db: StoreDb, id: number, patch: PbxTemplateUpdate): void {
    const current = this.find(id);
    if (current === undefined) throw new NotFoundError('PBX template', id);
    const isSame =
      (patch.templateType ?? current.templateType) === current.templateType &&
      (patch.protocol ?? current.protocol) === current.protocol;
    if (isSame) return;
    const trunk = db
      .select({ id: trunks.id, name: trunks.name })
      .from(trunks)
      .where(eq(trunks.templateId, id))
      .get();
    const user =
      trunk === undefined
        ? db
            .select({ id: extensions.id, name: extensions.internalNumber })
            .from(extensions)
            .where(eq(extensions.templateId, id))
            .get()
        : undefined;
    if (trunk === undefined && user === undefined) return;
    const [resource, row] = trunk ? (['trunk', trunk] as const) : (['extension', user!] as const);
    throw new ConflictError(
      'ERR_IN_USE',
      `template ${id} is used by ${resource} ${row.id} (${row.name}); its type and protocol are fixed`,
      `${resource}:${row.id}`,
    );
  }

  #validate(input: PbxTemplateUpdate): void {
    if (input.name !== undefined) requireNonBlank('name', input.name);
    if (input.details === undefined) return;
    const parsed = parseTemplateDetails(input.details);
    if (!parsed.ok) throw new ValidationError('details', parsed.error.detail);
    const ignored = ignoredTemplateKeys(parsed.value);
    if (ignored.length > 0) {
      this.#ctx.logger.warn({ ignored }, 'PBX template keys stored but not interpreted (T-2)');
    }
  }
}

import { and, eq, isNull } from 'drizzle-orm';
import { ValidationError } from '../index.ts';
import type { DEVICE_TYPES, TEMPLATE_PROTOCOLS, TEMPLATE_TYPES } from './schema.ts';
import { pbxTemplates } from './schema.ts';
import type { StoreDb } from './store-context.ts';
import { overlayTemplateOptions, parseTemplateDetails } from './template-details.ts';
import type { TemplateOption } from './template-details.ts';

/*
 * The link between a trunk or extension and its PBX template (TRK-14,
 * EXT-16, spec 02 §3.5 T-1 and T-3): which template a new row gets, which
 * ones it may name, and the merged key=value map that results.
 */

/** A template's kind: `trunk` for trunks, `device` for extensions. */
export type TemplateType = (typeof TEMPLATE_TYPES)[number];
/** A template's protocol. */
export type TemplateProtocol = (typeof TEMPLATE_PROTOCOLS)[number];

/** The template columns the link checks and the merge reads. */
export interface LinkedTemplate {
  id: number;
  teamId: number | null;
  name: string;
  templateType: TemplateType;
  protocol: TemplateProtocol;
  details: string;
}

/** What a row asks for: its kind, protocol and team, and maybe an id. */
export interface TemplateRequest {
  templateType: TemplateType;
  protocol: TemplateProtocol;
  /** The row's team; null for a system-wide trunk. */
  teamId: number | null;
  /** The template named in the input; undefined picks the default. */
  templateId: number | null | undefined;
}

/**
 * The protocol a device type is configured with (T-3). An external-line
 * extension is reached over SIP by us, so it takes SIP device templates.
 */
export function templateProtocolOf(deviceType: (typeof DEVICE_TYPES)[number]): TemplateProtocol {
  return deviceType === 'external' ? 'sip' : (deviceType.toLowerCase() as TemplateProtocol);
}

/** The name of the seeded default for a kind and protocol (spec 01 §2.1, §2.2). */
export function defaultTemplateName(type: TemplateType, protocol: TemplateProtocol): string {
  return `default ${protocol} ${type}`;
}

const LINK_COLUMNS = {
  id: pbxTemplates.id,
  teamId: pbxTemplates.teamId,
  name: pbxTemplates.name,
  templateType: pbxTemplates.templateType,
  protocol: pbxTemplates.protocol,
  details: pbxTemplates.details,
};

/** The template with `id`, with the columns a link needs. */
export function findLinkedTemplate(db: StoreDb, id: number): LinkedTemplate | undefined {
  return db.select(LINK_COLUMNS).from(pbxTemplates).where(eq(pbxTemplates.id, id)).get();
}

/**
 * The template id a row stores: the one asked for, checked, or the system
 * default of its kind and protocol (null when that default was deleted by
 * renaming it). A template of another team answers as an absent one, so
 * that the message does not confirm it exists (cross-tenant); a visible
 * one of the wrong kind or protocol is named (T-3).
 */
export function resolveTemplateId(db: StoreDb, request: TemplateRequest): number | null {
  const { templateType, protocol, teamId, templateId } = request;
  if (templateId === undefined) {
    const row = db
      .select({ id: pbxTemplates.id })
      .from(pbxTemplates)
      .where(
        and(
          isNull(pbxTemplates.teamId),
          eq(pbxTemplates.name, defaultTemplateName(templateType, protocol)),
          eq(pbxTemplates.templateType, templateType),
          eq(pbxTemplates.protocol, protocol),
        ),
      )
      .get();
    return row?.id ?? null;
  }
  if (templateId === null) return null;
  const template = findLinkedTemplate(db, templateId);
  if (template === undefined || (template.teamId !== null && template.teamId !== teamId)) {
    throw new ValidationError('templateId', `no PBX template ${templateId} usable here`);
  }
  if (template.templateType !== templateType || template.protocol !== protocol) {
    throw new ValidationError(
      'templateId',
      `template ${templateId} (${template.name}) is a ${template.protocol} ` +
        `${template.templateType} template; this needs a ${protocol} ${templateType} one (T-3)`,
    );
  }
  return template.id;
}

/**
 * Checks an entity's own details; a bad line is a ValidationError naming
 * `details` and the line number.
 */
export function requireValidDetails(details: string | undefined): void {
  if (details === undefined) return;
  const parsed = parseTemplateDetails(details);
  if (!parsed.ok) throw new ValidationError('details', parsed.error.detail);
}

/** Where an effective key came from. */
export type OptionSource = 'template' | 'details';

/** One key=value of an effective configuration. */
export interface EffectiveOption {
  key: string;
  value: string;
  source: OptionSource;
  /** 1-based line in its source's text. */
  line: number;
}

/** A trunk's or device's merged configuration (T-1). */
export interface EffectiveConfig {
  template: { id: number; name: string } | null;
  /** In order: template lines not overridden, then the entity's own. */
  options: EffectiveOption[];
  /** Key → value; a repeated key (`allow=`) joins its values with `,`. */
  values: Record<string, string>;
}

function optionsOf(text: string): TemplateOption[] {
  const parsed = parseTemplateDetails(text);
  // Both texts were checked when written; a row from before that check
  // contributes nothing rather than failing the read.
  return parsed.ok ? parsed.value : [];
}

/**
 * TRK-14 / EXT-16: the template's details overlaid by the entity's own,
 * the entity winning for every key it sets (spec 02 §3.5 T-1). Keys we do
 * not interpret are kept (T-2).
 */
export function effectiveConfig(
  template: Pick<LinkedTemplate, 'id' | 'name' | 'details'> | undefined,
  details: string,
): EffectiveConfig {
  const fromTemplate = template === undefined ? [] : optionsOf(template.details);
  const own = optionsOf(details);
  const isOwn = new Set(own);
  const options = overlayTemplateOptions(fromTemplate, own).map((o) => ({
    key: o.key,
    value: o.value,
    source: (isOwn.has(o) ? 'details' : 'template') as OptionSource,
    line: o.line,
  }));
  const values: Record<string, string> = {};
  for (const o of options) {
    const before = values[o.key];
    values[o.key] = before === undefined ? o.value : `${before},${o.value}`;
  }
  return {
    template: template === undefined ? null : { id: template.id, name: template.name },
    options,
    values,
  };
}

/**
 * Asterisk codec names (`allow=`) → the encoding names our media plane
 * transcodes (RFC 3551 §6 names; media/codecs' registry). Others (gsm,
 * g729, video) are kept in the details but cannot be offered.
 */
const CODEC_NAMES: Readonly<Record<string, string>> = {
  ulaw: 'PCMU',
  alaw: 'PCMA',
  g722: 'G722',
  slin: 'L16',
  opus: 'opus',
};

/**
 * The codec list `allow=` / `disallow=` lines give, in Asterisk's order
 * semantics: each line adds or removes names, `all` meaning every one.
 * Undefined when the options say nothing about codecs.
 */
export function codecsFromOptions(options: readonly EffectiveOption[]): string[] | undefined {
  const lines = options.filter((o) => o.key === 'allow' || o.key === 'disallow');
  if (lines.length === 0) return undefined;
  let codecs: string[] = [];
  for (const line of lines) {
    const names = line.value.split(',').map((n) => n.trim().toLowerCase());
    const mapped = names.includes('all')
      ? Object.values(CODEC_NAMES)
      : names.flatMap((n) => CODEC_NAMES[n] ?? []);
    codecs =
      line.key === 'allow'
        ? [...codecs, ...mapped.filter((c) => !codecs.includes(c))]
        : codecs.filter((c) => !mapped.includes(c));
  }
  return codecs;
}

/**
 * Asterisk codec names → the encoding names of SDP rtpmap lines (RFC 3551
 * §6, RFC 7587, lower case), for narrowing a phone's SDP (D94). Names
 * not listed pass as they are written.
 */
const SDP_CODEC_NAMES: Readonly<Record<string, string>> = {
  ulaw: 'pcmu',
  alaw: 'pcma',
  g722: 'g722',
  opus: 'opus',
  gsm: 'gsm',
  g729: 'g729',
  g723: 'g723',
  g726: 'g726-32',
  ilbc: 'ilbc',
  speex: 'speex',
  slin: 'l16',
  lpc10: 'lpc',
  adpcm: 'dvi4',
  g719: 'g719',
  amr: 'amr',
  amrwb: 'amr-wb',
};

/**
 * The audio encodings a device's `allow=` / `disallow=` lines let its SDP
 * carry, as SDP names in allow order (Asterisk's order semantics, `all`
 * meaning every name above). Undefined when the options say nothing about
 * codecs: then nothing is narrowed.
 */
export function sdpCodecsFromOptions(options: readonly EffectiveOption[]): string[] | undefined {
  const lines = options.filter((o) => o.key === 'allow' || o.key === 'disallow');
  if (lines.length === 0) return undefined;
  let codecs: string[] = [];
  for (const line of lines) {
    const names = line.value
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter((n) => n !== '');
    const mapped = names.includes('all')
      ? Object.values(SDP_CODEC_NAMES)
      : names.map((n) => SDP_CODEC_NAMES[n] ?? n);
    codecs =
      line.key === 'allow'
        ? [...codecs, ...mapped.filter((c) => !codecs.includes(c))]
        : codecs.filter((c) => !mapped.includes(c));
  }
  return codecs;
}

import { describe, expect, test } from 'vitest';
import {
  ignoredTemplateKeys,
  overlayTemplateOptions,
  parseTemplateDetails,
} from './template-details.ts';

describe('parseTemplateDetails()', () => {
  test('parseTemplateDetails() when lines are key=value → options in order, keys lower-cased', () => {
    const parsed = parseTemplateDetails('Type=friend\n; a comment\n\nallow=ulaw\nallow = alaw ');
    expect(parsed).toEqual({
      ok: true,
      value: [
        { key: 'type', value: 'friend', line: 1 },
        { key: 'allow', value: 'ulaw', line: 4 },
        { key: 'allow', value: 'alaw', line: 5 },
      ],
    });
  });

  test('parseTemplateDetails() when a value is empty → kept (Asterisk clears the option)', () => {
    expect(parseTemplateDetails('context=')).toMatchObject({ ok: true });
  });

  test.each([
    ['no equals sign', 'type=friend\nhost', 'ERR_TEMPLATE_LINE', 12],
    ['empty key', '=yes', 'ERR_TEMPLATE_LINE', 0],
    ['bad key', '1type=friend', 'ERR_TEMPLATE_KEY', 0],
    ['bad type (T-2)', 'type=buddy', 'ERR_TEMPLATE_VALUE', 0],
    ['port out of range (T-2)', 'port=70000', 'ERR_TEMPLATE_VALUE', 0],
    ['bad dtmfmode (T-2)', 'nat=yes\ndtmfmode=sip', 'ERR_TEMPLATE_VALUE', 8],
    ['bad busycount (T-2)', 'busycount=many', 'ERR_TEMPLATE_VALUE', 0],
    ['bad qualify (T-2, D84)', 'qualify=maybe', 'ERR_TEMPLATE_VALUE', 0],
    ['qualifyfreq of 0 (D84)', 'qualify=yes\nqualifyfreq=0', 'ERR_TEMPLATE_VALUE', 12],
  ])('parseTemplateDetails() when %s → %s at offset %i', (_name, text, code, offset) => {
    const parsed = parseTemplateDetails(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatchObject({ code, offset });
  });
});

describe('template options', () => {
  test('ignoredTemplateKeys() → keys outside T-2, once each', () => {
    const parsed = parseTemplateDetails('type=friend\nmailbox=1\nmailbox=2\nqualify=yes');
    expect(parsed.ok && ignoredTemplateKeys(parsed.value)).toEqual(['mailbox']);
  });

  test('T-1: overlayTemplateOptions() → the entity replaces every key it sets', () => {
    const template = parseTemplateDetails('type=friend\nallow=ulaw\nallow=alaw\nnat=yes');
    const own = parseTemplateDetails('allow=g729\nhost=10.0.0.1');
    if (!template.ok || !own.ok) throw new Error('fixture does not parse');
    const merged = overlayTemplateOptions(template.value, own.value);
    expect(merged.map((o) => `${o.key}=${o.value}`)).toEqual([
      'type=friend',
      'nat=yes',
      'allow=g729',
      'host=10.0.0.1',
    ]);
  });
});

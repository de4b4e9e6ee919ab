import { describe, expect, test } from 'vitest';
import { dialogInfoXml } from './dialog-info.ts';

describe('dialogInfoXml()', () => {
  test('BLF-3 a ringing dialog names the caller as remote identity and target', () => {
    const xml = dialogInfoXml('sip:1001@demo.local', 4, [
      { id: 'c1', state: 'early', direction: 'recipient', remoteNumber: '1002' },
    ]);
    expect(xml).toContain('version="4" state="full" entity="sip:1001@demo.local"');
    expect(xml).toContain(
      '<dialog id="c1" direction="recipient"><state>early</state><remote><identity>sip:1002@demo.local</identity><target uri="sip:1002@demo.local"/></remote></dialog>',
    );
  });

  test('BLF-3 an answered dialog does not name the other party', () => {
    const xml = dialogInfoXml('sip:1001@demo.local', 0, [
      { id: 'c1', state: 'confirmed', direction: 'recipient', remoteNumber: '1002' },
    ]);
    expect(xml).not.toContain('<remote>');
  });

  test('D89 a ringing dialog carries its call-id and tags (RFC 4235 §4.1); an answered one does not', () => {
    const sipDialog = { callId: 'a"b@h', localTag: 'ours', remoteTag: 'theirs' };
    const early = dialogInfoXml('sip:1001@demo.local', 0, [
      { id: 'c1', state: 'early', direction: 'recipient', remoteNumber: '1002', sipDialog },
    ]);
    expect(early).toContain(
      '<dialog id="c1" call-id="a&#34;b@h" local-tag="ours" remote-tag="theirs" direction="recipient">',
    );
    const confirmed = dialogInfoXml('sip:1001@demo.local', 1, [
      { id: 'c1', state: 'confirmed', direction: 'recipient', sipDialog },
    ]);
    expect(confirmed).not.toContain('call-id=');
  });

  test('dialogInfoXml() escapes markup in the caller number', () => {
    const xml = dialogInfoXml('sip:1001@demo.local', 0, [
      { id: 'c1', state: 'early', direction: 'recipient', remoteNumber: '<x>"' },
    ]);
    expect(xml).not.toContain('<x>');
    expect(xml).toContain('&#60;x&#62;&#34;');
  });
});

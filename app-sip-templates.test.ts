import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  storeExtensionCodecs,
  storeFixedContactList,
  storeStaticContacts,
} from './app-sip-templates.ts';
import { openTempStore, seedTeam, type TempStore } from './core/config-store/test-store.ts';

/* T-2 keys of extensions as the SIP stack reads them, from a real store file. */

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

function extension(details: string) {
  const { team, account } = seedTeam(temp.store, 'alpha');
  const ext = temp.store.extensions.create({
    teamId: team.id,
    accountId: account.id,
    internalNumber: '100',
    details,
  });
  return { teamId: team.id, id: ext.id };
}

describe('storeStaticContacts() (T-2 host=, D92)', () => {
  test.each([
    ['host=192.0.2.50', { address: '192.0.2.50', port: 5060, user: '100', protocol: 'udp' }],
    [
      'host=192.0.2.50\nport=5062\ntransport=tcp\ndefaultuser=desk',
      { address: '192.0.2.50', port: 5062, user: 'desk', protocol: 'tcp' },
    ],
    ['host=[2001:db8::5]', { address: '2001:db8::5', port: 5060 }],
    ['host=192.0.2.50\ndefaultuser=a>b', { user: '100' }],
  ])('T-2 details %j → a fixed contact %j', (details, expected) => {
    const { teamId } = extension(details);
    expect(storeStaticContacts(temp.store)(teamId, '100')).toMatchObject(expected);
  });

  test.each(['', 'host=dynamic', 'host=pbx.example.com'])(
    'T-2 details %j → no fixed contact',
    (details) => {
      const { teamId } = extension(details);
      expect(storeStaticContacts(temp.store)(teamId, '100')).toBeUndefined();
    },
  );
});

describe('storeFixedContactList() (T-2 host=, D95)', () => {
  test('every extension whose own details or template name an IP host; the same list until the config changes', () => {
    const { team, account } = seedTeam(temp.store, 'alpha');
    const create = (internalNumber: string, fields: { details?: string; templateId?: number }) =>
      temp.store.extensions.create({
        teamId: team.id,
        accountId: account.id,
        internalNumber,
        ...fields,
      });
    const desk = temp.store.pbxTemplates.create({
      teamId: team.id,
      name: 'desk',
      details: 'host=192.0.2.60\nport=5070',
    });
    create('100', { details: 'host=192.0.2.50' });
    create('101', {});
    create('102', { templateId: desk.id });
    create('103', { templateId: desk.id, details: 'host=dynamic' });
    create('104', { details: 'host=pbx.example.com' });
    const listOf = storeFixedContactList(temp.store);
    const list = listOf();
    expect(list.map((f) => [f.number, f.contact.address, f.contact.port])).toEqual([
      ['100', '192.0.2.50', 5060],
      ['102', '192.0.2.60', 5070],
    ]);
    expect(list[0]).toMatchObject({ teamId: team.id, contact: { user: '100' } });
    expect(listOf()).toBe(list);
    temp.store.pbxTemplates.update(desk.id, { details: 'host=dynamic' });
    expect(listOf().map((f) => f.number)).toEqual(['100']);
  });
});

describe('storeExtensionCodecs() (T-2 allow=, D94)', () => {
  test('the default device template → G.711, G.722, Opus, GSM, G.729; own lines override it', () => {
    const { id } = extension('');
    const codecsOf = storeExtensionCodecs(temp.store);
    expect(codecsOf(id)).toEqual(['pcmu', 'pcma', 'g722', 'opus', 'gsm', 'g729']);
    temp.store.extensions.update(id, { details: 'disallow=all\nallow=alaw' });
    expect(codecsOf(id)).toEqual(['pcma']);
    expect(codecsOf(id + 1000)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/index.ts';
import { FakeCallLeg } from '../../test/fakes/fake-call-leg.ts';
import { FakeMediaControl } from '../../test/fakes/fake-media-control.ts';
import { didPromptLanguage } from '../routing/index.ts';
import { IvrApplication } from './ivr-application.ts';
import { MemoryIvrLogSink } from './ivr-log.ts';
import { FILES, PROMPTS, flush, menuFlow } from './ivr-test-kit.ts';

/*
 * DID-2 end to end inside pbx/: the IVR application asks the DID router
 * for the call's language, and the menu prompt (en and cn variants, en
 * its default) plays in the language of the DID the call came in on.
 */

const DIDS = [
  { number: '5550100', teamId: 1, language: 'cn' },
  { number: '5550200', teamId: 1, language: 'en' },
  { number: '5550300', teamId: 1, language: null },
  { number: '5550400', teamId: 2, language: 'cn' },
];

function firstPlay(dialled: string, teamId = 1): Promise<string | undefined> {
  const media = new FakeMediaControl();
  const leg = new FakeCallLeg('inbound', { uri: 'sip:5551234@test', number: '5551234' });
  const dids = { findByNumber: (n: string) => DIDS.find((d) => d.number === n) };
  const app = new IvrApplication(
    {
      media,
      clock: new FakeClock(),
      logSink: new MemoryIvrLogSink(),
      directory: {
        ivrFlows: { find: (id) => (id === 1 ? menuFlow({ teamId }) : undefined) },
        callPrompts: { find: (id) => PROMPTS.find((p) => p.id === id) },
        voiceFiles: { find: (id) => ({ id, teamId: null }) },
        internalNumbers: { lookup: () => undefined },
      },
      callLanguage: (call) => didPromptLanguage(dids, call),
    },
    { defaultPromptLanguage: 'en' },
  );
  const destination = { type: 'ivr' as const, targetId: 1 };
  void app.handle({ callId: 'c1', teamId, leg, dialled, destination });
  return flush().then(() => {
    const op = media.operations[0];
    leg.remoteHangsUp();
    return op?.source !== undefined && 'file' in op.source ? op.source.file : undefined;
  });
}

describe('IvrApplication with didPromptLanguage()', () => {
  it('DID-2 handle() when the call came in on a cn DID → the cn variant of the menu plays', async () => {
    expect(await firstPlay('5550100')).toBe(FILES.menuCn);
  });

  it('DID-2 handle() when the DID says en → the en variant plays', async () => {
    expect(await firstPlay('5550200')).toBe(FILES.menuEn);
  });

  it('DID-2 handle() when the DID has no language → the system default (en) plays', async () => {
    expect(await firstPlay('5550300')).toBe(FILES.menuEn);
  });

  it('DID-2 handle() when the DID is another team’s → the system default plays', async () => {
    expect(await firstPlay('5550400')).toBe(FILES.menuEn);
  });

  it('DID-2 handle() when the number dialled is an internal number → the system default plays', async () => {
    expect(await firstPlay('8001')).toBe(FILES.menuEn);
  });
});

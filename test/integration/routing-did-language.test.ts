/*
 * DID-2 and TM-12 on real calls: a scripted carrier (an ipPeer trunk)
 * calls DIDs of the demo team. A DID whose language is fr reaches an IVR
 * that plays a prompt with en and fr variants: the fr one plays. An
 * unbound DID that matches no route goes to the team's default traffic.
 * An IVR that sends the caller to the prompt destination plays it in the
 * DID's language, then hangs up (D90).
 * The media plane is FakeMediaControl, which records what plays.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeMediaControl } from '../fakes/fake-media-control.ts';
import { startDemoSwitch, type DemoSwitch } from '../helpers/demo-switch.ts';
import { sdp } from '../helpers/sip-phone.ts';

const SWITCH = '127.0.0.180';
const CARRIER = '127.0.0.185';

describe('DID rules on calls from a trunk', () => {
  const media = new FakeMediaControl();
  let demo: DemoSwitch;
  let files: { en: string; fr: string };

  beforeAll(async () => {
    demo = await startDemoSwitch({
      address: SWITCH,
      carrierAddress: CARRIER,
      carrierUser: '15551112222',
      deps: { media },
    });
    const { teamId } = demo;
    const store = demo.ts.sw.store();
    const voiceFile = (name: string) =>
      store.voiceFiles.create({
        teamId,
        name,
        sourceEncoding: 'pcm16',
        sourceRateHz: 8000,
        sourceChannels: 1,
        durationMs: 1000,
        sizeBytes: 16044,
        hasWideband: false,
      }).id;
    const [en, fr] = [voiceFile('menu-en'), voiceFile('menu-fr')];
    files = { en: `${teamId}/${en}`, fr: `${teamId}/${fr}` };
    const prompt = store.callPrompts.create({
      teamId,
      name: 'menu',
      defaultLanguage: 'en',
      variants: [
        { language: 'en', voiceFileId: en },
        { language: 'fr', voiceFileId: fr },
      ],
    });
    const ivr = store.ivrFlows.create({
      teamId,
      name: 'Menu',
      internalNumber: '8100',
      actions: [{ action: 'prompt', promptId: prompt.id }],
      transitions: [],
    });
    const did = store.dids.create({
      teamId,
      number: '5550300',
      destinationType: 'extension',
      language: 'fr',
    });
    store.inboundRoutes.create({
      teamId,
      name: 'french line',
      didId: did.id,
      destinationType: 'ivr',
      destinationId: ivr.id,
    });
    // D90: an IVR whose only step sends the call to the prompt destination (呼入语音).
    const closed = store.ivrFlows.create({
      teamId,
      name: 'Closed',
      internalNumber: '8101',
      actions: [],
      transitions: [
        { condition: '', destination: { type: 'prompt', targetId: prompt.id, targetValue: null } },
      ],
    });
    const closedDid = store.dids.create({
      teamId,
      number: '5550500',
      destinationType: 'extension',
      language: 'fr',
    });
    store.inboundRoutes.create({
      teamId,
      name: 'closed line',
      didId: closedDid.id,
      destinationType: 'ivr',
      destinationId: closed.id,
    });
    // TM-12: unbound DIDs that no route takes go to the IVR too.
    store.dids.create({ teamId, number: '5550400', destinationType: 'extension', language: 'en' });
    store.teams.update(teamId, { defaultTrafficType: 'ivr', defaultTrafficTargetId: ivr.id });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  const firstPlayAfter = async (count: number): Promise<string | undefined> => {
    await demo.carrier.waitFor(() => media.operations.length > count || undefined);
    const op = media.operations[count];
    return op?.source !== undefined && 'file' in op.source ? op.source.file : undefined;
  };

  test('DID-2 the carrier calls DID 5550300 (language fr) → answered, the IVR plays the fr variant', async () => {
    const before = media.operations.length;
    const call = demo.carrier.call('5550300', sdp('198.51.100.7', 6000), {
      isAuthenticated: false,
    });
    expect((await call.final).status).toBe(200);
    expect(await firstPlayAfter(before)).toBe(files.fr);
    expect((await demo.carrier.inDialog(call.dialog!, 'BYE')).status).toBe(200);
  });

  test('D90 the prompt destination: DID 5550500 (fr) → IVR → prompt: the fr variant plays once, then BYE', async () => {
    const before = media.operations.length;
    const call = demo.carrier.call('5550500', sdp('198.51.100.7', 6000), {
      isAuthenticated: false,
    });
    expect((await call.final).status).toBe(200);
    expect(await firstPlayAfter(before)).toBe(files.fr);
    media.operations[before]!.end('completed');
    const bye = await demo.carrier.next('BYE', 5000);
    demo.carrier.respond(bye, 200);
    expect(media.operations.length).toBe(before + 1);
  });

  test('TM-12/DID-2 the carrier calls unbound DID 5550400 (language en) → the team default IVR, en variant', async () => {
    const before = media.operations.length;
    const call = demo.carrier.call('5550400', sdp('198.51.100.7', 6000), {
      isAuthenticated: false,
    });
    expect((await call.final).status).toBe(200);
    expect(await firstPlayAfter(before)).toBe(files.en);
    expect((await demo.carrier.inDialog(call.dialog!, 'BYE')).status).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { FILES, flush, ivrHarness, menuFlow } from './ivr-test-kit.ts';
import type { IvrFetch, IvrFetchInit } from './web-service.ts';

function recordingFetch(body: string) {
  const calls: Array<{ url: string; init: IvrFetchInit }> = [];
  const fn: IvrFetch = (url, init) => {
    calls.push({ url, init });
    return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(body) });
  };
  return { fn, calls };
}

describe('IVR actions', () => {
  it('IVR-2 input with promptId → plays the prompt with barge-in, then reads the digits', async () => {
    const h = ivrHarness([
      menuFlow({ actions: [{ position: 1, action: 'input', promptId: 1, maxDigits: 1 }] }),
    ]);
    const outcome = h.start();
    await flush();
    expect(h.plays()).toEqual([FILES.menuEn]);
    await h.press('2');
    expect(await outcome).toMatchObject({ destination: { type: 'queue', targetId: 3 } });
  });

  it('IVR-5 input shorter than minDigits → is invalid input', async () => {
    const h = ivrHarness([
      menuFlow({
        maxLoops: 1,
        failoverEndPromptId: null,
        actions: [{ position: 1, action: 'input', minDigits: 3, maxDigits: 4 }],
        transitions: [{ condition: 'default', destinationType: 'hangup' }],
      }),
    ]);
    const outcome = h.start();
    await h.press('12#');
    expect(await outcome).toMatchObject({ reason: 'failover' });
    expect(h.sink.records[0]?.failureReason).toBe('invalidInput');
  });

  it('IVR-2 actions → run by position, not by array order', async () => {
    const h = ivrHarness([
      menuFlow({
        actions: [
          { position: 2, action: 'input' },
          { position: 1, action: 'prompt', promptId: 3 },
        ],
      }),
    ]);
    void h.start();
    await flush();
    expect(h.plays()).toEqual([FILES.welcome]);
  });

  it('IVR-3 transitions → are matched in position order', async () => {
    const h = ivrHarness([
      menuFlow({
        actions: [{ position: 1, action: 'input' }],
        transitions: [
          { position: 2, condition: '_X', destinationType: 'queue', destinationId: 2 },
          { position: 1, condition: '_[0-5]', destinationType: 'queue', destinationId: 1 },
        ],
      }),
    ]);
    const outcome = h.start();
    await h.press('4');
    expect(await outcome).toMatchObject({ destination: { targetId: 1 } });
  });

  it('IVR-4 webService with method POST and templated requestParams → posts the form', async () => {
    const fetch = recordingFetch('{"code":"2"}');
    const h = ivrHarness(
      [
        menuFlow({
          actions: [
            {
              position: 1,
              action: 'webService',
              url: 'http://crm.example/t/${calledNumber}',
              method: 'post',
              requestParams: 'caller=${callerNumber}&tag=ivr',
            },
          ],
        }),
      ],
      { fetch: fetch.fn },
    );
    expect(await h.start()).toMatchObject({ destination: { type: 'queue', targetId: 3 } });
    expect(fetch.calls[0]?.url).toBe('http://crm.example/t/8001');
    expect(fetch.calls[0]?.init).toMatchObject({
      method: 'POST',
      body: 'caller=5551234&tag=ivr',
    });
  });

  it.each([
    ['webService without url', { position: 1, action: 'webService' } as const],
    ['setVariable without variable', { position: 1, action: 'setVariable', value: 'x' } as const],
    ['setLanguage without value', { position: 1, action: 'setLanguage' } as const],
    ['prompt without promptId', { position: 1, action: 'prompt' } as const],
    ['input with a broken pattern', { position: 1, action: 'input', pattern: '([' } as const],
  ])('IVR-2 %s → the action fails and the flow failover is taken', async (_name, action) => {
    const h = ivrHarness([menuFlow({ actions: [action], failoverEndPromptId: null })]);
    expect(await h.start()).toMatchObject({
      destination: { type: 'queue', targetId: 9 },
      reason: 'failover',
    });
    expect(h.sink.records[0]?.failureReason).toBe('actionFailed');
  });
});

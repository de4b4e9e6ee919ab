import { describe, expect, test } from 'vitest';
import { restrictOfferCodecs } from './sdp-codecs.ts';

const offer = [
  'v=0',
  'o=switchyard 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 20000 RTP/AVP 0 8 9 96 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 useinbandfec=1',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'm=video 0 RTP/AVP 97',
  'a=rtpmap:97 H264/90000',
  '',
].join('\r\n');

describe('restrictOfferCodecs()', () => {
  test('a trunk taking PCMA and G722 → those in its order, telephone-event kept, the rest and their attributes gone', () => {
    const out = restrictOfferCodecs(offer, ['PCMA', 'g722'])!;
    expect(out).toContain('m=audio 20000 RTP/AVP 8 9 101\r\n');
    expect(out).not.toMatch(/a=rtpmap:0 |a=rtpmap:96 |a=fmtp:96|a=rtcp-fb:96/);
    expect(out).toContain('a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20');
    // Other media lines and session lines are untouched.
    expect(out).toContain('m=video 0 RTP/AVP 97\r\na=rtpmap:97 H264/90000');
    expect(out.startsWith('v=0\r\no=switchyard')).toBe(true);
  });

  test('a static payload type without rtpmap → known by its number (RFC 3551)', () => {
    const bare = 'v=0\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0 8\n';
    expect(restrictOfferCodecs(bare, ['PCMU'])).toBe(
      'v=0\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\n',
    );
  });

  test('no codec of the list offered → undefined (the trunk is skipped)', () => {
    expect(restrictOfferCodecs(offer, ['G729'])).toBeUndefined();
  });

  test('an empty list → the offer as it is', () => {
    expect(restrictOfferCodecs(offer, [])).toBe(offer);
  });
});

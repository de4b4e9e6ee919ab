import { describe, expect, test } from 'vitest';
import { filterOfferCodecs, restrictOfferCodecs } from './sdp-codecs.ts';

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

describe('filterOfferCodecs() (a phone’s allow=, D94)', () => {
  test('T-2 a phone allowing opus and PCMA → those in the offer’s own order, events kept, the rest gone', () => {
    const out = filterOfferCodecs(offer, ['opus', 'pcma'])!;
    expect(out).toContain('m=audio 20000 RTP/AVP 8 96 101\r\n');
    expect(out).toContain(
      'a=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1\r\na=rtcp-fb:96 nack',
    );
    expect(out).not.toMatch(/a=rtpmap:0 |a=rtpmap:9 /);
    expect(out).toContain('m=video 0 RTP/AVP 97\r\na=rtpmap:97 H264/90000');
  });

  test('T-2 no allowed voice codec in the offer → undefined (488), telephone-event alone does not count', () => {
    expect(filterOfferCodecs(offer, ['g729'])).toBeUndefined();
  });

  test('T-2 a body without audio, or every codec allowed → as it is', () => {
    expect(filterOfferCodecs('v=0\r\n', ['pcmu'])).toBe('v=0\r\n');
    expect(filterOfferCodecs(offer, ['pcmu', 'pcma', 'g722', 'opus'])).toBe(offer);
  });
});

/*
 * A trunk's codec list applied to the offer we send it (spec 01 §2.1
 * 编码), and a phone's `allow=` to offers from and to it (T-2, D94). The
 * media plane's offers already carry the codecs it can transcode to, so
 * narrowing one is a matter of dropping payload types: formats of the audio m= line (RFC 8866 §5.14) and their
 * rtpmap, fmtp and rtcp-fb attributes (§6.6, RFC 4585 §4.2). The SIP layer
 * only edits lines here; parsing SDP properly is the media plane's job.
 */

/** Static payload types of RFC 3551 §6 that phones offer without an rtpmap. */
const STATIC_NAMES: ReadonlyMap<string, string> = new Map([
  ['0', 'pcmu'],
  ['3', 'gsm'],
  ['4', 'g723'],
  ['8', 'pcma'],
  ['9', 'g722'],
  ['13', 'cn'],
  ['18', 'g729'],
]);

/** Attributes that belong to one payload type: `a=<name>:<pt> …`. */
const PT_ATTRIBUTE = /^a=(rtpmap|fmtp|rtcp-fb):(\d+|\*)\s/i;

/** Picks the payload types an audio line keeps, in order; undefined refuses the body. */
type FormatChooser = (
  formats: readonly string[],
  nameOf: (pt: string) => string | undefined,
) => string[] | undefined;

/**
 * The offer with only `codecs` (encoding names, any case) in its audio
 * line, in that order of preference, telephone-event (RFC 4733) kept
 * last unless `hasEvents` is false (a trunk with `dtmfmode=inband|info`,
 * D88); undefined when no audio codec of the list is in the offer. An
 * empty list keeps every codec; a body without an audio line is returned
 * as it is.
 */
export function restrictOfferCodecs(
  body: string,
  codecs: readonly string[],
  hasEvents = true,
): string | undefined {
  if (codecs.length === 0 && hasEvents) return body;
  const wanted = codecs.map((c) => c.toLowerCase());
  return editAudioFormats(body, (formats, nameOf) => {
    const isEvent = (pt: string) => nameOf(pt) === 'telephone-event';
    const kept: string[] = [];
    if (wanted.length === 0) kept.push(...formats.filter((pt) => !isEvent(pt)));
    for (const name of wanted) {
      for (const pt of formats) {
        if (nameOf(pt) === name && !kept.includes(pt)) kept.push(pt);
      }
    }
    if (kept.length === 0) return undefined;
    if (hasEvents) kept.push(...formats.filter(isEvent));
    return kept;
  });
}

/** Encodings that are not voice codecs: `allow=` does not name them. */
const NOT_CODECS: ReadonlySet<string> = new Set(['telephone-event', 'cn']);

/**
 * A phone's SDP with only the encodings its `allow=` lets it use (T-2,
 * D94), in the phone's own order; telephone-event and comfort noise stay,
 * since `allow=` names voice codecs. Undefined when no voice codec of
 * `allowed` (SDP names, lower case) is left; a body without an audio line
 * is returned as it is.
 */
export function filterOfferCodecs(body: string, allowed: readonly string[]): string | undefined {
  const keep = new Set(allowed);
  return editAudioFormats(body, (formats, nameOf) => {
    const isVoice = (pt: string) => keep.has(nameOf(pt) ?? '');
    if (!formats.some(isVoice)) return undefined;
    return formats.filter((pt) => isVoice(pt) || NOT_CODECS.has(nameOf(pt) ?? ''));
  });
}

/**
 * `body` with each audio m= line's formats as `choose` picks them, and the
 * rtpmap, fmtp and rtcp-fb lines of the dropped ones removed (RFC 8866
 * §5.14, §6.6; RFC 4585 §4.2); undefined when `choose` refuses a line.
 */
function editAudioFormats(body: string, choose: FormatChooser): string | undefined {
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body.split(/\r?\n/);
  const out: string[] = [];
  let dropped: ReadonlySet<string> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('m=')) {
      dropped = undefined;
      if (line.startsWith('m=audio ')) {
        const [m, port, proto, ...formats] = line.split(' ');
        const kept = choose(formats, ptNames(sectionOf(lines, i)));
        if (kept === undefined) return undefined;
        out.push([m, port, proto, ...kept].join(' '));
        dropped = new Set(formats.filter((pt) => !kept.includes(pt)));
        continue;
      }
    }
    const pt = dropped === undefined ? undefined : PT_ATTRIBUTE.exec(line)?.[2];
    if (pt !== undefined && dropped!.has(pt)) continue;
    out.push(line);
  }
  return out.join(eol);
}

/** The lines of the media section whose m= line is at `index`. */
function sectionOf(lines: readonly string[], index: number): string[] {
  const out: string[] = [];
  for (let i = index + 1; i < lines.length && !lines[i]!.startsWith('m='); i++) {
    out.push(lines[i]!);
  }
  return out;
}

/** Payload type → encoding name (lower case) of a media section's rtpmap lines and RFC 3551's statics. */
function ptNames(attributes: readonly string[]): (pt: string) => string | undefined {
  const names = new Map<string, string>();
  for (const attribute of attributes) {
    const rtpmap = /^a=rtpmap:(\d+)\s+([^/\s]+)/i.exec(attribute);
    if (rtpmap) names.set(rtpmap[1]!, rtpmap[2]!.toLowerCase());
  }
  return (pt) => names.get(pt) ?? STATIC_NAMES.get(pt);
}

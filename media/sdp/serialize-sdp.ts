import type {
  SdpAttribute,
  SdpBandwidth,
  SdpConnection,
  SdpMediaDescription,
  SessionDescription,
} from './session-description.ts';

/** Formats a connection as the value of `c=`. */
export function formatConnection(c: SdpConnection): string {
  let spec = c.address;
  if (c.ttl !== undefined) spec += `/${c.ttl}`;
  if (c.numberOfAddresses !== undefined) spec += `/${c.numberOfAddresses}`;
  return `${c.netType} ${c.addrType} ${spec}`;
}

function pushBandwidths(lines: string[], bandwidths: readonly SdpBandwidth[]): void {
  for (const b of bandwidths) lines.push(`b=${b.type}:${b.kbps}`);
}

function pushAttributes(lines: string[], attributes: readonly SdpAttribute[]): void {
  for (const a of attributes)
    lines.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
}

function pushMedia(lines: string[], m: SdpMediaDescription): void {
  const port = m.numberOfPorts === undefined ? String(m.port) : `${m.port}/${m.numberOfPorts}`;
  lines.push(`m=${m.type} ${port} ${m.protocol} ${m.formats.join(' ')}`);
  if (m.information !== undefined) lines.push(`i=${m.information}`);
  for (const c of m.connections) lines.push(`c=${formatConnection(c)}`);
  pushBandwidths(lines, m.bandwidths);
  if (m.encryptionKey !== undefined) lines.push(`k=${m.encryptionKey}`);
  pushAttributes(lines, m.attributes);
}

/**
 * Serializes a session description in the line order of RFC 8866 §5, each
 * line ending in CRLF. For a well-formed body in that order,
 * serializeSdp(parseSdp(x)) === x.
 */
export function serializeSdp(sd: SessionDescription): string {
  const o = sd.origin;
  const lines = [
    `v=${sd.version}`,
    `o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`,
    `s=${sd.sessionName}`,
  ];
  if (sd.information !== undefined) lines.push(`i=${sd.information}`);
  if (sd.uri !== undefined) lines.push(`u=${sd.uri}`);
  for (const e of sd.emails) lines.push(`e=${e}`);
  for (const p of sd.phones) lines.push(`p=${p}`);
  if (sd.connection !== undefined) lines.push(`c=${formatConnection(sd.connection)}`);
  pushBandwidths(lines, sd.bandwidths);
  for (const t of sd.timings) {
    lines.push(`t=${t.startTime} ${t.stopTime}`);
    for (const r of t.repeats) lines.push(`r=${r}`);
  }
  if (sd.timeZones !== undefined) lines.push(`z=${sd.timeZones}`);
  if (sd.encryptionKey !== undefined) lines.push(`k=${sd.encryptionKey}`);
  pushAttributes(lines, sd.attributes);
  for (const m of sd.media) pushMedia(lines, m);
  return lines.join('\r\n') + '\r\n';
}

import { isSipUri, serializeUri, type SipRequest } from '../message/index.ts';
import type { InboundPacket } from '../transport/index.ts';
import type { Binding } from './binding.ts';
import type { BindingTable } from './binding-table.ts';
import { isContactBehindNat } from './nat.ts';
import type { DirectoryEntry } from './registrar-ports.ts';

/** Limits on bindings (RFC 3261 §10.3 steps 6–7). */
export interface BindingLimits {
  minExpiresSec: number;
  maxExpiresSec: number;
  defaultExpiresSec: number;
  maxContactsPerAor: number;
}

/** What updating the bindings of one REGISTER did, or why it was refused. */
export type BindingOutcome =
  | { kind: 'ok'; added: Binding[]; refreshed: Binding[]; removed: Binding[] }
  | { kind: 'reject'; status: number; reason?: string; headers: Array<[string, string]> };

function reject(
  status: number,
  reason: string | undefined,
  headers: Array<[string, string]> = [],
): BindingOutcome {
  return { kind: 'reject', status, reason, headers };
}

/**
 * Applies a REGISTER to the bindings of its AOR, per RFC 3261 §10.3 steps
 * 6–8, all or nothing: every contact is checked before any binding changes.
 */
export function updateBindings(
  request: SipRequest,
  packet: InboundPacket,
  entry: DirectoryEntry,
  table: BindingTable,
  nowMs: number,
  limits: BindingLimits,
): BindingOutcome {
  const aor = `${entry.teamId}/${entry.number}`;
  const callId = request.callId()!;
  const cseq = request.cseq()!.seq;
  const contacts = request.contacts();
  if (request.hasHeader('Contact') && contacts === undefined) return reject(400, 'Bad Contact');
  const headerExpires = request.hasHeader('Expires') ? request.expires() : undefined;
  if (request.hasHeader('Expires') && headerExpires === undefined)
    return reject(400, 'Bad Expires');
  const existing = table.get(aor);

  if (contacts === undefined) return { kind: 'ok', added: [], refreshed: [], removed: [] };

  if (contacts.isWildcard) {
    // §10.3 step 6: "*" only with Expires 0, else 400.
    if (headerExpires !== 0) return reject(400, 'Wildcard Contact Needs Expires 0');
    for (const b of existing) {
      // §10.3 step 6: a binding with the same Call-ID and a higher CSeq stays.
      if (b.callId === callId && b.cseq > cseq) return reject(500, 'Out Of Order CSeq');
    }
    return { kind: 'ok', added: [], refreshed: [], removed: [...existing] };
  }

  const plan: Array<{
    uri: string;
    expiresSec: number;
    q: number;
    instanceId: string | undefined;
    host: string;
    port: number | undefined;
  }> = [];
  for (const c of contacts.contacts) {
    if (!isSipUri(c.uri)) return reject(400, 'Unsupported Contact URI');
    const uri = serializeUri(c.uri);
    let expiresSec = c.expires ?? headerExpires ?? limits.defaultExpiresSec;
    // §10.3 step 7: too brief (but not zero) gets 423 with Min-Expires.
    if (expiresSec !== 0 && expiresSec < limits.minExpiresSec) {
      return reject(423, 'Interval Too Brief', [['Min-Expires', String(limits.minExpiresSec)]]);
    }
    expiresSec = Math.min(expiresSec, limits.maxExpiresSec);
    const instance = c.params.get('+sip.instance');
    plan.push({
      uri,
      expiresSec,
      q: c.q ?? 1,
      instanceId:
        instance === null || instance === undefined ? undefined : instance.replace(/^"|"$/g, ''),
      host: c.uri.host,
      port: c.uri.port,
    });
  }
  for (const p of plan) {
    const b = table.find(aor, p.uri);
    // §10.3 step 8: same Call-ID with a CSeq not higher aborts the request.
    if (b !== undefined && b.callId === callId && cseq <= b.cseq)
      return reject(500, 'Out Of Order CSeq');
  }
  const adding = plan.filter(
    (p) => p.expiresSec > 0 && table.find(aor, p.uri) === undefined,
  ).length;
  const removing = plan.filter(
    (p) => p.expiresSec === 0 && table.find(aor, p.uri) !== undefined,
  ).length;
  if (existing.length + adding - removing > limits.maxContactsPerAor) {
    return reject(403, 'Too Many Contacts');
  }

  const added: Binding[] = [];
  const refreshed: Binding[] = [];
  const removed: Binding[] = [];
  const defaultPort =
    packet.source.protocol === 'tls' || packet.source.protocol === 'wss' ? 5061 : 5060;
  for (const p of plan) {
    const current = table.find(aor, p.uri);
    if (p.expiresSec === 0) {
      if (current !== undefined) removed.push(current);
      continue;
    }
    const expiresAtMs = nowMs + p.expiresSec * 1000;
    const isBehindNat =
      packet.source.protocol === 'udp' &&
      isContactBehindNat(p.host, p.port, packet.source.address, packet.source.port, defaultPort);
    if (
      current !== undefined &&
      current.sourceAddress === packet.source.address &&
      current.sourcePort === packet.source.port &&
      current.protocol === packet.source.protocol
    ) {
      current.callId = callId;
      current.cseq = cseq;
      current.q = p.q;
      current.connectionId = packet.connectionId;
      current.isBehindNat = isBehindNat;
      table.reschedule(current, expiresAtMs);
      refreshed.push(current);
      continue;
    }
    const binding: Binding = {
      aor,
      teamId: entry.teamId,
      extensionId: entry.extensionId,
      number: entry.number,
      contactUri: p.uri,
      q: p.q,
      expiresAtMs,
      callId,
      cseq,
      protocol: packet.source.protocol,
      sourceAddress: packet.source.address,
      sourcePort: packet.source.port,
      connectionId: packet.connectionId,
      isBehindNat,
      userAgent: request.userAgent() ?? '',
      instanceId: p.instanceId,
      registeredAtMs: nowMs,
    };
    table.put(binding);
    added.push(binding);
  }
  return { kind: 'ok', added, refreshed, removed };
}

import { describe, expect, test } from 'vitest';
import { createRequest, createResponse, type SipRequest } from '../message/index.ts';
import { Dialog } from './dialog.ts';

const VIA = { transport: 'UDP', host: '192.0.2.1', port: 5060 };

function invite(): SipRequest {
  return createRequest({
    method: 'INVITE',
    requestUri: 'sip:bob@biloxi.example.com',
    via: 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKinv1',
    from: '"Alice" <sip:alice@atlanta.example.com>;tag=a1',
    to: '<sip:bob@biloxi.example.com>',
    callId: 'dlg-1@192.0.2.1',
    cseq: 314,
    contact: '<sip:alice@192.0.2.1:5060>',
    headers: [
      ['Record-Route', '<sip:p1.example.com;lr>'],
      ['Record-Route', '<sip:p2.example.com;lr>'],
    ],
  });
}

describe('Dialog (RFC 3261 §12)', () => {
  test('Dialog.asUac() from a 2xx → confirmed, route set reversed, target from Contact (§12.1.2)', () => {
    const req = invite();
    // §12.1.1: the UAS copies Record-Route into the response.
    const ok = createResponse(req, 200, {
      toTag: 'b1',
      headers: [
        ['Contact', '<sip:bob@192.0.2.2:5070>'],
        ['Record-Route', '<sip:p1.example.com;lr>'],
        ['Record-Route', '<sip:p2.example.com;lr>'],
      ],
    });
    const d = Dialog.asUac(req, ok)!;
    expect(d.state).toBe('confirmed');
    expect(d.routeSet).toEqual(['<sip:p2.example.com;lr>', '<sip:p1.example.com;lr>']);
    expect(d.remoteTarget).toBe('sip:bob@192.0.2.2:5070');
    const bye = d.createRequest('BYE', VIA);
    expect(bye.requestUri).toBe('sip:bob@192.0.2.2:5070');
    expect(bye.getHeader('CSeq')).toBe('315 BYE');
    expect(bye.getHeaderValues('Route')).toEqual([
      '<sip:p2.example.com;lr>',
      '<sip:p1.example.com;lr>',
    ]);
    expect(bye.fromTag()).toBe('a1');
    expect(bye.toTag()).toBe('b1');
    expect(bye.callId()).toBe('dlg-1@192.0.2.1');
  });

  test('Dialog.createRequest(ACK) for a 2xx → the INVITE CSeq number, local sequence unchanged (§13.2.2.4)', () => {
    const req = invite();
    const d = Dialog.asUac(
      req,
      createResponse(req, 200, { toTag: 'b1', headers: [['Contact', '<sip:bob@192.0.2.2>']] }),
    )!;
    const ack = d.createRequest('ACK', VIA, { cseq: 314 });
    expect(ack.getHeader('CSeq')).toBe('314 ACK');
    expect(d.localSeq).toBe(314);
  });

  test('Dialog.asUas() → route set in order, remote CSeq kept; a lower CSeq is out of order (§12.2.2)', () => {
    const req = invite();
    const d = Dialog.asUas(req, 'b1')!;
    expect(d.routeSet).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    expect(d.remoteTarget).toBe('sip:alice@192.0.2.1:5060');
    const bye = d.createRequest('BYE', VIA);
    expect(bye.getHeader('From')).toBe('<sip:bob@biloxi.example.com>;tag=b1');
    expect(bye.getHeader('To')).toBe('Alice <sip:alice@atlanta.example.com>;tag=a1');
    const stale = createRequest({
      method: 'BYE',
      requestUri: 'sip:bob@x',
      from: '<sip:alice@a>;tag=a1',
      to: '<sip:bob@b>;tag=b1',
      callId: 'dlg-1@192.0.2.1',
      cseq: 300,
    });
    expect(d.receiveRequest(stale)).toBe('out-of-order');
    const reinvite = createRequest({
      method: 'INVITE',
      requestUri: 'sip:bob@x',
      from: '<sip:alice@a>;tag=a1',
      to: '<sip:bob@b>;tag=b1',
      callId: 'dlg-1@192.0.2.1',
      cseq: 315,
      contact: '<sip:alice@198.51.100.9>',
    });
    expect(d.receiveRequest(reinvite)).toBe('ok');
    expect(d.remoteTarget).toBe('sip:alice@198.51.100.9');
  });

  test('Dialog.asUac() from a 180 with tag → early; a 2xx then confirms it', () => {
    const req = invite();
    const d = Dialog.asUac(
      req,
      createResponse(req, 180, { toTag: 'b1', headers: [['Contact', '<sip:bob@192.0.2.2>']] }),
    )!;
    expect(d.state).toBe('early');
    d.receiveResponse(
      createResponse(req, 200, { toTag: 'b1', headers: [['Contact', '<sip:bob@192.0.2.3>']] }),
    );
    expect(d.state).toBe('confirmed');
    expect(d.remoteTarget).toBe('sip:bob@192.0.2.3');
  });
});

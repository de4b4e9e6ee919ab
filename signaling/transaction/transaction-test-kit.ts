import { FakeClock, MetricsRegistry, silentLogger } from '../../core/index.ts';
import {
  createRequest,
  createResponse,
  formatVia,
  generateBranch,
  serializeSipMessage,
  type SipRequest,
} from '../message/index.ts';
import { RejectLog, type InboundPacket } from '../transport/index.ts';
import {
  FakeNetwork,
  type FakeEndpoint,
  type FakeNetworkOptions,
} from '../../test/fakes/fake-network.ts';
import { TransactionLayer } from './transaction-layer.ts';
import { DEFAULT_TIMERS } from './transaction-types.ts';

/** Methods the test TUs implement. */
export const TEST_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER'];

/** A client and a server transaction layer joined by a FakeNetwork. */
export interface Kit {
  clock: FakeClock;
  network: FakeNetwork;
  uac: FakeEndpoint;
  uas: FakeEndpoint;
  client: TransactionLayer;
  server: TransactionLayer;
  serverRejects: RejectLog;
}

/** Builds the kit; `connectServer: false` leaves the UAS deaf (for client timers). */
export function makeKit(options?: Partial<FakeNetworkOptions>, connectServer = true): Kit {
  const clock = new FakeClock();
  const network = new FakeNetwork(clock, {
    latencyMs: 10,
    dropRate: 0,
    duplicateRate: 0,
    reorderJitterMs: 0,
    seed: 1,
    ...options,
  });
  const uac = network.endpoint('192.0.2.1', 5060);
  const uas = network.endpoint('192.0.2.2', 5060);
  const layer = (ep: FakeEndpoint, rejects: RejectLog): TransactionLayer =>
    new TransactionLayer(
      { clock, timers: DEFAULT_TIMERS, transport: ep, logger: silentLogger() },
      rejects,
      {
        allowedMethods: () => TEST_METHODS,
        supportedOptionTags: ['100rel'],
        maxServerTransactions: 1000,
      },
    );
  const serverRejects = new RejectLog(clock, new MetricsRegistry());
  const client = layer(uac, new RejectLog(clock, new MetricsRegistry()));
  const server = layer(uas, serverRejects);
  uac.onPacket = (p) => client.receive(p);
  if (connectServer) uas.onPacket = (p) => server.receive(p);
  return { clock, network, uac, uas, client, server, serverRejects };
}

/** A request from the UAC (192.0.2.1) to the UAS (192.0.2.2). */
export function makeRequest(
  method: string,
  extra: { cseq?: number; branch?: string; headers?: Array<[string, string]>; toTag?: string } = {},
): SipRequest {
  return createRequest({
    method,
    requestUri: 'sip:bob@192.0.2.2',
    via: formatVia({
      transport: 'UDP',
      host: '192.0.2.1',
      port: 5060,
      branch: extra.branch ?? generateBranch(),
    }),
    from: '<sip:alice@192.0.2.1>;tag=from1',
    to:
      extra.toTag === undefined ? '<sip:bob@192.0.2.2>' : `<sip:bob@192.0.2.2>;tag=${extra.toTag}`,
    callId: 'call-1@192.0.2.1',
    cseq: extra.cseq ?? 1,
    headers: extra.headers,
  });
}

/** A packet carrying a response to `request`, as if from the UAS. */
export function responsePacket(request: SipRequest, status: number, toTag = 'to1'): InboundPacket {
  return {
    data: serializeSipMessage(createResponse(request, status, { toTag })),
    source: { protocol: 'udp', address: '192.0.2.2', port: 5060 },
    local: { protocol: 'udp', address: '192.0.2.1', port: 5060 },
    connectionId: undefined,
  };
}

/** A packet carrying `request` as the UAS would receive it. */
export function requestPacket(request: SipRequest): InboundPacket {
  return {
    data: serializeSipMessage(request),
    source: { protocol: 'udp', address: '192.0.2.1', port: 5060 },
    local: { protocol: 'udp', address: '192.0.2.2', port: 5060 },
    connectionId: undefined,
  };
}

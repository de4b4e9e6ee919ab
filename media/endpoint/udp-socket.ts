import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { err, ok } from '../../core/index.ts';
import type { MediaError, Result } from '../../core/index.ts';

/**
 * A lookup that answers at once. Media addresses are always IP literals,
 * and Node's default dns.lookup() answers even those on the next tick,
 * which costs one queued callback per sent packet on the relay path.
 */
function literalLookup(
  hostname: string,
  _options: unknown,
  callback: (e: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  callback(null, hostname, hostname.includes(':') ? 6 : 4);
}

/** Socket buffer sizes for media sockets: room for bursts after a GC pause. */
const SOCKET_BUFFER_BYTES = 512 * 1024;

/**
 * Binds one UDP socket for media. A port held by another process gives
 * ERR_MEDIA_NO_PORTS, any other failure ERR_MEDIA_INTERNAL, each with the
 * cause (STYLE §4.8).
 */
export function bindMediaSocket(
  address: string,
  port: number,
): Promise<Result<Socket, MediaError>> {
  return new Promise((resolve) => {
    const socket = createSocket({
      type: address.includes(':') ? 'udp6' : 'udp4',
      lookup: literalLookup,
      recvBufferSize: SOCKET_BUFFER_BYTES,
      sendBufferSize: SOCKET_BUFFER_BYTES,
    });
    const onError = (cause: Error & { code?: string }): void => {
      socket.close();
      resolve(
        err({
          code: cause.code === 'EADDRINUSE' ? 'ERR_MEDIA_NO_PORTS' : 'ERR_MEDIA_INTERNAL',
          detail: `cannot bind ${address}:${port}: ${cause.message}`,
          cause,
        }),
      );
    };
    socket.once('error', onError);
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(ok(socket));
    });
  });
}

/**
 * Binds one UDP socket for media before returning. Node binds a dgram
 * socket inside bind() when the lookup answers at once (literalLookup),
 * and reports a failure there too; so a port that the native relay has
 * just closed is taken back with no gap in which no one owns it.
 */
export function bindMediaSocketNow(address: string, port: number): Result<Socket, MediaError> {
  const socket = createSocket({
    type: address.includes(':') ? 'udp6' : 'udp4',
    lookup: literalLookup,
    recvBufferSize: SOCKET_BUFFER_BYTES,
    sendBufferSize: SOCKET_BUFFER_BYTES,
  });
  let failure: (Error & { code?: string }) | undefined;
  const onError = (cause: Error & { code?: string }): void => {
    failure = cause;
  };
  socket.once('error', onError);
  socket.bind({ address, port, exclusive: true });
  socket.off('error', onError);
  let isBound = failure === undefined;
  if (isBound) {
    try {
      socket.address();
    } catch (cause) {
      // Not bound yet: a Node whose bind() completes later.
      failure = cause as Error;
      isBound = false;
    }
  }
  if (isBound) return ok(socket);
  try {
    socket.close();
  } catch {
    // Closing a socket that never bound may throw; there is nothing to free.
  }
  return err({
    code: failure?.code === 'EADDRINUSE' ? 'ERR_MEDIA_NO_PORTS' : 'ERR_MEDIA_INTERNAL',
    detail: `cannot bind ${address}:${port} at once: ${failure?.message ?? 'unknown'}`,
    cause: failure,
  });
}

/** Binds an RTP socket and, unless rtcpPort is undefined, an RTCP one, at once. */
export function bindMediaSocketsNow(
  address: string,
  rtpPort: number,
  rtcpPort: number | undefined,
): Result<{ rtp: Socket; rtcp: Socket | undefined }, MediaError> {
  const rtp = bindMediaSocketNow(address, rtpPort);
  if (!rtp.ok) return rtp;
  if (rtcpPort === undefined) return ok({ rtp: rtp.value, rtcp: undefined });
  const rtcp = bindMediaSocketNow(address, rtcpPort);
  if (!rtcp.ok) rtp.value.close();
  return rtcp.ok ? ok({ rtp: rtp.value, rtcp: rtcp.value }) : rtcp;
}

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

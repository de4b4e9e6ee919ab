import { ConfigError } from './core/index.ts';

/** The MediaServer `nativeRelay` setting: off, or shards with or without the kernel. */
export type NativeRelaySetting =
  false | { readonly shards: number; readonly kernelForward: boolean };

/** nativeRelaySetting()'s answer. */
export interface NativeRelayChoice {
  readonly setting: NativeRelaySetting;
  /** Why kernel forwarding is off though nobody turned it off, for the log. */
  readonly kernelOffReason?: string;
}

/**
 * Reads SWITCHYARD_NATIVE_RELAY and SWITCHYARD_KERNEL_RELAY. Plain relayed
 * legs go to a native shard thread when the addon is built (issue 5, D34);
 * `SWITCHYARD_NATIVE_RELAY=off` keeps them in JavaScript. The shard relays
 * their RTP in the kernel when it can load and attach the BPF program
 * (D43): on by default since D50, because without the object file or the
 * capabilities (CAP_BPF and CAP_NET_ADMIN) the shard relays in user space
 * and the media server logs one warning; `SWITCHYARD_KERNEL_RELAY=off`
 * turns it off. Another value is refused so that a typo is not read as on.
 * Legs bound to the wildcard address never get a kernel entry (the
 * program matches one address and port), so with such a `bindAddress` the
 * program is not loaded at all and the reason is given for the log.
 */
export function nativeRelaySetting(
  env: Readonly<Record<string, string | undefined>>,
  bindAddress: string,
): NativeRelayChoice {
  if (env['SWITCHYARD_NATIVE_RELAY'] === 'off') return { setting: false };
  const kernel = env['SWITCHYARD_KERNEL_RELAY'];
  if (kernel !== undefined && kernel !== '' && kernel !== 'on' && kernel !== 'off') {
    const message = `SWITCHYARD_KERNEL_RELAY must be on or off, not ${JSON.stringify(kernel)}`;
    throw new ConfigError('SWITCHYARD_KERNEL_RELAY', kernel, message);
  }
  if (kernel === 'off') return { setting: { shards: 1, kernelForward: false } };
  if (bindAddress === '0.0.0.0' || bindAddress === '::') {
    return {
      setting: { shards: 1, kernelForward: false },
      kernelOffReason: `RTP bound to ${bindAddress}: give --bind an address of this host`,
    };
  }
  return { setting: { shards: 1, kernelForward: true } };
}

// Shared layout of the maps between the tc ingress program
// (relay-kern.bpf.c) and the shard that fills them (kernel-forward.cc).
// Fixed-width fields only, in the byte order noted, so both compilers (clang
// for BPF, g++ for the addon) lay them out the same way.
#pragma once

#include <linux/types.h>

// Entries per shard: one per latched, paired leg (two per anchored call).
#define RELAY_KERN_MAX_ENTRIES 65536

// The packet's destination: a relay leg's RTP socket (network byte order).
struct relay_kern_key {
  __be32 addr;
  __be16 port;
  __u16 pad;
};

// What to do with a packet that matches a key.
struct relay_kern_fwd {
  // The leg's latched source; other sources go to the socket (RFC 4961 §4).
  __be32 src_addr;
  __be16 src_port;
  // The peer leg's socket: the new source address and port.
  __be16 out_port;
  __be32 out_addr;
  // The peer leg's latched source: the new destination.
  __be32 dst_addr;
  __be16 dst_port;
  // 1 when the destination is an address of this host: the rewritten
  // packet goes up the stack instead of out of an interface.
  __u8 is_local;
  __u8 pad;
  // Egress interface for a remote destination (the route userspace found).
  __u32 oif;
  // Index into the counter array.
  __u32 slot;
  __u32 pad2;
  // Payload types forwarded in the kernel, one bit each (0..127).
  __u64 pt_bits[2];
  // The peer leg's outgoing stream (out-stream.h): only packets of the
  // source it relays now are forwarded here; their sequence number and
  // timestamp get the offsets and their SSRC the stream's when `rewrite`.
  // A packet of another SSRC goes to the socket, where the shard switches
  // the stream over.
  __be32 src_ssrc;
  __be32 stream_ssrc;
  __u32 ts_off;
  __u16 seq_off;
  __u8 rewrite;
  __u8 pad3;
};

// Per-entry counters, in a BPF_F_MMAPABLE array the shard reads directly.
struct relay_kern_counters {
  __u64 packets;
  // UDP payload bytes, as the socket path counts them.
  __u64 bytes;
  // bpf_ktime_get_ns() of the last packet: CLOCK_MONOTONIC.
  __u64 last_ns;
  // Sequence number and timestamp of the newest packet sent (as sent), so
  // the stream goes on from there when it leaves the kernel.
  __u32 last_seq;
  __u32 last_ts;
};

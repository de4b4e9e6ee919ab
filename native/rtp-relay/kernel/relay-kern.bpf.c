// In-kernel RTP forwarding for the native relay, attached at tc ingress
// with a tcx link (rtpengine's kernel module idea, as eBPF). A packet
// addressed to a relay leg's RTP socket, coming from that leg's latched
// source and carrying one of the leg's audio payload types, is rewritten to
// leave from the peer leg's socket towards the peer's latched source and
// redirected (or, for a peer on this host, passed on up the stack); the
// relay's sockets never see it. Everything else (other sources,
// RTCP, RFC 4733 events, fragments, IP options, IPv6) returns TCX_NEXT so
// other programs on the device and then the socket path handle it as before.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "relay-kern.h"

// tcx verdicts (include/uapi/linux/bpf.h since 6.6); TCX_NEXT hands the
// packet to the next program, then to the stack.
#define TCX_NEXT -1

#define IP_OFF ETH_HLEN
#define UDP_OFF (IP_OFF + sizeof(struct iphdr))
#define UDP_CSUM_OFF (UDP_OFF + __builtin_offsetof(struct udphdr, check))
#define RTP_OFF (UDP_OFF + sizeof(struct udphdr))
#define RTP_HEADER_BYTES 12

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, RELAY_KERN_MAX_ENTRIES);
  __type(key, struct relay_kern_key);
  __type(value, struct relay_kern_fwd);
} relay_fwd SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, RELAY_KERN_MAX_ENTRIES);
  __uint(map_flags, BPF_F_MMAPABLE);
  __type(key, __u32);
  __type(value, struct relay_kern_counters);
} relay_counters SEC(".maps");

// Ones' complement addition with end-around carry (RFC 1071).
static __always_inline __u32 csum_add(__u32 a, __u32 b) {
  __u32 r = a + b;
  return r + (r < a);
}

static __always_inline __u16 csum_fold(__u32 s) {
  s = (s & 0xffff) + (s >> 16);
  s = (s & 0xffff) + (s >> 16);
  return (__u16)~s;
}

static __always_inline int has_pt(const struct relay_kern_fwd *f, __u8 pt) {
  return (f->pt_bits[(pt >> 6) & 1] >> (pt & 63)) & 1;
}

SEC("tc")
int relay_ingress(struct __sk_buff *skb) {
  void *data = (void *)(long)skb->data;
  void *end = (void *)(long)skb->data_end;
  if (data + RTP_OFF + RTP_HEADER_BYTES > end) return TCX_NEXT;
  struct ethhdr *eth = data;
  if (eth->h_proto != bpf_htons(ETH_P_IP)) return TCX_NEXT;
  struct iphdr *ip = data + IP_OFF;
  // Options and fragments stay on the socket path (rare for RTP).
  if (ip->ihl != 5 || ip->protocol != IPPROTO_UDP) return TCX_NEXT;
  if (ip->frag_off & bpf_htons(0x3fff)) return TCX_NEXT;
  struct udphdr *udp = data + UDP_OFF;
  struct relay_kern_key key = {.addr = ip->daddr, .port = udp->dest};
  struct relay_kern_fwd *f = bpf_map_lookup_elem(&relay_fwd, &key);
  if (!f) return TCX_NEXT;
  // Symmetric RTP (RFC 4961 §4): only the latched source is relayed here;
  // anything else goes to the socket, where the latch judges it.
  if (ip->saddr != f->src_addr || udp->source != f->src_port) return TCX_NEXT;
  //  |V=2|P|X|  CC   |M|     PT      |   (RFC 3550 §5.1)
  __u8 *rtp = data + RTP_OFF;
  if ((rtp[0] & 0xc0) != 0x80 || !has_pt(f, rtp[1] & 0x7f)) return TCX_NEXT;
  if (bpf_ntohs(udp->len) < sizeof(struct udphdr) + RTP_HEADER_BYTES) return TCX_NEXT;
  // The first three words of the RTP header; a packet of another SSRC than
  // the source the peer's stream relays now goes to the shard, which
  // switches the stream over (out-stream.h) and then updates this entry.
  __u32 old_rtp[3];
  __builtin_memcpy(old_rtp, rtp, 12);
  if (old_rtp[2] != f->src_ssrc) return TCX_NEXT;
  // GSO super-packets would need segmenting first.
  if (skb->gso_segs > 1) return TCX_NEXT;
  // A relay loop (a leg's peer pointing back into the relay) ends when the
  // TTL runs out, as routed packets do.
  __u8 ttl = ip->ttl;
  if (ttl <= 1) return TCX_NEXT;

  __u32 payload = bpf_ntohs(udp->len) - sizeof(struct udphdr);
  __be16 ports[2] = {f->out_port, f->dst_port};
  __u32 old_ports, new_ports;
  __builtin_memcpy(&old_ports, &udp->source, 4);
  __builtin_memcpy(&new_ports, ports, 4);
  __be32 saddr = f->out_addr;
  __be32 daddr = f->dst_addr;
  // Checksum deltas (RFC 1624 eqn. 3): the addresses are in the IP header
  // and in UDP's pseudo-header (RFC 768), the ports in UDP only, the TTL
  // (which shares a 16-bit word with the protocol, RFC 791) in IP only.
  __u32 d_addr = csum_add(csum_add(~ip->saddr, saddr), csum_add(~ip->daddr, daddr));
  __u32 d_ports = csum_add(~old_ports, new_ports);
  // One stream out of the peer leg (RFC 3550 §5.1): constant offsets on
  // the sequence number and timestamp, the stream's SSRC.
  __u16 out_seq = (__u16)(((rtp[2] << 8) | rtp[3]) + f->seq_off);
  __u32 out_ts = bpf_ntohl(old_rtp[1]) + f->ts_off;
  if (f->rewrite) {
    __u32 new_rtp[3];
    new_rtp[0] = old_rtp[0];
    ((__u8 *)new_rtp)[2] = out_seq >> 8;
    ((__u8 *)new_rtp)[3] = out_seq & 0xff;
    new_rtp[1] = bpf_htonl(out_ts);
    new_rtp[2] = f->stream_ssrc;
    __builtin_memcpy(rtp, new_rtp, 12);
    d_ports = csum_add(d_ports, csum_add(csum_add(~old_rtp[0], new_rtp[0]),
                                         csum_add(csum_add(~old_rtp[1], new_rtp[1]),
                                                  csum_add(~old_rtp[2], new_rtp[2]))));
  }
  __u16 old_word = *(__u16 *)&ip->ttl;
  ip->ttl = ttl - 1;
  __u16 new_word = *(__u16 *)&ip->ttl;
  __u32 d_ip = csum_add(d_addr, csum_add((__u16)~old_word, new_word));
  ip->check = csum_fold(csum_add((__u16)~ip->check, d_ip));
  ip->saddr = saddr;
  ip->daddr = daddr;
  __builtin_memcpy(&udp->source, ports, 4);
  __u32 slot = f->slot;
  __u8 is_local = f->is_local;
  __u32 oif = f->oif;
  // The UDP checksum goes through the helper, which knows whether the
  // field is a full sum or a pseudo-header seed (CHECKSUM_PARTIAL), keeps
  // skb->csum right for CHECKSUM_COMPLETE and leaves a zero (none) zero.
  bpf_l4_csum_replace(skb, UDP_CSUM_OFF, 0, d_addr, BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0);
  bpf_l4_csum_replace(skb, UDP_CSUM_OFF, 0, d_ports, BPF_F_MARK_MANGLED_0);

  struct relay_kern_counters *c = bpf_map_lookup_elem(&relay_counters, &slot);
  if (c) {
    // The newest packet is the stream's reference; a late one is not.
    __u16 ahead = out_seq - (__u16)c->last_seq;
    if (c->packets == 0 || (ahead != 0 && ahead < 0x8000)) {
      c->last_seq = out_seq;
      c->last_ts = out_ts;
    }
    __sync_fetch_and_add(&c->packets, 1);
    __sync_fetch_and_add(&c->bytes, payload);
    c->last_ns = bpf_ktime_get_ns();
  }

  // A peer on this host: the packet goes on up the stack to its socket.
  // On loopback it keeps the local route it was sent with; a redirect
  // would drop it and the route lookup would refuse 127/8 as martian. Later
  // programs see the new destination (another relay's leg, say).
  if (is_local) return TCX_NEXT;
  // A remote peer: out of the interface the shard found towards it, with
  // the kernel's route and neighbour for the new destination. Not
  // bpf_fib_lookup(), which answers only where IP forwarding is on
  // (net.ipv4.conf.<if>.forwarding, off on a host that is not a router),
  // so every packet fell back to the socket path (D50); an unresolved
  // neighbour is resolved here rather than handed back.
  return bpf_redirect_neigh(oif, 0, 0, 0);
}

char LICENSE[] SEC("license") = "GPL";

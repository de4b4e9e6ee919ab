// The shard's side of in-kernel forwarding: which legs get an entry in the
// tc ingress program (kernel/), keeping entries in step with latches, peers
// and taps, and merging the kernel's counters into the legs'. Runs with the
// shard mutex held, like the rest of the control path.
#include <arpa/inet.h>

#include <cstring>

#include "relay-shard.h"

namespace relay {

namespace {

const sockaddr_in& v4(const Addr& a) { return reinterpret_cast<const sockaddr_in&>(a.ss); }

// RTCP packet types 192..223 read as payload types 64..95 (RFC 5761 §4);
// they are never relayed in the kernel.
bool isRtcpRange(int pt) { return pt >= 64 && pt <= 95; }

}  // namespace

std::string Shard::enableKernel(const std::string& objPath) {
  std::lock_guard<std::mutex> lock(mu_);
  if (kernel_) return "";
  if (destroyed_) return "the shard is destroyed";
  auto k = std::make_unique<KernelForward>();
  std::string reason;
  if (!k->open(objPath, &reason)) {
    kernelReason_ = reason;
    return reason;
  }
  kernel_ = std::move(k);
  kernelReason_.clear();
  for (auto& [id, leg] : legs_) syncKernel(*leg);
  return "";
}

bool Shard::kernelStatus(std::string* reason, size_t* entries, std::vector<uint32_t>* linkIds) {
  std::lock_guard<std::mutex> lock(mu_);
  *reason = kernelReason_;
  *entries = kernel_ ? kernel_->entries() : 0;
  if (kernel_) *linkIds = kernel_->linkIds();
  return kernel_ != nullptr;
}

bool Shard::kernelTestRun(const std::vector<uint8_t>& in, uint32_t repeat, int32_t* verdict,
                          std::vector<uint8_t>* out, uint32_t* durationNs, std::string* reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!kernel_) {
    *reason = kernelReason_;
    return false;
  }
  return kernel_->testRun(in, repeat, verdict, out, durationNs, reason);
}

// An entry needs both legs latched (symmetric RTP confirmed both ways),
// IPv4, sockets bound to a real address, and at least one payload type
// that user space does not have to see.
bool Shard::wantKernel(const Leg& leg, KernelRoute* route) {
  if (!kernel_ || leg.family != AF_INET || !leg.latch.latched() || leg.peer == 0) return false;
  auto it = legs_.find(leg.peer);
  if (it == legs_.end()) return false;
  const Leg& peer = *it->second;
  if (peer.family != AF_INET || !peer.latch.latched() || !peer.out.started) return false;
  const sockaddr_in& bound = v4(leg.bound);
  const sockaddr_in& out = v4(peer.bound);
  if (bound.sin_addr.s_addr == INADDR_ANY || out.sin_addr.s_addr == INADDR_ANY) return false;
  *route = KernelRoute{};
  route->key.addr = bound.sin_addr.s_addr;
  route->key.port = bound.sin_port;
  route->fwd.src_addr = v4(leg.latch.source).sin_addr.s_addr;
  route->fwd.src_port = v4(leg.latch.source).sin_port;
  route->fwd.out_addr = out.sin_addr.s_addr;
  route->fwd.out_port = out.sin_port;
  route->fwd.dst_addr = v4(peer.latch.source).sin_addr.s_addr;
  route->fwd.dst_port = v4(peer.latch.source).sin_port;
  route->target = peer.id;
  // Only the source the peer's stream relays now, numbered on (out-stream.h).
  const OutStream& stream = peer.out;
  route->fwd.src_ssrc = htonl(stream.source);
  route->fwd.stream_ssrc = htonl(stream.ssrc);
  route->fwd.seq_off = stream.seqOffset;
  route->fwd.ts_off = stream.tsOffset;
  route->fwd.rewrite = stream.isIdentity() ? 0 : 1;
  // The session's payload types (all when none were given), less the
  // tapped ones (RFC 4733 events go to the application) and RTCP's range.
  const LatchOptions& o = leg.latch.options();
  bool hasAny = false;
  for (int pt = 0; pt < 128; pt++) {
    if (o.hasPayloadTypes && o.payloadTypes[pt] != 1) continue;
    if (isRtcpRange(pt) || (leg.hasTaps && leg.tapPts[pt] != 0)) continue;
    route->fwd.pt_bits[pt >> 6] |= uint64_t{1} << (pt & 63);
    hasAny = true;
  }
  return hasAny;
}

void Shard::syncKernel(Leg& leg) {
  if (!kernel_) return;
  // Latched both ways with nothing sent yet: the stream out of the peer
  // starts with the latched source, as the first relayed packet would.
  auto peer = legs_.find(leg.peer);
  if (peer != legs_.end() && !peer->second->out.started && leg.latch.latched()) {
    OutStream& out = peer->second->out;
    out.started = true;
    out.ssrc = out.source = leg.latch.ssrc;
    out.seqOffset = 0;
    out.tsOffset = 0;
  }
  KernelRoute want;
  bool isWanted = wantKernel(leg, &want);
  if (leg.hasKernel && isWanted && leg.kernel.same(want)) return;
  unkernel(leg);
  if (!isWanted) return;
  std::string reason;
  if (!KernelForward::resolve(&want, &reason) || kernel_->add(&want, &reason) < 0) {
    // The pair stays on the socket path; the reason is kept for status.
    kernelReason_ = reason;
    return;
  }
  leg.kernel = want;
  leg.hasKernel = true;
}

void Shard::syncKernelPair(Leg& leg) {
  syncKernel(leg);
  auto it = legs_.find(leg.peer);
  if (it != legs_.end()) syncKernel(*it->second);
}

void Shard::unkernel(Leg& leg) {
  if (!leg.hasKernel) return;
  leg.hasKernel = false;
  KernelCounts c = kernel_->remove(leg.kernel);
  leg.kernelIn.packets += c.packets;
  leg.kernelIn.bytes += c.bytes;
  auto it = legs_.find(leg.kernel.target);
  if (it != legs_.end()) {
    it->second->kernelOut.packets += c.packets;
    it->second->kernelOut.bytes += c.bytes;
    if (c.packets > 0) {
      it->second->out.sentElsewhere(c.lastSeq, c.lastTs, static_cast<int64_t>(c.lastNs / 1000000));
    }
  } else {
    retired_[kRtpSent] += c.packets;
    retired_[kRtpSentBytes] += c.bytes;
  }
}

void Shard::refreshLatch(Leg& leg) {
  if (!leg.hasKernel) return;
  auto ms = static_cast<int64_t>(kernel_->lastNs(leg.kernel.fwd.slot) / 1000000);
  if (ms > leg.latch.lastHeardMs) leg.latch.lastHeardMs = ms;
}

void Shard::refreshStream(Leg& leg, Leg& peer) {
  if (!leg.hasKernel || leg.kernel.target != peer.id) return;
  KernelCounts c = kernel_->counts(leg.kernel.fwd.slot);
  if (c.packets > 0) {
    peer.out.sentElsewhere(c.lastSeq, c.lastTs, static_cast<int64_t>(c.lastNs / 1000000));
  }
}

void Shard::fill(const Leg& leg, double* out) {
  for (int i = 0; i < kCounterCount; i++) out[i] = static_cast<double>(leg.counters[i]);
  KernelCounts in = leg.kernelIn;
  KernelCounts sent = leg.kernelOut;
  if (leg.hasKernel) {
    KernelCounts c = kernel_->counts(leg.kernel.fwd.slot);
    in.packets += c.packets;
    in.bytes += c.bytes;
  }
  auto it = legs_.find(leg.peer);
  if (it != legs_.end() && it->second->hasKernel && it->second->kernel.target == leg.id) {
    KernelCounts c = kernel_->counts(it->second->kernel.fwd.slot);
    sent.packets += c.packets;
    sent.bytes += c.bytes;
  }
  out[kRtpReceived] += static_cast<double>(in.packets);
  out[kRtpReceivedBytes] += static_cast<double>(in.bytes);
  out[kRtpSent] += static_cast<double>(sent.packets);
  out[kRtpSentBytes] += static_cast<double>(sent.bytes);
  out[kKernelForwarded] = static_cast<double>(in.packets);
  out[kKernelForwardedBytes] = static_cast<double>(in.bytes);
}

}  // namespace relay

// The per-packet path of a shard: read a batch from one socket, judge each
// packet (RTP latching, RTCP source check), and send the accepted ones out
// of the peer leg's socket in one sendmmsg. Runs on the shard thread with
// the shard mutex held, so legs cannot close underneath it.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "relay-batch.h"
#include "relay-shard.h"

namespace relay {

namespace {

// RTCP packet types 192..223 (RFC 5761 §4 demultiplexing range).
bool isRtcp(const uint8_t* p, size_t len) {
  return len >= 8 && (p[0] & 0xc0) == 0x80 && p[1] >= 192 && p[1] <= 223;
}

}  // namespace

// Copies a packet for JavaScript; the notifier runs only when the queue
// was empty, so a burst costs one wake-up of the JavaScript thread.
void Shard::tap(Leg& leg, const uint8_t* p, uint32_t len) {
  bool wasEmpty;
  {
    std::lock_guard<std::mutex> lock(taps_->mu);
    if (taps_->packets.size() >= TapQueue::kMaxPackets) {
      leg.counters[kTapDropped]++;
      return;
    }
    wasEmpty = taps_->packets.empty();
    taps_->packets.push_back(TapPacket{leg.id, std::vector<uint8_t>(p, p + len)});
  }
  leg.counters[kTapped]++;
  if (wasEmpty && notifyTap_) notifyTap_();
}

void Shard::queue(Leg& out, int fd, const Addr& to, uint32_t bufIndex, uint32_t len, bool isRtcp) {
  Batch& b = *tBatch;
  int k = b.outCount++;
  b.outIov[k] = {b.buf[bufIndex], len};
  std::memset(&b.out[k].msg_hdr, 0, sizeof b.out[k].msg_hdr);
  // A connected socket sends to its peer without an address, which keeps
  // the kernel's cached route instead of a lookup per packet.
  bool isConnected = !isRtcp && out.isConnected && fd == out.rtpFd;
  b.out[k].msg_hdr.msg_name = isConnected ? nullptr : const_cast<sockaddr_storage*>(&to.ss);
  b.out[k].msg_hdr.msg_namelen = isConnected ? 0 : to.len;
  b.out[k].msg_hdr.msg_iov = &b.outIov[k];
  b.out[k].msg_hdr.msg_iovlen = 1;
  b.outFd[k] = fd;
  b.outLeg[k] = &out;
  b.outIsRtcp[k] = isRtcp;
}

void Shard::flush() {
  Batch& b = *tBatch;
  int k = 0;
  while (k < b.outCount) {
    // One sendmmsg per run of packets leaving through the same socket.
    int end = k + 1;
    while (end < b.outCount && b.outFd[end] == b.outFd[k]) end++;
    int done = k;
    while (done < end) {
      int r = sendmmsg(b.outFd[k], &b.out[done], end - done, 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        // The first packet of the rest failed (a full buffer, a bad
        // destination): count it and go on with the others.
        b.outLeg[done]->counters[kSendErrors]++;
        done++;
        continue;
      }
      for (int j = done; j < done + r; j++) {
        Leg& leg = *b.outLeg[j];
        if (b.outIsRtcp[j]) {
          leg.counters[kRtcpSent]++;
        } else {
          leg.counters[kRtpSent]++;
          leg.counters[kRtpSentBytes] += b.outIov[j].iov_len;
        }
      }
      done += r;
    }
    k = end;
  }
  b.outCount = 0;
}

void Shard::onReadable(uint64_t key, int64_t nowMs) {
  auto it = legs_.find(static_cast<uint32_t>(key >> 1));
  if (it == legs_.end()) return;
  Leg& leg = *it->second;
  refreshLatch(leg);
  bool isRtcpSocket = (key & 1) != 0;
  int fd = isRtcpSocket ? leg.rtcpFd : leg.rtpFd;
  Batch& b = *tBatch;
  // Level-triggered epoll reports the socket again if more is queued, so
  // one read per event saves the extra call that would return EAGAIN.
  int n = recvmmsg(fd, b.in, kBatch, MSG_DONTWAIT, nullptr);
  if (n < 0 && errno != EAGAIN && errno != EINTR) {
    // An ICMP error queued on a connected socket (ECONNREFUSED and the
    // like); reading it clears it.
    leg.counters[kSocketErrors]++;
  }
  if (n <= 0) return;
  // The kernel wrote the address lengths; restore them for the next read.
  for (int i = 0; i < n; i++) b.in[i].msg_hdr.msg_namelen = sizeof b.from[i];
  Leg* peer = nullptr;
  if (leg.peer != 0) {
    auto p = legs_.find(leg.peer);
    if (p != legs_.end()) peer = p->second.get();
  }
  for (int i = 0; i < n; i++) {
    const uint8_t* p = b.buf[i];
    uint32_t len = b.in[i].msg_len;
    const sockaddr_storage& from = b.from[i];
    if ((b.in[i].msg_hdr.msg_flags & MSG_TRUNC) != 0) {
      leg.counters[kMalformed]++;
      continue;
    }
    bool isRtcpPacket = isRtcpSocket || (leg.rtcpFd < 0 && isRtcp(p, len));
    if (isRtcpPacket) {
      if (!isRtcp(p, len)) {
        leg.counters[kMalformed]++;
        continue;
      }
      // RTCP is taken from the latched RTP source's address only (any port,
      // as a NAT maps the RTCP port on its own); its source is where our
      // RTCP goes. Before RTP has latched, any source is taken.
      if (leg.latch.latched() && !leg.latch.source.sameHost(from)) {
        leg.counters[kWrongSource]++;
        continue;
      }
      if (leg.rtcpFd >= 0) {
        leg.remoteRtcp.set(reinterpret_cast<const sockaddr*>(&from), b.in[i].msg_hdr.msg_namelen);
      }
      leg.counters[kRtcpReceived]++;
      if (peer == nullptr) {
        leg.counters[kNotSent]++;
      } else if (!peer->remoteRtcp.known()) {
        peer->counters[kNotSent]++;
      } else {
        peer->out.mapRtcp(b.buf[i], len);
        leg.out.unmapReportBlocks(b.buf[i], len);
        queue(*peer, peer->rtcpFd >= 0 ? peer->rtcpFd : peer->rtpFd, peer->remoteRtcp, i, len,
              true);
      }
      continue;
    }
    //  RTP fixed header (RFC 3550 §5.1); the latch reads V, PT, the
    //  sequence number and the SSRC:
    //  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    //  |                           timestamp                           |
    //  |           synchronization source (SSRC) identifier            |
    if (len < 12 || (p[0] & 0xc0) != 0x80) {
      leg.counters[kMalformed]++;
      continue;
    }
    uint16_t seq = static_cast<uint16_t>(p[2] << 8 | p[3]);
    uint32_t ssrc = uint32_t{p[8]} << 24 | uint32_t{p[9]} << 16 | uint32_t{p[10]} << 8 | p[11];
    Verdict v = leg.latch.check(from, b.in[i].msg_hdr.msg_namelen, ssrc, p[1] & 0x7f, seq, nowMs);
    switch (v) {
      case Verdict::kAccept:
        break;
      case Verdict::kWrongSource:
      case Verdict::kProbation:
        leg.counters[kWrongSource]++;
        continue;
      case Verdict::kUnfit:
        leg.counters[kUnfit]++;
        continue;
      case Verdict::kRelatched:
        leg.counters[kRelatches]++;
        [[fallthrough]];
      case Verdict::kLatched:
        leg.remoteRtp = leg.latch.source;
        if (leg.rtcpFd < 0) leg.remoteRtcp = leg.latch.source;
        filter(leg);
        syncKernelPair(leg);
        break;
    }
    leg.counters[kRtpReceived]++;
    leg.counters[kRtpReceivedBytes] += len;
    if (leg.hasTaps && leg.tapPts[p[1] & 0x7f] != 0) {
      tap(leg, p, len);
      if (leg.isTapDiverted) continue;
    }
    if (peer == nullptr) {
      leg.counters[kNotSent]++;
    } else if (!peer->remoteRtp.known()) {
      peer->counters[kNotSent]++;
    } else {
      // A packet of another source than the stream relays now switches it
      // over, from the newest packet sent, which the kernel may have sent.
      if (peer->out.started && OutStream::be32(p + 8) != peer->out.source) {
        refreshStream(leg, *peer);
      }
      if (peer->out.map(b.buf[i], nowMs)) syncKernel(leg);
      queue(*peer, peer->rtpFd, peer->remoteRtp, i, len, false);
    }
  }
}

}  // namespace relay

// Symmetric RTP latching, the same rules as media/endpoint/rtp-latch.ts
// (RFC 4961 §4 and the "comedia" practice of RFC 4145): the far end's
// address is learnt from the first RTP packet whose payload type (and SSRC,
// if announced) fit the session, then locked. A different source takes over
// only when the latched one has been silent for relatchSilenceMs and the
// newcomer sends probationPackets packets in a row with one SSRC and
// consecutive sequence numbers (the RFC 3550 A.1 probation idea).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

namespace relay {

// A transport address; len == 0 means "not known".
struct Addr {
  sockaddr_storage ss;
  socklen_t len = 0;

  bool known() const { return len != 0; }

  void set(const sockaddr* sa, socklen_t l) {
    std::memcpy(&ss, sa, l);
    len = l;
  }

  // Same IP address and port.
  bool same(const sockaddr_storage& o) const { return len != 0 && sameHost(o) && port() == portOf(o); }

  // Same IP address, any port (RTCP from a NAT comes from its own port).
  bool sameHost(const sockaddr_storage& o) const {
    if (len == 0 || ss.ss_family != o.ss_family) return false;
    if (ss.ss_family == AF_INET) {
      return reinterpret_cast<const sockaddr_in&>(ss).sin_addr.s_addr ==
             reinterpret_cast<const sockaddr_in&>(o).sin_addr.s_addr;
    }
    return std::memcmp(&reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr,
                       &reinterpret_cast<const sockaddr_in6&>(o).sin6_addr, 16) == 0;
  }

  uint16_t port() const { return portOf(ss); }

  static uint16_t portOf(const sockaddr_storage& s) {
    return s.ss_family == AF_INET ? reinterpret_cast<const sockaddr_in&>(s).sin_port
                                  : reinterpret_cast<const sockaddr_in6&>(s).sin6_port;
  }
};

enum class Verdict { kAccept, kLatched, kRelatched, kWrongSource, kProbation, kUnfit };

struct LatchOptions {
  bool hasPayloadTypes = false;
  uint8_t payloadTypes[128] = {};
  int64_t expectedSsrc = -1;
  int64_t relatchSilenceMs = 2000;
  uint32_t probationPackets = 5;
};

class RtpLatch {
 public:
  Addr source;
  uint32_t ssrc = 0;
  int64_t lastHeardMs = 0;

  explicit RtpLatch(const LatchOptions& o) : opts_(o) {}

  bool latched() const { return source.known(); }

  int64_t relatchSilenceMs() const { return opts_.relatchSilenceMs; }

  const LatchOptions& options() const { return opts_; }

  Verdict check(const sockaddr_storage& from, socklen_t fromLen, uint32_t pktSsrc, uint8_t pt,
                uint16_t seq, int64_t nowMs) {
    if (source.same(from)) {
      lastHeardMs = nowMs;
      candidate_.len = 0;
      return Verdict::kAccept;
    }
    if (!fits(pktSsrc, pt)) return Verdict::kUnfit;
    if (!source.known()) {
      latch(from, fromLen, pktSsrc, nowMs);
      return Verdict::kLatched;
    }
    if (nowMs - lastHeardMs < opts_.relatchSilenceMs) return Verdict::kWrongSource;
    if (candidate_.same(from) && pktSsrc == candidateSsrc_ &&
        seq == static_cast<uint16_t>(candidateSeq_ + 1)) {
      candidateCount_++;
    } else {
      candidate_.set(reinterpret_cast<const sockaddr*>(&from), fromLen);
      candidateSsrc_ = pktSsrc;
      candidateCount_ = 1;
    }
    candidateSeq_ = seq;
    if (candidateCount_ < opts_.probationPackets) return Verdict::kProbation;
    latch(from, fromLen, pktSsrc, nowMs);
    return Verdict::kRelatched;
  }

  // Latches on a source learnt elsewhere, as if it had just been heard.
  void seed(const sockaddr_storage& from, socklen_t fromLen, uint32_t pktSsrc, int64_t nowMs) {
    latch(from, fromLen, pktSsrc, nowMs);
  }

  void reset() {
    source.len = 0;
    candidate_.len = 0;
  }

 private:
  bool fits(uint32_t pktSsrc, uint8_t pt) const {
    if (opts_.hasPayloadTypes && opts_.payloadTypes[pt & 0x7f] != 1) return false;
    return opts_.expectedSsrc < 0 || pktSsrc == static_cast<uint32_t>(opts_.expectedSsrc);
  }

  void latch(const sockaddr_storage& from, socklen_t fromLen, uint32_t pktSsrc, int64_t nowMs) {
    source.set(reinterpret_cast<const sockaddr*>(&from), fromLen);
    ssrc = pktSsrc;
    lastHeardMs = nowMs;
    candidate_.len = 0;
  }

  LatchOptions opts_;
  Addr candidate_;
  uint32_t candidateSsrc_ = 0;
  uint16_t candidateSeq_ = 0;
  uint32_t candidateCount_ = 0;
};

}  // namespace relay

// One relay shard: a native thread that owns an epoll set of UDP sockets and
// forwards RTP and RTCP between paired legs with recvmmsg/sendmmsg, without
// calling into JavaScript per packet (rtpengine's kernel forwarding model,
// in user space).
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "rtp-latch.h"

namespace relay {

// Counter slots of a leg, in the order stats() returns them. The TypeScript
// wrapper (media/endpoint/native-relay.ts) names them in the same order.
enum Counter {
  kRtpReceived,
  kRtpReceivedBytes,
  kRtpSent,
  kRtpSentBytes,
  kRtcpReceived,
  kRtcpSent,
  kMalformed,
  kWrongSource,
  kUnfit,
  kNotSent,
  kSendErrors,
  kRelatches,
  kSocketErrors,
  kCounterCount
};

// A failed system call: errno and what was being done.
struct SysError {
  int err = 0;
  std::string syscall;
  std::string detail;
};

struct LegOptions {
  std::string address;
  uint16_t port = 0;
  bool isRtcpMux = false;
  bool isKernelFiltered = true;
  uint32_t socketBufferBytes = 512 * 1024;
  LatchOptions latch;
};

struct Leg {
  uint32_t id = 0;
  int family = 0;
  int rtpFd = -1;
  int rtcpFd = -1;  // -1 with rtcp-mux
  uint32_t peer = 0;
  // Connect the RTP socket to the latched source, so the kernel filters
  // other sources and sends skip the route lookup.
  bool isKernelFiltered = true;
  bool isConnected = false;
  Addr remoteRtp;   // where RTP goes: the latched source, else SDP's
  Addr remoteRtcp;  // where RTCP goes: its last source, else SDP's
  RtpLatch latch;
  uint64_t counters[kCounterCount] = {};

  explicit Leg(const LatchOptions& o) : latch(o) {}
};

class Shard {
 public:
  // coalesceUs: how long to pause after a round with few ready sockets.
  explicit Shard(uint32_t coalesceUs);
  ~Shard();

  // Starts the thread; false with err filled when epoll or the thread fails.
  bool start(SysError* err);
  // Binds the leg's sockets; returns its id, or 0 with err filled.
  uint32_t openLeg(const LegOptions& o, SysError* err);
  // Pairs two legs, unpairing their former peers; false if either is unknown.
  bool setPeer(uint32_t a, uint32_t b);
  // Sets the far end from SDP; ignored once latched unless isRelearn.
  bool setRemote(uint32_t id, const sockaddr_storage& rtp, socklen_t rtpLen,
                 const sockaddr_storage& rtcp, socklen_t rtcpLen, bool isRelearn);
  // Copies the counters; false if the leg is unknown.
  bool stats(uint32_t id, double* out);
  // Sums over open and closed legs.
  void totals(double* out);
  // The latched source, if any.
  bool latched(uint32_t id, Addr* out, uint32_t* ssrc);
  // Closes a leg's sockets (the ports are free on return); false if unknown.
  bool closeLeg(uint32_t id);
  // Stops and joins the thread and closes every socket; idempotent.
  void destroy();
  size_t size();

 private:
  void run();
  void onReadable(uint64_t key, int64_t nowMs);
  void flush();
  void queue(Leg& out, int fd, const Addr& to, uint32_t bufIndex, uint32_t len, bool isRtcp);
  void retire(Leg& leg);
  void filter(Leg& leg);
  void unfilter(Leg& leg);
  void sweep(int64_t nowMs);

  std::mutex mu_;
  std::unordered_map<uint32_t, std::unique_ptr<Leg>> legs_;
  uint64_t retired_[kCounterCount] = {};
  uint32_t nextId_ = 1;
  int epfd_ = -1;
  int wakeFd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  bool started_ = false;
  bool destroyed_ = false;
  int64_t lastSweepMs_ = 0;
  const uint32_t coalesceUs_;
};

}  // namespace relay

// One relay shard: a native thread that owns an epoll set of UDP sockets and
// forwards RTP and RTCP between paired legs with recvmmsg/sendmmsg, without
// calling into JavaScript per packet (rtpengine's kernel forwarding model,
// in user space). With enableKernel(), latched pairs are relayed by a tc
// ingress program instead (kernel/, relay-kernel.cc) and only what the
// shard must judge or see still reaches its sockets.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "kernel/kernel-forward.h"
#include "out-stream.h"
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
  kTapped,
  kTapDropped,
  // RTP received and relayed by the tc ingress program (kernel/), also
  // counted in kRtpReceived(Bytes) here and kRtpSent(Bytes) on the peer.
  kKernelForwarded,
  kKernelForwardedBytes,
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
  // RTP payload types copied to JavaScript (and still forwarded), such as
  // RFC 4733 telephone-event, which the application must see.
  bool hasTaps = false;
  uint8_t tapPts[128] = {};
  // Tapped packets go only to JavaScript, which decides whether and when
  // they go on (feature-code keys held back, D44) and sends them with send().
  bool isTapDiverted = false;
  uint64_t counters[kCounterCount] = {};
  // Where the RTP socket is bound (the kernel entry's key).
  Addr bound;
  // The leg's entry in the tc ingress program, when it has one.
  bool hasKernel = false;
  KernelRoute kernel;
  // Counters of removed entries: relayed in (of this leg's entries) and
  // out (of entries whose packets left as from this leg's socket).
  KernelCounts kernelIn;
  KernelCounts kernelOut;
  // What leaves this leg's socket, whoever relays it (D44, D54 in
  // docs/decisions.md): one SSRC and continuous numbering.
  OutStream out;

  explicit Leg(const LatchOptions& o) : latch(o) {}
};

// One tapped packet on its way to JavaScript.
struct TapPacket {
  uint32_t leg = 0;
  std::vector<uint8_t> bytes;
};

// Tapped packets waiting for the JavaScript thread. Shared with the
// notifier's callbacks, which may run after the shard is gone.
struct TapQueue {
  // Taps are rare (a few packets per DTMF digit); a full queue means the
  // JavaScript thread is stuck, and more packets are counted, not queued.
  static constexpr size_t kMaxPackets = 4096;
  std::mutex mu;
  std::vector<TapPacket> packets;

  // Moves the queued packets into `out`.
  void drain(std::vector<TapPacket>* out) {
    std::lock_guard<std::mutex> lock(mu);
    out->swap(packets);
  }
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
  // Latches the leg on a source learnt elsewhere (MediaEndpoint's latch
  // when the leg moves here); false if the leg is unknown.
  bool setLatched(uint32_t id, const sockaddr_storage& src, socklen_t len, uint32_t ssrc);
  // Sets the payload types whose RTP packets are copied to the tap queue;
  // with isDiverted they are not forwarded (JavaScript sends them on).
  bool setTaps(uint32_t id, const uint8_t* pts, size_t count, bool isDiverted = false);
  // Sends an RTP packet out of the leg's socket to its far end, in the
  // leg's outgoing stream; false if the leg is unknown or has no far end.
  bool send(uint32_t id, uint8_t* packet, size_t len);
  // Called on the shard thread when the tap queue becomes non-empty.
  void setTapNotifier(std::function<void()> notify);
  std::shared_ptr<TapQueue> tapQueue() const { return taps_; }
  // Copies the counters; false if the leg is unknown.
  bool stats(uint32_t id, double* out);
  // Sums over open and closed legs.
  void totals(double* out);
  // The latched source, if any.
  bool latched(uint32_t id, Addr* out, uint32_t* ssrc);
  // Sets the leg's outgoing stream as JavaScript left it; false if unknown.
  bool setStream(uint32_t id, const OutStream& stream);
  // Closes a leg's sockets (the ports are free on return) and, when out is
  // given, copies its final counters, and when stream is given, its
  // outgoing stream with what the kernel sent merged in; false if unknown.
  bool closeLeg(uint32_t id, double* out = nullptr, OutStream* stream = nullptr);
  // Loads the tc ingress program (kernel/relay-kern.bpf.c) from objPath:
  // from then on every pair of latched IPv4 legs is relayed in the kernel.
  // Returns "" or why it is not available (the shard goes on in user space).
  std::string enableKernel(const std::string& objPath);
  // Whether the kernel path is on, why not, how many entries, link ids.
  bool kernelStatus(std::string* reason, size_t* entries, std::vector<uint32_t>* linkIds);
  // BPF_PROG_TEST_RUN of the loaded program on one packet, for tests.
  bool kernelTestRun(const std::vector<uint8_t>& in, uint32_t repeat, int32_t* verdict,
                     std::vector<uint8_t>* out, uint32_t* durationNs, std::string* reason);
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
  void tap(Leg& leg, const uint8_t* p, uint32_t len);
  // Brings a leg's kernel entry in line with its latch, peer and taps.
  void syncKernel(Leg& leg);
  // Latch changes of a leg touch its own entry and its peer's.
  void syncKernelPair(Leg& leg);
  void unkernel(Leg& leg);
  bool wantKernel(const Leg& leg, KernelRoute* route);
  // Kernel-relayed packets bypass the latch; their time keeps it fresh.
  void refreshLatch(Leg& leg);
  // What leg's kernel entry sent out of the peer, merged into its stream.
  void refreshStream(Leg& leg, Leg& peer);
  // A leg's counters with the kernel's merged in.
  void fill(const Leg& leg, double* out);

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
  std::shared_ptr<TapQueue> taps_ = std::make_shared<TapQueue>();
  std::function<void()> notifyTap_;
  std::unique_ptr<KernelForward> kernel_;
  std::string kernelReason_ = "not enabled";
  const uint32_t coalesceUs_;
};

}  // namespace relay

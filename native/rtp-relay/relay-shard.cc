#include "relay-shard.h"
#include "relay-batch.h"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace relay {

namespace {

constexpr int kMaxEvents = 256;
constexpr uint64_t kWakeKey = ~uint64_t{0};
// How often connected legs are checked for silence, as MediaEndpoint's
// sweep does; a twentieth of the default relatch window. A sweep of 10,000
// legs takes some 50 us.
constexpr int kSweepMs = 100;

int64_t monotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

int bindSocket(int family, const sockaddr_storage& sa, socklen_t len, uint32_t bufBytes,
               SysError* err) {
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *err = {errno, "socket", "cannot create a UDP socket"};
    return -1;
  }
  int size = static_cast<int>(bufBytes);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  if (family == AF_INET6) {
    int one = 1;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  if (bind(fd, reinterpret_cast<const sockaddr*>(&sa), len) != 0) {
    *err = {errno, "bind", "cannot bind"};
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

thread_local Batch* tBatch = nullptr;

Shard::Shard(uint32_t coalesceUs) : coalesceUs_(coalesceUs) {}

Shard::~Shard() { destroy(); }

bool Shard::start(SysError* err) {
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epfd_ < 0) {
    *err = {errno, "epoll_create1", "cannot create the epoll set"};
    return false;
  }
  wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wakeFd_ < 0) {
    *err = {errno, "eventfd", "cannot create the wake-up eventfd"};
    return false;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeKey;
  epoll_ctl(epfd_, EPOLL_CTL_ADD, wakeFd_, &ev);
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error& e) {
    *err = {e.code().value(), "pthread_create", "cannot start the shard thread"};
    return false;
  }
  started_ = true;
  return true;
}

uint32_t Shard::openLeg(const LegOptions& o, SysError* err) {
  sockaddr_storage rtp{};
  sockaddr_storage rtcp{};
  socklen_t len;
  int family;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&rtp);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&rtp);
  if (inet_pton(AF_INET, o.address.c_str(), &v4->sin_addr) == 1) {
    family = AF_INET;
    v4->sin_family = AF_INET;
    v4->sin_port = htons(o.port);
    len = sizeof(sockaddr_in);
  } else if (inet_pton(AF_INET6, o.address.c_str(), &v6->sin6_addr) == 1) {
    family = AF_INET6;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(o.port);
    len = sizeof(sockaddr_in6);
  } else {
    *err = {EINVAL, "inet_pton", "not an IP address"};
    return 0;
  }
  rtcp = rtp;
  if (family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&rtcp)->sin_port = htons(o.port + 1);
  } else {
    reinterpret_cast<sockaddr_in6*>(&rtcp)->sin6_port = htons(o.port + 1);
  }
  auto leg = std::make_unique<Leg>(o.latch);
  leg->family = family;
  leg->bound.set(reinterpret_cast<const sockaddr*>(&rtp), len);
  leg->isKernelFiltered = o.isKernelFiltered;
  leg->rtpFd = bindSocket(family, rtp, len, o.socketBufferBytes, err);
  if (leg->rtpFd < 0) return 0;
  if (!o.isRtcpMux) {
    leg->rtcpFd = bindSocket(family, rtcp, len, o.socketBufferBytes, err);
    if (leg->rtcpFd < 0) {
      err->detail = "cannot bind the RTCP port";
      close(leg->rtpFd);
      return 0;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (destroyed_ || !started_) {
    *err = {EBADF, "epoll_ctl", "the shard is not running"};
  } else {
    uint32_t id = nextId_++;
    leg->id = id;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = uint64_t{id} << 1;
    bool isAdded = epoll_ctl(epfd_, EPOLL_CTL_ADD, leg->rtpFd, &ev) == 0;
    if (isAdded && leg->rtcpFd >= 0) {
      ev.data.u64 = (uint64_t{id} << 1) | 1;
      isAdded = epoll_ctl(epfd_, EPOLL_CTL_ADD, leg->rtcpFd, &ev) == 0;
    }
    if (isAdded) {
      legs_.emplace(id, std::move(leg));
      return id;
    }
    // ENOSPC: more sockets than fs.epoll.max_user_watches allows.
    *err = {errno, "epoll_ctl", "cannot watch the leg's sockets"};
  }
  close(leg->rtpFd);
  if (leg->rtcpFd >= 0) close(leg->rtcpFd);
  return 0;
}

bool Shard::setPeer(uint32_t a, uint32_t b) {
  std::lock_guard<std::mutex> lock(mu_);
  auto ia = legs_.find(a);
  auto ib = legs_.find(b);
  if (ia == legs_.end() || ib == legs_.end()) return false;
  // A leg has one peer: whoever pointed at either leg before lets go.
  Leg* former[2] = {nullptr, nullptr};
  int k = 0;
  for (Leg* leg : {ia->second.get(), ib->second.get()}) {
    auto old = legs_.find(leg->peer);
    if (old != legs_.end() && old->second->peer == leg->id) {
      old->second->peer = 0;
      former[k++] = old->second.get();
    }
  }
  ia->second->peer = b;
  ib->second->peer = a;
  for (Leg* leg : former) {
    if (leg != nullptr) syncKernel(*leg);
  }
  syncKernel(*ia->second);
  syncKernel(*ib->second);
  return true;
}

bool Shard::setRemote(uint32_t id, const sockaddr_storage& rtp, socklen_t rtpLen,
                      const sockaddr_storage& rtcp, socklen_t rtcpLen, bool isRelearn) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end()) return false;
  Leg& leg = *it->second;
  if (isRelearn) {
    leg.latch.reset();
    unfilter(leg);
    syncKernelPair(leg);
  }
  if (leg.latch.latched()) return true;
  leg.remoteRtp.set(reinterpret_cast<const sockaddr*>(&rtp), rtpLen);
  leg.remoteRtcp.set(reinterpret_cast<const sockaddr*>(&rtcp), rtcpLen);
  return true;
}

bool Shard::setLatched(uint32_t id, const sockaddr_storage& src, socklen_t len, uint32_t ssrc) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end()) return false;
  Leg& leg = *it->second;
  unfilter(leg);
  leg.latch.seed(src, len, ssrc, monotonicMs());
  leg.remoteRtp = leg.latch.source;
  if (leg.rtcpFd < 0) leg.remoteRtcp = leg.latch.source;
  filter(leg);
  syncKernelPair(leg);
  return true;
}

bool Shard::setTaps(uint32_t id, const uint8_t* pts, size_t count, bool isDiverted) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end()) return false;
  Leg& leg = *it->second;
  std::memset(leg.tapPts, 0, sizeof leg.tapPts);
  for (size_t i = 0; i < count; i++) leg.tapPts[pts[i] & 0x7f] = 1;
  leg.hasTaps = count > 0;
  leg.isTapDiverted = isDiverted && count > 0;
  syncKernel(leg);
  return true;
}

void Shard::setTapNotifier(std::function<void()> notify) {
  std::lock_guard<std::mutex> lock(mu_);
  notifyTap_ = std::move(notify);
}

bool Shard::stats(uint32_t id, double* out) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end()) return false;
  fill(*it->second, out);
  return true;
}

void Shard::totals(double* out) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < kCounterCount; i++) out[i] = static_cast<double>(retired_[i]);
  double leg[kCounterCount];
  for (auto& [id, l] : legs_) {
    fill(*l, leg);
    for (int i = 0; i < kCounterCount; i++) out[i] += leg[i];
  }
}

bool Shard::latched(uint32_t id, Addr* out, uint32_t* ssrc) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end() || !it->second->latch.latched()) return false;
  *out = it->second->latch.source;
  *ssrc = it->second->latch.ssrc;
  return true;
}

void Shard::retire(Leg& leg) {
  // The leg's entry and the peer's entry that sends out of this leg's
  // socket go first, so their counts land in the legs before the sums.
  unkernel(leg);
  auto target = legs_.find(leg.peer);
  if (target != legs_.end() && target->second->kernel.target == leg.id) {
    unkernel(*target->second);
  }
  double last[kCounterCount];
  fill(leg, last);
  for (int i = 0; i < kCounterCount; i++) retired_[i] += static_cast<uint64_t>(last[i]);
  // Closing an fd removes it from the epoll set; the thread looks legs up
  // by id under the mutex, so a stale event finds nothing.
  close(leg.rtpFd);
  if (leg.rtcpFd >= 0) close(leg.rtcpFd);
  auto peer = legs_.find(leg.peer);
  if (peer != legs_.end() && peer->second->peer == leg.id) peer->second->peer = 0;
}

bool Shard::send(uint32_t id, uint8_t* packet, size_t len) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end() || len < 12 || !it->second->remoteRtp.known()) return false;
  Leg& leg = *it->second;
  auto peer = legs_.find(leg.peer);
  Leg* from = peer != legs_.end() ? peer->second.get() : nullptr;
  // The peer's kernel entry may have sent newer packets of this stream.
  if (from != nullptr && leg.out.started && OutStream::be32(packet + 8) != leg.out.source) {
    refreshStream(*from, leg);
  }
  if (leg.out.map(packet, monotonicMs()) && from != nullptr) syncKernel(*from);
  ssize_t r = leg.isConnected
                  ? ::send(leg.rtpFd, packet, len, 0)
                  : sendto(leg.rtpFd, packet, len, 0,
                           reinterpret_cast<const sockaddr*>(&leg.remoteRtp.ss), leg.remoteRtp.len);
  if (r < 0) {
    leg.counters[kSendErrors]++;
    return false;
  }
  leg.counters[kRtpSent]++;
  leg.counters[kRtpSentBytes] += len;
  return true;
}

bool Shard::setStream(uint32_t id, const OutStream& stream) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end()) return false;
  it->second->out = stream;
  // The peer's entry sends out of this leg: it follows the stream.
  auto peer = legs_.find(it->second->peer);
  if (peer != legs_.end()) syncKernel(*peer->second);
  return true;
}

bool Shard::closeLeg(uint32_t id, double* out, OutStream* stream) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = legs_.find(id);
  if (it == legs_.end()) return false;
  retire(*it->second);
  if (out != nullptr) fill(*it->second, out);
  if (stream != nullptr) *stream = it->second->out;
  legs_.erase(it);
  return true;
}

size_t Shard::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return legs_.size();
}

void Shard::destroy() {
  if (destroyed_) return;
  destroyed_ = true;
  if (started_) {
    stop_.store(true);
    uint64_t one = 1;
    ssize_t w = write(wakeFd_, &one, sizeof one);
    (void)w;
    thread_.join();
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, leg] : legs_) retire(*leg);
  legs_.clear();
  kernel_.reset();
  if (wakeFd_ >= 0) close(wakeFd_);
  if (epfd_ >= 0) close(epfd_);
  wakeFd_ = epfd_ = -1;
}

void Shard::filter(Leg& leg) {
  if (!leg.isKernelFiltered) return;
  const Addr& src = leg.latch.source;
  if (connect(leg.rtpFd, reinterpret_cast<const sockaddr*>(&src.ss), src.len) == 0) {
    leg.isConnected = true;
  } else {
    leg.counters[kSocketErrors]++;
  }
}

void Shard::unfilter(Leg& leg) {
  if (!leg.isConnected) return;
  // Connecting to AF_UNSPEC dissolves the association (connect(2)).
  sockaddr unspec{};
  unspec.sa_family = AF_UNSPEC;
  if (connect(leg.rtpFd, &unspec, sizeof unspec) != 0) leg.counters[kSocketErrors]++;
  leg.isConnected = false;
}

// A connected socket hides other sources, so once the latched one has been
// silent for relatchSilenceMs the filter is lifted and the latch may hand
// over after probation (the rules of RtpLatch).
void Shard::sweep(int64_t nowMs) {
  for (auto& [id, leg] : legs_) {
    refreshLatch(*leg);
    if (leg->isConnected && nowMs - leg->latch.lastHeardMs >= leg->latch.relatchSilenceMs()) {
      unfilter(*leg);
    }
  }
}

void Shard::run() {
  auto batch = std::make_unique<Batch>();
  tBatch = batch.get();
  for (int i = 0; i < kBatch; i++) {
    batch->inIov[i] = {batch->buf[i], kBufBytes};
    msghdr& h = batch->in[i].msg_hdr;
    h = {};
    h.msg_name = &batch->from[i];
    h.msg_namelen = sizeof batch->from[i];
    h.msg_iov = &batch->inIov[i];
    h.msg_iovlen = 1;
  }
  epoll_event events[kMaxEvents];
  while (!stop_.load(std::memory_order_relaxed)) {
    int n = epoll_wait(epfd_, events, kMaxEvents, kSweepMs);
    if (n < 0) continue;  // EINTR
    int64_t nowMs = monotonicMs();
    if (nowMs - lastSweepMs_ >= kSweepMs) {
      std::lock_guard<std::mutex> lock(mu_);
      sweep(nowMs);
      lastSweepMs_ = nowMs;
    }
    for (int i = 0; i < n; i++) {
      if (events[i].data.u64 == kWakeKey) continue;
      std::lock_guard<std::mutex> lock(mu_);
      onReadable(events[i].data.u64, nowMs);
      flush();
    }
    // Interrupt coalescing: after a short round, wait a little so the next
    // epoll_wait finds many sockets ready instead of waking per packet.
    // RTP tolerates the added delay (jitter buffers hold 20 ms and more).
    if (coalesceUs_ > 0 && n > 0 && n < kMaxEvents / 4) {
      timespec pause{0, static_cast<long>(coalesceUs_) * 1000};
      nanosleep(&pause, nullptr);
    }
  }
  tBatch = nullptr;
}

}  // namespace relay

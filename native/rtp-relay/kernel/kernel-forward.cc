#include "kernel-forward.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#ifdef RELAY_KERNEL
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#endif

namespace relay {

namespace {

// tcx ingress (enum bpf_attach_type, Linux 6.6); bookworm's headers and
// libbpf 1.1 predate it, so the number is spelt out.
constexpr int kAttachTcxIngress = 46;

bool isLoopback(in_addr a) { return (ntohl(a.s_addr) >> 24) == 127; }

// The interface that holds an address of this host, or 0.
int ifindexOf(in_addr a) {
  if (isLoopback(a)) return 1;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return 0;
  int found = 0;
  for (ifaddrs* i = list; i != nullptr && found == 0; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    if (reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr.s_addr == a.s_addr) {
      found = static_cast<int>(if_nametoindex(i->ifa_name));
    }
  }
  freeifaddrs(list);
  return found;
}

// The interface the kernel would send to `dst` from: connect() a UDP
// socket (no packet leaves) and look up the source address it picked.
int egressIfindex(in_addr dst) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr = dst;
  to.sin_port = htons(9);
  sockaddr_in self{};
  socklen_t len = sizeof self;
  int index = 0;
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&self), &len) == 0) {
    index = ifindexOf(self.sin_addr);
  }
  close(fd);
  return index;
}

#ifdef RELAY_KERNEL
// libbpf's last warning (the verifier's verdict on a failed load), kept
// for the reason instead of being printed on stderr.
thread_local std::string tLastWarning;

int captureWarning(enum libbpf_print_level level, const char* format, va_list args) {
  if (level != LIBBPF_WARN) return 0;
  char line[512];
  int n = vsnprintf(line, sizeof line, format, args);
  if (n > 0) {
    tLastWarning = line;
    while (!tLastWarning.empty() && tLastWarning.back() == '\n') tLastWarning.pop_back();
  }
  return 0;
}

std::string errnoText(int e) {
  const char* name = strerrorname_np(e);
  return std::string(name != nullptr ? name : "E?") + ": " + std::strerror(e);
}
#endif

}  // namespace

bool KernelRoute::same(const KernelRoute& o) const {
  return std::memcmp(&key, &o.key, sizeof key) == 0 && fwd.src_addr == o.fwd.src_addr &&
         fwd.src_port == o.fwd.src_port && fwd.out_addr == o.fwd.out_addr &&
         fwd.out_port == o.fwd.out_port && fwd.dst_addr == o.fwd.dst_addr &&
         fwd.dst_port == o.fwd.dst_port && fwd.pt_bits[0] == o.fwd.pt_bits[0] &&
         fwd.pt_bits[1] == o.fwd.pt_bits[1] && fwd.src_ssrc == o.fwd.src_ssrc &&
         fwd.stream_ssrc == o.fwd.stream_ssrc && fwd.ts_off == o.fwd.ts_off &&
         fwd.seq_off == o.fwd.seq_off && fwd.rewrite == o.fwd.rewrite && target == o.target;
}

bool KernelForward::resolve(KernelRoute* route, std::string* reason) {
  route->ingressIfindex = ifindexOf(in_addr{route->key.addr});
  if (route->ingressIfindex == 0) {
    *reason = "the leg's address is on no interface (a wildcard bind?)";
    return false;
  }
  in_addr dst{route->fwd.dst_addr};
  route->fwd.is_local = ifindexOf(dst) != 0 ? 1 : 0;
  route->fwd.oif = 0;
  if (route->fwd.is_local == 0) {
    route->fwd.oif = static_cast<uint32_t>(egressIfindex(dst));
    if (route->fwd.oif == 0) {
      *reason = "no route towards the peer's source";
      return false;
    }
  }
  return true;
}

uint64_t KernelForward::lastNs(uint32_t slot) const {
  return __atomic_load_n(&counters_[slot].last_ns, __ATOMIC_RELAXED);
}

KernelCounts KernelForward::counts(uint32_t slot) const {
  const relay_kern_counters& c = counters_[slot];
  KernelCounts out;
  out.packets = __atomic_load_n(&c.packets, __ATOMIC_RELAXED);
  out.bytes = __atomic_load_n(&c.bytes, __ATOMIC_RELAXED);
  out.lastNs = __atomic_load_n(&c.last_ns, __ATOMIC_RELAXED);
  out.lastSeq = static_cast<uint16_t>(__atomic_load_n(&c.last_seq, __ATOMIC_RELAXED));
  out.lastTs = __atomic_load_n(&c.last_ts, __ATOMIC_RELAXED);
  return out;
}

#ifdef RELAY_KERNEL

KernelForward::~KernelForward() {
  // Closing the link descriptors detaches the program (tcx links are
  // owned by their file descriptors), the same as a process exit does.
  for (int fd : links_) close(fd);
  if (counters_ != nullptr) munmap(counters_, countersBytes_);
  if (obj_ != nullptr) bpf_object__close(static_cast<bpf_object*>(obj_));
}

bool KernelForward::open(const std::string& objPath, std::string* reason) {
  libbpf_set_print(captureWarning);
  tLastWarning.clear();
  bpf_object* obj = bpf_object__open_file(objPath.c_str(), nullptr);
  if (obj == nullptr) {
    *reason = "cannot open " + objPath + " (" + errnoText(errno) + ")";
    return false;
  }
  obj_ = obj;
  int r = bpf_object__load(obj);
  if (r != 0) {
    *reason = "cannot load the BPF program (" + errnoText(-r) + ")" +
              (tLastWarning.empty() ? "" : ": " + tLastWarning);
    return false;
  }
  bpf_program* prog = bpf_object__find_program_by_name(obj, "relay_ingress");
  bpf_map* fwd = bpf_object__find_map_by_name(obj, "relay_fwd");
  bpf_map* counters = bpf_object__find_map_by_name(obj, "relay_counters");
  if (prog == nullptr || fwd == nullptr || counters == nullptr) {
    *reason = objPath + " is not the relay's BPF object";
    return false;
  }
  progFd_ = bpf_program__fd(prog);
  fwdFd_ = bpf_map__fd(fwd);
  countersFd_ = bpf_map__fd(counters);
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  countersBytes_ = (sizeof(relay_kern_counters) * RELAY_KERN_MAX_ENTRIES + page - 1) / page * page;
  void* m = mmap(nullptr, countersBytes_, PROT_READ | PROT_WRITE, MAP_SHARED, countersFd_, 0);
  if (m == MAP_FAILED) {
    *reason = "cannot mmap the counters (" + errnoText(errno) + ")";
    return false;
  }
  counters_ = static_cast<relay_kern_counters*>(m);
  // Links are made per interface when the first pair needs one, but a
  // kernel without tcx (before Linux 6.6, e.g. Debian 12's 6.1) loads the
  // program and then refuses every link: probe once on lo, which every
  // network namespace has, so the shard says so now (one warning at start,
  // D50) instead of failing each pair quietly. An empty map hands every
  // packet on, so the probe's moment of attachment changes nothing.
  int probe = bpf_link_create(progFd_, 1, static_cast<enum bpf_attach_type>(kAttachTcxIngress),
                              nullptr);
  if (probe < 0) {
    *reason = "cannot attach at tcx ingress (" + errnoText(errno) +
              "; tcx needs Linux 6.6 or later)";
    return false;
  }
  close(probe);
  freeSlots_.reserve(RELAY_KERN_MAX_ENTRIES);
  for (uint32_t s = RELAY_KERN_MAX_ENTRIES; s > 0; s--) freeSlots_.push_back(s - 1);
  return true;
}

int64_t KernelForward::add(KernelRoute* route, std::string* reason) {
  bool isAttached = false;
  for (int index : linkIfindexes_) isAttached = isAttached || index == route->ingressIfindex;
  if (!isAttached) {
    int fd = bpf_link_create(progFd_, route->ingressIfindex,
                             static_cast<enum bpf_attach_type>(kAttachTcxIngress), nullptr);
    if (fd < 0) {
      *reason = "cannot attach at tcx ingress of interface " +
                std::to_string(route->ingressIfindex) + " (" + errnoText(errno) +
                "; tcx needs Linux 6.6 or later)";
      return -1;
    }
    links_.push_back(fd);
    linkIfindexes_.push_back(route->ingressIfindex);
  }
  if (freeSlots_.empty()) {
    *reason = "all " + std::to_string(RELAY_KERN_MAX_ENTRIES) + " kernel entries are in use";
    return -1;
  }
  uint32_t slot = freeSlots_.back();
  std::memset(&counters_[slot], 0, sizeof counters_[slot]);
  route->fwd.slot = slot;
  if (bpf_map_update_elem(fwdFd_, &route->key, &route->fwd, BPF_ANY) != 0) {
    *reason = "cannot insert the kernel entry (" + errnoText(errno) + ")";
    return -1;
  }
  freeSlots_.pop_back();
  used_++;
  return slot;
}

KernelCounts KernelForward::remove(const KernelRoute& route) {
  bpf_map_delete_elem(fwdFd_, &route.key);
  KernelCounts c = counts(route.fwd.slot);
  freeSlots_.push_back(route.fwd.slot);
  used_--;
  return c;
}

bool KernelForward::testRun(const std::vector<uint8_t>& in, uint32_t repeat, int32_t* verdict,
                            std::vector<uint8_t>* out, uint32_t* durationNs,
                            std::string* reason) {
  out->assign(in.size() + 256, 0);
  bpf_test_run_opts opts{};
  opts.sz = sizeof opts;
  opts.data_in = in.data();
  opts.data_size_in = static_cast<uint32_t>(in.size());
  opts.data_out = out->data();
  opts.data_size_out = static_cast<uint32_t>(out->size());
  opts.repeat = static_cast<int>(repeat < 1 ? 1 : repeat);
  if (bpf_prog_test_run_opts(progFd_, &opts) != 0) {
    *reason = "BPF_PROG_TEST_RUN failed (" + errnoText(errno) + ")";
    return false;
  }
  out->resize(opts.data_size_out);
  *verdict = static_cast<int32_t>(opts.retval);
  *durationNs = opts.duration;
  return true;
}

std::vector<uint32_t> KernelForward::linkIds() const {
  std::vector<uint32_t> ids;
  for (int fd : links_) {
    bpf_link_info info{};
    uint32_t len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0) ids.push_back(info.id);
  }
  return ids;
}

#else  // built without libbpf or clang

KernelForward::~KernelForward() = default;

bool KernelForward::open(const std::string&, std::string* reason) {
  *reason = "the addon was built without BPF support (clang or libbpf-dev missing at build time)";
  return false;
}

int64_t KernelForward::add(KernelRoute*, std::string* reason) {
  *reason = "no BPF support";
  return -1;
}

KernelCounts KernelForward::remove(const KernelRoute&) { return {}; }

bool KernelForward::testRun(const std::vector<uint8_t>&, uint32_t, int32_t*,
                            std::vector<uint8_t>*, uint32_t*, std::string* reason) {
  *reason = "no BPF support";
  return false;
}

std::vector<uint32_t> KernelForward::linkIds() const { return {}; }

#endif

}  // namespace relay

// Loader and map manager of the tc ingress program (relay-kern.bpf.c): one
// instance per shard, owning the BPF object, its tcx links (one per
// interface, held by file descriptors so a dead process leaves nothing
// attached) and the slots of the mmapped counter array. Built without
// libbpf (RELAY_KERNEL undefined), open() fails with the reason and the
// shard relays in user space only.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <vector>

#include "relay-kern.h"

namespace relay {

// What the shard wants for one leg: the key and the rewrite.
struct KernelRoute {
  relay_kern_key key{};
  relay_kern_fwd fwd{};
  uint32_t target = 0;  // the peer leg the packets leave through
  int ingressIfindex = 0;

  bool same(const KernelRoute& o) const;
};

// Final counters of a removed entry.
struct KernelCounts {
  uint64_t packets = 0;
  uint64_t bytes = 0;
  // The newest packet sent (when packets > 0): CLOCK_MONOTONIC ns, its
  // sequence number and timestamp as sent.
  uint64_t lastNs = 0;
  uint16_t lastSeq = 0;
  uint32_t lastTs = 0;
};

class KernelForward {
 public:
  KernelForward() = default;
  ~KernelForward();
  KernelForward(const KernelForward&) = delete;
  KernelForward& operator=(const KernelForward&) = delete;

  // Opens and loads the BPF object at objPath and maps the counters; false
  // with reason filled (no BPF support built, no permission, no verifier
  // approval, no file).
  bool open(const std::string& objPath, std::string* reason);
  // Fills the interface-dependent parts of a route (the ingress interface
  // of key.addr; whether fwd.dst_addr is of this host, else the egress
  // interface towards it); false with reason when none fits.
  static bool resolve(KernelRoute* route, std::string* reason);
  // Attaches on the route's ingress interface (once per interface) and
  // inserts the entry; returns its counter slot, or -1 with reason.
  int64_t add(KernelRoute* route, std::string* reason);
  // Deletes the entry and frees its slot; returns its final counters.
  KernelCounts remove(const KernelRoute& route);
  // Live counters of a slot (read from the mmapped array, no system call).
  KernelCounts counts(uint32_t slot) const;
  uint64_t lastNs(uint32_t slot) const;
  // Runs the program `repeat` times on a packet (BPF_PROG_TEST_RUN), for
  // tests and benchmarks: the verdict, the packet as the program left it,
  // and the mean time per run in ns.
  bool testRun(const std::vector<uint8_t>& in, uint32_t repeat, int32_t* verdict,
               std::vector<uint8_t>* out, uint32_t* durationNs, std::string* reason);
  // Kernel ids of the tcx links, for tools such as `bpftool link show`.
  std::vector<uint32_t> linkIds() const;
  size_t entries() const { return used_; }

 private:
  void* obj_ = nullptr;  // struct bpf_object*
  int progFd_ = -1;
  int fwdFd_ = -1;
  int countersFd_ = -1;
  relay_kern_counters* counters_ = nullptr;
  size_t countersBytes_ = 0;
  std::vector<int> links_;
  std::vector<int> linkIfindexes_;
  std::vector<uint32_t> freeSlots_;
  size_t used_ = 0;
};

}  // namespace relay

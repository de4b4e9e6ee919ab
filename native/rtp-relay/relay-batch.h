// The batch buffers of a shard thread, shared by relay-shard.cc (which
// owns the loop) and relay-forward.cc (the per-packet path).
#pragma once

#include <sys/socket.h>

#include <cstdint>

#include "relay-shard.h"

namespace relay {

// Packets read per recvmmsg call; more than one 20 ms burst of one socket.
constexpr int kBatch = 64;
// Room for any packet on a 1500-byte MTU; longer ones count as malformed.
constexpr size_t kBufBytes = 2048;

struct Batch {
  mmsghdr in[kBatch];
  iovec inIov[kBatch];
  sockaddr_storage from[kBatch];
  uint8_t buf[kBatch][kBufBytes];
  mmsghdr out[kBatch];
  iovec outIov[kBatch];
  int outFd[kBatch];
  Leg* outLeg[kBatch];
  bool outIsRtcp[kBatch];
  int outCount = 0;
};

// Only the shard thread touches its batch.
extern thread_local Batch* tBatch;

}  // namespace relay

// One leg's outgoing RTP as one stream, as OutgoingStream does it in
// TypeScript (media/media-server/outgoing-stream.ts, Asterisk's
// `constantssrc`): whatever source the leg relays, the far end sees one
// SSRC, sequence numbers that go on one by one and timestamps that go on
// with the time that passed (RFC 3550 §5.1, §8.2). The state moves with the
// leg between JavaScript and the shard (and its kernel entries), so a call
// that had music on hold or a prompt can be relayed natively again.
#pragma once

#include <time.h>

#include <cstdint>

namespace relay {

// Fields of the stream as the addon passes it to and from JavaScript, in
// this order, times relative to now (the two sides have different clocks).
enum StreamField {
  kStreamStarted,
  kStreamSsrc,
  kStreamSource,
  kStreamSeqOffset,
  kStreamTsOffset,
  kStreamLastSeq,
  kStreamLastTs,
  kStreamSentAgoMs,
  kStreamStepTicks,
  kStreamClockRate,
  kStreamTelephoneEventPt,
  kStreamSwitches,
  kStreamFieldCount
};

inline int64_t streamClockMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

struct OutStream {
  bool started = false;
  uint32_t ssrc = 0;    // what the far end sees
  uint32_t source = 0;  // the SSRC of the source relayed now
  uint16_t seqOffset = 0;
  uint32_t tsOffset = 0;
  int32_t lastSeq = -1;  // newest sequence number sent, -1 before any
  uint32_t lastTs = 0;
  int64_t lastSentMs = 0;
  uint32_t stepTicks = 160;
  uint32_t clockRate = 8000;
  int telephoneEventPt = -1;  // RFC 4733 events keep their own marker bit
  uint32_t switches = 0;
  bool isResyncPending = false;

  // Packets of `sourceSsrc` leave unchanged.
  bool isIdentity() const { return ssrc == source && seqOffset == 0 && tsOffset == 0; }

  // Rewrites the RTP header at p (12 bytes or more) in place; true when the
  // stream started or switched source, so kernel entries must follow.
  bool map(uint8_t* p, int64_t nowMs) {
    uint32_t pktSsrc = be32(p + 8);
    uint16_t seq = static_cast<uint16_t>(p[2] << 8 | p[3]);
    uint32_t ts = be32(p + 4);
    bool isChanged = false;
    bool isMarker = false;
    // Nothing sent yet (a stream started on the latched source counts as
    // not sent): the first packet's source is taken as it is.
    if (!started || lastSeq < 0) {
      isChanged = !started || pktSsrc != source;
      started = true;
      ssrc = source = pktSsrc;
      seqOffset = 0;
      tsOffset = 0;
    } else if (pktSsrc != source) {
      switchTo(pktSsrc, seq, ts, nowMs);
      isChanged = true;
      isMarker = true;
    }
    uint16_t outSeq = static_cast<uint16_t>(seq + seqOffset);
    uint32_t outTs = ts + tsOffset;
    remember(outSeq, outTs, nowMs);
    if (seqOffset != 0 || tsOffset != 0) {
      p[2] = static_cast<uint8_t>(outSeq >> 8);
      p[3] = static_cast<uint8_t>(outSeq);
      putBe32(p + 4, outTs);
    }
    if (pktSsrc != ssrc) putBe32(p + 8, ssrc);
    // A new source starts a talkspurt (RFC 3551 §4.1); not on events.
    if (isMarker && (p[1] & 0x7f) != telephoneEventPt) p[1] |= 0x80;
    return isChanged;
  }

  // A relayed RTCP SR or RR from the current source describes the stream
  // the far end receives (RFC 3550 §6.4.1: sender SSRC at 4, the SR's RTP
  // timestamp at 16); reports of other sources pass as they are.
  void mapRtcp(uint8_t* p, uint32_t len) const {
    if (!started || len < 8 || (p[1] != 200 && p[1] != 201)) return;
    if (be32(p + 4) != source) return;
    putBe32(p + 4, ssrc);
    if (p[1] == 200 && len >= 20) putBe32(p + 16, be32(p + 16) + tsOffset);
  }

  // The report blocks of a relayed compound RTCP packet that are about
  // this stream, as its far end received it, describe the source's own
  // stream for the party that sends it (RFC 3550 §6.4.1): its SSRC and the
  // extended highest sequence number in its numbering.
  void unmapReportBlocks(uint8_t* p, uint32_t len) const {
    if (!started) return;
    uint32_t off = 0;
    while (off + 8 <= len) {
      uint8_t pt = p[off + 1];
      uint32_t count = p[off] & 0x1f;
      uint32_t end = off + (uint32_t{static_cast<uint16_t>(p[off + 2] << 8 | p[off + 3])} + 1) * 4;
      if (end > len) return;
      uint32_t block = pt == 200 ? off + 28 : pt == 201 ? off + 8 : end;
      for (uint32_t i = 0; i < count && block + 24 <= end; i++, block += 24) {
        if (be32(p + block) != ssrc) continue;
        putBe32(p + block, source);
        uint32_t ext = be32(p + block + 8);
        uint16_t seq = static_cast<uint16_t>(ext);
        uint16_t mapped = static_cast<uint16_t>(seq - seqOffset);
        uint32_t cycles = ext >> 16;
        if (mapped > seq && cycles > 0) cycles--;
        putBe32(p + block + 8, (cycles & 0xffff) << 16 | mapped);
      }
      off = end;
    }
  }

  // Someone else (the kernel entry) sent packets of this stream up to
  // seq/ts at nowMs; taken when it is newer than what we sent.
  void sentElsewhere(uint16_t seq, uint32_t ts, int64_t atMs) {
    if (!started) return;
    if (lastSeq >= 0) {
      uint16_t ahead = static_cast<uint16_t>(seq - static_cast<uint16_t>(lastSeq));
      if (ahead == 0 || ahead >= 0x8000) return;
    }
    lastSeq = seq;
    lastTs = ts;
    if (atMs > lastSentMs) lastSentMs = atMs;
  }

  void toArray(double* a) const {
    a[kStreamStarted] = started ? 1 : 0;
    a[kStreamSsrc] = ssrc;
    a[kStreamSource] = source;
    a[kStreamSeqOffset] = seqOffset;
    a[kStreamTsOffset] = tsOffset;
    a[kStreamLastSeq] = lastSeq;
    a[kStreamLastTs] = lastTs;
    a[kStreamSentAgoMs] = static_cast<double>(streamClockMs() - lastSentMs);
    a[kStreamStepTicks] = stepTicks;
    a[kStreamClockRate] = clockRate;
    a[kStreamTelephoneEventPt] = telephoneEventPt;
    a[kStreamSwitches] = switches;
  }

  static OutStream fromArray(const double* a) {
    OutStream s;
    s.started = a[kStreamStarted] != 0;
    s.ssrc = static_cast<uint32_t>(a[kStreamSsrc]);
    s.source = static_cast<uint32_t>(a[kStreamSource]);
    s.seqOffset = static_cast<uint16_t>(a[kStreamSeqOffset]);
    s.tsOffset = static_cast<uint32_t>(a[kStreamTsOffset]);
    s.lastSeq = a[kStreamLastSeq] < 0 ? -1 : static_cast<int32_t>(a[kStreamLastSeq]) & 0xffff;
    s.lastTs = static_cast<uint32_t>(a[kStreamLastTs]);
    s.lastSentMs = streamClockMs() - static_cast<int64_t>(a[kStreamSentAgoMs]);
    s.stepTicks = a[kStreamStepTicks] > 0 ? static_cast<uint32_t>(a[kStreamStepTicks]) : 160;
    s.clockRate = a[kStreamClockRate] > 0 ? static_cast<uint32_t>(a[kStreamClockRate]) : 8000;
    s.telephoneEventPt = static_cast<int>(a[kStreamTelephoneEventPt]);
    s.switches = static_cast<uint32_t>(a[kStreamSwitches]);
    return s;
  }

  static uint32_t be32(const uint8_t* p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
  }

  static void putBe32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
  }

 private:
  // The new source goes on at the next sequence number and a timestamp as
  // far on as the time that passed, in whole frames (at least one).
  void switchTo(uint32_t pktSsrc, uint16_t seq, uint32_t ts, int64_t nowMs) {
    source = pktSsrc;
    switches++;
    double stepMs = stepTicks * 1000.0 / clockRate;
    int64_t frames = static_cast<int64_t>((nowMs - lastSentMs) / stepMs + 0.5);
    if (frames < 1) frames = 1;
    uint16_t nextSeq = static_cast<uint16_t>(lastSeq + 1);
    uint32_t nextTs = lastTs + static_cast<uint32_t>(frames) * stepTicks;
    seqOffset = static_cast<uint16_t>(nextSeq - seq);
    tsOffset = nextTs - ts;
    isResyncPending = true;
  }

  // Keeps the newest packet sent and learns the frame step from neighbours.
  void remember(uint16_t outSeq, uint32_t outTs, int64_t nowMs) {
    uint16_t ahead = static_cast<uint16_t>(outSeq - static_cast<uint16_t>(lastSeq));
    if (isResyncPending || lastSeq < 0) {
      isResyncPending = false;
    } else if (ahead == 0 || ahead >= 0x8000) {
      return;  // reordered or repeated: the newest stays the reference
    } else if (ahead == 1) {
      uint32_t step = outTs - lastTs;
      if (step > 0 && step < clockRate) stepTicks = step;
    }
    lastSeq = outSeq;
    lastTs = outTs;
    lastSentMs = nowMs;
  }
};

}  // namespace relay

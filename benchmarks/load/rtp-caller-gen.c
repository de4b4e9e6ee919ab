/*
 * RTP callers for benchmarks/load/queue-ivr-load.ts.
 *
 * It is the media side of N SIPp callers: socket i is bound to
 * <ip>:<firstPort + 2i>, the port caller i offers in its SDP. Each socket
 * counts the RTP the switch sends it and, once the first packet shows where
 * the switch's leg is (symmetric RTP), sends 172-byte PCMU silence packets
 * back every 20 ms on an absolute timeline, until the switch has sent
 * nothing for 5 s (the call is over). Loss is counted from the
 * extended highest sequence number (RFC 3550 A.3); gaps of more than 60 ms
 * between two arrivals are counted as well (a stall, or an IVR waiting). In
 * C, not Node, so that the callers take a small share of the two cores and
 * the measurement is of the switch. It stops by itself after durationMs.
 *
 * Usage: rtp-caller-gen <ip> <firstPort> <count> <durationMs>
 * Prints one JSON line: an array with one object per caller.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PKT_SIZE 172
#define PTIME_NS 20000000LL
#define GAP_NS 60000000LL
/* Silence from the switch this long means the call is over: stop sending. */
#define HUNG_UP_NS 5000000000LL

typedef struct {
  int fd;
  int has_remote;
  struct sockaddr_in remote;
  long received;
  long sent;
  long base_seq;
  long max_ext_seq;
  int64_t first_ns;
  int64_t last_ns;
  long gaps;
  int64_t gap_ns;
} caller_t;

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void on_packet(caller_t *c, const uint8_t *p, ssize_t n, struct sockaddr_in *from) {
  if (n < 12 || (p[0] >> 6) != 2) return;
  int64_t t = now_ns();
  if (!c->has_remote) {
    c->remote = *from;
    c->has_remote = 1;
  }
  c->received++;
  if (c->first_ns == 0) c->first_ns = t;
  if (c->last_ns != 0 && t - c->last_ns > GAP_NS) {
    c->gaps++;
    c->gap_ns += t - c->last_ns;
  }
  c->last_ns = t;
  long seq = (p[2] << 8) | p[3];
  if (c->base_seq < 0) {
    c->base_seq = seq;
    c->max_ext_seq = seq;
    return;
  }
  /* Extend the 16-bit number around the highest one seen. */
  long ext = (c->max_ext_seq & ~0xffffL) | seq;
  if (ext < c->max_ext_seq - 0x8000) ext += 0x10000;
  else if (ext > c->max_ext_seq + 0x8000) ext -= 0x10000;
  if (ext > c->max_ext_seq) c->max_ext_seq = ext;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s ip firstPort count durationMs\n", argv[0]);
    return 2;
  }
  const char *ip = argv[1];
  int first_port = atoi(argv[2]);
  int count = atoi(argv[3]);
  int64_t end_ns = now_ns() + (int64_t)atol(argv[4]) * 1000000LL;
  caller_t *callers = calloc((size_t)count, sizeof *callers);
  int ep = epoll_create1(0);
  for (int i = 0; i < count; i++) {
    caller_t *c = &callers[i];
    c->base_seq = -1;
    c->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(first_port + 2 * i)};
    inet_pton(AF_INET, ip, &sa.sin_addr);
    if (bind(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
      perror("bind");
      return 2;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
  }
  fprintf(stderr, "rtp-caller-gen: %d callers ready\n", count);
  uint8_t out[PKT_SIZE];
  memset(out, 0xff, sizeof out);
  out[0] = 0x80;
  out[1] = 0;
  uint8_t in[2048];
  struct epoll_event events[256];
  uint16_t seq = 0;
  int64_t next_ns = now_ns() + PTIME_NS;
  for (;;) {
    int64_t t = now_ns();
    if (t >= end_ns) break;
    if (t >= next_ns) {
      seq++;
      out[2] = (uint8_t)(seq >> 8);
      out[3] = (uint8_t)seq;
      uint32_t ts = (uint32_t)seq * 160u;
      out[4] = (uint8_t)(ts >> 24);
      out[5] = (uint8_t)(ts >> 16);
      out[6] = (uint8_t)(ts >> 8);
      out[7] = (uint8_t)ts;
      for (int i = 0; i < count; i++) {
        caller_t *c = &callers[i];
        if (!c->has_remote || t - c->last_ns > HUNG_UP_NS) continue;
        uint32_t ssrc = 0x5e000000u + (uint32_t)i;
        out[8] = (uint8_t)(ssrc >> 24);
        out[9] = (uint8_t)(ssrc >> 16);
        out[10] = (uint8_t)(ssrc >> 8);
        out[11] = (uint8_t)ssrc;
        if (sendto(c->fd, out, sizeof out, 0, (struct sockaddr *)&c->remote, sizeof c->remote) ==
            PKT_SIZE) {
          c->sent++;
        }
      }
      next_ns += PTIME_NS;
      /* After a long stall, move the timeline on rather than burst. */
      if (now_ns() - next_ns > 5 * PTIME_NS) next_ns = now_ns() + PTIME_NS;
    }
    int wait_ms = (int)((next_ns - now_ns()) / 1000000LL);
    if (wait_ms < 0) wait_ms = 0;
    int n = epoll_wait(ep, events, 256, wait_ms);
    for (int k = 0; k < n; k++) {
      caller_t *c = &callers[events[k].data.u32];
      for (;;) {
        struct sockaddr_in from;
        socklen_t len = sizeof from;
        ssize_t got = recvfrom(c->fd, in, sizeof in, 0, (struct sockaddr *)&from, &len);
        if (got < 0) break;
        on_packet(c, in, got, &from);
      }
    }
  }
  printf("[");
  for (int i = 0; i < count; i++) {
    caller_t *c = &callers[i];
    long expected = c->base_seq < 0 ? 0 : c->max_ext_seq - c->base_seq + 1;
    printf("%s{\"port\":%d,\"received\":%ld,\"expectedBySeq\":%ld,\"sent\":%ld,"
           "\"listenedMs\":%.1f,\"gaps\":%ld,\"gapMs\":%.1f}",
           i == 0 ? "" : ",", first_port + 2 * i, c->received, expected, c->sent,
           c->first_ns == 0 ? 0.0 : (double)(c->last_ns - c->first_ns) / 1e6, c->gaps,
           (double)c->gap_ns / 1e6);
  }
  printf("]\n");
  return 0;
}

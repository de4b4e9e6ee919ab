/*
 * RTP load generator for benchmarks/load/rtp-relay-load.ts.
 *
 * It plays the two phones of N anchored G.711 calls: every call has an
 * A->B stream and a B->A stream of 172-byte RTP packets (12-byte header and
 * 160 bytes of PCMU), 50 packets/s each, sent to the relay's leg A and leg B
 * ports. All A-side phones share one socket and all B-side phones another,
 * and the packets go out with sendmmsg() and come back with recvmmsg(), so
 * the generator spends a small fraction of the CPU the relay needs and the
 * measurement is of the relay, not of the generator. Streams are told
 * apart by SSRC. It stops by itself after warmup + duration + drain.
 *
 * Usage: rtp-load-gen <relayIp> <portsFile> <aIp> <aPort> <bIp> <bPort>
 *                     <warmupMs> <durationMs> <drainMs> [direct]
 * portsFile holds one "legAPort legBPort" pair per line. With "direct" the
 * phones talk straight to each other (A-side streams to bIp:bPort, B-side
 * to aIp:aPort), the no-relay baseline of the kernel forwarding benchmark.
 * Prints one JSON line on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PKT_SIZE 172
#define PTIME_NS 20000000LL
#define BATCH 256

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_socket(const char *ip, int port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int size = 4 * 1024 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, ip, &sa.sin_addr);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    perror("bind");
    exit(2);
  }
  return fd;
}

typedef struct {
  int fd;
  struct sockaddr_in dest;
  uint32_t ssrc;
  uint32_t seq;
} stream_t;

static uint64_t *received;
static uint64_t received_total, sent_measured, send_errors, foreign;
static uint32_t stream_count, warmup_packets;

static void drain(int fd) {
  static struct mmsghdr msgs[BATCH];
  static struct iovec iovs[BATCH];
  static uint8_t bufs[BATCH][256];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iovs[i].iov_base = bufs[i];
      iovs[i].iov_len = sizeof bufs[i];
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iovs[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    for (int i = 0; i < n; i++) {
      uint8_t *p = bufs[i];
      if (msgs[i].msg_len < 12) {
        foreign++;
        continue;
      }
      uint32_t ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
      uint32_t ts = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
      if (ssrc == 0 || ssrc > stream_count) {
        foreign++;
        continue;
      }
      /* The timestamp counts packets (160 per packet) without 16-bit wrap. */
      if (ts / 160 >= warmup_packets) {
        received[ssrc - 1]++;
        received_total++;
      }
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 10 && !(argc == 11 && strcmp(argv[10], "direct") == 0)) {
    fprintf(stderr,
            "usage: %s relayIp portsFile aIp aPort bIp bPort warmupMs durationMs drainMs [direct]\n",
            argv[0]);
    return 2;
  }
  int is_direct = argc == 11;
  const char *relay_ip = argv[1];
  FILE *f = fopen(argv[2], "r");
  if (f == NULL) {
    perror("portsFile");
    return 2;
  }
  int fd_a = open_socket(argv[3], atoi(argv[4]));
  int fd_b = open_socket(argv[5], atoi(argv[6]));
  int64_t warmup_ns = atoll(argv[7]) * 1000000LL;
  int64_t duration_ns = atoll(argv[8]) * 1000000LL;
  int64_t drain_ns = atoll(argv[9]) * 1000000LL;
  warmup_packets = (uint32_t)(warmup_ns / PTIME_NS);

  size_t cap = 1024;
  stream_t *streams = malloc(cap * sizeof *streams);
  int pa, pb;
  while (fscanf(f, "%d %d", &pa, &pb) == 2) {
    if (stream_count + 2 > cap) {
      cap *= 2;
      streams = realloc(streams, cap * sizeof *streams);
    }
    for (int side = 0; side < 2; side++) {
      stream_t *s = &streams[stream_count];
      memset(s, 0, sizeof *s);
      s->fd = side == 0 ? fd_a : fd_b;
      s->dest.sin_family = AF_INET;
      if (is_direct) {
        s->dest.sin_port = htons(atoi(side == 0 ? argv[6] : argv[4]));
        inet_pton(AF_INET, side == 0 ? argv[5] : argv[3], &s->dest.sin_addr);
      } else {
        s->dest.sin_port = htons(side == 0 ? pa : pb);
        inet_pton(AF_INET, relay_ip, &s->dest.sin_addr);
      }
      s->ssrc = ++stream_count;
    }
  }
  fclose(f);
  received = calloc(stream_count, sizeof *received);

  /*
   * Stream k is due at start + phase(k) + n * 20 ms, the phases spread
   * evenly over the 20 ms so the load is smooth, as from many phones.
   */
  int64_t start = now_ns() + 50000000LL;
  int64_t stop_send = start + warmup_ns + duration_ns;
  int64_t stop_all = stop_send + drain_ns;
  static struct mmsghdr msgs[BATCH];
  static struct iovec iovs[BATCH];
  static uint8_t pkts[BATCH][PKT_SIZE];
  uint64_t sent_total = 0;
  uint32_t next = 0;          /* next stream to send in the current round */
  int64_t round_start = start; /* start of the current 20 ms round */
  uint32_t round = 0;
  for (;;) {
    int64_t t = now_ns();
    if (t >= stop_all) break;
    while (t < stop_send && t >= round_start) {
      int64_t elapsed = t - round_start;
      uint32_t due = elapsed >= PTIME_NS ? stream_count
                                         : (uint32_t)((elapsed * stream_count) / PTIME_NS) + 1;
      if (due > stream_count) due = stream_count;
      while (next < due) {
        /* Batch consecutive streams that share a socket. */
        int n = 0;
        int fd = streams[next].fd;
        while (next < due && n < BATCH && streams[next].fd == fd) {
          stream_t *s = &streams[next];
          uint8_t *p = pkts[n];
          uint32_t ts = round * 160;
          p[0] = 0x80;
          p[1] = 0;
          p[2] = (uint8_t)(s->seq >> 8);
          p[3] = (uint8_t)s->seq;
          p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
          p[8] = s->ssrc >> 24; p[9] = s->ssrc >> 16; p[10] = s->ssrc >> 8; p[11] = s->ssrc;
          memset(p + 12, 0xff, PKT_SIZE - 12);
          s->seq = (s->seq + 1) & 0xffff;
          iovs[n].iov_base = p;
          iovs[n].iov_len = PKT_SIZE;
          memset(&msgs[n].msg_hdr, 0, sizeof msgs[n].msg_hdr);
          msgs[n].msg_hdr.msg_name = &s->dest;
          msgs[n].msg_hdr.msg_namelen = sizeof s->dest;
          msgs[n].msg_hdr.msg_iov = &iovs[n];
          msgs[n].msg_hdr.msg_iovlen = 1;
          n++;
          next++;
        }
        int done = 0;
        while (done < n) {
          int r = sendmmsg(fd, msgs + done, n - done, 0);
          if (r <= 0) {
            if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR) {
              drain(fd_a);
              drain(fd_b);
              continue;
            }
            send_errors += n - done;
            break;
          }
          done += r;
        }
        sent_total += n;
        if (round >= warmup_packets) sent_measured += n;
      }
      if (next >= stream_count) {
        next = 0;
        round++;
        round_start += PTIME_NS;
      } else {
        break;
      }
    }
    drain(fd_a);
    drain(fd_b);
    struct timespec sl = {0, 200000};
    nanosleep(&sl, NULL);
  }
  drain(fd_a);
  drain(fd_b);

  uint64_t worst = 0;
  uint32_t measured_rounds = round > warmup_packets ? round - warmup_packets : 0;
  for (uint32_t i = 0; i < stream_count; i++) {
    uint64_t lost = measured_rounds > received[i] ? measured_rounds - received[i] : 0;
    if (lost > worst) worst = lost;
  }
  double loss = sent_measured == 0 ? 0
                : 100.0 * (double)(sent_measured > received_total ? sent_measured - received_total : 0) /
                      (double)sent_measured;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu_ms = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 +
                  ru.ru_stime.tv_usec / 1e3;
  printf("{\"generatorCpuMs\":%.0f,\"streams\":%u,\"sentTotal\":%llu,\"sentMeasured\":%llu,\"receivedMeasured\":%llu,"
         "\"lossPercent\":%.4f,\"worstStreamLost\":%llu,\"sendErrors\":%llu,\"foreign\":%llu}\n",
         cpu_ms, stream_count, (unsigned long long)sent_total, (unsigned long long)sent_measured,
         (unsigned long long)received_total, loss, (unsigned long long)worst,
         (unsigned long long)send_errors, (unsigned long long)foreign);
  return 0;
}

/*
 * RTP load generator for benchmarks/load/rtp-relay-load.ts.
 *
 * It plays the two phones of N anchored G.711 calls: every call has an
 * A->B stream and a B->A stream of 172-byte RTP packets (12-byte header and
 * 160 bytes of PCMU), 50 packets/s each, sent to the relay's leg A and leg B
 * ports. The packets go out with sendmmsg() and come back with recvmmsg().
 * Streams are told apart by SSRC. It stops by itself after warmup +
 * duration + drain.
 *
 * With threads=T the calls are split over T pthreads: call i (line i of
 * portsFile, from 0) belongs to thread i % T, whose A-side phones share one
 * socket on aIp:(aPort + i % T) and whose B-side phones one on
 * bIp:(bPort + i % T). Each thread has its own send schedule, receive loop
 * and per-stream counters; they are merged at the end. One thread used a
 * whole core at 1,250 calls on loopback (about 5.8 us per packet sent and
 * received), which capped the end-to-end search of D43. No thread is
 * pinned.
 *
 * Usage: rtp-load-gen <relayIp> <portsFile> <aIp> <aPort> <bIp> <bPort>
 *                     <warmupMs> <durationMs> <drainMs> [direct] [threads=T]
 * portsFile holds one "legAPort legBPort" pair per line. With "direct" the
 * phones talk straight to each other (A-side streams to bIp:bPort + t,
 * B-side to aIp:aPort + t), the no-relay baseline of the kernel forwarding
 * benchmark. Prints one JSON line on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
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
#define MAX_THREADS 64

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The phones' buffers are not what is measured: 32 MiB (SO_RCVBUFFORCE, as
 * root) holds about 0.5 s of one thread's 1,000 calls, so a generator thread
 * that the scheduler of a shared machine holds off for a while loses
 * nothing by it. Without the privilege, 4 MiB (net.core.rmem_max here).
 */
static void set_buffer(int fd, int force_opt, int opt) {
  int size = 32 * 1024 * 1024;
  if (setsockopt(fd, SOL_SOCKET, force_opt, &size, sizeof size) != 0) {
    size = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, opt, &size, sizeof size);
  }
}

static int open_socket(const char *ip, int port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF);
  set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, ip, &sa.sin_addr);
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    fprintf(stderr, "bind %s:%d: %s\n", ip, port, strerror(errno));
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

/* Settings every thread reads and nobody writes once the threads run. */
static uint32_t stream_count, warmup_packets, thread_count;
static int64_t start, stop_send, stop_all;

typedef struct {
  uint32_t index;
  int fd_a, fd_b;
  stream_t *streams; /* this thread's streams, in call order, A then B */
  uint32_t count;
  /* Counters of this thread; received is indexed by SSRC - 1 (all streams). */
  uint64_t *received;
  uint64_t received_total, sent_total, sent_measured, send_errors, foreign, misrouted;
  uint32_t rounds;
  /* Send and receive have their own vectors: drain() runs mid-send. */
  struct mmsghdr msgs[BATCH], rmsgs[BATCH];
  struct iovec iovs[BATCH], riovs[BATCH];
  uint8_t bufs[BATCH][256];
  uint8_t pkts[BATCH][PKT_SIZE];
} worker_t;

/* Reads everything waiting on fd and counts it per stream. */
static void drain(worker_t *w, int fd) {
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      w->riovs[i].iov_base = w->bufs[i];
      w->riovs[i].iov_len = sizeof w->bufs[i];
      memset(&w->rmsgs[i].msg_hdr, 0, sizeof w->rmsgs[i].msg_hdr);
      w->rmsgs[i].msg_hdr.msg_iov = &w->riovs[i];
      w->rmsgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(fd, w->rmsgs, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    for (int i = 0; i < n; i++) {
      uint8_t *p = w->bufs[i];
      if (w->rmsgs[i].msg_len < 12) {
        w->foreign++;
        continue;
      }
      uint32_t ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
      uint32_t ts = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
      if (ssrc == 0 || ssrc > stream_count) {
        w->foreign++;
        continue;
      }
      /* Stream s belongs to call (s - 1) / 2, owned by thread call % T. */
      if (((ssrc - 1) / 2) % thread_count != w->index) w->misrouted++;
      /* The timestamp counts packets (160 per packet) without 16-bit wrap. */
      if (ts / 160 >= warmup_packets) {
        w->received[ssrc - 1]++;
        w->received_total++;
      }
    }
  }
}

/* Sends streams [next, due) of the current round, batched per socket. */
static void send_due(worker_t *w, uint32_t *next, uint32_t due, uint32_t round) {
  while (*next < due) {
    int n = 0;
    int fd = w->streams[*next].fd;
    while (*next < due && n < BATCH && w->streams[*next].fd == fd) {
      stream_t *s = &w->streams[*next];
      uint8_t *p = w->pkts[n];
      uint32_t ts = round * 160;
      p[0] = 0x80;
      p[1] = 0;
      p[2] = (uint8_t)(s->seq >> 8);
      p[3] = (uint8_t)s->seq;
      p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
      p[8] = s->ssrc >> 24; p[9] = s->ssrc >> 16; p[10] = s->ssrc >> 8; p[11] = s->ssrc;
      memset(p + 12, 0xff, PKT_SIZE - 12);
      s->seq = (s->seq + 1) & 0xffff;
      w->iovs[n].iov_base = p;
      w->iovs[n].iov_len = PKT_SIZE;
      memset(&w->msgs[n].msg_hdr, 0, sizeof w->msgs[n].msg_hdr);
      w->msgs[n].msg_hdr.msg_name = &s->dest;
      w->msgs[n].msg_hdr.msg_namelen = sizeof s->dest;
      w->msgs[n].msg_hdr.msg_iov = &w->iovs[n];
      w->msgs[n].msg_hdr.msg_iovlen = 1;
      n++;
      (*next)++;
    }
    int done = 0;
    while (done < n) {
      int r = sendmmsg(fd, w->msgs + done, n - done, 0);
      if (r <= 0) {
        if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR) {
          drain(w, w->fd_a);
          drain(w, w->fd_b);
          continue;
        }
        w->send_errors += n - done;
        break;
      }
      done += r;
    }
    w->sent_total += n;
    if (round >= warmup_packets) w->sent_measured += n;
  }
}

/*
 * Stream k of a thread is due at start + phase(k) + n * 20 ms, the phases
 * spread evenly over the 20 ms so the load is smooth, as from many phones.
 */
static void *run_worker(void *arg) {
  worker_t *w = arg;
  uint32_t next = 0;           /* next stream to send in the current round */
  int64_t round_start = start; /* start of the current 20 ms round */
  uint32_t round = 0;
  for (;;) {
    int64_t t = now_ns();
    if (t >= stop_all) break;
    while (w->count > 0 && t < stop_send && t >= round_start) {
      int64_t elapsed = t - round_start;
      uint32_t due = elapsed >= PTIME_NS ? w->count
                                         : (uint32_t)((elapsed * w->count) / PTIME_NS) + 1;
      if (due > w->count) due = w->count;
      send_due(w, &next, due, round);
      if (next >= w->count) {
        next = 0;
        round++;
        round_start += PTIME_NS;
      } else {
        break;
      }
    }
    drain(w, w->fd_a);
    drain(w, w->fd_b);
    struct timespec sl = {0, 200000};
    nanosleep(&sl, NULL);
  }
  drain(w, w->fd_a);
  drain(w, w->fd_b);
  w->rounds = round;
  return NULL;
}

int main(int argc, char **argv) {
  int is_direct = 0;
  thread_count = 1;
  int bad = argc < 10;
  for (int i = 10; i < argc && !bad; i++) {
    if (strcmp(argv[i], "direct") == 0) is_direct = 1;
    else if (strncmp(argv[i], "threads=", 8) == 0) thread_count = (uint32_t)atoi(argv[i] + 8);
    else bad = 1;
  }
  if (bad || thread_count < 1 || thread_count > MAX_THREADS) {
    fprintf(stderr,
            "usage: %s relayIp portsFile aIp aPort bIp bPort warmupMs durationMs drainMs "
            "[direct] [threads=1..%d]\n",
            argv[0], MAX_THREADS);
    return 2;
  }
  const char *relay_ip = argv[1];
  FILE *f = fopen(argv[2], "r");
  if (f == NULL) {
    perror("portsFile");
    return 2;
  }
  int a_port = atoi(argv[4]);
  int b_port = atoi(argv[6]);
  int64_t warmup_ns = atoll(argv[7]) * 1000000LL;
  int64_t duration_ns = atoll(argv[8]) * 1000000LL;
  int64_t drain_ns = atoll(argv[9]) * 1000000LL;
  warmup_packets = (uint32_t)(warmup_ns / PTIME_NS);

  size_t cap = 1024, calls = 0;
  int *ports = malloc(cap * 2 * sizeof *ports);
  int pa, pb;
  while (fscanf(f, "%d %d", &pa, &pb) == 2) {
    if (calls == cap) {
      cap *= 2;
      ports = realloc(ports, cap * 2 * sizeof *ports);
    }
    ports[calls * 2] = pa;
    ports[calls * 2 + 1] = pb;
    calls++;
  }
  fclose(f);
  stream_count = (uint32_t)(calls * 2);

  worker_t *workers = calloc(thread_count, sizeof *workers);
  for (uint32_t t = 0; t < thread_count; t++) {
    worker_t *w = &workers[t];
    w->index = t;
    w->fd_a = open_socket(argv[3], a_port + (int)t);
    w->fd_b = open_socket(argv[5], b_port + (int)t);
    w->streams = calloc(calls / thread_count * 2 + 2, sizeof *w->streams);
    w->received = calloc(stream_count, sizeof *w->received);
  }
  for (size_t i = 0; i < calls; i++) {
    worker_t *w = &workers[i % thread_count];
    int t = (int)(i % thread_count);
    for (int side = 0; side < 2; side++) {
      stream_t *s = &w->streams[w->count++];
      s->fd = side == 0 ? w->fd_a : w->fd_b;
      s->dest.sin_family = AF_INET;
      if (is_direct) {
        s->dest.sin_port = htons((side == 0 ? b_port : a_port) + t);
        inet_pton(AF_INET, side == 0 ? argv[5] : argv[3], &s->dest.sin_addr);
      } else {
        s->dest.sin_port = htons(ports[i * 2 + side]);
        inet_pton(AF_INET, relay_ip, &s->dest.sin_addr);
      }
      s->ssrc = (uint32_t)(i * 2 + side + 1);
    }
  }
  free(ports);

  start = now_ns() + 50000000LL;
  stop_send = start + warmup_ns + duration_ns;
  stop_all = stop_send + drain_ns;
  pthread_t tids[MAX_THREADS];
  for (uint32_t t = 0; t < thread_count; t++) {
    if (pthread_create(&tids[t], NULL, run_worker, &workers[t]) != 0) {
      perror("pthread_create");
      return 2;
    }
  }
  for (uint32_t t = 0; t < thread_count; t++) pthread_join(tids[t], NULL);

  /* Merge: a stream's expected count is its own thread's measured rounds. */
  uint64_t received_total = 0, sent_total = 0, sent_measured = 0, send_errors = 0;
  uint64_t foreign = 0, misrouted = 0, worst = 0;
  for (uint32_t t = 0; t < thread_count; t++) {
    worker_t *w = &workers[t];
    received_total += w->received_total;
    sent_total += w->sent_total;
    sent_measured += w->sent_measured;
    send_errors += w->send_errors;
    foreign += w->foreign;
    misrouted += w->misrouted;
  }
  for (uint32_t s = 0; s < stream_count; s++) {
    worker_t *owner = &workers[(s / 2) % thread_count];
    uint64_t got = 0;
    for (uint32_t t = 0; t < thread_count; t++) got += workers[t].received[s];
    uint32_t rounds = owner->rounds > warmup_packets ? owner->rounds - warmup_packets : 0;
    uint64_t lost = rounds > got ? rounds - got : 0;
    if (lost > worst) worst = lost;
  }
  double loss = sent_measured == 0 ? 0
                : 100.0 * (double)(sent_measured > received_total ? sent_measured - received_total : 0) /
                      (double)sent_measured;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu_ms = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 +
                  ru.ru_stime.tv_usec / 1e3;
  printf("{\"generatorCpuMs\":%.0f,\"threads\":%u,\"streams\":%u,\"sentTotal\":%llu,\"sentMeasured\":%llu,"
         "\"receivedMeasured\":%llu,\"lossPercent\":%.4f,\"worstStreamLost\":%llu,\"sendErrors\":%llu,"
         "\"foreign\":%llu,\"misrouted\":%llu}\n",
         cpu_ms, thread_count, stream_count, (unsigned long long)sent_total,
         (unsigned long long)sent_measured, (unsigned long long)received_total, loss,
         (unsigned long long)worst, (unsigned long long)send_errors, (unsigned long long)foreign,
         (unsigned long long)misrouted);
  return 0;
}

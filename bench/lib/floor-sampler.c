// The floor-sampler.ts of native code: the same reads and the same write a tick, in C, to show what a
// sampler pays when the runtime adds nothing (no event loop, no JIT, no heap). Not part of memprof: the
// bench compiles it with the machine's `cc` when there is one, and leaves its rows out when there is not.
// Usage: floor-sampler-c INTERVAL_SECONDS OUT.dat -- command...
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIDS 1024

static volatile sig_atomic_t child_ended = 0;

static void on_child(int sig) {
  (void)sig;
  child_ended = 1;
}

static double wall_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/** The root's children, as its shell has started them: the tree floor-sampler.ts samples too. */
static int find_pids(pid_t root, pid_t *pids) {
  char path[64], text[16384];
  snprintf(path, sizeof path, "/proc/%d/task/%d/children", root, root);
  int n = 0;
  pids[n++] = root;
  int fd = open(path, O_RDONLY);
  if (fd < 0) return n;
  ssize_t len = read(fd, text, sizeof text - 1);
  close(fd);
  text[len > 0 ? len : 0] = 0;
  for (char *word = strtok(text, " \n"); word && n < MAX_PIDS; word = strtok(NULL, " \n")) pids[n++] = atoi(word);
  return n;
}

static size_t tick(int loadavg, const int *statm, const pid_t *pids, int n, char *line, size_t size) {
  char buffer[256];
  pread(loadavg, buffer, sizeof buffer, 0);
  double now = wall_seconds(), total = 0;
  size_t used = 0;
  static char children[MAX_PIDS * 64];
  size_t child_used = 0;
  for (int i = 0; i < n; i++) {
    ssize_t got = pread(statm[i], buffer, sizeof buffer - 1, 0);
    if (got <= 0) continue;
    buffer[got] = 0;
    const char *resident = strchr(buffer, ' ');
    double mib = resident ? atol(resident + 1) * 4096.0 / 1048576 : 0;
    total += mib;
    if (i > 0)
      child_used += snprintf(children + child_used, sizeof children - child_used, "CHLD %d %.6f %.4f\n", pids[i], mib, now);
  }
  used = snprintf(line, size, "MEM %.6f %.4f\n", total, now);
  memcpy(line + used, children, child_used);
  return used + child_used;
}

int main(int argc, char **argv) {
  if (argc < 5) return 2;
  double interval = atof(argv[1]);
  signal(SIGCHLD, on_child);
  pid_t root = fork();
  if (root == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0), dup2(null, 1), dup2(null, 2);
    execvp(argv[4], argv + 4);
    _exit(127);
  }
  usleep(300000);  // the workload's shell has started its children by then
  static pid_t pids[MAX_PIDS];
  static int statm[MAX_PIDS];
  int n = find_pids(root, pids);
  for (int i = 0; i < n; i++) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", pids[i]);
    statm[i] = open(path, O_RDONLY);
  }
  int loadavg = open("/proc/loadavg", O_RDONLY);
  int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  static char line[MAX_PIDS * 64 + 64];
  struct timespec slot;
  clock_gettime(CLOCK_MONOTONIC, &slot);
  long step = (long)(interval * 1e9);
  while (!child_ended) {
    size_t len = tick(loadavg, statm, pids, n, line, sizeof line);
    if (write(out, line, len) < 0) return 1;
    slot.tv_nsec += step;
    slot.tv_sec += slot.tv_nsec / 1000000000;
    slot.tv_nsec %= 1000000000;
    while (!child_ended && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &slot, NULL) != 0) {
    }
  }
  return 0;
}

/*
 * drop-unsynced: an LD_PRELOAD shim that records what a power cut would keep.
 *
 * For every file under $PL_DIR, the content as of its last successful fsync()/fdatasync() is copied
 * to $PL_SHADOW/<name> (atomically: temp file + rename). Writes never synced have no shadow. After
 * the process is killed, power-cut.ts replaces each file in $PL_DIR by its shadow and deletes the
 * files that have none (e.g. SQLite's -shm, a WAL never synced): the state of the disk after a power
 * cut in which the page cache was lost. unlink() under $PL_DIR also removes the shadow.
 *
 * Simplifications (documented in docs/journal.md): a synced file survives even if its directory
 * entry was never synced; unsynced writes are all dropped (none partially kept).
 *
 * Build: cc -shared -fPIC -O2 -o drop-unsynced.so drop-unsynced.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_unlink)(const char *);

static const char *watched_dir(void) { return getenv("PL_DIR"); }

static int under_watched(const char *path, const char **name) {
  const char *dir = watched_dir();
  if (dir == NULL || getenv("PL_SHADOW") == NULL) return 0;
  size_t n = strlen(dir);
  if (strncmp(path, dir, n) != 0 || path[n] != '/') return 0;
  if (strchr(path + n + 1, '/') != NULL) return 0; /* files directly in the folder only */
  *name = path + n + 1;
  return 1;
}

static void shadow_path(char *out, size_t size, const char *name, const char *suffix) {
  snprintf(out, size, "%s/%s%s", getenv("PL_SHADOW"), name, suffix);
}

static void snapshot(int fd) {
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t len = readlink(link, path, sizeof path - 1);
  if (len <= 0) return;
  path[len] = '\0';
  const char *name;
  if (!under_watched(path, &name)) return;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  char tmp[PATH_MAX], dst[PATH_MAX];
  shadow_path(tmp, sizeof tmp, name, ".partial");
  shadow_path(dst, sizeof dst, name, "");
  int in = open(path, O_RDONLY | O_CLOEXEC);
  int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (in < 0 || out < 0) {
    fprintf(stderr, "drop-unsynced: cannot snapshot %s\n", path);
    abort(); /* a harness that silently stops recording would prove nothing */
  }
  char buf[65536];
  ssize_t r;
  while ((r = read(in, buf, sizeof buf)) > 0) {
    ssize_t off = 0;
    while (off < r) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w <= 0) abort();
      off += w;
    }
  }
  close(in);
  close(out);
  if (rename(tmp, dst) != 0) abort();
}

int fsync(int fd) {
  if (!real_fsync) real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  int rc = real_fsync(fd);
  if (rc == 0) {
    int saved = errno;
    snapshot(fd);
    errno = saved;
  }
  return rc;
}

int fdatasync(int fd) {
  if (!real_fdatasync) real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  int rc = real_fdatasync(fd);
  if (rc == 0) {
    int saved = errno;
    snapshot(fd);
    errno = saved;
  }
  return rc;
}

int unlink(const char *path) {
  if (!real_unlink) real_unlink = (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");
  int rc = real_unlink(path);
  const char *name;
  char abs[PATH_MAX];
  char full[PATH_MAX * 2];
  if (rc == 0 && realpath(".", abs) != NULL) {
    if (path[0] == '/') snprintf(full, sizeof full, "%s", path);
    else snprintf(full, sizeof full, "%s/%s", abs, path);
    if (under_watched(full, &name)) {
      char dst[PATH_MAX];
      shadow_path(dst, sizeof dst, name, "");
      real_unlink(dst);
    }
  }
  return rc;
}

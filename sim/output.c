/* output.c: all-or-nothing output folders (see output.h). */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "output.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int (*output_test_hook)(int step);

struct output {
    char final[4096];   /* OUTDIR as given, without trailing slashes */
    char parent[4096];
    char base[256];     /* last component of OUTDIR */
    char tmp[4400];     /* the private folder, once staged */
    int lockfd;         /* parent folder, flock'ed; -1 before staging */
    int staged;
    int step;
    sigset_t oldmask;
};

/* The record of what caseflow wrote into an output folder: one name a
 * line, written last into the private folder.  A folder is caseflow's to
 * replace only when every file in it is named there: a user's own
 * thesis.pdf beside the charts is never taken for a chart. */
#define MANIFEST ".caseflow-outputs"
#define MANIFEST_MAX (1 << 20)

/* Does dir hold a regular file named name with its extension (from the
 * last '.') replaced by ext? */
static int sibling(const char *dir, const char *name, const char *ext)
{
    const char *dot = strrchr(name, '.');
    char p[4400];
    struct stat st;
    snprintf(p, sizeof p, "%s/%.*s%s", dir, (int)(dot - name), name, ext);
    return !lstat(p, &st) && S_ISREG(st.st_mode);
}

/* A folder without the record, made by a caseflow before it: its files
 * are caseflow's by the names that caseflow wrote, but only in a folder
 * caseflow made, one holding its made.txt; in any other folder nothing is
 * taken for caseflow's (a user's thesis.pdf beside their own files was
 * deleted).  A chart is caseflow's only beside its alt text (NAME.png and
 * NAME.txt), and alt text only beside its chart: a user's thesis.pdf or
 * notes.txt put in such a folder is not taken for either. */
static int old_name(const char *dir, const char *name, int made)
{
    static const char *const files[] = { "series.csv", "summary.txt", "run.yaml", "difference.csv", "levels.csv",
                                         "headline.txt", "headline.csv", "validate.csv", "decision.csv", "compare.yaml",
                                         "scenario.yaml", "sensitivity.csv", "made.txt", "replications.bin", NULL };
    static const char *const charts[] = { ".png", ".svg", ".pdf", NULL };
    for (int i = 0; files[i]; i++)
        if (!strcmp(name, files[i])) return 1;
    if (!made) return 0;
    size_t n = strlen(name);
    if (!strncmp(name, "scenario-", 9) && n > 14 && !strcmp(name + n - 5, ".yaml")) return 1; /* a comparison's scenarios */
    static const char *const made_files[] = { "brief.pdf", "check.txt", "params.txt", "validate.txt", "sensitivity.txt", NULL };
    for (int i = 0; made_files[i]; i++)
        if (!strcmp(name, made_files[i])) return 1;
    static const char *const records[] = { "check-", "params-", NULL }; /* a comparison's record of each scenario */
    for (int i = 0; records[i]; i++)
        if (!strncmp(name, records[i], strlen(records[i])) && n > strlen(records[i]) + 4 && !strcmp(name + n - 4, ".txt")) return 1;
    if (n > 4 && !strcmp(name + n - 4, ".txt")) {
        for (int i = 0; charts[i]; i++)
            if (sibling(dir, name, charts[i])) return 1;
        return 0;
    }
    for (int i = 0; charts[i]; i++) {
        size_t k = strlen(charts[i]);
        if (n > k && !strcmp(name + n - k, charts[i])) return sibling(dir, name, ".txt");
    }
    return 0;
}

/* Is name a line of the record text m (n bytes)? */
static int listed(const char *m, size_t n, const char *name)
{
    size_t k = strlen(name);
    for (const char *p = m, *end = m + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len == k && !memcmp(p, name, k)) return 1;
        p += len + 1;
    }
    return 0;
}

/* Reads dir's record (NULL and *n = 0 if it has none or it cannot be read). */
static char *read_manifest(const char *dir, size_t *n)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/" MANIFEST, dir);
    *n = 0;
    FILE *f = fopen(p, "rb");
    if (!f) return NULL;
    char *m = malloc(MANIFEST_MAX);
    if (m) *n = fread(m, 1, MANIFEST_MAX, f);
    fclose(f);
    return m;
}

/* Writes the record of the private folder's files (sorted, so the same
 * outputs give the same record).  0 or -1. */
static int write_manifest(const output_t *o)
{
    struct dirent **names = NULL;
    int n = scandir(o->tmp, &names, NULL, alphasort);
    if (n < 0) return -1;
    char p[4500];
    snprintf(p, sizeof p, "%s/" MANIFEST, o->tmp);
    int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f && fd >= 0) close(fd);
    for (int i = 0; i < n; i++) {
        if (f && names[i]->d_name[0] != '.') fprintf(f, "%s\n", names[i]->d_name);
        free(names[i]);
    }
    free(names);
    if (!f) return -1;
    int rc = fflush(f) || ferror(f) ? -1 : 0;
    if (fclose(f)) rc = -1;
    return rc;
}

static int step(output_t *o)
{
    o->step++;
    return output_test_hook ? output_test_hook(o->step) : 0;
}

/* Creates dir and its parents. */
static int mkdirs(const char *dir, errlist_t *e)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) && errno != EEXIST) {
                errlist_add(e, buf, 0, 0, "cannot create folder: %s", strerror(errno));
                return -1;
            }
            *p = c;
            if (!c) return 0;
        }
    }
}

/* Checks OUTDIR holds only caseflow's files; 0, or -1 with a message. */
static int check_outdir(const output_t *o, errlist_t *e)
{
    struct stat st;
    if (lstat(o->final, &st)) {
        if (errno == ENOENT) return 0;
        errlist_add(e, o->final, 0, 0, "cannot use the output folder: %s", strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        errlist_add(e, o->final, 0, 0, "the output path is %s (expected a folder, or a path that does not exist yet)",
                    S_ISLNK(st.st_mode) ? "a symbolic link" : "not a folder");
        return -1;
    }
    DIR *d = opendir(o->final);
    if (!d) {
        errlist_add(e, o->final, 0, 0, "cannot read the output folder: %s", strerror(errno));
        return -1;
    }
    int rc = 0;
    size_t mn;
    char *m = read_manifest(o->final, &mn), made[4400];
    snprintf(made, sizeof made, "%s/made.txt", o->final);
    int by_caseflow = !m && !lstat(made, &st) && S_ISREG(st.st_mode);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", o->final, de->d_name);
        int ours = m ? !strcmp(de->d_name, MANIFEST) || listed(m, mn, de->d_name) : old_name(o->final, de->d_name, by_caseflow);
        if (!lstat(p, &st) && S_ISREG(st.st_mode) && ours) continue;
        errlist_add(e, o->final, 0, 0,
                    "the output folder holds '%.100s', which caseflow did not write (expected a new or empty folder, or one holding only the outputs caseflow lists in its %s: a run replaces its output folder whole%s)",
                    de->d_name, MANIFEST, m || by_caseflow ? "" : "; nor is this a folder an older caseflow made, with its made.txt");
        rc = -1;
        break;
    }
    closedir(d);
    free(m);
    return rc;
}

output_t *output_begin(const char *outdir, int *usage, errlist_t *e)
{
    *usage = 0;
    output_t *o = calloc(1, sizeof *o);
    if (!o) { errlist_add(e, NULL, 0, 0, "out of memory"); return NULL; }
    o->lockfd = -1;
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/') n--;
    const char *slash = memrchr(outdir, '/', n);
    size_t bl = slash ? n - (size_t)(slash + 1 - outdir) : n;
    /* room beside and under it for the private folder and the longest file
     * name caseflow writes (scenario-STEM.yaml, a stem of at most 200
     * characters): a path near 4,096 characters ran the whole simulation,
     * then failed with "File name too long" */
    if (n + 300 >= sizeof o->final) {
        errlist_add(e, NULL, 0, 0, "the output folder's path is %zu characters long (expected at most %zu, such as out/baseline)", n,
                    sizeof o->final - 301);
        *usage = 1;
        free(o);
        return NULL;
    }
    if (n == 0 || bl == 0 || bl >= sizeof o->base - 40) {
        errlist_add(e, outdir, 0, 0, "not a usable output folder name (expected a path such as out/baseline)");
        *usage = 1;
        free(o);
        return NULL;
    }
    memcpy(o->final, outdir, n);
    memcpy(o->base, slash ? slash + 1 : outdir, bl);
    if (!strcmp(o->base, ".") || !strcmp(o->base, "..")) {
        errlist_add(e, outdir, 0, 0, "not a usable output folder name (expected a folder of its own such as out/baseline, not '.' or '..')");
        *usage = 1;
        free(o);
        return NULL;
    }
    if (!slash) snprintf(o->parent, sizeof o->parent, ".");
    else if (slash == outdir) snprintf(o->parent, sizeof o->parent, "/");
    else snprintf(o->parent, sizeof o->parent, "%.*s", (int)(slash - outdir), outdir);
    if (check_outdir(o, e)) { *usage = 1; free(o); return NULL; }
    if (mkdirs(o->parent, e)) { free(o); return NULL; }
    return o;
}

void output_remove_flat(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
            char p[4700];
            snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* Removes private folders a killed writer of the same OUTDIR left behind
 * (we hold the lock, so no live writer owns one). */
static void sweep(const output_t *o)
{
    char prefix[300];
    snprintf(prefix, sizeof prefix, ".%s.caseflow-", o->base);
    DIR *d = opendir(o->parent);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strncmp(de->d_name, prefix, strlen(prefix))) continue;
        char p[4700];
        snprintf(p, sizeof p, "%s/%s", o->parent, de->d_name);
        output_remove_flat(p);
    }
    closedir(d);
}

const char *output_stage(output_t *o, errlist_t *e)
{
    o->lockfd = open(o->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->lockfd < 0 || flock(o->lockfd, LOCK_EX)) {
        errlist_add(e, o->parent, 0, 0, "cannot lock the folder to write into it: %s", strerror(errno));
        return NULL;
    }
    sigset_t hold;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigaddset(&hold, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &hold, &o->oldmask);
    o->staged = 1;
    sweep(o);
    /* another writer may have replaced OUTDIR since output_begin */
    if (check_outdir(o, e)) return NULL;
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.caseflow-XXXXXX", o->parent, o->base);
    if (!mkdtemp(o->tmp)) {
        errlist_add(e, o->parent, 0, 0, "cannot create a private folder to write into: %s", strerror(errno));
        o->tmp[0] = 0;
        return NULL;
    }
    return o->tmp;
}

int output_write(output_t *o, const char *name, int (*fn)(FILE *, const void *), const void *ctx,
                 errlist_t *e)
{
    char path[4700];
    snprintf(path, sizeof path, "%s/%s", o->tmp, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        if (fd >= 0) close(fd);
        errlist_add(e, name, 0, 0, "cannot write: %s", strerror(errno));
        return -1;
    }
    int rc = fn(f, ctx);
    if (fflush(f) || ferror(f)) rc = -1;
    int err = errno;
    if (fclose(f)) { rc = -1; err = errno; }
    if (!rc && step(o)) { rc = -1; err = ENOSPC; }
    if (rc) {
        errlist_add(e, name, 0, 0, "cannot write: %s", err ? strerror(err) : "write failed");
        return -1;
    }
    return 0;
}

static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (in < 0) return -1;
    struct stat st;
    if (fstat(in, &st) || !S_ISREG(st.st_mode)) { close(in); errno = EINVAL; return -1; }
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (out < 0) { close(in); return -1; }
    char buf[65536];
    ssize_t r;
    int rc = 0;
    while ((r = read(in, buf, sizeof buf)) != 0) {
        if (r < 0) { if (errno == EINTR) continue; rc = -1; break; }
        for (ssize_t off = 0; off < r;) {
            ssize_t w = write(out, buf + off, (size_t)(r - off));
            if (w < 0) { if (errno == EINTR) continue; rc = -1; break; }
            off += w;
        }
        if (rc) break;
    }
    int err = errno;
    if (close(out)) { rc = -1; err = errno; }
    close(in);
    errno = err;
    return rc;
}

int output_keep(output_t *o, const char *name, errlist_t *e)
{
    char from[4400], to[4700];
    snprintf(from, sizeof from, "%s/%s", o->final, name);
    snprintf(to, sizeof to, "%s/%s", o->tmp, name);
    if (copy_file(from, to) || step(o)) {
        errlist_add(e, from, 0, 0, "cannot keep a copy: %s", strerror(errno ? errno : ENOSPC));
        return -1;
    }
    return 0;
}

static int sync_path(const char *p, int dir)
{
    int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    errno = err;
    return rc;
}

/* Ends staging: releases the lock and lets held-back signals act. */
static void unstage(output_t *o)
{
    if (o->lockfd >= 0) close(o->lockfd); /* closing releases the flock */
    if (o->staged) pthread_sigmask(SIG_SETMASK, &o->oldmask, NULL);
    free(o);
}

void output_abort(output_t *o)
{
    if (!o) return;
    if (o->tmp[0]) output_remove_flat(o->tmp);
    unstage(o);
}

int output_commit(output_t *o, errlist_t *e)
{
    if (!o) return -1;
    /* 1. the record of the files, every file and the folder itself on disk */
    DIR *d = write_manifest(o) || step(o) ? NULL : opendir(o->tmp);
    int rc = d ? 0 : -1;
    struct dirent *de;
    while (d && !rc && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char p[4700];
        snprintf(p, sizeof p, "%s/%s", o->tmp, de->d_name);
        if (sync_path(p, 0) || step(o)) rc = -1;
    }
    if (d) closedir(d);
    if (!rc && (sync_path(o->tmp, 1) || step(o))) rc = -1;
    /* mkdtemp made it private; the outputs are as readable as any file */
    mode_t um = umask(0);
    umask(um);
    if (!rc && chmod(o->tmp, 0777 & ~um)) rc = -1;
    if (rc) {
        errlist_add(e, o->final, 0, 0, "cannot write the outputs to disk: %s (the folder is as it was)",
                    strerror(errno ? errno : ENOSPC));
        output_abort(o);
        return -1;
    }
    /* 2. one step: the new folder takes OUTDIR's place */
    struct stat st;
    int exists = lstat(o->final, &st) == 0;
    if (step(o)) { errno = ENOSPC; rc = -1; }
    else if (!exists) rc = rename(o->tmp, o->final);
    else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final, RENAME_EXCHANGE)) {
        if (errno != EINVAL && errno != ENOSYS) rc = -1;
        else {
            /* no atomic exchange here: move the old folder aside first */
            char old[4400];
            snprintf(old, sizeof old, "%s/.%s.caseflow-old-XXXXXX", o->parent, o->base);
            int fd = mkstemp(old);
            if (fd < 0) rc = -1;
            else {
                close(fd);
                unlink(old);
                rc = rename(o->final, old);
                if (!rc && (rc = rename(o->tmp, o->final))) {
                    int err = errno;
                    rename(old, o->final);
                    errno = err;
                } else if (!rc) snprintf(o->tmp, sizeof o->tmp, "%s", old);
            }
        }
    }
    if (rc) {
        errlist_add(e, o->final, 0, 0, "cannot put the new outputs in place: %s (the folder is as it was)", strerror(errno));
        output_abort(o);
        return -1;
    }
    sync_path(o->parent, 1);
    /* 3. the old outputs, now at the private name */
    if (exists) output_remove_flat(o->tmp);
    unstage(o);
    return 0;
}

/* shard.c: shard files and their merge (shard.h). */
#include "shard.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"

#define MAGIC "CFREPS1\n"
#define VERSION 2u   /* 2: the data's fingerprint in the header */
#define MAX_REPS 1000000

typedef struct {
    char magic[8];
    uint32_t version, nmonth, nser;
    int32_t first, count;
    uint32_t pad;
    uint64_t seed, scenario_key, series_key, events;
    uint64_t data_key;  /* fingerprint of the numbers that follow (shard_data_key) */
} head_t;

/* A fingerprint of n doubles, word by word (FNV-1a's step on 64-bit
 * words: a damaged or edited shard is caught, at memory speed). */
static uint64_t data_key(const double *v, size_t n)
{
    uint64_t h = SHARD_FNV0;
    for (size_t i = 0; i < n; i++) {
        uint64_t w;
        memcpy(&w, &v[i], sizeof w);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    return h;
}

uint64_t shard_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

uint64_t shard_series_key(const layout_t *l)
{
    uint64_t h = SHARD_FNV0;
    for (int i = 0; i < l->n; i++) h = shard_fnv(h, l->name[i], strlen(l->name[i]) + 1);
    return h;
}

int shard_write(FILE *f, const void *ctx)
{
    const shard_out_t *o = ctx;
    const results_t *r = o->r;
    head_t h = { .version = VERSION, .nmonth = (uint32_t)r->nmonth, .nser = (uint32_t)r->nser, .first = r->first,
                 .count = r->nrep, .seed = r->seed, .scenario_key = o->scenario_key,
                 .series_key = shard_series_key(r->lay), .events = r->events };
    memcpy(h.magic, MAGIC, 8);
    size_t cells = (size_t)r->nrep * (size_t)r->nmonth * (size_t)r->nser;
    h.data_key = data_key(r->v, cells);
    if (fwrite(&h, sizeof h, 1, f) != 1 || fwrite(r->v, sizeof *r->v, cells, f) != cells) return -1;
    return ferror(f) ? -1 : 0;
}

typedef struct {
    const char *path;
    head_t h;
} shard_t;

static int by_first(const void *a, const void *b)
{
    const shard_t *x = a, *y = b;
    return (x->h.first > y->h.first) - (x->h.first < y->h.first);
}

/* Reads and checks one shard's header. */
static int read_head(const char *path, FILE *f, const layout_t *l, uint64_t seed, uint64_t scenario_key,
                     int nmonth, head_t *h, errlist_t *e)
{
    if (fread(h, sizeof *h, 1, f) != 1 || memcmp(h->magic, MAGIC, 8)) {
        errlist_add(e, path, 0, 0, "not a caseflow shard (expected the replications.bin that `caseflow run --replications` writes)");
        return -1;
    }
    if (h->version != VERSION) {
        errlist_add(e, path, 0, 0, "shard format %u (expected %u: made by another version of caseflow)", h->version, VERSION);
        return -1;
    }
    if (h->scenario_key != scenario_key) {
        errlist_add(e, path, 0, 0, "made from another scenario, or another version of this one (expected a shard of the scenario given to merge)");
        return -1;
    }
    if (h->series_key != shard_series_key(l) || h->nser != (uint32_t)l->n || h->nmonth != (uint32_t)nmonth) {
        errlist_add(e, path, 0, 0, "its series are not this scenario's (expected a shard made by this version of caseflow)");
        return -1;
    }
    if (h->seed != seed) {
        errlist_add(e, path, 0, 0, "made with seed %llu (expected seed %llu: give merge the seed the shards were run with, -s)",
                    (unsigned long long)h->seed, (unsigned long long)seed);
        return -1;
    }
    if (h->first < 0 || h->count < 1 || h->first > MAX_REPS || h->count > MAX_REPS - h->first) {
        errlist_add(e, path, 0, 0, "replications %d to %d (expected replications between 0 and %d)", (int)h->first,
                    (int)h->first + (int)h->count - 1, MAX_REPS - 1);
        return -1;
    }
    long want = (long)sizeof *h + (long)((size_t)h->count * (size_t)h->nmonth * (size_t)h->nser * sizeof(double));
    if (fseek(f, 0, SEEK_END) || ftell(f) != want || fseek(f, (long)sizeof *h, SEEK_SET)) {
        errlist_add(e, path, 0, 0, "the file is %s (expected %ld bytes for its %d replications)",
                    ftell(f) < want ? "cut short" : "longer than its header says", want, (int)h->count);
        return -1;
    }
    return 0;
}

results_t *shard_merge(const scenario_t *s, const layout_t *l, uint64_t seed, uint64_t scenario_key,
                       char *const *paths, int n, double max_bytes, int *usage, errlist_t *e)
{
    *usage = 1;
    int nmonth = s->horizon + 1;
    shard_t *sh = calloc((size_t)n, sizeof *sh);
    if (!sh) { *usage = 0; errlist_add(e, NULL, 0, 0, "out of memory"); return NULL; }
    int rc = 0;
    for (int i = 0; i < n && !rc; i++) {
        sh[i].path = paths[i];
        FILE *f = fopen(paths[i], "rb");
        if (!f) {
            errlist_add(e, paths[i], 0, 0, "cannot read the shard: %s (expected a shard folder holding replications.bin)", strerror(errno));
            rc = -1;
            break;
        }
        rc = read_head(paths[i], f, l, seed, scenario_key, nmonth, &sh[i].h, e);
        fclose(f);
    }
    /* together they must be replications 0 to N-1, each once */
    int total = 0;
    if (!rc) {
        qsort(sh, (size_t)n, sizeof *sh, by_first);
        for (int i = 0; i < n && !rc; i++) {
            if (sh[i].h.first != total) {
                if (sh[i].h.first < total)
                    errlist_add(e, sh[i].path, 0, 0, "replications %d to %d overlap another shard's (expected each replication once)",
                                (int)sh[i].h.first, (int)(sh[i].h.first + sh[i].h.count - 1));
                else
                    errlist_add(e, sh[i].path, 0, 0, "starts at replication %d, but replications %d to %d are in no shard (expected shards covering 0 to N-1)",
                                (int)sh[i].h.first, total, (int)sh[i].h.first - 1);
                rc = -1;
            }
            total += sh[i].h.count;
            if (total > MAX_REPS) { errlist_add(e, sh[i].path, 0, 0, "more than %d replications in all", MAX_REPS); rc = -1; }
        }
    }
    /* the merged results are held whole, as a run's: the same limit */
    double need = ((double)total + 4) * nmonth * (double)l->n * sizeof(double);
    if (!rc && !(need <= max_bytes)) {
        char a[32], b[32];
        budget_bytes_label(need, a, sizeof a);
        budget_bytes_label(max_bytes, b, sizeof b);
        errlist_add(e, sh[n - 1].path, 0, 0,
                    "the merge needs about %s of memory for its %d replications, more than the limit of %s (expected fewer replications; or raise the limit with --max-memory GB)",
                    a, total, b);
        rc = -1;
    }
    results_t *r = rc ? NULL : results_create(s, l, total);
    if (!rc && !r) { *usage = 0; errlist_add(e, NULL, 0, 0, "out of memory for %d replications", total); }
    uint64_t events = 0;
    for (int i = 0; i < n && r; i++) {
        FILE *f = fopen(sh[i].path, "rb");
        size_t cells = (size_t)sh[i].h.count * (size_t)nmonth * (size_t)l->n;
        double *v = results_rep(r, sh[i].h.first);
        if (!f || fseek(f, (long)sizeof(head_t), SEEK_SET) || fread(v, sizeof(double), cells, f) != cells) {
            errlist_add(e, sh[i].path, 0, 0, "the shard could not be read again (changed while merging?)");
            results_free(r);
            r = NULL;
        } else if (data_key(v, cells) != sh[i].h.data_key) {
            errlist_add(e, sh[i].path, 0, 0, "its numbers are not the ones caseflow wrote (expected a shard unchanged since `caseflow run --replications` wrote it)");
            results_free(r);
            r = NULL;
        } else
            for (size_t k = 0; k < cells && r; k++)
                if (!isfinite(v[k])) {
                    errlist_add(e, sh[i].path, 0, 0, "holds a value that is not a finite number (expected %s)", "the numbers of a run");
                    results_free(r);
                    r = NULL;
                }
        if (f) fclose(f);
        events += sh[i].h.events;
    }
    free(sh);
    if (!r) return NULL;
    r->seed = seed;
    r->events = events;
    r->jobs = 1;
    if (results_summarise(r)) {
        *usage = 0;
        errlist_add(e, NULL, 0, 0, "out of memory summarising results");
        results_free(r);
        return NULL;
    }
    return r;
}

/* fuzz_table.c: libFuzzer harness for what `caseflow plot` reads and draws
 * (`make fuzz`; its seed corpus replays in `make test`: test_fuzz_replay.c).
 *
 * An input is a series.csv, optionally followed by "\n####\n" and a
 * run.yaml.  Both are read as `caseflow plot` reads them; then every chart
 * that has something to draw is drawn, small, onto an image surface, and its
 * alt text written to a memory stream.  Where one file is refused, a fixed
 * good one stands in for it, so the other still reaches the charts.  Every
 * input must give a table or messages, never a crash, a hang or a Cairo
 * error (text Cairo refuses would fail the chart). */
#define _GNU_SOURCE /* memmem, which libFuzzer also watches to find the separator */
#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "plots.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char default_yaml[] =
    "scenario: \"fuzz\"\nreplications: 7\nseed: 11\nmade: \"2026-01-02\"\n"
    "policy_month: 2025-09\npolicy_label: \"Policy\"\nhistory_source: \"published\"\n"
    "history:\n  - {month: 2024-03, value: 239015.00}\n  - {month: 2025-06, value: 244209.00}\n";

static const char default_csv[] =
    "month,series,mean,p5,p50,p95\n"
    "2025-06,caseload.total,244209.00,244209.00,244209.00,244209.00\n"
    "2025-07,caseload.total,244310.25,243998.50,244305.75,244650.00\n"
    "2025-07,recalls,1021.50,980.00,1022.00,1066.75\n";

static int write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fwrite(p, 1, n, f);
    return fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n####\n";
    char csv[64], yaml[64];
    snprintf(csv, sizeof csv, "/tmp/caseflow-fuzz-%d.csv", (int)getpid());
    snprintf(yaml, sizeof yaml, "/tmp/caseflow-fuzz-%d.yaml", (int)getpid());
    const uint8_t *cut = memmem(data, size, sep, sizeof sep - 1);
    size_t ncsv = cut ? (size_t)(cut - data) : size;
    if (write_file(csv, data, ncsv)) return 0;
    if (cut) write_file(yaml, cut + sizeof sep - 1, size - ncsv - (sizeof sep - 1));
    else write_file(yaml, default_yaml, sizeof default_yaml - 1);
    errlist_t e;
    errlist_init(&e);
    ptable_t *t = ptable_read_csv(csv, &e);
    pmeta_t *m = pmeta_read(yaml, &e);
    if (!t && !m) goto out; /* nothing of this input to draw */
    if (!t) { /* the run.yaml still reaches the charts */
        write_file(csv, default_csv, sizeof default_csv - 1);
        t = ptable_read_csv(csv, &e);
    }
    if (!m) {
        write_file(yaml, default_yaml, sizeof default_yaml - 1);
        m = pmeta_read(yaml, &e);
    }
    if (!t || !m) abort(); /* the stand-ins are good files */
    for (const plot_def *d = plots_run; d->name; d++) {
        if (!d->has(t)) continue;
        cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 160, 90);
        cairo_t *cr = cairo_create(sf);
        cairo_scale(cr, 0.1, 0.1);
        d->draw(cr, t, m);
        char msg[200];
        if (chart_status(cr, msg, sizeof msg)) {
            fprintf(stderr, "chart %s: %s\n", d->name, msg);
            abort();
        }
        cairo_destroy(cr);
        cairo_surface_destroy(sf);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f) {
            d->alt(f, t, m);
            fclose(f);
        }
        free(buf);
    }
out:
    ptable_free(t);
    pmeta_free(m);
    errlist_clear(&e);
    unlink(csv);
    unlink(yaml);
    return 0;
}

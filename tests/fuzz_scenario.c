/* fuzz_scenario.c: libFuzzer harness for the scenario loader (`make fuzz`;
 * its seed corpus replays in `make test`: test_fuzz_replay.c).  Every input
 * must give a scenario or messages, never a crash: it found one (levers
 * naming a disposal that had no name). */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "model.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/caseflow-fuzz-%d.yaml", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    errlist_t e;
    errlist_init(&e);
    scenario_t *s = scenario_load(path, &e);
    if (s) layout_free(layout_create(s));
    scenario_free(s);
    errlist_clear(&e);
    unlink(path);
    return 0;
}

# caseflow: plain Makefile. `make run`, `make test`, `make bench`, `make SAN=1 test`.
# Missing libraries are installed from Debian's packages (see `deps`).

PKGS     := gsl yaml-0.1 cairo cmocka
DEB_PKGS := libgsl-dev libyaml-dev libcairo2-dev libcmocka-dev pkg-config
TEST_DEB := poppler-utils fonts-dejavu-core fontconfig

# Build on every core by default (`make -j1` still forces one at a time):
# the tests' 23 programs and the profile-guided build take less time on
# two cores.  Only the building runs in parallel; the suites run one
# after another, their output in order.
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 1)

CC      ?= cc
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  := -std=c11 -O3 -g $(WARN) -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE -MMD -MP -Isim -Iplots
LDFLAGS :=
# Link-time optimisation for the program (about 5% faster, the same bytes);
# objects keep their own code too, so the tests link them quickly without it.
# No floating-point reordering anywhere (no -ffast-math): results do not
# depend on the optimisation.
LTO     := -flto=auto -ffat-lto-objects
BUILD   := build/rel
BIN     := bin/caseflow

# Profile-guided optimisation, on unless PGO=0: the program is first built
# instrumented (build/pgo/caseflow), runs two replications of the baseline
# to count which branches and calls the model takes, and the release objects
# are compiled with those counts (code layout, inlining, branch order).
# 7-10% less time a replication, the same bytes: the profile never changes
# the arithmetic (no -ffast-math), so the checksums hold as before.  Code
# the training run does not reach is compiled as without a profile
# (-fprofile-partial-training).  PGO=0 skips the two extra steps (about 30 s
# a build) when iterating; the sanitiser and MPI builds never use it.
PGO     ?= 1
PGO_DIR := build/pgo

ifeq ($(SAN),1)
PGO     := 0
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
LTO     :=
BUILD   := build/san
BIN     := build/san/caseflow
endif

# The MPI build (par.h): mpicc, a binary of its own.  `mpirun -np N
# bin/caseflow-mpi run|compare|validate ...` spreads the replications over N
# processes and writes the same bytes as bin/caseflow.
ifeq ($(MPI),1)
PGO     := 0
CC      := mpicc
CFLAGS  += -DCASEFLOW_MPI
BUILD   := build/mpi
BIN     := bin/caseflow-mpi
DEB_PKGS += libopenmpi-dev openmpi-bin
endif

# Recursive (=) so pkg-config runs after `deps` has installed what was missing.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs gsl yaml-0.1 cairo) -lpthread -lm
TEST_LIBS  = $(shell pkg-config --libs cmocka)

LIB_SRC  := $(filter-out sim/main.c,$(wildcard sim/*.c)) $(wildcard plots/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/sim/main.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all run test bench same-statistics fuzz validate deps clean mpi FORCE
.SECONDARY:   # keep test objects between builds
all: $(BIN)

# Installs the Debian packages when pkg-config cannot find a library; says so.
deps: $(BUILD)/.deps
$(BUILD)/.deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists $(PKGS) \
	    || { [ "$(MPI)" = 1 ] && ! command -v mpicc >/dev/null 2>&1; } \
	    || ! command -v pdftotext >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi dejavu; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "caseflow: installing missing Debian packages: $(DEB_PKGS) $(TEST_DEB)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) $(TEST_DEB) >/dev/null || exit 1; \
	  else \
	    echo "caseflow: missing libraries; install the Debian packages: $(DEB_PKGS) $(TEST_DEB)"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(@D) && touch $@

ifeq ($(PGO),1)
PGO_USE   := -fprofile-use -fprofile-partial-training -Wno-missing-profile
PGO_STAMP := $(PGO_DIR)/profile.stamp
PGO_GEN   := -fprofile-generate -fprofile-update=single

# The instrumented objects are built where the release objects go (GCC keys
# the counts of static functions by the object's path), by a make of its
# own; the training run (two replications on one thread) writes their counts
# beside them (.gcda), and the release objects are then compiled over them.
# The stamp takes the time the recipe started (touched then, moved into
# place at the end): a source edited while it runs is newer, so the next
# make trains again.
$(PGO_STAMP): $(LIB_SRC) sim/main.c $(wildcard sim/*.h plots/*.h) | $(BUILD)/.deps
	@mkdir -p $(@D)
	@touch $@.new
	@rm -f $(LIB_OBJ) $(MAIN_OBJ)
	@find $(BUILD) -name '*.gcda' -delete
	@echo "PGO: building the instrumented program"
	@$(MAKE) --no-print-directory PGO=0 LTO="$(LTO) $(PGO_GEN)" LDFLAGS="$(PGO_GEN)" BIN=$(PGO_DIR)/caseflow $(PGO_DIR)/caseflow > /dev/null
	@rm -rf $(PGO_DIR)/train
	@echo "PGO: training run, 2 replications of scenarios/baseline.yaml"
	@./$(PGO_DIR)/caseflow run scenarios/baseline.yaml -n 2 -j 1 -q -o $(PGO_DIR)/train > /dev/null
	@rm -f $(LIB_OBJ) $(MAIN_OBJ)
	@mv $@.new $@
endif

# The command line the model's objects were last compiled with, rewritten
# only when it changes: objects left by another mode (PGO or PGO=0, or the
# instrumented ones of an interrupted profile build) are compiled again.
OBJ_FLAGS = $(CC) $(CFLAGS) $(LTO) $(PGO_USE)
$(BUILD)/.flags: FORCE | $(PGO_STAMP) $(BUILD)/.deps
	@echo '$(OBJ_FLAGS)' | cmp -s - $@ || echo '$(OBJ_FLAGS)' > $@
FORCE:

$(BUILD)/%.o: %.c $(PGO_STAMP) $(BUILD)/.flags | $(BUILD)/.deps
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(LTO) $(PGO_USE) $(PKG_CFLAGS) -c $< -o $@

# The tests' own files: no profile (the training run never runs them)
$(BUILD)/tests/%.o: tests/%.c | $(BUILD)/.deps
	@mkdir -p $(@D)
	@echo "CC $<"
	@$(CC) $(CFLAGS) $(LTO) $(PKG_CFLAGS) -c $< -o $@

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LTO) $(PGO_USE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# test_oom fails the model's allocations one by one: its own malloc, calloc
# and realloc stand in for the C library's in every object it links
$(BUILD)/tests/test_oom: LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

run: $(BIN)
	./$(BIN) run scenarios/baseline.yaml -o out/baseline

# The backcast from March 2022 against the published figures (README,
# "Validation"): a measurement, so points outside tolerance do not fail it.
validate: $(BIN)
	./$(BIN) validate

# Every cmocka suite; the last line totals the tests: "tests: N passed, N failed".
# Then the shipped scenarios' series.csv against stored checksums, and the
# include order of the pipeline's stages.
test: $(BIN) $(TEST_BIN)
	@pass=0; fail=0; bad=""; for t in $(TEST_BIN); do \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp CASEFLOW_BIN=./$(BIN) ./$$t > $$t.log 2>&1; rc=$$?; cat $$t.log; \
	  p=$$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' $$t.log); \
	  f=$$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' $$t.log); \
	  pass=$$((pass + $${p:-0})); fail=$$((fail + $${f:-0})); \
	  if [ $$rc -ne 0 ]; then bad="$$bad $$t"; [ -z "$$f" ] && fail=$$((fail + 1)); fi; \
	done; [ -z "$$bad" ] || echo "failing suites:$$bad"; \
	echo "tests: $$pass passed, $$fail failed"; [ -z "$$bad" ]
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp bash tests/series_checksums.sh ./$(BIN)
	@bash tests/include_order.sh
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp bash tests/same_bytes_apart.sh ./$(BIN)

mpi:
	$(MAKE) MPI=1 bin/caseflow-mpi

bench: $(BIN) build/bench/bare
	REF="$(REF)" SENS="$(SENS)" bash bench/run.sh ./$(BIN)

# the floor under a replication (bench/bare.c): the queue alone
build/bench/bare: bench/bare.c sim/engine.c sim/engine.h sim/rng.h
	@mkdir -p build/bench
	$(CC) -std=c11 -O3 $(WARN) -Isim $(LTO) bench/bare.c sim/engine.c -o $@ -lm

# Does this checkout's model behave as REF's, in distribution (for a change
# that moves the random numbers, where the checksums cannot say)?  A
# measurement of a few minutes: README, "Speed".  REPS defaults to 100.
same-statistics: $(BIN)
	@[ -n "$(REF)" ] || { echo "make same-statistics REF=other/checkout [REPS=100]"; exit 2; }
	bash bench/same_statistics.sh "$(REF)" $(or $(REPS),100)

# Fuzz the scenario loader, then series.csv/run.yaml and the charts, with
# libFuzzer (clang), each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 120
# (both fuzzers link the whole library: a list of the loader's own files
# went stale when the loader's neighbours came to need the charts' tables)
FUZZ_SRC := $(filter-out sim/cli.c,$(LIB_SRC))
fuzz: $(BUILD)/.deps
	@mkdir -p build/fuzz/corpus && cp scenarios/*.yaml build/fuzz/corpus/
	clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -Isim -Iplots -fsanitize=fuzzer,address,undefined \
	  $(PKG_CFLAGS) tests/fuzz_scenario.c $(FUZZ_SRC) -o build/fuzz/fuzz_scenario $(PKG_LIBS)
	cd build/fuzz && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ./fuzz_scenario -max_total_time=$(FUZZ_SECONDS) -max_len=20000 -timeout=10 corpus
	@mkdir -p build/fuzz/corpus_table && cp tests/corpus/series/*.csv tests/corpus/fuzz/* build/fuzz/corpus_table/
	clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -Isim -Iplots -fsanitize=fuzzer,address,undefined \
	  $(PKG_CFLAGS) tests/fuzz_table.c $(FUZZ_SRC) -o build/fuzz/fuzz_table $(PKG_LIBS)
	cd build/fuzz && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ./fuzz_table -max_total_time=$(FUZZ_SECONDS) -max_len=20000 -timeout=10 corpus_table

clean:
	rm -rf build bin

-include $(shell find build -name '*.d' 2>/dev/null)

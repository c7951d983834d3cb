# libFuzzer harnesses (tests/fuzz/README.md). Included by the top Makefile's
# `fuzz` target, run from the repository root:
#
#   make fuzz FUZZ_SECONDS=60               every harness, 60 s each, in turn
#   make fuzz FUZZ_TARGETS=json FUZZ_SECONDS=600
#   make fuzz-build                         the binaries only (build/fuzz/)
#
# The library is compiled again with clang and
# -fsanitize=fuzzer-no-link,address,undefined; the harness links libFuzzer.
# Each run starts from the seeds (tests/fuzz/seed.sh) plus what earlier runs
# kept in build/fuzz/corpus/NAME; a failing input lands in
# build/fuzz/artifacts/ and the run stops with an error. Record it under
# tests/fuzz/regressions/NAME/ (tests/test_fuzz_regressions.c replays them).

FUZZ_CC      ?= clang-14
FUZZ_CXX     ?= clang++-14
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= json tables check
FUZZ_FLAGS   ?=
FUZZ_DIR     := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -g -O1 $(FUZZ_SAN) -std=c11 -D_POSIX_C_SOURCE=200809L -fopenmp -Iinclude -I. \
                -DMU_VERSION='"$(VERSION)-fuzz"' -DMU_GIT='"$(GIT)"' -Wall -Wno-unknown-pragmas
# (no vptr check: clang links UBSan's C++ runtime only through clang++, and the harness links with clang)
FUZZ_CXXFLAGS := -g -O1 $(FUZZ_SAN) -fno-sanitize=vptr -std=c++17 -Iinclude -I. -Wall
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o) $(LIB_CXX:%.cpp=$(FUZZ_DIR)/obj/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-seeds
.SECONDARY: $(FUZZ_LIB_OBJ)

$(FUZZ_DIR)/obj/%.o: %.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/obj/%.o: %.cpp engine/lemon.h
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB_OBJ) $(LDLIBS) -o $@

fuzz-build: $(FUZZ_BINS)

fuzz-seeds: $(BIN)
	@sh tests/fuzz/seed.sh ./$(BIN) $(FUZZ_DIR)/seeds

# -timeout: a single input over 10 s is a hang; -rss_limit_mb: 2 GiB is far
# beyond what a 64 KiB input may cost. One OpenMP thread: executions are
# tiny, and a failure must replay the same way.
fuzz: fuzz-build fuzz-seeds
	@mkdir -p $(FUZZ_DIR)/artifacts
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	    dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	    [ $$t = check ] && dict=-dict=tests/fuzz/json.dict; \
	    echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
	    OMP_NUM_THREADS=1 $(FUZZ_DIR)/fuzz_$$t $$dict -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- $(FUZZ_FLAGS) \
	        $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/seeds/$$t 2>$(FUZZ_DIR)/$$t.log \
	    || { tail -n 60 $(FUZZ_DIR)/$$t.log; echo "fuzz $$t: FAILED (input in $(FUZZ_DIR)/artifacts/)"; exit 1; }; \
	    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" $(FUZZ_DIR)/$$t.log | sed "s/^/fuzz $$t: /"; \
	done

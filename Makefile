# musubi — plain Makefile. `make` builds bin/musubi, the shared library and
# the man pages; `make test` runs every test; `make demo` installs what is
# missing (as root), builds and solves the bundled default instance. `make
# DEBUG=1` builds with ASan + UBSan. `make install PREFIX=/usr/local
# DESTDIR=...` installs the command, the libraries, the header, musubi.pc,
# the man pages and the format; `make uninstall` removes them.

CC      ?= cc
VERSION := 0.1.0
GIT     := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

WARN    := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wno-format-truncation -Werror
CFLAGS  ?= -O2 -g
# Every object is position-independent, so one build serves the static
# archive, the command and libmusubi.so; hidden visibility keeps all but the
# public header's names (musubi.h) out of the shared library.
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -fopenmp $(WARN) -Iinclude -I. -fPIC -fvisibility=hidden
CFLAGS  += -DMU_VERSION='"$(VERSION)"' -DMU_GIT='"$(GIT)"'
CXX     ?= c++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -Wall -Wextra -Werror -Wno-maybe-uninitialized -Iinclude -I. -fPIC -fvisibility=hidden
LDLIBS  := -lglpk -lcjson -lcsv -lxlsxwriter -lstdc++ -lm
LDFLAGS += -fopenmp

ifeq ($(DEBUG),1)
  BUILD   := build/debug
  CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  CXXFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  LDFLAGS += -fsanitize=address,undefined
else
  BUILD   := build/release
endif

# The library's layers, lowest first (README "Layout"): no file includes one
# of a layer above its own.
LAYERS   := base model engine check analysis output generator
LIB_SRC  := $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.c)))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_CXX  := $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.cpp)))
LIB_HDR  := $(wildcard include/*.h $(foreach d,$(LAYERS) cli,$(d)/*.h))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cpp=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIB      := $(BUILD)/libmusubi.a
BIN      := bin/musubi
# The shared library: libmusubi.so.VERSION, soname libmusubi.so.0, with the
# symlinks libmusubi.so.0 and libmusubi.so beside it (the Python module and
# tests/e2e_install.sh load it from here).
SOVERSION := 0
SONAME   := libmusubi.so.$(SOVERSION)
SHLIB    := $(BUILD)/libmusubi.so.$(VERSION)
MAN      := build/man/musubi.1 build/man/musubi.3

.PHONY: all deps demo test tests clean check-sanitize check-valgrind format install uninstall man

all: $(BIN) $(SHLIB) man

$(BUILD)/%.o: %.c $(LIB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# --version names the commit: options.o is rebuilt whenever HEAD moves.
GIT_STAMP := $(BUILD)/git-$(GIT)
$(GIT_STAMP):
	@mkdir -p $(BUILD) && rm -f $(BUILD)/git-* && touch $@
$(BUILD)/base/options.o: $(GIT_STAMP)

$(BUILD)/%.o: %.cpp engine/lemon.h
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

# Built afresh, so an object whose source was removed never lingers in it.
$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

# Only the functions of musubi.h leave the library: hidden visibility hides
# the internal ones, and the version script, written from the header
# (scripts/exports.sh), whatever a C++ header would export besides.
$(BUILD)/libmusubi.map: include/musubi.h scripts/exports.sh
	@mkdir -p $(dir $@)
	@{ echo '{ global:'; sh scripts/exports.sh $(CC) | sed 's/.*/    &;/'; echo '  local: *;'; echo '};'; } > $@
$(SHLIB): $(LIB_OBJ) $(BUILD)/libmusubi.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=$(BUILD)/libmusubi.map -Wl,--no-undefined \
	    $(LDFLAGS) $(LIB_OBJ) $(LDLIBS) -o $@
	@ln -sf libmusubi.so.$(VERSION) $(BUILD)/$(SONAME)
	@ln -sf $(SONAME) $(BUILD)/libmusubi.so

# The man pages are generated, so they cannot drift: musubi.1 from the
# command's --help and each command's (the options table included), musubi.3
# from the public header.
man: $(MAN)
build/man/musubi.1: $(BIN) scripts/man.sh
	@mkdir -p $(dir $@)
	sh scripts/man.sh 1 ./$(BIN) > $@.tmp && mv $@.tmp $@
build/man/musubi.3: include/musubi.h examples/solve_arrays.c scripts/man.sh $(BIN)
	@mkdir -p $(dir $@)
	sh scripts/man.sh 3 ./$(BIN) include/musubi.h examples/solve_arrays.c > $@.tmp && mv $@.tmp $@

ifeq ($(DEBUG),1)
$(BIN): $(BUILD)/musubi
	@mkdir -p bin && cp $< $@
$(BUILD)/musubi: $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
else
$(BIN): $(CLI_OBJ) $(LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@
endif

$(BUILD)/tests/%: tests/%.c $(LIB) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka -o $@

# Installs the Debian packages the build needs when run as root; otherwise
# says which are missing.
deps:
	@sh scripts/deps.sh

# The peers: GLPK's glpsol and CBC solve the exported models (the tests
# cross-check musubi's optimum with them; the bench times against them), and
# gnuplot draws the bench's plot. Installed as root, skipped with a note
# otherwise.
PEER_PKGS  := glpk-utils coinor-cbc
BENCH_PKGS := $(PEER_PKGS) gnuplot-nox
# make test also runs the Python module's tests (pytest) and compiles the C
# example against the installed library (pkg-config).
TEST_PKGS  := $(PEER_PKGS) python3 python3-pytest python3-setuptools python3-pip pkgconf

demo: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) solve instances/jip-fy2018.json -o build/demo-solution.json
	./$(BIN) check instances/jip-fy2018.json build/demo-solution.json

test:
	@sh scripts/deps.sh --optional $(TEST_PKGS)
	@$(MAKE) --no-print-directory all tests
	@sh tests/run.sh ./$(BIN) $(TESTS)

tests: $(TESTS)

# The whole suite under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer: library, CLI and test binaries all from the DEBUG=1 build
# (build/debug), the Python module's tests on build/debug's libmusubi.so
# (tests/e2e_python.sh); bin/musubi is left as it is.
SANITIZE_ENV := ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
                UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
check-sanitize:
	@$(MAKE) --no-print-directory DEBUG=1 build/debug/musubi build/debug/libmusubi.so.$(VERSION) tests
	@$(SANITIZE_ENV) sh tests/run.sh build/debug/musubi $(TEST_SRC:tests/%.c=build/debug/tests/%)

# The end-to-end scripts with every musubi run under valgrind's memcheck
# (tests/valgrind.sh; exit 99 on an error or a definite or indirect leak).
# MUSUBI_E2E_LIGHT skips the 200,000-pair instance of e2e_reliability.sh.
check-valgrind: all
	@MUSUBI_E2E_LIGHT=1 MUSUBI_VALGRIND_BIN=./$(BIN) sh tests/run.sh tests/valgrind.sh

# Benchmarks (bench/README.md): `make bench SET=quick|standard|scale|policies`
# runs a set into bench/results/SET-TIMESTAMP/; `make bench-check SET=quick`
# re-runs it and compares with bench/baseline/$(SET).csv (exit 1 on a flag).
# BENCH_FLAGS passes options on, e.g. BENCH_FLAGS="--only 10k --shard 1/2".
SET ?= quick
.PHONY: bench bench-check
bench: all
	@sh scripts/deps.sh --optional $(BENCH_PKGS)
	sh bench/musubi-bench run $(SET) $(BENCH_FLAGS)

bench-check: all
	@sh scripts/deps.sh --optional $(BENCH_PKGS)
	sh bench/musubi-bench check $(SET) $(BENCH_FLAGS)

# Installation. LIBDIR may be set apart (lib/x86_64-linux-gnu); musubi.pc
# is written for the PREFIX and LIBDIR of the install.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
PC_REQUIRES := libcjson xlsxwriter
PC_LIBS     := -lglpk -lcsv -lstdc++ -lm -lgomp -lpthread

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(DATADIR)/musubi
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/musubi
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libmusubi.so.$(VERSION)
	ln -sf libmusubi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libmusubi.so
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libmusubi.a
	install -m 644 include/musubi.h $(DESTDIR)$(INCLUDEDIR)/musubi.h
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	    'Name: musubi' 'Description: optimal, explainable matching of applicants to host organisations' \
	    'Version: $(VERSION)' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lmusubi' \
	    'Requires.private: $(PC_REQUIRES)' 'Libs.private: $(PC_LIBS)' > $(BUILD)/musubi.pc
	install -m 644 $(BUILD)/musubi.pc $(DESTDIR)$(LIBDIR)/pkgconfig/musubi.pc
	install -m 644 build/man/musubi.1 $(DESTDIR)$(MANDIR)/man1/musubi.1
	install -m 644 build/man/musubi.3 $(DESTDIR)$(MANDIR)/man3/musubi.3
	install -m 644 instances/FORMAT.md instances/musubi-instance-1.schema.json $(DESTDIR)$(DATADIR)/musubi/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/musubi $(DESTDIR)$(LIBDIR)/libmusubi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libmusubi.so $(DESTDIR)$(LIBDIR)/libmusubi.a $(DESTDIR)$(INCLUDEDIR)/musubi.h \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/musubi.pc $(DESTDIR)$(MANDIR)/man1/musubi.1 $(DESTDIR)$(MANDIR)/man3/musubi.3 \
	    $(DESTDIR)$(DATADIR)/musubi/FORMAT.md $(DESTDIR)$(DATADIR)/musubi/musubi-instance-1.schema.json
	-rmdir $(DESTDIR)$(DATADIR)/musubi 2>/dev/null

format:
	clang-format -i include/*.h $(foreach d,$(LAYERS) cli,$(d)/*.[ch]) tests/*.[ch]

clean:
	rm -rf build bin

# libFuzzer harnesses: `make fuzz FUZZ_SECONDS=N` (tests/fuzz/fuzz.mk).
include tests/fuzz/fuzz.mk

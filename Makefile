# canard: one GNU Makefile. CFLAGS is yours; the required flags are added below.
CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=
PRESET_DIR ?= $(PREFIX)/share/canard/presets
PKGS := ncursesw readline gsl

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ifeq ($(PKG_LIBS),)
PKG_LIBS := -lncursesw -lreadline -lgsl -lgslcblas
endif

WARN := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow \
	-Wwrite-strings -Wformat=2 -Wno-format-nonliteral
override CFLAGS += -std=c11 -D_GNU_SOURCE -Iinclude $(WARN) $(PKG_CFLAGS) \
	-DPRESET_DIR='"$(PRESET_DIR)"' -DCANARD_VERSION='"$(VERSION)"' -pthread -MMD -MP
LDLIBS := $(PKG_LIBS) -lm -pthread
VERSION := 0.1.0

BUILD ?= build
SRC := $(wildcard src/*.c)
LIB_SRC := $(filter-out src/main.c,$(SRC))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN ?= canard

.PHONY: all run check unit golden examples-table sanitize tsan bench fuzz install uninstall clean golden-update FORCE

all: $(BIN)

$(BIN): $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# the compiled-in preset directory follows PREFIX: rebuild preset.o when it changes
$(BUILD)/preset_dir.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PRESET_DIR)' | cmp -s - $@ || echo '$(PRESET_DIR)' > $@
$(BUILD)/preset.o: $(BUILD)/preset_dir.stamp
FORCE:

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

run: $(BIN)
	./$(BIN)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; ./$$t; done

golden: $(BIN)
	@sh tests/golden/run.sh ./$(BIN)

check: $(BIN) unit golden
	@sh tests/robust.sh ./$(BIN)
	@sh tests/contract.sh ./$(BIN)
	@sh tests/files.sh ./$(BIN)
	@sh tests/xppaut.sh ./$(BIN)
	@sh tests/bif.sh ./$(BIN)
	@sh tests/auto.sh ./$(BIN)
	@sh tests/parallel.sh ./$(BIN)
	@sh tests/svg.sh ./$(BIN)
	@sh tests/svg_views.sh ./$(BIN)
	@sh tests/save.sh ./$(BIN)
	@sh tests/views.sh ./$(BIN)
	@sh tests/readme.sh ./$(BIN)
	@sh tests/xppaut_examples.sh ./$(BIN)
	@sh tests/map.sh ./$(BIN)
	@sh tests/learning.sh ./$(BIN)
	@sh tests/events.sh ./$(BIN)
	@sh tests/orbit.sh ./$(BIN)
	@sh tests/layers.sh
	@sh tests/manpage.sh ./$(BIN)
	@if command -v tmux >/dev/null 2>&1; then sh tests/tmux/run.sh ./$(BIN); \
	else echo "tmux not installed: interactive tests skipped"; fi

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (with
# float-cast-overflow, which gcc leaves out of 'undefined': a double too large
# for the int it becomes, as a cell far off a zoomed window).
sanitize:
	$(MAKE) BUILD=build-asan BIN=build-asan/canard \
	  CFLAGS="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  check

# The worker thread and the pool under ThreadSanitizer.
TSAN_TESTS := test_worker test_worker_oom test_pool
tsan:
	$(MAKE) BUILD=build-tsan BIN=build-tsan/canard CFLAGS="-O1 -g -fsanitize=thread" \
	  build-tsan/canard $(TSAN_TESTS:%=build-tsan/tests/%)
	@set -e; for t in $(TSAN_TESTS); do TSAN_OPTIONS=halt_on_error=1 ./build-tsan/tests/$$t; done

# ONLY=k runs one part, ONLY=aek several (the letters of bench/bench.c's sections: a the
# compiled right-hand sides, e the live view's latency, h the bifurcation diagrams, k redraw
# and storage of many points, l the pool's speedup)
bench: $(BUILD)/bench
	CANARD_BENCH_ONLY=$(ONLY) ./$(BUILD)/bench

$(BUILD)/bench: bench/bench.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

# libFuzzer on expressions, model files and command lines (clang; not in CI).
# tests/fuzz/seeds/NAME holds starting inputs (deep and wide definitions).
# FUZZ_SECONDS each (200: ten minutes for the three); an input that runs over
# 20 s is a finding too; crashes are left in build-fuzz/.
FUZZ_SECONDS ?= 200
FUZZERS := expr ode cmd
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang BIN=build-fuzz/canard \
	  CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link" $(FUZZERS:%=build-fuzz/fuzz_%)
	@# absolute paths: fuzz_cmd changes directory into its private folder
	@set -e; for f in $(FUZZERS); do mkdir -p build-fuzz/corpus-$$f; \
	  seeds=$(CURDIR)/tests/fuzz/seeds/$$f; [ -d $$seeds ] || seeds=; \
	  ./build-fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	    -artifact_prefix=$(CURDIR)/build-fuzz/ $(CURDIR)/build-fuzz/corpus-$$f $$seeds; done

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/oracle.h $(LIB_OBJ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_OBJ) $(LDLIBS)

# Rewrite tests/xpp/examples.md, the outcome of every XPPAUT example file.
examples-table: $(BIN)
	@sh tests/xppaut_examples.sh ./$(BIN) --update

golden-update: $(BIN)
	@sh tests/golden/run.sh ./$(BIN) --update

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PRESET_DIR) $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/canard
	install -m 644 presets/*.ode presets/*.cnd $(DESTDIR)$(PRESET_DIR)
	install -m 644 man/canard.1 $(DESTDIR)$(PREFIX)/share/man/man1/canard.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/canard $(DESTDIR)$(PREFIX)/share/man/man1/canard.1
	rm -rf $(DESTDIR)$(PRESET_DIR)

clean:
	rm -rf build build-asan build-tsan build-fuzz canard

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)

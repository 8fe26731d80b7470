# motcua — one plain, non-recursive Makefile.
#
#   make run        install missing packages, build, migrate, load the demo, serve :8080
#   make test       install missing packages, build, run every test layer
#   make test-pg    the same layers against PostgreSQL: a throwaway cluster of its
#                   own (scripts/pg-cluster.sh) on a loopback port, removed after
#   make            build build/motcua
#   make san        ASan+UBSan build in build-san/ (make test-san runs unit + e2e on it)
#   make bench      benchmarks (not part of make test), see bench/README.md
#   make fmt        clang-format the C sources; make check-fmt / check-src for CI
#
# Sources are discovered: every src/**/*.c is part of the binary, every
# tests/unit/test_*.c is one cmocka executable, every data/ file listed in
# EMBED is compiled in. Adding a module needs no edit here.

SAN ?= 0
ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT := -O1
else
BUILD ?= build
SANFLAGS :=
OPT := -O2
endif

CC ?= cc
PKGS := libmicrohttpd jansson sqlite3 libpq libsodium libqrencode libcurl libutf8proc xlsxwriter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
	-Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
HARDEN := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) -g $(WARN) $(SANFLAGS) -Isrc -I$(BUILD)/gen \
	$(PKG_CFLAGS) -MMD -MP $(CFLAGS)
ifneq ($(SAN),1)
CFLAGS_ALL += $(HARDEN)
endif
LDFLAGS_ALL = $(SANFLAGS) -pie -Wl,-z,relro,-z,now $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) -lpthread -lm

SRCS := $(shell find src -name '*.c' ! -name main.c | sort)
OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
EMBED := $(shell find data src/db/migrations -type f \( -name '*.csv' -o -name '*.json' -o -name '*.txt' -o -name '*.sql' \) 2>/dev/null | sort)
GEN_OBJ := $(BUILD)/obj/gen/embedded.o
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

BIN := $(BUILD)/motcua
LIB := $(BUILD)/libmotcua.a
DB ?= var/motcua.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all run test test-pg san test-san unit e2e browser deps bench fmt check-fmt check-src clean fuzz

all: $(BIN)

deps:
	@bash scripts/install-deps.sh

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/gen/embedded.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@ $(EMBED)

$(GEN_OBJ): $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The lunar month table is computed at build time (see src/core/lunar.c).
$(BUILD)/gen/lunar_table.inc: scripts/gen_lunar_table.c src/core/lunar.c src/core/lunar.h src/core/vntime.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -Isrc -o $(BUILD)/gen/gen-lunar scripts/gen_lunar_table.c src/core/vntime.c -lm
	$(BUILD)/gen/gen-lunar > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/core/lunar.o: $(BUILD)/gen/lunar_table.inc

$(LIB): $(OBJS) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/main.o $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(LIB) $(LDFLAGS_ALL) $(LIBS_ALL) -lcmocka

run: deps $(BIN)
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then ./$(BIN) demo --db $(DB); else ./$(BIN) migrate --db $(DB); fi
	./$(BIN) serve --db $(DB) --listen $(LISTEN) --web web

test: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINS)
	@bash scripts/run-tests.sh $(BUILD)

# Every layer against PostgreSQL: MOTCUA_TEST_PG makes tests/unit/testdb.h
# and tests/lib/server.mjs create a database per test on the cluster.
test-pg: deps
	@bash scripts/install-deps.sh --pg
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINS)
	@bash scripts/pg-cluster.sh run bash scripts/run-tests.sh $(BUILD)

san:
	@$(MAKE) --no-print-directory SAN=1 build-san/motcua $(patsubst tests/unit/%.c,build-san/tests/%,$(UNIT_SRCS))

test-san: deps san
	@LAYERS="unit e2e" bash scripts/run-tests.sh build-san

bench: deps $(BIN)
	@bash scripts/install-deps.sh --bench
	@bash bench/run.sh $(BUILD)

fuzz:
	@bash scripts/install-deps.sh --fuzz
	@bash tests/fuzz/run.sh

fmt:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/unit/*.c' 'tests/unit/*.h' 'tests/fuzz/*.c')

check-fmt:
	@bash scripts/check-fmt.sh

check-src:
	@bash scripts/check-src.sh

clean:
	rm -rf build build-san

-include $(OBJS:.o=.d) $(BUILD)/obj/main.d $(UNIT_BINS:=.d)

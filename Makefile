# mkepub — plain GNU make.  `make help` lists the targets.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
MAN1DIR := $(MANDIR)/man1
DESTDIR ?=
BUILD ?= build
CC ?= cc
AR ?= ar
INSTALL ?= install
PKG_CONFIG ?= pkg-config
SANITIZE ?=
# TEST_ALLOC=1 compiles the allocation-failure hook (-DMK_TEST_ALLOC):
# only for `make check-alloc`, never in a release build.
TEST_ALLOC ?=

PKGS := libzip libxml-2.0 nettle libdeflate libcmark-gfm
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN := -std=c11 -Wall -Wextra -Wpedantic -Werror -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wshadow -Wvla \
	-Wwrite-strings -Wformat=2 -fno-common
ifeq ($(DEVOPTS),no-error)
WARN := $(filter-out -Werror,$(WARN))
endif
OPT ?= -O2 -g
ifneq ($(SANITIZE),)
OPT := -O1 -g -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) -fno-omit-frame-pointer
endif
ALL_CFLAGS := $(WARN) $(OPT) -D_XOPEN_SOURCE=700 -pthread $(DEP_CFLAGS) \
	$(if $(TEST_ALLOC),-DMK_TEST_ALLOC) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pthread $(OPT) $(LDFLAGS)

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
MAIN_OBJ := $(BUILD)/obj/main.o
LIB := $(BUILD)/libmkepub.a
BIN := $(BUILD)/mkepub

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

ifneq ($(V),1)
Q := @
endif

.PHONY: all book check unit-bins asan valgrind check-alloc install \
	uninstall clean deps fuzz bench help check-differential

all: $(BIN) #H# build build/mkepub and build/libmkepub.a

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(DEP_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Isrc -Wno-missing-prototypes -o $@ $< $(LIB) \
		$(DEP_LIBS) -lcmocka

deps: #H# install missing build dependencies (apt-get), nothing if present
	$(Q)sh scripts/deps.sh build

# `make book` must work on a machine that has nothing yet, so the
# dependencies are installed before make re-reads pkg-config in a sub-make.
book: #H# install dependencies, build build/mkepub, then the sample book
	$(Q)sh scripts/deps.sh build
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(BIN) -o $(BUILD)/the-story-of-zhanara-akhmetova.epub book/book.xml

check: #H# every test: unit, end to end, EPUBCheck 4 and 5 on every book built
	$(Q)sh scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory all unit-bins
	$(Q)sh tests/run.sh

unit-bins: $(UNIT_BIN)

asan: #H# the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
	$(Q)sh scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=address,undefined all unit-bins
	$(Q)MKEPUB_BUILD=build/asan sh tests/run.sh

valgrind: #H# the whole suite with every mkepub run under valgrind memcheck
	$(Q)sh scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory all unit-bins
	$(Q)MKEPUB_VALGRIND=1 sh tests/run.sh

check-alloc: #H# fail allocations one at a time under ASan (build/alloc/), expect exit 3
	$(Q)sh scripts/deps.sh build
	$(Q)$(MAKE) --no-print-directory BUILD=build/alloc \
		SANITIZE=address,undefined TEST_ALLOC=1 all
	$(Q)MKEPUB_BUILD=build/alloc sh tests/alloc/run.sh

install: $(BIN) #H# install to $(DESTDIR)$(PREFIX)
	$(INSTALL) -d -m 755 '$(DESTDIR)$(BINDIR)'
	$(INSTALL) -m 755 $(BIN) '$(DESTDIR)$(BINDIR)/mkepub'
	$(INSTALL) -d -m 755 '$(DESTDIR)$(MAN1DIR)'
	$(INSTALL) -m 644 man/mkepub.1 '$(DESTDIR)$(MAN1DIR)/mkepub.1'

uninstall: #H# remove what install put in $(DESTDIR)$(PREFIX)
	rm -f '$(DESTDIR)$(BINDIR)/mkepub' '$(DESTDIR)$(MAN1DIR)/mkepub.1'

# `make check-differential N=2000 SEED=1 EPUB=3.3`: N random chapters
# from SEED, plus tests/diff/regressions/, against both EPUBChecks.
N ?= 300
SEED ?= 7
EPUB ?=
check-differential: #H# differential test against EPUBCheck: N chapters (300) from SEED (7), EPUB=3.3
	$(Q)sh scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tests/diff/run.sh $(if $(EPUB),--epub $(EPUB)) \
		--regressions tests/diff/regressions $(SEED) $(N)

bench: #H# time mkepub against the zip floor (and pandoc) on generated books
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh tests/bench/run.sh

FUZZ_SECONDS ?= 60
fuzz: #H# run the libFuzzer targets for FUZZ_SECONDS each
	$(Q)sh scripts/deps.sh fuzz
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

clean: #H# remove build/
	rm -rf $(BUILD)

help: #H# this list
	@grep -E '^[a-z-]+:.*#H#' Makefile | sed 's/:.*#H#/\t/'

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

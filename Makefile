# mkepub — plain GNU make.  `make help` lists the targets.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
MAN1DIR := $(MANDIR)/man1
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
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
# -fPIC: one set of objects serves both libmkepub.a and libmkepub.so.
ALL_CFLAGS := $(WARN) $(OPT) -fPIC -D_XOPEN_SOURCE=700 -pthread $(DEP_CFLAGS) \
	$(if $(TEST_ALLOC),-DMK_TEST_ALLOC) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pthread $(OPT) $(LDFLAGS)

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
MAIN_OBJ := $(BUILD)/obj/main.o
LIB := $(BUILD)/libmkepub.a
BIN := $(BUILD)/mkepub
# The shared library: soname libmkepub.so.1 (the ABI: mkepub.h's
# functions, exported through src/libmkepub.map), file name with the
# whole version.
VERSION := $(shell sed -n 's/^\#define MKEPUB_VERSION "\(.*\)"/\1/p' src/mkepub.h)
SONAME := libmkepub.so.$(firstword $(subst ., ,$(VERSION)))
SHLIB := $(BUILD)/libmkepub.so.$(VERSION)
PC := $(BUILD)/mkepub.pc

# The test targets build with as many compilers as the tests run at once
# (MKEPUB_TEST_JOBS, default: the number of processors), unless make was
# given -j itself.
TEST_MAKE_JOBS := $(if $(filter -j% j%,$(MAKEFLAGS)),,-j$(or $(MKEPUB_TEST_JOBS),$(shell nproc 2>/dev/null || echo 1)))

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

ifneq ($(V),1)
Q := @
endif

.PHONY: all book check unit-bins asan valgrind check-alloc install \
	uninstall clean deps fuzz bench help check-differential shared \
	screenshot

all: $(BIN) #H# build build/mkepub and build/libmkepub.a

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(SHLIB): $(LIB_OBJ) src/libmkepub.map
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=src/libmkepub.map -Wl,--no-undefined \
		-o $@ $(LIB_OBJ) $(DEP_LIBS)

$(PC): src/mkepub.pc.in src/mkepub.h Makefile
	@mkdir -p $(dir $@)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
		-e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
		src/mkepub.pc.in >$@

shared: $(SHLIB) #H# build build/libmkepub.so.VERSION (soname libmkepub.so.1)

$(BIN): $(MAIN_OBJ) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(DEP_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h tests/fuzz/*.c tests/fuzz/*.h) $(LIB)
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
	$(Q)$(MAKE) --no-print-directory $(TEST_MAKE_JOBS) all unit-bins
	$(Q)sh tests/run.sh

unit-bins: $(UNIT_BIN)

asan: #H# the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
	$(Q)sh scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory $(TEST_MAKE_JOBS) BUILD=build/asan \
		SANITIZE=address,undefined all unit-bins
	$(Q)MKEPUB_BUILD=build/asan MKEPUB_SANITIZE=address,undefined sh tests/run.sh

valgrind: #H# the whole suite with every mkepub run under valgrind memcheck
	$(Q)sh scripts/deps.sh test
	$(Q)$(MAKE) --no-print-directory $(TEST_MAKE_JOBS) all unit-bins
	$(Q)MKEPUB_VALGRIND=1 sh tests/run.sh

check-alloc: #H# fail allocations one at a time under ASan (build/alloc/), expect exit 3
	$(Q)sh scripts/deps.sh build
	$(Q)$(MAKE) --no-print-directory $(TEST_MAKE_JOBS) BUILD=build/alloc \
		SANITIZE=address,undefined TEST_ALLOC=1 all
	$(Q)MKEPUB_BUILD=build/alloc sh tests/alloc/run.sh

# The .pc file names PREFIX and LIBDIR, so it is made afresh each time.
install: $(BIN) $(LIB) $(SHLIB) #H# install program, man page, library, header, .pc, completion to $(DESTDIR)$(PREFIX)
	$(Q)rm -f $(PC) && $(MAKE) --no-print-directory $(PC)
	$(INSTALL) -d -m 755 '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MAN1DIR)' \
		'$(DESTDIR)$(LIBDIR)' '$(DESTDIR)$(INCLUDEDIR)' \
		'$(DESTDIR)$(PKGCONFIGDIR)' '$(DESTDIR)$(BASHCOMPDIR)'
	$(INSTALL) -m 755 $(BIN) '$(DESTDIR)$(BINDIR)/mkepub'
	$(INSTALL) -m 644 man/mkepub.1 '$(DESTDIR)$(MAN1DIR)/mkepub.1'
	$(INSTALL) -m 644 src/mkepub.h '$(DESTDIR)$(INCLUDEDIR)/mkepub.h'
	$(INSTALL) -m 644 $(LIB) '$(DESTDIR)$(LIBDIR)/libmkepub.a'
	$(INSTALL) -m 755 $(SHLIB) '$(DESTDIR)$(LIBDIR)/libmkepub.so.$(VERSION)'
	ln -sf libmkepub.so.$(VERSION) '$(DESTDIR)$(LIBDIR)/$(SONAME)'
	ln -sf $(SONAME) '$(DESTDIR)$(LIBDIR)/libmkepub.so'
	$(INSTALL) -m 644 $(PC) '$(DESTDIR)$(PKGCONFIGDIR)/mkepub.pc'
	$(INSTALL) -m 644 completions/mkepub.bash '$(DESTDIR)$(BASHCOMPDIR)/mkepub'

uninstall: #H# remove what install put in $(DESTDIR)$(PREFIX)
	rm -f '$(DESTDIR)$(BINDIR)/mkepub' '$(DESTDIR)$(MAN1DIR)/mkepub.1' \
		'$(DESTDIR)$(INCLUDEDIR)/mkepub.h' \
		'$(DESTDIR)$(LIBDIR)/libmkepub.a' \
		'$(DESTDIR)$(LIBDIR)/libmkepub.so.$(VERSION)' \
		'$(DESTDIR)$(LIBDIR)/$(SONAME)' '$(DESTDIR)$(LIBDIR)/libmkepub.so' \
		'$(DESTDIR)$(PKGCONFIGDIR)/mkepub.pc' \
		'$(DESTDIR)$(BASHCOMPDIR)/mkepub'

screenshot: $(BIN) #H# docs/sample-book.png: the sample book's first chapter, rendered by chromium
	$(Q)sh scripts/screenshot.sh $(BIN) docs/sample-book.png

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

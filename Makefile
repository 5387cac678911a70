# mlk — kernel memory leak detector.  Plain GNU make; see README.md.

PREFIX    ?= /usr/local
SBINDIR   ?= $(PREFIX)/sbin
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
# mlkd reads /etc/mlk/mlkd.conf by default, whatever the PREFIX.
SYSCONFDIR ?= /etc
# Where systemd looks: the unit, sysusers.d and the journal catalog.
SYSTEMDDIR ?= $(PREFIX)/lib/systemd
UNITDIR   ?= $(SYSTEMDDIR)/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
CATALOGDIR ?= $(SYSTEMDDIR)/catalog
# Prometheus rules, the Grafana dashboard, the unit's metrics drop-in.
DATADIR   ?= $(PREFIX)/share/mlk
DESTDIR   ?=
VERSION   := 0.1.0

DEB_PKGS  := libevent-dev libsqlite3-dev libsystemd-dev pkg-config
TEST_PKGS := sqlite3 debhelper lintian rpm faketime tmux curl prometheus
PC_LIBS   := libevent sqlite3 libsystemd

CC        ?= cc
CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes \
             -Wstrict-prototypes -Wwrite-strings -Wpointer-arith -Wvla
ifdef CI
WARN      += -Werror
endif
HARDEN    := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
PKG_CFLAGS = $(shell pkg-config --cflags $(PC_LIBS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PC_LIBS) 2>/dev/null)
MLK_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARN) $(HARDEN) -Ilib -Ibuild -DMLK_VERSION='"$(VERSION)"' \
             $(PKG_CFLAGS) -pthread -MMD -MP
MLK_LDFLAGS = -pie -pthread -Wl,-z,relro,-z,now
LDLIBS    += $(PKG_LIBS) -lm

B         := build
LIB_SRC   := $(wildcard lib/*.c)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o) $(B)/schema.o
DAEMON_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard daemon/*.c))
CLI_OBJ   := $(patsubst %.c,$(B)/%.o,$(wildcard cli/*.c))
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
SQL       := $(sort $(wildcard sql/[0-9][0-9][0-9]-*.sql))

all: deps-check mlkd mlk-query

# $(B)/bin: the same programs under another build's flags (build/asan).
mlkd $(B)/bin/mlkd: $(DAEMON_OBJ) $(B)/libmlk.a
	@mkdir -p $(B)/bin
	$(CC) $(MLK_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

mlk-query $(B)/bin/mlk-query: $(CLI_OBJ) $(B)/libmlk.a
	@mkdir -p $(B)/bin
	$(CC) $(MLK_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/libmlk.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(B)/%.o: %.c | deps-check
	@mkdir -p $(@D)
	$(CC) $(MLK_CFLAGS) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

# The schema files are the single source: each becomes one C string, in order.
$(B)/schema.c: $(SQL) tools/embed-sql.sh
	@mkdir -p $(@D)
	sh tools/embed-sql.sh $(SQL) > $@

$(B)/schema.o: $(B)/schema.c
	$(CC) $(MLK_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libmlk.a
	@mkdir -p $(@D)
	$(CC) $(MLK_CFLAGS) $(CFLAGS) -Itests/unit -Idaemon $(MLK_LDFLAGS) -o $@ $(filter %.c %.o,$^) $(filter %.a,$^) $(LDLIBS)

# A daemon module's test links that module too.
$(B)/tests/test_attribution: $(B)/daemon/attribution.o

# Missing Debian packages: installed when we are root, else the exact
# command is printed.  DEPS_CHECK=no skips it (package builds, other
# distributions: pkg-config still finds the libraries or fails).
deps-check:
ifneq ($(DEPS_CHECK),no)
	@sh tools/deps.sh $(DEB_PKGS)
endif

# A test tool is one file, but for tests/tools/gen.[ch], which the two
# generators of scored recordings share (a module, not a tool).
TOOL_BIN  := $(patsubst tests/tools/%.c,$(B)/tools/%,$(filter-out \
             tests/tools/gen.c,$(wildcard tests/tools/*.c)))

$(B)/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) $(MLK_CFLAGS) $(CFLAGS) $(MLK_LDFLAGS) -o $@ $(filter %.c,$^) -lm

$(B)/tools/mkfam $(B)/tools/mkalt: tests/tools/gen.c tests/tools/gen.h

check: all $(UNIT_BIN) $(TOOL_BIN) asan-build
	@sh tools/deps.sh $(TEST_PKGS)
	@sh tests/run.sh $(UNIT_BIN) $(ASAN_UNIT) $(ASAN_FUZZ)

# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer
# (LeakSanitizer too), built apart in build/asan, with every fuzz harness
# replaying its committed corpus; any report fails them.  make check runs
# them with the rest.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
ASAN_UNIT := $(UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
ASAN_FUZZ := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/asan/fuzz/%)
asan-build: deps-check
	@$(MAKE) --no-print-directory B=$(B)/asan CFLAGS='$(ASAN_FLAGS)' \
	    LDFLAGS='$(ASAN_FLAGS)' instrumented

# What another build's flags are for (run in build/asan by asan-build).
instrumented: $(UNIT_BIN) $(FUZZ_BIN) $(B)/bin/mlkd $(B)/bin/mlk-query
	@:

asan: asan-build
	@sh tests/run.sh --unit-only $(ASAN_UNIT) $(ASAN_FUZZ) \
	    tests/system/test_asan_paths.sh

# A harness with replay.c's main, which reads its corpus,
# tests/fuzz/corpus/NAME; with LIBFUZZER=1, with libFuzzer's.
ifdef LIBFUZZER
FUZZ_MAIN  = -fsanitize=fuzzer
else
FUZZ_MAIN  = tests/fuzz/replay.c -DFUZZ_NAME='"$*"'
endif
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(B)/libmlk.a
	@mkdir -p $(@D)
	$(CC) $(MLK_CFLAGS) $(CFLAGS) -Itests/fuzz $(MLK_LDFLAGS) -o $@ $< $(FUZZ_MAIN) $(B)/libmlk.a $(LDLIBS)

# libFuzzer (clang) on every harness for FUZZ_SECONDS each, from its
# corpus; what it finds new goes to build/libfuzzer/corpus/NAME, a crash
# to build/libfuzzer/crash-*.  Add a finding to tests/fuzz/corpus once
# fixed.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
              -fno-omit-frame-pointer -fno-sanitize-recover=all
LIBFUZZER_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/libfuzzer/fuzz/%)
fuzz: deps-check
	@sh tools/deps.sh clang
	@$(MAKE) --no-print-directory B=$(B)/libfuzzer CC=clang LIBFUZZER=1 \
	    CFLAGS='$(FUZZ_FLAGS)' LDFLAGS='$(FUZZ_FLAGS)' $(LIBFUZZER_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(LIBFUZZER_BIN)

# The daemon's modules but its main.
$(B)/bench: tests/bench/bench.c $(filter-out $(B)/daemon/mlkd.o,$(DAEMON_OBJ)) $(B)/libmlk.a
	$(CC) $(MLK_CFLAGS) $(CFLAGS) -Idaemon $(MLK_LDFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LDLIBS)

bench: all $(B)/bench $(TOOL_BIN)
	@sh tests/bench/bench.sh

# The detection scorecard on generated families (tests/tools/mkfam.c):
# held-out seeds by default; e.g. SCORE_ARGS='-s tuning -j 4 -k'.
detect-score: all $(B)/tools/mkfam
	@sh tests/score/score.sh $(SCORE_ARGS)

# The same scorecard on mkalt (tests/tools/mkalt.c), an independent corpus
# drawn from issue #11's words alone: REPORT-ONLY, never tuned on.
detect-score-alt: all $(B)/tools/mkalt
	@MKFAM=$(B)/tools/mkalt sh tests/score/score.sh -s 1-20 \
	    -o $(B)/score-alt $(SCORE_ARGS)

run: all
	@mkdir -p run
	./mlkd -f --db run/mlk.db $(RUN_ARGS)

install: all install-catalog
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 mlkd $(DESTDIR)$(SBINDIR)/mlkd
	install -m 0755 mlk-query $(DESTDIR)$(BINDIR)/mlk-query
	install -m 0644 cli/mlk-query.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 daemon/mlkd.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 daemon/mlkd.8 $(DESTDIR)$(MANDIR)/man8/
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	sed 's|^ExecStart=/usr/sbin/mlkd|ExecStart=$(SBINDIR)/mlkd|' \
	    systemd/mlkd.service > $(DESTDIR)$(UNITDIR)/mlkd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/mlkd.service
	install -m 0644 systemd/mlk.sysusers $(DESTDIR)$(SYSUSERSDIR)/mlk.conf
	install -d $(DESTDIR)$(DATADIR)
	install -m 0644 packaging/prometheus/mlk.rules.yml \
	    packaging/prometheus/mlk.rules.test.yml packaging/grafana/mlk.json \
	    systemd/mlkd-metrics.conf $(DESTDIR)$(DATADIR)/
	@# The example config only where none exists: never over an admin's.
	install -d $(DESTDIR)$(SYSCONFDIR)/mlk
	[ -e $(DESTDIR)$(SYSCONFDIR)/mlk/mlkd.conf ] || \
	    install -m 0644 daemon/mlkd.conf $(DESTDIR)$(SYSCONFDIR)/mlk/mlkd.conf

uninstall: uninstall-catalog
	rm -f $(DESTDIR)$(SBINDIR)/mlkd $(DESTDIR)$(BINDIR)/mlk-query \
	    $(DESTDIR)$(MANDIR)/man1/mlk-query.1 \
	    $(DESTDIR)$(MANDIR)/man5/mlkd.conf.5 $(DESTDIR)$(MANDIR)/man8/mlkd.8 \
	    $(DESTDIR)$(UNITDIR)/mlkd.service $(DESTDIR)$(SYSUSERSDIR)/mlk.conf \
	    $(DESTDIR)$(DATADIR)/mlk.rules.yml \
	    $(DESTDIR)$(DATADIR)/mlk.rules.test.yml \
	    $(DESTDIR)$(DATADIR)/mlk.json $(DESTDIR)$(DATADIR)/mlkd-metrics.conf
	@rmdir $(DESTDIR)$(DATADIR) 2> /dev/null || :

# The journal catalog alone, for journalctl -x (which reads
# /usr/lib/systemd/catalog and /usr/local/lib/systemd/catalog, not /run),
# and its index rebuilt.  Under a DESTDIR (a package being built) the
# index is left to the package's own scripts.
install-catalog:
	install -d $(DESTDIR)$(CATALOGDIR)
	install -m 0644 systemd/mlk.catalog $(DESTDIR)$(CATALOGDIR)/mlk.catalog
	$(if $(DESTDIR),,journalctl --update-catalog)

uninstall-catalog:
	rm -f $(DESTDIR)$(CATALOGDIR)/mlk.catalog
	$(if $(DESTDIR),,journalctl --update-catalog)

# The Debian package, built in a copy of the tracked files with
# packaging/debian as debian/: build/deb/mlk_VERSION-1_ARCH.deb.
deb:
	rm -rf $(B)/deb && mkdir -p $(B)/deb/mlk-$(VERSION)
	git ls-files -z | xargs -0 tar -cf - | tar -xf - -C $(B)/deb/mlk-$(VERSION)
	cp -rL packaging/debian $(B)/deb/mlk-$(VERSION)/debian
	cd $(B)/deb/mlk-$(VERSION) && dpkg-buildpackage -us -uc -b
	@ls $(B)/deb/*.deb

# A release tarball of what git tracks, named for the version.
dist:
	git archive --format=tar --prefix=mlk-$(VERSION)/ HEAD | \
	    gzip -9 > mlk-$(VERSION).tar.gz
	@echo mlk-$(VERSION).tar.gz

clean:
	rm -rf $(B) mlkd mlk-query

.PHONY: all check asan asan-build instrumented fuzz bench detect-score detect-score-alt run install uninstall install-catalog uninstall-catalog deb dist clean deps-check
# Dependency files of our objects (not build/deb, where sysusers.d lives).
-include $(shell find $(B) -path $(B)/deb -prune -o -name '*.d' -type f -print 2>/dev/null)

# Sourced by every system test.  Each test runs in its own temporary
# directory (tests/run.sh makes it) and prints PASS/FAIL lines.
set -u
top=${MLK_TOP:?run through tests/run.sh}
MLKD=$top/mlkd
Q=$top/mlk-query
FIX=$top/tests/fixtures
TOOLS=$top/build/tools
T=$(basename "$0" .sh)
T=${T#test_}

pass() { echo "PASS $T/$1"; }
fail() { echo "FAIL $T/$1: $2"; }
# check NAME COMMAND...: one test case, PASS if COMMAND succeeds.
check() {	# (a name of its own: callers have their own "name")
	_check=$1
	shift
	if "$@"; then pass "$_check"; else fail "$_check" "$*"; fi
}
sql() { sqlite3 -batch -noheader "$1" "$2"; }
integrity_ok() { [ "$(sql "$1" 'PRAGMA integrity_check')" = ok ]; }
# wait_until SECONDS COMMAND...: poll every 0.1 s.
wait_until() {
	limit=$(( $1 * 10 ))
	shift
	while ! "$@" 2>/dev/null; do
		limit=$((limit - 1))
		[ "$limit" -gt 0 ] || return 1
		sleep 0.1
	done
}
# Does a journald take entries?  A socket file can outlive its journald,
# and logger --journald says nothing when the socket is missing.
journal_up() {
	[ -S /run/systemd/journal/socket ] &&
	    echo MESSAGE=mlk-probe | logger --journald 2> /dev/null
}
# Run the test again in a mount namespace of its own, where what it
# mounts is seen by it alone.  Call it first.
own_mounts() {
	[ -n "${MLK_OWN_MOUNTS:-}" ] && return
	MLK_OWN_MOUNTS=1 exec unshare --mount --propagation private sh "$0"
}
# A journald of our own (after own_mounts), its socket and journal files
# on tmpfs: the machine's journald, if any, is never touched, and two
# test runs never share one.  Its pid in jpid.
journal_own() {
	for d in /run/systemd/journal /run/log/journal /var/log/journal; do
		[ "$d" = /var/log/journal ] && [ ! -d "$d" ] && continue
		mkdir -p "$d" && mount -t tmpfs mlk-journal "$d" || return 1
	done
	/lib/systemd/systemd-journald > journald.log 2>&1 &
	jpid=$!
	wait_until 10 journal_up
}
# Hold a machine-wide lock for what no namespace makes private: a real
# leak fills the kernel's own slab caches, which another run's leak (or
# alert resolving) would share.  Waits for another run to finish.
machine_lock() {	# NAME
	exec 9> "/run/lock/mlk-test-$1.lock"
	flock -w 400 9 || { echo "FAIL $T/machine_lock: $1 held too long"; exit 1; }
}
# A config that alerts within a minute on growth of 100 MiB/h or more:
# samples every second, the 10 s window.  Then the lines given.
quick_conf() {	# FILE [LINE...]
	_f=$1
	shift
	printf '%s\n' 'interval = 1s' 'window = 10s' 'min_growth = 100MiB/h' \
	    'vmalloc_interval = 1h' "$@" > "$_f"
}
# A proc root copied from a fixture generation, with a boot id.
fixture_root() {	# GENERATION DIR [BOOT_ID]
	mkdir -p "$2/sys/kernel/random"
	cp "$FIX/$1/meminfo" "$FIX/$1/slabinfo" "$FIX/$1/vmallocinfo" "$2/"
	mkdir -p "$2/1"		# and a process: a machine has one at least
	echo '1 (init) S 0 1 1 0 -1 4194560 0 0 0 0' > "$2/1/stat"
	printf '0-1 ---p 0 00:00 0 [rollup]\nRss: 4096 kB\nPss: 2048 kB\n' > "$2/1/smaps_rollup"
	echo "${3:-6e0b5a8e-3f43-4c7a-9d0e-5b7c1a2f9e01}" > "$2/sys/kernel/random/boot_id"
}
# A loopback TCP port no socket of this machine uses now (a test's own:
# two runs at once pick their own).
free_port() {
	while :; do
		p=$(shuf -i 20000-59999 -n 1)
		h=$(printf ':%04X ' "$p")
		grep -q "$h" /proc/net/tcp /proc/net/tcp6 2> /dev/null || break
	done
	echo "$p"
}
# mlkd replays REC into NAME.db with NAME.conf, then serves its metrics
# (--linger); its pid in lpid, its log NAME.err.
linger() {	# NAME REC
	"$MLKD" -c "$1.conf" --db "$1.db" --import "$2" --linger 2> "$1.err" &
	lpid=$!
	wait_until 120 grep -q 'serving metrics until stopped' "$1.err"
}

#!/usr/bin/env python3
# mem-pressure.py: the workload of mem-pressure.rec.gz.  Allocates and
# touches anonymous memory in steps until MemAvailable is down to about
# FLOOR_MB (default 300), so that the kernel reclaims its caches, holds
# it HOLD seconds, frees it all, rests REST seconds, and starts again,
# CYCLES times.  It never takes a step that could leave MemAvailable
# under FLOOR_MB - 50, and asks the OOM killer to choose it first.
#
#   mem-pressure.py [FLOOR_MB [CYCLES [RAMP [HOLD [REST]]]]]
#
# RAMP is about how many seconds a fill takes at the least (the steps
# are paced; faulting the pages in may take longer).
import sys
import time

args = [int(a) for a in sys.argv[1:]]
FLOOR, CYCLES, RAMP, HOLD, REST = (args + [300, 3, 60, 5, 15][len(args):])[:5]
MB = 1 << 20


def available():
	with open("/proc/meminfo") as f:
		for line in f:
			if line.startswith("MemAvailable:"):
				return int(line.split()[1]) * 1024
	raise SystemExit("mem-pressure: no MemAvailable in /proc/meminfo")


with open("/proc/self/oom_score_adj", "w") as f:
	f.write("1000\n")
step = max(16 * MB, (available() - FLOOR * MB) // (RAMP * 4)) // MB * MB
for cycle in range(CYCLES):
	hog = []
	while True:
		room = available() - FLOOR * MB
		if room < 16 * MB:
			break
		t0 = time.monotonic()
		n = min(step, room // 2 if room < 2 * step else step)
		hog.append(bytearray(b"\1") * n)	# filled: every page touched
		time.sleep(max(0.0, 0.25 - (time.monotonic() - t0)))
	print("mem-pressure: cycle %d: holding %d MB, MemAvailable %d MB" %
	    (cycle + 1, sum(map(len, hog)) // MB, available() // MB),
	    file=sys.stderr, flush=True)
	time.sleep(HOLD)
	del hog
	time.sleep(REST)

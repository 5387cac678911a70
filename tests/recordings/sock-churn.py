#!/usr/bin/env python3
# sock-churn.py: many short-lived TCP connections over 127.0.0.1, the
# workload of socket-churn.rec.gz.  Each round opens BATCH connections,
# exchanges 1 KiB each way on each, holds them a second and closes them
# (client side first, so the TIME_WAIT sockets are the client's).  About
# 300 connections a second: fewer than the ephemeral ports TIME_WAIT
# keeps busy for 60 s.  Runs until killed; everything is freed on exit.
import socket
import sys
import time

BATCH = int(sys.argv[1]) if len(sys.argv) > 1 else 300
DATA = b"x" * 1024

ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(BATCH + 16)
addr = ls.getsockname()
rounds = 0
while True:
	t0 = time.monotonic()
	clients, servers = [], []
	try:
		for _ in range(BATCH):
			c = socket.create_connection(addr)
			clients.append(c)
			servers.append(ls.accept()[0])
		for c in clients:
			c.sendall(DATA)
		for s in servers:
			s.recv(4096)
			s.sendall(DATA)
		for c in clients:
			c.recv(4096)
	except OSError as e:		# e.g. out of ephemeral ports: back off
		print("sock-churn:", e, file=sys.stderr)
		time.sleep(5)
	time.sleep(max(0.0, 1.0 - (time.monotonic() - t0)))
	for c in clients:
		c.close()
	for s in servers:
		s.close()
	rounds += 1

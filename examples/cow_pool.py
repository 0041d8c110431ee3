#!/usr/bin/env python3
"""Why `top` shows every worker as big as the parent: copy-on-write after fork.

The parent fills a big buffer, then forks workers (multiprocessing's 'fork' start method) that only
read it and add a little of their own. Each worker's RSS counts the parent's pages again, so summed
RSS is about (workers + 1) times the buffer; PSS splits shared pages between their users and adds
up to what the machine really spent. Compare:

    memprof run -M -C --metric rss python3 examples/cow_pool.py
    memprof run -M -C --metric pss python3 examples/cow_pool.py

Arguments: [parent_mib=400] [workers=4] [worker_mib=200] [hold_s=2]
"""
import multiprocessing as mp
import sys
import time

MiB = 1024 * 1024


def worker(shared, worker_mib, hold_s):
    total = 0
    for i in range(0, len(shared), 4096):  # read every page of the parent's buffer: no copy is made
        total += shared[i]
    own = bytearray(worker_mib * MiB)
    for i in range(0, len(own), 4096):  # touch every page so it is really resident
        own[i] = 1
    time.sleep(hold_s)
    return total


def main():
    parent_mib, workers, worker_mib = (int(a) for a in (sys.argv[1:4] + ['400', '4', '200'][len(sys.argv[1:4]):]))
    hold_s = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    shared = bytearray(parent_mib * MiB)
    for i in range(0, len(shared), 4096):
        shared[i] = 1
    ctx = mp.get_context('fork')
    procs = [ctx.Process(target=worker, args=(shared, worker_mib, hold_s)) for _ in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(f'cow_pool: parent {parent_mib} MiB, {workers} workers x {worker_mib} MiB')


if __name__ == '__main__':
    main()

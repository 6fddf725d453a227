#!/usr/bin/env python3
"""PSS and idle CPU of a running `./torale up`, by process, with the load average beside them.

Usage (with `./torale up` ready and left alone):  scripts/footprint.py [SECONDS] [-v]

Finds the `torale-cli.jar up` JVM, every process under it, and the PostgreSQL server of its data
directory (PostgreSQL detaches from the JVM that starts it). PSS from /proc/PID/smaps_rollup at
the end of the window; CPU from utime+stime in /proc/PID/stat over the window (default 30 s).
With -v: every process, and the busiest threads by name (/proc/PID/task/*/stat), which is how to
find who wakes up when nothing happens.
"""
import glob
import os
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def stat(path):
    s = open(path).read()
    comm = s[s.index("(") + 1 : s.rindex(")")]
    f = s[s.rindex(")") + 2 :].split()
    return comm, int(f[1]), int(f[11]) + int(f[12])  # comm, ppid, utime + stime


def children():
    m = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                m.setdefault(stat(f"/proc/{d}/stat")[1], []).append(int(d))
            except OSError:
                pass
    return m


def tree(root, m):
    out, i = [root], 0
    while i < len(out):
        out += m.get(out[i], [])
        i += 1
    return out


def cmdline(pid):
    return open(f"/proc/{pid}/cmdline").read().split("\0")


def group(pid):
    cmd = cmdline(pid)
    comm = stat(f"/proc/{pid}/stat")[0]
    if cmd[0].endswith("java"):
        jars = [os.path.basename(a) for a in cmd if a.endswith(".jar")]
        return "java " + (jars[-1] if jars else "?")
    if "postgres" in comm or "postgres" in cmd[0]:
        return "postgres"
    if comm == "sh":
        return "watchdogs (sh)"
    return comm


def pss_mb(pid):
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def threads(pid):
    r = {}
    for t in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            c, _, ticks = stat(t)
            r[t] = (c, ticks)
        except OSError:
            pass
    return r


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    seconds = float(args[0]) if args else 30.0
    roots = [int(p) for p in os.popen("pgrep -f 'torale-cli.jar up'").read().split()]
    roots = [p for p in roots if cmdline(p)[0].endswith("java")]
    if not roots:
        sys.exit("no `./torale up` running")
    root = roots[0]
    m = children()
    pids = tree(root, m)
    cwd = os.readlink(f"/proc/{root}/cwd")
    data = os.environ.get("TORALE_DATA_DIR", os.path.join(cwd, ".torale", "data"))
    pidfile = os.path.join(data, "postgres", "postmaster.pid")
    if os.path.exists(pidfile):
        pids += [p for p in tree(int(open(pidfile).readline()), m) if p not in pids]
    load0 = open("/proc/loadavg").read().split()[:3]
    t0 = {p: stat(f"/proc/{p}/stat")[2] for p in pids}
    th0 = {p: threads(p) for p in pids} if verbose else {}
    start = time.time()
    time.sleep(seconds)
    window = time.time() - start
    load1 = open("/proc/loadavg").read().split()[:3]
    rows = []
    for p in pids:
        try:
            rows.append((group(p), p, pss_mb(p), (stat(f"/proc/{p}/stat")[2] - t0[p]) / HZ / window))
        except OSError:
            pass  # ended meanwhile
    groups = {}
    for g, _, pss, cpu in rows:
        a = groups.setdefault(g, [0, 0.0, 0.0])
        a[0] += 1
        a[1] += pss
        a[2] += cpu
    print(f"load average {' '.join(load0)} before, {' '.join(load1)} after; window {window:.1f} s")
    print(f"{'process':36s} {'n':>3s} {'PSS MB':>8s} {'cores':>7s}")
    for g, (n, pss, cpu) in sorted(groups.items(), key=lambda x: -x[1][1]):
        print(f"{g[:36]:36s} {n:3d} {pss:8.0f} {cpu:7.4f}")
    print(f"{'total':36s} {len(rows):3d} {sum(r[2] for r in rows):8.0f} {sum(r[3] for r in rows):7.4f}")
    if verbose:
        busy = []
        for p in pids:
            for t, (c, ticks) in threads(p).items():
                if t in th0.get(p, {}) and ticks > th0[p][t][1]:
                    busy.append(((ticks - th0[p][t][1]) / HZ / window, group(p), c))
        print("busiest threads (cores):")
        for cpu, g, c in sorted(busy, reverse=True)[:25]:
            print(f"  {cpu:.4f}  {g[:30]:30s} {c}")


if __name__ == "__main__":
    main()

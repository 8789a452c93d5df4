#!/usr/bin/env python3
"""Soak test: mixed DirectAdmin traffic at a steady rate into `dadns serve` for a long time, with
dadns's RSS and open file descriptors sampled throughout.

    swift build -c release --product dadns
    python3 scripts/load-test.py --minutes 30            # --rate 40 --zones 2000 --no-mariadb --keep

Starts named (rndc on loopback) and, unless --no-mariadb, a MariaDB server for a coredns_mysql
backend, then dadns with both backends. Pushes every zone of the pool once, then for --minutes
sends, at --rate requests per second: zone updates (new serial), `exists` checks, deletes (the
zone comes back with its next update), login tests; every --burst-every seconds a burst of
--burst-size updates as fast as eight clients can; `/status` and `/metrics` are read at every
sample, as a monitoring system would. Each zone belongs to one client thread, so the order of
acknowledgements is the order of changes and the script knows exactly what each zone must be.

Every --sample-seconds it records dadns's RSS, open descriptors and threads (also in
samples.csv in the work directory). At the end it waits for every backend to converge, checks
every zone in named (SOA serial, or REFUSED when deleted) and in MariaDB, and prints the
figures. Exit status 1 when an acknowledged change is missing, a request failed, or RSS or the
descriptor count grew between the first and the last quarter of the run (more than 10 % + 8 MB
of RSS, more than 8 descriptors).
"""
import argparse, json, os, queue, random, shutil, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Dadns, MariaDB, Named, percentile, response_code, soa_serial, zone_text

def proc_figures(pid):
    """(RSS in MB, open descriptors, threads) of a process, from /proc."""
    rss = threads = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"): rss = int(line.split()[1]) / 1024
            elif line.startswith("Threads:"): threads = int(line.split()[1])
    return rss, len(os.listdir(f"/proc/{pid}/fd")), threads

class Book:
    """What each zone must be after the last acknowledged change: a serial, or None (deleted)."""
    def __init__(self, zones):
        self.serial = {}             # domain → next serial to push
        self.expected = {}           # domain → acknowledged serial, or None after an acknowledged delete
        for domain in zones:
            self.serial[domain] = 2026120500

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = {}            # operation → [seconds]
        self.failures = {}           # operation → count
        self.examples = []

    def record(self, operation, seconds, ok, detail=""):
        with self.lock:
            self.latency.setdefault(operation, []).append(seconds)
            if not ok:
                self.failures[operation] = self.failures.get(operation, 0) + 1
                if len(self.examples) < 10: self.examples.append(f"{operation}: {detail}")

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--rate", type=float, default=40, help="steady requests per second")
    parser.add_argument("--zones", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--burst-every", type=float, default=60)
    parser.add_argument("--burst-size", type=int, default=300)
    parser.add_argument("--sample-seconds", type=float, default=10)
    parser.add_argument("--no-mariadb", action="store_true", help="only the bind backend")
    parser.add_argument("--binary", default=".build/release/dadns")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    random.seed(args.seed)
    work = tempfile.mkdtemp(prefix="dadns-load-", dir="/tmp")
    servers = []
    try:
        return run(args, work, servers)
    finally:
        for server in servers:
            server.stop()
        if args.keep: print(f"work directory kept: {work}")
        else: shutil.rmtree(work, ignore_errors=True)

def run(args, work, servers):
    named = Named(work); servers.append(named)
    backends = named.backend_yaml()
    database = None
    if not args.no_mariadb:
        database = MariaDB(work, "coredns_dc1"); servers.append(database)
        backends += database.backend_yaml()
    dadns = Dadns(os.path.abspath(args.binary), work, backends, dns_extra="  retry_schedule_seconds: [1, 2, 5, 10, 30]\n")
    servers.insert(0, dadns)
    dadns.start()
    domains = [f"customer{i}.load" for i in range(args.zones)]
    index = {domain: i for i, domain in enumerate(domains)}
    book, stats = Book(domains), Stats()
    lanes = [queue.Queue() for _ in range(args.clients)]
    lane_of = lambda domain: index[domain] % args.clients

    def operate(operation, domain):
        if operation == "delete" and book.expected.get(domain) is None:
            operation = "update"  # deleting an absent zone is DirectAdmin's business, not ours
        started = time.monotonic()
        try:
            if operation == "update":
                serial = book.serial[domain] + 1
                status, body = dadns.rawsave(domain, zone_text(domain, serial, index[domain]))
                ok = status == 200 and body == "error=0"
                if ok: book.serial[domain], book.expected[domain] = serial, serial
            elif operation == "delete":
                status, body = dadns.delete(domain)
                ok = status == 200 and body == "error=0"
                if ok: book.expected[domain] = None
            elif operation == "exists":
                status, body = dadns.exists(domain)
                want = "exists=1" if book.expected.get(domain) is not None else "exists=0"
                ok = status == 200 and want in body.split("&")
            else:
                status, body = dadns.request("GET", "/CMD_API_LOGIN_TEST")
                ok = status == 200 and body.startswith("error=0")
        except OSError as error:
            ok, status, body = False, 0, str(error)
        stats.record(operation, time.monotonic() - started, ok, f"{domain} → {status} {body[:120]}")

    def client(lane):
        while True:
            item = lane.get()
            if item is None: return
            operate(*item); lane.task_done()

    threads = [threading.Thread(target=client, args=(lane,), daemon=True) for lane in lanes]
    for thread in threads: thread.start()

    def wait_converged(timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status = json.loads(dadns.request("GET", "/status", timeout=10)[1])
                if all(b["pending"] == 0 and b["retrying"] == 0 and b["failed"] == 0 for b in status["backends"]):
                    return time.monotonic() - (deadline - timeout)
            except (OSError, ValueError):
                pass
            time.sleep(0.5)
        return None

    # Warm-up: every zone once.
    started = time.monotonic()
    for domain in domains: lanes[lane_of(domain)].put(("update", domain))
    for lane in lanes: lane.join()
    converged = wait_converged(300)
    print(f"warm-up: {args.zones} zones pushed and applied in {time.monotonic() - started:.1f} s"
          f" ({'converged' if converged is not None else 'NOT converged'})", flush=True)

    samples, stop_sampling = [], threading.Event()
    def sampler():
        begin = time.monotonic()
        while not stop_sampling.wait(args.sample_seconds):
            rss, fds, nthreads = proc_figures(dadns.pid)
            t0 = time.monotonic()
            for target in ("/status", "/metrics"):
                try: ok = dadns.request("GET", target, timeout=10)[0] == 200
                except OSError: ok = False
                stats.record(target, time.monotonic() - t0, ok, target)
            samples.append((time.monotonic() - begin, rss, fds, nthreads))
            if len(samples) % max(1, int(60 / args.sample_seconds)) == 0:
                done = sum(len(v) for v in stats.latency.values())
                print(f"  {samples[-1][0] / 60:5.1f} min  RSS {rss:6.1f} MB  fds {fds:3d}  threads {nthreads:2d}  requests {done}", flush=True)
    sampling = threading.Thread(target=sampler, daemon=True); sampling.start()

    # Steady traffic with periodic bursts.
    mix = [("update", 55), ("exists", 25), ("login", 10), ("delete", 5), ("update", 5)]
    weighted = [operation for operation, weight in mix for _ in range(weight)]
    steady_started = time.monotonic(); end = steady_started + args.minutes * 60
    next_burst, sent, bursts = steady_started + args.burst_every, 0, 0
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_burst:
            for domain in random.sample(domains, min(args.burst_size, len(domains))):
                lanes[lane_of(domain)].put(("update", domain))
            next_burst += args.burst_every; bursts += 1
        due = int((now - steady_started) * args.rate) - sent
        for _ in range(max(0, due)):
            domain = random.choice(domains)
            lanes[lane_of(domain)].put((random.choice(weighted), domain)); sent += 1
        time.sleep(0.01)
    for lane in lanes: lane.join()
    steady_seconds = time.monotonic() - steady_started
    stop_sampling.set(); sampling.join()
    for lane in lanes: lane.put(None)

    converged = wait_converged(300)
    # Verification: named serves every present zone with its last acknowledged serial and refuses
    # deleted ones; MariaDB holds the same serials.
    lost, wrong_named, wrong_mysql = [], 0, 0
    for domain in domains:
        want = book.expected.get(domain)
        if want is None:
            served = response_code(named.dns_port, domain)
            if served != 5: wrong_named += 1; lost.append(f"{domain}: deleted, named rcode {served}")
        else:
            served = soa_serial(named.dns_port, domain) or soa_serial(named.dns_port, domain, 2)
            if served != want: wrong_named += 1; lost.append(f"{domain}: named {served}, acknowledged {want}")
    if database is not None:
        words = database.sql("SELECT z.zone_name, r.data FROM coredns.zones z JOIN coredns.records r ON r.zone_id = z.id"
                             " WHERE r.type = 'SOA' AND r.online = 1")
        held, i = {}, 0
        while i + 8 <= len(words):   # zone_name, then mname rname serial refresh retry expire minimum
            held[words[i].rstrip(".")] = int(words[i + 3]); i += 8
        for domain in domains:
            if held.get(domain) != book.expected.get(domain):
                wrong_mysql += 1; lost.append(f"{domain}: MariaDB {held.get(domain)}, acknowledged {book.expected.get(domain)}")

    total = sum(len(v) for v in stats.latency.values())
    failures = sum(stats.failures.values())
    print(f"\nsteady traffic: {steady_seconds / 60:.1f} min, {total} requests ({total / steady_seconds:.1f}/s), {bursts} bursts of "
          f"{args.burst_size}, backends: bind{'' if database is None else ' + coredns_mysql'}")
    print(f"{'operation':<10} {'count':>7} {'failed':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for operation, values in sorted(stats.latency.items()):
        print(f"{operation:<10} {len(values):7d} {stats.failures.get(operation, 0):6d} {percentile(values, 50) * 1000:8.1f}"
              f" {percentile(values, 99) * 1000:8.1f} {max(values) * 1000:8.1f}")
    for example in stats.examples: print(f"  failed: {example}")
    with open(f"{work}/samples.csv", "w") as f:
        f.write("seconds,rss_mb,fds,threads\n")
        for sample in samples: f.write("%.1f,%.1f,%d,%d\n" % sample)
    flat = True
    if len(samples) >= 8:
        quarter = len(samples) // 4
        first, last = samples[:quarter], samples[-quarter:]
        rss_first, rss_last = percentile([s[1] for s in first], 50), percentile([s[1] for s in last], 50)
        fd_first, fd_last = percentile([s[2] for s in first], 50), percentile([s[2] for s in last], 50)
        print(f"RSS MB: first quarter median {rss_first:.1f}, last quarter median {rss_last:.1f}, min {min(s[1] for s in samples):.1f},"
              f" max {max(s[1] for s in samples):.1f}")
        print(f"open fds: first quarter median {fd_first}, last quarter median {fd_last}, min {min(s[2] for s in samples)},"
              f" max {max(s[2] for s in samples)}; threads {min(s[3] for s in samples)}–{max(s[3] for s in samples)}")
        flat = rss_last <= rss_first * 1.10 + 8 and fd_last <= fd_first + 8
        print(f"RSS and descriptors flat: {'yes' if flat else 'NO'}")
    else:
        print(f"only {len(samples)} samples: too short to judge RSS and descriptors")
    print(f"converged after the traffic: {'yes, in %.1f s' % converged if converged is not None else 'NO'}")
    print(f"zones wrong in named: {wrong_named}; in MariaDB: {wrong_mysql if database else 'n/a'}")
    for line in lost[:10]: print(f"  {line}")
    print(f"lost acknowledged changes: {wrong_named + wrong_mysql}")
    return 0 if converged is not None and not lost and failures == 0 and flat else 1

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Crash test: push zones and their updates into `dadns serve` while it is SIGKILLed at random
moments, then prove that no acknowledged update was lost.

    swift build -c release --product dadns
    python3 scripts/crash-test.py [--zones 2000] [--updates 4] [--kills 20] [--seed N] [--keep]
                                  [--binary .build/release/dadns]

Starts its own named (rndc on loopback) and MariaDB (mariadb-install-db into a temporary
directory), and runs `dadns serve` with a `bind` and a `coredns_mysql` backend, healing off (so
the dispatcher alone must converge) and a short retry schedule (servers: scripts/harness.py).
Several threads push every zone DirectAdmin-style (POST /CMD_API_DNS_ADMIN?action=rawsave, raw
body, Basic auth) several times with increasing SOA serials; some zones are deleted (DirectAdmin's
delete: url-encoded body, no Content-Type), some of those pushed again afterwards. Each operation
is retried until it is acknowledged (`error=0`); a request that fails because the daemon is down
is simply not acknowledged. For every zone the last acknowledged operation is recorded.
Meanwhile the main thread SIGKILLs dadns at random moments (most while pushes are in flight, a
fifth after the last acknowledgement, while the backends catch up) and restarts it at once.

At the end, after a final SIGKILL and restart, it waits (with a timeout) until named and MariaDB
agree with the acknowledged state, then checks every zone: the store (/api/zones), named (one
`dig` batch: SOA serial), MariaDB (the `@ SOA` row of each zone), `named-checkzone` on every zone
file, the include file, and leftover temporary files (`.<name>.tmp-<pid>-<n>`). It prints the
counts and exits 1 on any failure (2 when the test itself cannot be set up). Every server it
started is stopped, also on failure and Ctrl-C; the working directory is removed unless --keep
(or a failure) keeps it.
"""
import argparse, concurrent.futures, http.client, json, os, random, re, shutil, signal, subprocess
import sys, tempfile, threading, time, urllib.parse

from harness import Dadns, MariaDB, Named, soa_serial, stop, zone_text

FIRST_SERIAL = 2025010100
TEMP_FILE = re.compile(r"^\..+\.tmp-\d+-\d+$")
DA_HOST = "da1.crash.example"


def log(message):
    print(message, flush=True)


def run(arguments, timeout=60):
    """Runs a program (argument vector, no shell); (status, output)."""
    result = subprocess.run(arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    return result.returncode, result.stdout.decode(errors="replace")


def wait_until(check, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check(): return True
        time.sleep(interval)
    return check()


def interrupt(*_):
    raise KeyboardInterrupt()


class Daemon:
    """The dadns under test: started, SIGKILLed and restarted by the main thread only
    (`setpriv --pdeathsig` ties a child's life to the thread that started it)."""

    def __init__(self, dadns):
        self.dadns, self.starts = dadns, 0

    def start(self):
        """Starts `dadns serve`; False when it does not come up."""
        self.starts += 1
        with open(self.dadns.log, "a") as f: f.write(f"\n==== crash-test: start {self.starts} ====\n")
        try:
            self.dadns.start()
            return True
        except RuntimeError:
            return False

    def running(self):
        return self.dadns.process is not None and self.dadns.process.poll() is None

    def kill(self):
        self.dadns.process.send_signal(signal.SIGKILL)
        self.dadns.process.wait()

    def log_tail(self):
        return open(self.dadns.log, errors="replace").read()[-3000:]


def crash_zone(domain, serial, index):
    """A DirectAdmin-shaped zone whose content (not only the serial) changes with each update."""
    return zone_text(domain, serial, index) + f'{domain}.\t3600\tIN\tTXT\t"update-{serial}"\n'


def plan(zones, updates, delete_share, rng):
    """Per zone, the operations in order: ("push", serial) or ("delete", None). A delete comes
    after at least one push; when it is not last, the zone is pushed again afterwards."""
    plans = {}
    for index in range(zones):
        operations = [("push", FIRST_SERIAL + n) for n in range(1, updates + 1)]
        if rng.random() < delete_share:
            operations.insert(rng.randint(1, len(operations)), ("delete", None))
        plans[f"zone{index}.crash.example"] = (index, operations)
    return plans


class Pushers:
    """Threads that push every zone's operations in order, each retried until acknowledged."""

    def __init__(self, plans, dadns, threads, rng):
        self.plans, self.dadns = plans, dadns
        self.lock = threading.Lock()
        self.acked = {}            # domain -> last acknowledged operation
        self.acked_count = 0
        self.attempts = 0
        self.unacked_attempts = 0  # refused connections, resets, timeouts: the daemon was down
        self.server_errors = []    # 5xx replies (retried)
        self.refusals = []         # 4xx replies: a bug in this test or in dadns; not retried
        self.total = sum(len(operations) for _, operations in plans.values())
        self.stop = threading.Event()
        domains = list(plans)
        rng.shuffle(domains)
        self.threads = [threading.Thread(target=self.work, args=(domains[n::threads], random.Random(rng.random())), daemon=True)
                        for n in range(threads)]

    def start(self):
        for thread in self.threads: thread.start()

    def done(self):
        return not any(thread.is_alive() for thread in self.threads)

    def progress(self):
        with self.lock: return self.acked_count / self.total

    def work(self, domains, rng):
        refused = set()
        for round_index in range(max((len(self.plans[d][1]) for d in domains), default=0)):
            rng.shuffle(domains)
            for domain in domains:
                index, operations = self.plans[domain]
                if round_index < len(operations) and domain not in refused:
                    if not self.perform(domain, index, operations[round_index], rng): refused.add(domain)
                if self.stop.is_set(): return

    def perform(self, domain, index, operation, rng):
        """Sends one operation until it is acknowledged; False if dadns refused it (4xx)."""
        kind, serial = operation
        if kind == "push":
            body = crash_zone(domain, serial, index).encode()
            target = f"/CMD_API_DNS_ADMIN?action=rawsave&domain={domain}&hostname={DA_HOST}&username=user{index % 50}"
        else:
            body = f"action=delete&cluster=yes&hostname={DA_HOST}&username=user{index % 50}&select0={domain}".encode()
            target = "/CMD_API_DNS_ADMIN"
        delay = 0.02
        while not self.stop.is_set():
            with self.lock: self.attempts += 1
            try:
                status, reply = self.dadns.request("POST", target, body, timeout=15)
            except (OSError, http.client.HTTPException):
                with self.lock: self.unacked_attempts += 1
                time.sleep(delay * (1 + rng.random())); delay = min(delay * 2, 0.5)
                continue
            if status == 200 and urllib.parse.parse_qs(reply).get("error") == ["0"]:
                with self.lock:
                    self.acked[domain] = operation
                    self.acked_count += 1
                return True
            with self.lock:
                (self.server_errors if status >= 500 else self.refusals).append((domain, status, reply))
            if status < 500: return False
            time.sleep(delay); delay = min(delay * 2, 0.5)
        return True


# ---------------------------------------------------------------------------------------------
# Checks

def expected_serial(operation):
    """The serial a zone must have (None: it must be absent)."""
    return operation[1] if operation and operation[0] == "push" else None


def mariadb_serials(mariadb):
    """Zone (no trailing dot) -> list of the SOA serials of its `@ SOA` rows (several: doubled)."""
    tables = mariadb.sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'coredns' "
                         "AND TABLE_NAME IN ('zones', 'records')")
    if tables != ["2"]: return {}  # dadns creates them with its first write
    words = mariadb.sql("SELECT z.zone_name, COALESCE(SUBSTRING_INDEX(SUBSTRING_INDEX(r.data, ' ', 3), ' ', -1), 'none') "
                        "FROM coredns.zones z LEFT JOIN coredns.records r ON r.zone_id = z.id AND r.type = 'SOA' AND r.hostname = '@' "
                        "WHERE z.managed_by = 'directadmin'")
    serials = {}
    for zone, serial in zip(words[0::2], words[1::2]):
        entry = serials.setdefault(zone.rstrip("."), [])
        if serial != "none": entry.append(int(serial))
    return serials


def converged(expected, named, mariadb, pending):
    """Drops from `pending` the zones named and MariaDB both hold as expected; True when none is left."""
    try:
        held = mariadb_serials(mariadb)
    except subprocess.SubprocessError:
        return False
    for domain in list(pending):
        want = expected[domain]
        in_db = held.get(domain)
        if ((in_db is None) if want is None else (in_db == [want])) and soa_serial(named.dns_port, domain) == want:
            pending.discard(domain)
    return not pending


def dig_serials(named, domains, work):
    """One `dig` run over a batch file: domain -> SOA serials named answers (absent: no answer)."""
    batch = f"{work}/dig-batch"
    with open(batch, "w") as f:
        for domain in domains: f.write(f"{domain} SOA\n")
    _, output = run(["/usr/bin/dig", "@127.0.0.1", "-p", str(named.dns_port), "+norecurse", "+noall", "+answer",
                     "+time=2", "+tries=3", "-f", batch], timeout=600)
    serials = {}
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 7 and fields[3] == "SOA":
            serials.setdefault(fields[0].rstrip("."), []).append(int(fields[6]))
    return serials


def store_zones(dadns):
    """Every zone of the store (/api/zones, paged): domain -> (present, serial)."""
    zones, after = {}, ""
    while True:
        status, body = dadns.request("GET", f"/api/zones?limit=1000&after={urllib.parse.quote(after)}", timeout=30)
        if status != 200: raise RuntimeError(f"/api/zones: {status} {body[:200]}")
        page = json.loads(body).get("zones") or []
        for zone in page: zones[zone["domain"]] = (zone["present"], zone.get("serial"))
        if len(page) < 1000: return zones
        after = page[-1]["domain"]


def checkzone(domain, path):
    """named-checkzone on one file: (ok, loaded serial or None, output)."""
    status, output = run(["/usr/bin/named-checkzone", domain, path])
    loaded = re.search(r"loaded serial (\d+)", output)
    return status == 0, int(loaded.group(1)) if loaded else None, output.strip()


def temp_files(directories):
    found = []
    for directory in directories:
        if os.path.isdir(directory):
            found += [f"{directory}/{name}" for name in os.listdir(directory) if TEMP_FILE.match(name)]
    return found


# ---------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/dadns", help="dadns executable (default .build/release/dadns)")
    parser.add_argument("--zones", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=4, help="pushes per zone, serials increasing (default 4)")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of dadns (default 20)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the time); printed for a rerun")
    parser.add_argument("--threads", type=int, default=8, help="pushing threads (default 8)")
    parser.add_argument("--delete-share", type=float, default=0.1, help="share of zones also deleted (default 0.1)")
    parser.add_argument("--max-uptime", type=float, default=1.5, help="longest extra uptime before a kill, seconds (default 1.5)")
    parser.add_argument("--converge-timeout", type=float, default=300, help="seconds to wait for the backends (default 300)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory (it is also kept on failure)")
    args = parser.parse_args()
    if args.zones < 1 or args.updates < 1 or args.kills < 0: parser.error("--zones and --updates must be ≥ 1, --kills ≥ 0")
    seed = args.seed if args.seed is not None else int(time.time() * 1000) % 1_000_000_007
    rng = random.Random(seed)
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK): log(f"no dadns binary at {binary}"); return 2

    # A parent (a test runner) may hand down blocked signals; the servers started here, and
    # SIGTERM and Ctrl-C for this script, need them delivered.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    previous_term = signal.signal(signal.SIGTERM, interrupt)
    work = tempfile.mkdtemp(prefix="dcr-", dir="/tmp")
    servers, failures, failed = [], [], True
    daemon = pushers = None
    started = time.monotonic()
    try:
        log(f"crash test: {args.zones} zones × {args.updates} updates, {args.kills} kills, seed {seed}, work dir {work}")
        named = Named(work); servers.append(named)
        mariadb = MariaDB(work, "coredns"); servers.append(mariadb)
        retries = ", ".join(["0.2", "0.5"] + ["1"] * 600)
        dadns = Dadns(binary, work, named.backend_yaml("bind") + mariadb.backend_yaml(),
                      dns_extra=f"  retry_schedule_seconds: [{retries}]\n", extra="healing: {enabled: false}\n")
        daemon = Daemon(dadns)
        if not daemon.start(): raise RuntimeError("dadns did not start: " + daemon.log_tail())

        plans = plan(args.zones, args.updates, args.delete_share, rng)
        pushers = Pushers(plans, dadns, args.threads, rng)
        # Most kills at random points of the push phase (by acknowledged share), a fifth after
        # the last acknowledgement, while the backends catch up.
        during = args.kills - args.kills // 5
        thresholds = sorted(rng.uniform(0.0, 0.98) for _ in range(during)) + [None] * (args.kills - during)
        kills, unexpected_exits = 0, 0
        pushers.start()
        for threshold in thresholds:
            while not pushers.done() and (threshold is None or pushers.progress() < threshold):
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, args.max_uptime if threshold is None else args.max_uptime / 3))
            if daemon.running():
                daemon.kill(); kills += 1
            else:
                unexpected_exits += 1
                failures.append(f"dadns exited on its own with status {dadns.process.returncode} before kill {kills + 1}")
            if not daemon.start():
                failures.append(f"dadns did not restart after kill {kills}")
                raise RuntimeError(f"dadns did not restart after kill {kills}: " + daemon.log_tail())
        while not pushers.done(): time.sleep(0.02)
        log(f"pushes done: {pushers.acked_count} acknowledged operations in {time.monotonic() - started:.1f} s; {kills} kills")

        # The final restart comes after one more SIGKILL, as a crash would leave it.
        if daemon.running():
            daemon.kill()
        else:
            unexpected_exits += 1
            failures.append(f"dadns exited on its own with status {dadns.process.returncode}")
        directories = [named.zones_dir, os.path.dirname(named.include)]
        temp_before = len(temp_files(directories))
        if not daemon.start(): raise RuntimeError("dadns did not restart for the final check: " + daemon.log_tail())

        expected = {domain: expected_serial(pushers.acked.get(domain)) for domain in plans}
        pending = set(expected)
        convergence_start = time.monotonic()
        if not wait_until(lambda: converged(expected, named, mariadb, pending), args.converge_timeout, 0.5):
            failures.append(f"not converged after {args.converge_timeout:.0f} s: {len(pending)} zones behind, e.g. {sorted(pending)[:5]}")
        convergence = time.monotonic() - convergence_start
        if not daemon.running():
            failures.append(f"dadns exited on its own with status {dadns.process.returncode} after the final restart")
            raise RuntimeError("dadns died after the final restart: " + daemon.log_tail())

        # The verdict.
        store = store_zones(dadns)
        served = dig_serials(named, sorted(expected), work)
        in_db = mariadb_serials(mariadb)
        present = [domain for domain, serial in expected.items() if serial is not None]
        lost, store_lost, stale_named, stale_db, missing_named, missing_db, extra_named, extra_db, doubled = ([] for _ in range(9))
        for domain, want in expected.items():
            held = store.get(domain)
            store_ok = (held is None or not held[0]) if want is None else (held is not None and held[0] and held[1] == want)
            named_ok = served.get(domain) is None if want is None else served.get(domain) == [want]
            db_ok = in_db.get(domain) is None if want is None else in_db.get(domain) == [want]
            if not store_ok: store_lost.append(domain)
            if not (store_ok and named_ok and db_ok): lost.append(domain)
            if want is None:
                if domain in served: extra_named.append(domain)
                if domain in in_db: extra_db.append(domain)
                continue
            if domain not in served: missing_named.append(domain)
            elif served[domain] != [want]: stale_named.append(domain)
            if domain not in in_db: missing_db.append(domain)
            elif len(in_db[domain]) > 1: doubled.append(domain)
            elif in_db[domain] != [want]: stale_db.append(domain)
        strangers = sorted(set(in_db) - set(expected))

        zones_dir = named.zones_dir
        files = {name[:-3] for name in os.listdir(zones_dir) if name.endswith(".db")} if os.path.isdir(zones_dir) else set()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            checks = dict(zip(sorted(files), pool.map(lambda d: checkzone(d, f"{zones_dir}/{d}.db"), sorted(files))))
        checkzone_failures = [d for d, (ok, _, _) in checks.items() if not ok]
        file_serial_wrong = [d for d, (ok, serial, _) in checks.items() if ok and expected.get(d) is not None and serial != expected[d]]
        missing_files = [d for d in present if d not in files]
        stray_files = sorted(files - set(present))
        include_text = open(named.include).read() if os.path.exists(named.include) else ""
        include_wrong = sorted(set(re.findall(r'^zone "([^"]+)"', include_text, re.M)) ^ set(present))
        leftovers = temp_files(directories)
        swept = sum(int(n) for n in re.findall(r"removed (\d+) stale temporary file", open(dadns.log, errors="replace").read()))
        elapsed = time.monotonic() - started

        log("")
        log(f"seed:                           {seed}")
        log(f"zones:                          {len(plans)} ({len(present)} present at the end, {len(plans) - len(present)} deleted)")
        log(f"acked updates:                  {pushers.acked_count} of {pushers.total} operations "
            f"({pushers.attempts} requests, {pushers.unacked_attempts} unacknowledged while dadns was down)")
        log(f"kills:                          {kills} (SIGKILL), {daemon.starts} starts, {unexpected_exits} unexpected exits")
        log(f"lost acked updates:             {len(lost)} (store alone: {len(store_lost)})")
        log(f"missing in named:               {len(missing_named)} (wrong serial: {len(stale_named)}, deleted but served: {len(extra_named)})")
        log(f"missing in MariaDB:             {len(missing_db)} (wrong serial: {len(stale_db)}, doubled: {len(doubled)}, "
            f"deleted but present: {len(extra_db)}, unknown zones: {len(strangers)})")
        log(f"checkzone failures:             {len(checkzone_failures)} of {len(checks)} zone files "
            f"(wrong serial: {len(file_serial_wrong)}, missing: {len(missing_files)}, stray: {len(stray_files)})")
        log(f"include file mismatches:        {len(include_wrong)}")
        log(f"leftover temp files:            {len(leftovers)} (before the final restart: {temp_before}; removed at starts: {swept})")
        log(f"server errors / refusals:       {len(pushers.server_errors)} / {len(pushers.refusals)}")
        log(f"convergence after final start:  {convergence:.1f} s")
        log(f"elapsed:                        {elapsed:.1f} s")

        for name, items in [("lost", lost), ("missing in named", missing_named), ("wrong serial in named", stale_named),
                            ("deleted but served by named", extra_named), ("missing in MariaDB", missing_db),
                            ("wrong serial in MariaDB", stale_db), ("doubled in MariaDB", doubled),
                            ("deleted but in MariaDB", extra_db), ("unknown zones in MariaDB", strangers),
                            ("checkzone failures", checkzone_failures), ("zone files with a wrong serial", file_serial_wrong),
                            ("missing zone files", missing_files), ("stray zone files", stray_files),
                            ("include file mismatches", include_wrong), ("leftover temp files", leftovers),
                            ("refused requests", pushers.refusals)]:
            if items: failures.append(f"{name}: {len(items)}, e.g. {items[:5]}")
        for domain in checkzone_failures[:3]: log(f"named-checkzone {domain}: {checks[domain][2]}")
        if kills < args.kills: failures.append(f"only {kills} of {args.kills} kills happened")
        if pushers.acked_count != pushers.total: failures.append(f"only {pushers.acked_count} of {pushers.total} operations acknowledged")
        dadns.stop()
        if dadns.process.returncode != 0: failures.append(f"dadns exited with status {dadns.process.returncode} on SIGTERM")
        failed = bool(failures)
        log("")
        log("FAILED:\n  " + "\n  ".join(failures) if failed else "PASSED")
        return 1 if failed else 0
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        log(f"setup failed: {error}")
        if failures: log("FAILED:\n  " + "\n  ".join(failures))
        return 1 if failures else 2
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        if pushers: pushers.stop.set()
        if daemon and daemon.running(): stop(daemon.dadns.process, timeout=30)
        for server in reversed(servers): server.stop()
        signal.signal(signal.SIGTERM, previous_term)
        if args.keep or failed:
            log(f"work dir kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

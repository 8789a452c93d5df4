#!/usr/bin/env python3
"""CoreDNS MySQL benchmark: DirectAdmin-style zones pushed over HTTP into `dadns serve` with three
backends at once: two coredns_mysql instances (two MariaDB servers, "two data centres") and BIND.

    swift build -c release --product dadns
    python3 scripts/bench-coredns-mysql.py [--zones 10000] [--clients 8] [--pool-size 4]

Starts named, two MariaDB servers (mariadb-install-db into a temporary directory, loopback ports,
default durability: innodb_flush_log_at_trx_commit=1) and dadns. Pushes the zones from N
concurrent clients exactly as DirectAdmin does, then follows dadns's per-lane "Batch complete"
log lines: a coredns_mysql lane counts a zone only after its transaction committed and the rows
were read back and verified. Prints, per backend, when the last zone was applied (from the first
push) and the rate, then checks the row counts in both databases and a sample of zones in named.
Everything stops at the end (and on error).
"""
import argparse, importlib.util, os, random, re, shutil, signal, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness
RECORDS_PER_ZONE = 15  # records in harness.zone_text

def sql(directory, statement):
    return harness.mariadb_sql(directory, statement)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pool-size", type=int, default=4)
    parser.add_argument("--binary", default=".build/release/dadns")
    parser.add_argument("--without-bind", action="store_true", help="only the two MariaDB backends")
    parser.add_argument("--preload", action="store_true",
                        help="store the zones first (push over HTTP into dadns with a scratch backend), then start dadns with the real "
                             "backends and time only the fan-out")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="dadns-bench-", dir="/tmp")
    processes = []
    try:
        databases = {}
        for name in ("coredns_dc1", "coredns_dc2"):
            database = harness.MariaDB(work, name)
            processes.append(database.process); databases[name] = (database.port, database.directory)
        dns_port, control_port, http_port = harness.free_port(), harness.free_port(), harness.free_port()
        subprocess.run(["/usr/sbin/rndc-confgen", "-a", "-A", "hmac-sha256", "-k", "rndc-key", "-c", f"{work}/rndc.key"], check=True, capture_output=True)
        with open(f"{work}/named.conf", "w") as f:
            f.write(f"""include "{work}/rndc.key";
options {{ directory "{work}"; pid-file "{work}/named.pid"; session-keyfile "{work}/session.key";
  listen-on port {dns_port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }}; recursion no; dnssec-validation no; notify no; }};
controls {{ inet 127.0.0.1 port {control_port} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }}; }};
include "{work}/named.conf.include";
""")
        open(f"{work}/named.conf.include", "w").close()
        named = subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", "/usr/sbin/named", "-g", "-c", f"{work}/named.conf", "-n", "1"],
                                 stdout=open(f"{work}/named.log", "w"), stderr=subprocess.STDOUT)
        processes.append(named)
        rndc = ["/usr/sbin/rndc", "-k", f"{work}/rndc.key", "-s", "127.0.0.1", "-p", str(control_port)]
        for _ in range(200):
            if subprocess.run(rndc + ["status"], capture_output=True).returncode == 0: break
            time.sleep(0.05)
        mysql_stanzas = "".join(
            f"    {name}: {{type: coredns_mysql, enabled: true, host: 127.0.0.1, port: {port}, database: coredns,"
            f" username: dadns, password: bench, pool_size: {args.pool_size}}}\n"
            for name, (port, _) in databases.items())
        real_backends = f"""    bind: {{enabled: {'false' if args.without_bind else 'true'}, zones_dir: {work}/zones, named_conf: {work}/named.conf.include,
            rndc_path: /usr/sbin/rndc, rndc_server: 127.0.0.1, rndc_port: {control_port}, rndc_key_file: {work}/rndc.key}}
{mysql_stanzas}"""
        import http.client, base64
        def start_dadns(backends, log_path):
            with open(f"{work}/app.yml", "w") as f:
                f.write(f"""log_level: INFO
datastore: {{db_location: {work}/data/dadns.db}}
app: {{auth_username: directdnsonly, auth_password: bench, listen_address: 127.0.0.1, listen_port: {http_port}}}
dns:
  backends:
{backends}""")
            process = subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", binary, "serve", "--config", f"{work}/app.yml"],
                                       stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
            processes.insert(0, process)
            for _ in range(200):
                try:
                    c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=1); c.request("GET", "/health"); c.getresponse().read(); break
                except OSError:
                    time.sleep(0.05)
            return process
        log_path = f"{work}/dadns.log"
        if args.preload:
            # Phase 1: the zones go into dadns's store with only a scratch BIND backend (no rndc).
            dadns = start_dadns(f"    staging: {{type: bind, enabled: true, zones_dir: {work}/staging, named_conf: {work}/staging.include, reload: false}}\n",
                                f"{work}/preload.log")
        else:
            dadns = start_dadns(real_backends, log_path)
        auth = "Basic " + base64.b64encode(b"directdnsonly:bench").decode()
        def push(domain, index):
            connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
            body = harness.zone_text(domain, 2024010101, index).encode()
            connection.putrequest("POST", f"/CMD_API_DNS_ADMIN?action=rawsave&domain={domain}&hostname=da1.example&username=bench",
                                  skip_host=True, skip_accept_encoding=True)
            connection.putheader("Authorization", auth); connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(); connection.send(body)
            reply = connection.getresponse().read().decode(); connection.close()
            if reply != "error=0": raise RuntimeError(f"{domain}: {reply}")

        domains = [f"customer{i}.bench" for i in range(args.zones)]
        backends = ([] if args.without_bind else ["bind"]) + list(databases)
        applied = {name: 0 for name in backends}
        failed = {name: 0 for name in backends}
        done_at = {}
        pattern = re.compile(r"backend=(\S+).*Batch complete — (\d+)/(\d+)(?:.*?, (\d+) failed)?")
        def follow(t0):
            while not os.path.exists(log_path): time.sleep(0.01)
            with open(log_path, errors="replace") as log:
                while len(done_at) < len(backends):
                    line = log.readline()
                    if not line:
                        time.sleep(0.02); continue
                    match = pattern.search(line)
                    if not match: continue
                    name = match.group(1)
                    if name not in applied: continue
                    applied[name] += int(match.group(2)); failed[name] += int(match.group(4) or 0)
                    if applied[name] >= args.zones and name not in done_at: done_at[name] = time.monotonic() - t0
        def client(worker):
            for i in range(worker, args.zones, args.clients): push(domains[i], i)
        threads = [threading.Thread(target=client, args=(w,)) for w in range(args.clients)]
        t0 = time.monotonic()
        if args.preload:
            for t in threads: t.start()
            for t in threads: t.join()
            accepted = time.monotonic() - t0
            dadns.send_signal(signal.SIGTERM); dadns.wait(timeout=60)
            # Phase 2: dadns starts with the three real backends and 10,000 zones due on each lane.
            t0 = time.monotonic()
            open(log_path, "w").close()
            watcher = threading.Thread(target=follow, args=(t0,), daemon=True); watcher.start()
            dadns = start_dadns(real_backends, log_path)
        else:
            watcher = threading.Thread(target=follow, args=(t0,), daemon=True); watcher.start()
            for t in threads: t.start()
            for t in threads: t.join()
            accepted = time.monotonic() - t0
        watcher.join(timeout=600)
        total = max(done_at.values()) if len(done_at) == len(backends) else float("nan")
        print(f"{args.zones} zones ({RECORDS_PER_ZONE} records each), {args.clients} clients, pool_size {args.pool_size}")
        print(f"  all accepted by dadns after {accepted:.2f} s ({args.zones / accepted:.0f} zones/s)")
        if args.preload:
            print("  (preloaded: the times below run from the start of dadns with the zones already stored)")
        for name in backends:
            at = done_at.get(name, float("nan"))
            print(f"  {name}: all applied{' and verified' if name != 'bind' else ''} after {at:.2f} s "
                  f"({args.zones / at:.0f} zones/s), {failed[name]} failed attempt(s)")
        print(f"  everything applied after {total:.2f} s")
        def cpu_seconds(pid):
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        names = {dadns.pid: "dadns", named.pid: "named"}
        names.update({p.pid: n for p, n in zip(processes[-3:-1], databases)})
        print("  CPU time: " + ", ".join(f"{n} {cpu_seconds(pid):.1f} s" for pid, n in names.items()))
        with open(f"/proc/{dadns.pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
        print(f"  dadns peak RSS {rss:.1f} MB")
        for name, (_, directory) in databases.items():
            zones, records = sql(directory, "SELECT COUNT(*) FROM coredns.zones; SELECT COUNT(*) FROM coredns.records WHERE online = 1")
            ok = int(zones) == args.zones and int(records) == args.zones * RECORDS_PER_ZONE
            print(f"  {name}: {zones} zones, {records} records in MariaDB ({'as expected' if ok else 'MISMATCH'})")
        sample = random.sample(domains, min(100, len(domains)))
        deadline = time.monotonic() + 10  # named loads zones added by `rndc reconfig` in the background
        served = 0
        while True:
            served = sum(1 for d in sample if harness.soa_serial(dns_port, d) == 2024010101)
            if served == len(sample) or time.monotonic() > deadline: break
            time.sleep(0.2)
        print(f"  named serves {served}/{len(sample)} sampled zones")
    finally:
        for process in processes:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try: process.wait(timeout=30)
                except subprocess.TimeoutExpired: process.kill()
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()

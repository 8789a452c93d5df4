#!/usr/bin/env python3
"""Push benchmark: DirectAdmin-style zones over HTTP into `dadns serve`, served by a real named.

    swift build -c release --product dadns
    python3 scripts/bench-push.py [--zones 10000] [--clients 8] [--binary .build/release/dadns]

Starts named and dadns on loopback ports in a temporary directory, pushes the zones from N
concurrent clients exactly as DirectAdmin does (raw body, no Content-Type), and polls named over
UDP until it answers every zone with authority. Prints zones/s, accept latency and
push-to-served lag percentiles, and dadns's peak RSS. Then measures an idle single push 50 times.
Everything stops at the end (and on error).
"""
import argparse, base64, http.client, os, random, shutil, signal, socket, struct, subprocess
import sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import free_port, percentile, soa_serial, zone_text

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--binary", default=".build/release/dadns")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="dadns-bench-", dir="/tmp")
    named = dadns = None
    try:
        dns_port, control_port, http_port = free_port(), free_port(), free_port()
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
        rndc = ["/usr/sbin/rndc", "-k", f"{work}/rndc.key", "-s", "127.0.0.1", "-p", str(control_port)]
        for _ in range(200):
            if subprocess.run(rndc + ["status"], capture_output=True).returncode == 0: break
            time.sleep(0.05)
        with open(f"{work}/app.yml", "w") as f:
            f.write(f"""log_level: WARNING
datastore: {{db_location: {work}/data/dadns.db}}
app: {{auth_username: directdnsonly, auth_password: bench, listen_address: 127.0.0.1, listen_port: {http_port}}}
dns:
  backends:
    bind: {{enabled: true, zones_dir: {work}/zones, named_conf: {work}/named.conf.include,
            rndc_path: /usr/sbin/rndc, rndc_server: 127.0.0.1, rndc_port: {control_port}, rndc_key_file: {work}/rndc.key}}
""")
        dadns = subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", binary, "serve", "--config", f"{work}/app.yml"],
                                 stdout=open(f"{work}/dadns.log", "w"), stderr=subprocess.STDOUT)
        auth = "Basic " + base64.b64encode(b"directdnsonly:bench").decode()
        def push(domain, serial, index):
            connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
            body = zone_text(domain, serial, index).encode()
            connection.putrequest("POST", f"/CMD_API_DNS_ADMIN?action=rawsave&domain={domain}&hostname=da1.example&username=bench",
                                  skip_host=True, skip_accept_encoding=True)
            connection.putheader("Authorization", auth); connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(); connection.send(body)
            reply = connection.getresponse().read().decode(); connection.close()
            if reply != "error=0": raise RuntimeError(f"{domain}: {reply}")
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", http_port, timeout=1); c.request("GET", "/health"); c.getresponse().read(); break
            except OSError:
                time.sleep(0.05)

        domains = [f"customer{i}.bench" for i in range(args.zones)]
        pushed_at, accept, served_at = {}, [], {}
        lock = threading.Lock()
        def client(worker):
            for i in range(worker, args.zones, args.clients):
                start = time.monotonic(); push(domains[i], 2024010101, i); done = time.monotonic()
                with lock:
                    pushed_at[domains[i]] = done; accept.append(done - start)
        def poller():
            remaining = set(domains)
            while remaining:
                for domain in list(remaining):
                    if domain in pushed_at and soa_serial(dns_port, domain) == 2024010101:
                        served_at[domain] = time.monotonic(); remaining.discard(domain)
                time.sleep(0.01)
        t0 = time.monotonic()
        threads = [threading.Thread(target=client, args=(w,)) for w in range(args.clients)]
        watcher = threading.Thread(target=poller, daemon=True)
        for t in threads: t.start()
        watcher.start()
        for t in threads: t.join()
        pushed_all = time.monotonic() - t0
        watcher.join(timeout=600)
        served_all = max(served_at.values()) - t0 if len(served_at) == args.zones else float("nan")
        lag = [served_at[d] - pushed_at[d] for d in served_at]
        with open(f"/proc/{dadns.pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
        print(f"{args.zones} zones, {args.clients} clients")
        print(f"  all accepted after {pushed_all:.2f} s ({args.zones / pushed_all:.0f} zones/s)")
        print(f"  all served by named after {served_all:.2f} s ({args.zones / served_all:.0f} zones/s)")
        print(f"  accept latency p50 {percentile(accept, 50) * 1000:.1f} ms, p99 {percentile(accept, 99) * 1000:.1f} ms")
        print(f"  push-to-served lag p50 {percentile(lag, 50) * 1000:.0f} ms, p99 {percentile(lag, 99) * 1000:.0f} ms")
        print(f"  dadns peak RSS {rss:.1f} MB")

        idle = []
        for n in range(50):
            time.sleep(0.2)
            domain = domains[n]; serial = 2024010102 + n
            start = time.monotonic(); push(domain, serial, n)
            while soa_serial(dns_port, domain, timeout=0.2) != serial:
                if time.monotonic() - start > 10: raise RuntimeError(f"{domain} not served")
                time.sleep(0.002)
            idle.append(time.monotonic() - start)
        print(f"idle single push (update of a served zone), push to served: p50 {percentile(idle, 50) * 1000:.0f} ms, p99 {percentile(idle, 99) * 1000:.0f} ms")
    finally:
        for process in (dadns, named):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try: process.wait(timeout=10)
                except subprocess.TimeoutExpired: process.kill()
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()

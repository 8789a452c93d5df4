"""Shared pieces of the scripts that run `dadns serve` against real servers on loopback:
free ports, DirectAdmin-shaped zones and requests, a small SOA query, and named / MariaDB /
dadns processes that are stopped when the script ends.

Every server listens on 127.0.0.1 only, on a free high port, runs under
`setpriv --pdeathsig TERM` (so it dies with the script even on SIGKILL), and keeps its files in
the script's work directory.
"""
import base64, http.client, os, random, signal, socket, struct, subprocess, time

def free_port():
    """A loopback port free for both TCP and UDP."""
    while True:
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", port)); u.close(); return port
        except OSError:
            u.close()

def zone_text(domain, serial, index):
    """A DirectAdmin-shaped zone (leading blank lines, SOA in parentheses, 15 distinct records)."""
    ip = f"203.0.{(index >> 8) & 255}.{index & 255}"
    return "\n" * 13 + f"""$TTL 3600
{domain}.\tIN\tSOA\tns1.{domain}. hostmaster.{domain}. (
\t\t\t\t\t\t{serial}
\t\t\t\t\t\t3600
\t\t\t\t\t\t3600
\t\t\t\t\t\t1209600
\t\t\t\t\t\t86400 )

{domain}.\t3600\tIN\tNS\tns1.{domain}.
{domain}.\t3600\tIN\tNS\tns2.hosting.example.
ns1\t3600\tIN\tA\t{ip}
{domain}.\t3600\tIN\tA\t{ip}
www\t3600\tIN\tA\t{ip}
mail\t3600\tIN\tA\t{ip}
ftp\t3600\tIN\tCNAME\twww
{domain}.\t3600\tIN\tMX\t10 mail
{domain}.\t3600\tIN\tTXT\t"v=spf1 a mx ip4:{ip} ~all"
_dmarc\t3600\tIN\tTXT\t"v=DMARC1; p=quarantine"
x._domainkey\t3600\tIN\tTXT\t( "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
\t\t\t\t"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" )
_acme-challenge\t5\tIN\tTXT\t"token-{index}"
_sip._tcp\t3600\tIN\tSRV\t10 60 5060 www
{domain}.\t3600\tIN\tCAA\t0 issue "letsencrypt.org"
"""

def dns_response(port, domain, qtype, timeout=0.5):
    """Sends one UDP query to 127.0.0.1:port; returns the response bytes or None."""
    qid = random.randint(0, 65535)
    question = b"".join(bytes([len(p)]) + p.encode() for p in domain.split(".")) + b"\x00" + struct.pack(">HH", qtype, 1)
    packet = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0) + question
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(timeout)
    try:
        s.sendto(packet, ("127.0.0.1", port)); data, _ = s.recvfrom(4096)
    except OSError:
        return None
    finally:
        s.close()
    return data if len(data) >= 12 and data[:2] == packet[:2] else None

def response_code(port, domain, timeout=0.5):
    """RCODE named answers for the SOA of `domain` (0 NOERROR, 5 REFUSED, …), or None on no answer."""
    data = dns_response(port, domain, 6, timeout)
    return None if data is None else struct.unpack(">H", data[2:4])[0] & 0x000F

def soa_serial(port, domain, timeout=0.5):
    """SOA serial named serves with authority for `domain`, or None."""
    data = dns_response(port, domain, 6, timeout)
    if data is None:
        return None
    flags, ancount = struct.unpack(">H", data[2:4])[0], struct.unpack(">H", data[6:8])[0]
    if flags & 0x000F != 0 or not flags & 0x0400 or ancount == 0:
        return None
    def skip_name(offset):
        while True:
            length = data[offset]
            if length >= 0xC0: return offset + 2
            if length == 0: return offset + 1
            offset += length + 1
    offset = skip_name(12) + 4                      # question name, type, class
    offset = skip_name(offset)                      # answer owner
    rtype = struct.unpack(">H", data[offset:offset + 2])[0]
    if rtype != 6: return None
    rdata = offset + 10                             # type, class, ttl, rdlength
    offset = skip_name(skip_name(rdata))            # mname, rname
    return struct.unpack(">I", data[offset:offset + 4])[0]

def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")

def stop(process, timeout=10):
    """SIGTERM, then SIGKILL after `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill(); process.wait()

class Named:
    """named on a loopback port with an rndc channel; zones come from `include` (dadns writes it)."""
    def __init__(self, work):
        self.work, self.dns_port, self.control_port = work, free_port(), free_port()
        self.include, self.key_file, self.zones_dir = f"{work}/named.conf.include", f"{work}/rndc.key", f"{work}/zones"
        subprocess.run(["/usr/sbin/rndc-confgen", "-a", "-A", "hmac-sha256", "-k", "rndc-key", "-c", self.key_file],
                       check=True, capture_output=True, timeout=30)
        with open(f"{work}/named.conf", "w") as f:
            f.write(f"""include "{self.key_file}";
options {{ directory "{work}"; pid-file "{work}/named.pid"; session-keyfile "{work}/session.key";
  listen-on port {self.dns_port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }}; recursion no; dnssec-validation no; notify no; }};
controls {{ inet 127.0.0.1 port {self.control_port} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }}; }};
include "{self.include}";
""")
        if not os.path.exists(self.include):
            open(self.include, "w").close()
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["setpriv", "--pdeathsig", "TERM", "--", "/usr/sbin/named", "-g", "-c", f"{self.work}/named.conf", "-n", "1"],
            stdout=open(f"{self.work}/named.log", "a"), stderr=subprocess.STDOUT)
        for _ in range(400):
            if subprocess.run(self.rndc() + ["status"], capture_output=True, timeout=10).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("named did not start; see named.log")

    def rndc(self):
        return ["/usr/sbin/rndc", "-k", self.key_file, "-s", "127.0.0.1", "-p", str(self.control_port)]

    def backend_yaml(self, name="bind"):
        """A one-line `dns.backends` stanza for dadns."""
        return (f"    {name}: {{type: bind, enabled: true, zones_dir: {self.zones_dir}, named_conf: {self.include},"
                f" rndc_path: /usr/sbin/rndc, rndc_server: 127.0.0.1, rndc_port: {self.control_port},"
                f" rndc_key_file: {self.key_file}}}\n")

    def stop(self):
        stop(self.process)

def mariadb_sql(directory, statement):
    """Runs SQL as root over the socket of the server in `directory`; returns the output split into words."""
    result = subprocess.run(["/usr/bin/mariadb", "--no-defaults", f"--socket={directory}/sock", "-uroot", "-N", "-B", "-e", statement],
                            check=True, capture_output=True, text=True, timeout=120)
    return result.stdout.split()

class MariaDB:
    """A MariaDB server initialised into its own directory, with database `coredns` and user `dadns`."""
    def __init__(self, work, name):
        self.directory, self.name, self.port = f"{work}/{name}", name, free_port()
        # Own tmpdir: a starting mariadbd deletes every #sql* file in its tmpdir.
        os.makedirs(f"{self.directory}/tmp")
        subprocess.run(["/usr/bin/mariadb-install-db", "--no-defaults", "--user=root", f"--datadir={self.directory}/data",
                        "--skip-test-db", f"--tmpdir={self.directory}/tmp"], check=True, capture_output=True, timeout=300)
        self.process = None
        self.start()
        self.sql("CREATE DATABASE coredns CHARACTER SET utf8mb4; CREATE USER 'dadns'@'127.0.0.1' IDENTIFIED BY 'bench';"
                 " GRANT ALL ON coredns.* TO 'dadns'@'127.0.0.1';")

    def start(self):
        d = self.directory
        self.process = subprocess.Popen(
            ["setpriv", "--pdeathsig", "TERM", "--", "/usr/sbin/mariadbd", "--no-defaults", "--user=root", f"--datadir={d}/data",
             f"--socket={d}/sock", f"--port={self.port}", "--bind-address=127.0.0.1", f"--pid-file={d}/pid",
             f"--log-error={d}/err.log", f"--tmpdir={d}/tmp", "--skip-log-bin", "--innodb-buffer-pool-size=256M",
             "--skip-name-resolve", "--max-connections=200"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        admin = ["/usr/bin/mariadb-admin", "--no-defaults", f"--socket={d}/sock", "-uroot"]
        for _ in range(1200):
            if subprocess.run(admin + ["ping"], capture_output=True, timeout=10).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start; see {d}/err.log")

    def sql(self, statement):
        """Runs SQL as root over the socket; returns the output split into words."""
        return mariadb_sql(self.directory, statement)

    def backend_yaml(self, pool_size=4):
        return (f"    {self.name}: {{type: coredns_mysql, enabled: true, host: 127.0.0.1, port: {self.port}, database: coredns,"
                f" username: dadns, password: bench, pool_size: {pool_size}}}\n")

    def stop(self):
        stop(self.process, timeout=60)

class Dadns:
    """`dadns serve` with a config written into `work`; DirectAdmin-shaped requests to it."""
    user, password = "directdnsonly", "bench"

    def __init__(self, binary, work, backends, log_level="INFO", dns_extra="", extra=""):
        """`dns_extra`: more lines under `dns:` (indented two spaces); `extra`: more top-level YAML."""
        self.binary, self.work, self.port = binary, work, free_port()
        self.config, self.log = f"{work}/app.yml", f"{work}/dadns.log"
        with open(self.config, "w") as f:
            f.write(f"""log_level: {log_level}
{extra}datastore: {{db_location: {work}/data/dadns.db}}
app: {{auth_username: {self.user}, auth_password: {self.password}, listen_address: 127.0.0.1, listen_port: {self.port}}}
dns:
{dns_extra}  backends:
{backends}""")
        self.auth = "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        self.process = None

    def start(self, wait=True):
        self.process = subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", self.binary, "serve", "--config", self.config],
                                        stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        if wait:
            for _ in range(600):
                try:
                    if self.request("GET", "/health", timeout=1)[0] in (200, 503): return self.process
                except OSError:
                    pass
                if self.process.poll() is not None:
                    raise RuntimeError(f"dadns exited with {self.process.returncode}; see {self.log}")
                time.sleep(0.05)
            raise RuntimeError(f"dadns did not answer /health; see {self.log}")
        return self.process

    @property
    def pid(self):
        """The daemon's own pid (setpriv execs it, so it is the child's pid)."""
        return self.process.pid

    def request(self, method, target, body=b"", timeout=30):
        """One request on a new connection, as DirectAdmin sends it; returns (status, body text)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Authorization", self.auth)
            if method == "POST":
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders()
            if body:
                connection.send(body)
            response = connection.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def rawsave(self, domain, text, hostname="da1.example", username="bench", timeout=30):
        return self.request("POST", f"/CMD_API_DNS_ADMIN?action=rawsave&domain={domain}&hostname={hostname}&username={username}",
                            text.encode(), timeout)

    def delete(self, domain, hostname="da1.example", timeout=30):
        return self.request("POST", "/CMD_API_DNS_ADMIN?action=delete", f"select0={domain}&hostname={hostname}".encode(), timeout)

    def exists(self, domain, timeout=30):
        return self.request("GET", f"/CMD_API_DNS_ADMIN?action=exists&domain={domain}", timeout=timeout)

    def stop(self):
        stop(self.process, timeout=30)

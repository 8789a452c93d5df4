# dadns with bundled BIND and NSD: the project's Topology A unit. Build it with scripts/build-image
# (which runs scripts/build-dist first): no Swift toolchain is needed in, or for, the image.
#
#   podman run -d --name dadns -e DADNS_APP_AUTH_PASSWORD=… \
#     -p 2222:2222 -p 53:53/udp -p 53:53/tcp \
#     -v ./config:/etc/directdnsonly -v ./data:/var/lib/dadns dadns:latest
FROM debian:bookworm-slim

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        bind9 bind9-utils bind9-dnsutils nsd libsqlite3-0 libmariadb3 ca-certificates tini \
    && rm -rf /var/lib/apt/lists/*

COPY contrib/container/named.conf contrib/container/named.conf.options /etc/bind/
COPY contrib/container/nsd.conf contrib/container/nsd-control.conf /etc/nsd/
COPY contrib/container/app.yml /usr/share/dadns/app.yml
COPY contrib/container/entrypoint /usr/lib/dadns/entrypoint
COPY dist/dadns /usr/bin/dadns
COPY LICENSE README.md /usr/share/doc/dadns/

RUN chown root:bind /etc/bind/named.conf /etc/bind/named.conf.options \
    && mkdir -p /etc/directdnsonly /var/lib/dadns \
    && dadns --version

VOLUME ["/etc/directdnsonly", "/var/lib/dadns"]
EXPOSE 2222 53/udp 53/tcp
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["dadns", "health"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/lib/dadns/entrypoint"]

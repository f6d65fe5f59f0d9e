#!/bin/sh
# Installs ikd from its distribution directory (built by `mvn -B package`:
# ikd-daemon/target/ikd-VERSION/) into the places the Debian package uses:
#
#   /usr/share/ikd/{bin,lib,conf}     launchers, jars, reference configuration
#   /usr/bin/ikd, /usr/bin/ikdctl     symlinks to the launchers
#   /etc/ikd/policy.toml, logback.xml  only when absent: an admin's files are never replaced
#   /var/log/ikd                      the Oakley log
#   /var/lib/ikd/ikd.jsa              the start-up archive (`ikd train`; not with DESTDIR)
#   /lib/systemd/system/ikd.service   the unit (not enabled)
#   /usr/share/doc/ikd                the docs
#
# and creates the ikd system user and group. With DESTDIR set (a staging root, e.g. for tests or
# packaging) it only copies files: no user, no chown, no systemctl.
#
# Usage: [DESTDIR=/tmp/stage] scripts/install.sh [--no-user] [DIST_DIR]
set -eu

no_user=
dist=
for arg in "$@"; do
    case "$arg" in
        --no-user) no_user=1 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "install.sh: unknown option $arg (expected: --no-user, --help)" >&2; exit 2 ;;
        *) dist=$arg ;;
    esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$dist" ]; then
    for d in "$root"/ikd-daemon/target/ikd-*/; do
        [ -d "$d/bin" ] && [ -d "$d/lib" ] && dist=${d%/}
    done
fi
if [ -z "$dist" ] || [ ! -x "$dist/bin/ikd" ] || [ ! -d "$dist/lib" ]; then
    echo "install.sh: no distribution found${dist:+ at $dist}; build it with: mvn -B -q package -DskipTests" >&2
    exit 1
fi
dest=${DESTDIR:-}
if [ -z "$dest" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: installing into / needs root (or set DESTDIR to stage into another directory)" >&2
    exit 1
fi

echo "installing $dist into ${dest:-/}"
install -d -m 0755 "$dest/usr/share/ikd" "$dest/usr/share/ikd/bin" "$dest/usr/share/ikd/conf" \
    "$dest/usr/bin" "$dest/lib/systemd/system" "$dest/usr/share/doc/ikd"
rm -rf "$dest/usr/share/ikd/lib"                       # no stale jars from an older version
install -d -m 0755 "$dest/usr/share/ikd/lib"
install -m 0644 "$dist"/lib/*.jar "$dest/usr/share/ikd/lib/"
install -m 0755 "$dist/bin/ikd" "$dist/bin/ikdctl" "$dest/usr/share/ikd/bin/"
for f in "$dist"/conf/*; do
    case "$f" in *.psk) continue ;; esac               # example keys stay out of installed systems
    install -m 0644 "$f" "$dest/usr/share/ikd/conf/"
done
if [ -d "$dist/docs" ]; then
    for f in "$dist"/docs/*; do install -m 0644 "$f" "$dest/usr/share/doc/ikd/"; done
fi
ln -sfn /usr/share/ikd/bin/ikd "$dest/usr/bin/ikd"
ln -sfn /usr/share/ikd/bin/ikdctl "$dest/usr/bin/ikdctl"
install -m 0644 "$dist/conf/ikd.service" "$dest/lib/systemd/system/ikd.service"

install -d -m 0750 "$dest/etc/ikd" "$dest/var/log/ikd"
for f in policy.toml logback.xml; do
    if [ -e "$dest/etc/ikd/$f" ]; then
        echo "kept your /etc/ikd/$f (the new one is in /usr/share/ikd/conf/$f)"
    else
        install -m 0640 "$dist/conf/$f" "$dest/etc/ikd/$f"
    fi
done

if [ -n "$dest" ]; then
    echo "staged into $dest (no user created, no ownership changed)"
    exit 0
fi
if [ -z "$no_user" ] && ! getent passwd ikd >/dev/null; then
    if command -v adduser >/dev/null 2>&1; then
        adduser --system --group --no-create-home --home /nonexistent --gecos "ikd IPsec daemon" ikd >/dev/null
    else
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ikd
    fi
    echo "created the system user and group ikd"
fi
if getent group ikd >/dev/null; then
    chown root:ikd /etc/ikd /etc/ikd/policy.toml /etc/ikd/logback.xml
    chown ikd:ikd /var/log/ikd
fi
# docs/operations.md "Start-up": a class-data archive of the start-up code (ikd starts without it).
install -d -m 0755 /var/lib/ikd
if IKD_CDS=/var/lib/ikd/ikd.jsa /usr/share/ikd/bin/ikd train >/dev/null 2>&1; then
    echo "trained the start-up archive /var/lib/ikd/ikd.jsa"
else
    echo "install.sh: warning: ikd train failed; ikd starts without /var/lib/ikd/ikd.jsa (retry: ikd train)" >&2
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
fi
cat <<'NEXT'
next steps:
  1. edit /etc/ikd/policy.toml and write its pre-shared key file, owned by ikd and private:
       install -o ikd -g ikd -m 0600 /dev/null /etc/ikd/peer-b.psk   (then put the key in it)
  2. check it:  ikd check /etc/ikd/policy.toml
  3. start it:  systemctl enable --now ikd
NEXT

#!/usr/bin/env bash
# make deps: installs what `make test` needs beyond Go, Java 17, Maven, Node and
# Python, in one place, and does nothing when it is all there already:
#   - Debian packages: Chromium (the browser tests), curl (the curl recipes of
#     docs/clients.md), nginx-light (the caching proxy TestNginxCaches starts
#     on a port of its own; the package's own service is never started),
#     python3-venv where Python cannot make a virtualenv, and Java 17 or
#     Maven if they are missing;
#   - the npm packages of the explorer and of the client tests (npm ci from
#     their package-lock.json files);
#   - a virtualenv of the project's own, .venv, with clients/requirements.txt
#     and tools/roundtrip/requirements.txt (Debian's Python refuses system-wide
#     pip installs).
# Where it cannot install (not root, no apt-get), it stops before any test and
# prints the command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${SURVGRAPH_VENV:-.venv}
CHROMIUM=${SURVGRAPH_CHROMIUM:-/usr/bin/chromium}
REQUIREMENTS=(clients/requirements.txt tools/roundtrip/requirements.txt)

need() { command -v "$1" >/dev/null 2>&1; }
say() { echo "deps: $*"; }

# Tools the project does not install: say so and stop.
for tool in go node npm python3; do
  need "$tool" || { echo "deps: $tool is missing; make test needs Go 1.26, Node.js >= 20.19 with npm, and Python 3.11 or later" >&2; exit 1; }
done

apt=()
need java || apt+=(openjdk-17-jdk-headless)
need mvn || apt+=(maven)
need curl || apt+=(curl)
[ -x /usr/sbin/nginx ] || need nginx || apt+=(nginx-light)
[ -x "$CHROMIUM" ] || apt+=(chromium)
if [ ! -x "$VENV/bin/python" ] && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  apt+=("python$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv")
fi
if [ ${#apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    say "apt-get install ${apt[*]}"
    # Debian starts a package's service as it installs it (nginx on port 80);
    # the tests start what they need themselves, so forbid that meanwhile.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
      trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt[@]}" >/dev/null
    [ -n "$policy" ] && rm -f "$policy"
  else
    echo "deps: missing ${apt[*]}; as root, run:" >&2
    echo "  apt-get update && apt-get install -y ${apt[*]}" >&2
    echo "then run make test again." >&2
    exit 1
  fi
fi

# npm ci only when package-lock.json changed since the last install.
for dir in explorer clients; do
  stamp=$dir/node_modules/.survgraph-lock
  if ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done

# The virtualenv, installed again only when a requirements file changed.
if [ ! -x "$VENV/bin/python" ]; then
  say "python3 -m venv $VENV"
  python3 -m venv "$VENV"
fi
want=$(cat "${REQUIREMENTS[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.survgraph-requirements" 2>/dev/null)" != "$want" ]; then
  say "pip install into $VENV: ${REQUIREMENTS[*]}"
  args=()
  for r in "${REQUIREMENTS[@]}"; do args+=(-r "$r"); done
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
  echo "$want" >"$VENV/.survgraph-requirements"
fi

say "ready: $(go version | cut -d' ' -f3), $(/usr/sbin/nginx -v 2>&1 | cut -d' ' -f3), java $(java -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p'), node $(node --version), $("$VENV/bin/python" --version), $("$CHROMIUM" --version 2>/dev/null | head -1)"

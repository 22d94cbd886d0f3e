#!/usr/bin/env bash
# Installs what building and testing rolesync needs, and only what is missing:
# libgit2 (headers and pkg-config file), git, ssh-keygen (the signature tests sign commits and
# cross-check verdicts with it), sshd (the SSH remote tests serve repositories with it), systemd-analyze (the deployment tests verify the systemd unit
# with it), Chromium (the HTML report is opened in it headless), and the Python packages of the local EC2/IAM/STS emulator used by the
# tests and the demo.
set -euo pipefail

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if [ "$(uname -s)" = Darwin ]; then
  pkg-config --exists libgit2 2>/dev/null || brew install libgit2 pkg-config
else
  missing=()
  pkg-config --exists libgit2 2>/dev/null || missing+=(libgit2-dev pkg-config)
  command -v git >/dev/null || missing+=(git)
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v python3 >/dev/null || missing+=(python3 python3-pip)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if ! python3 -c 'import moto.server, flask_cors, boto3, jsonschema, yaml' 2>/dev/null; then
  echo "installing the emulator: moto[server], boto3, jsonschema, pyyaml" >&2
  python3 -m pip install --quiet --disable-pip-version-check 'moto[server]' boto3 jsonschema pyyaml \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages \
         'moto[server]' boto3 jsonschema pyyaml
fi

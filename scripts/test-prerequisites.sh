#!/usr/bin/env sh
# What the tests need beyond `npm ci`, installed when missing. `npm test` runs this first (pretest)
# and .ci/run calls it, so the README's `npm ci && npm test` passes on a fresh machine by itself.
# Each entry: a check, the Debian package, why the tests need it, and how to get it elsewhere.
# npm never downloads a browser here (no `playwright install`): the tests drive the system's one.
set -eu

missing=""
need() { # need <check command> <debian package> <why> <how elsewhere>
  if sh -c "$1" >/dev/null 2>&1; then return 0; fi
  echo "test prerequisites: '$2' is missing; $3." >&2
  missing="$missing $2"
  eval "how_$(echo "$2" | tr -c 'a-zA-Z0-9\n' _)=\"\$4\""
}

need '[ -x /usr/bin/chromium ]' chromium \
  'the browser tests (test/e2e/browser-helpdesk.test.ts) drive /usr/bin/chromium through playwright-core' \
  'install Chromium so that /usr/bin/chromium runs it (Fedora: dnf install chromium; Arch: pacman -S chromium; macOS: brew install --cask chromium, then link the binary to /usr/bin/chromium)'

need '[ -x /usr/sbin/dovecot ]' dovecot-imapd \
  'the mailbox-fetch tests (test/integration/mailbox-fetch.test.ts) run Dovecot as a private IMAP server on loopback (local/dovecot.ts)' \
  'install Dovecot so that /usr/sbin/dovecot runs it, with its IMAP server (Fedora: dnf install dovecot; Arch: pacman -S dovecot; macOS: brew install dovecot, then link the binary to /usr/sbin/dovecot)'

[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo="none"; fi
  if [ "$sudo" != none ]; then
    echo "test prerequisites: installing with apt-get:$missing" >&2
    # shellcheck disable=SC2086
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >&2
    exit 0
  fi
  echo "test prerequisites: installing needs root; run: sudo apt-get install -y$missing" >&2
  exit 1
fi

echo "test prerequisites: this system has no apt-get; install by hand:" >&2
for p in $missing; do
  eval "how=\$how_$(echo "$p" | tr -c 'a-zA-Z0-9\n' _)"
  echo "  $p: $how" >&2
done
exit 1

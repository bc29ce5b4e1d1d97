#!/bin/sh
# What the tests need of this machine beyond Python and make; `make test`
# (and test-future, test-latest) run this first. On Debian or Ubuntu:
#
#  1. the Debian packages the tests use, when missing, installed with
#     apt-get as root or through sudo:
#       postgresql          a throwaway cluster for the store's tests
#       chromium            the browser tests (Playwright drives Debian's
#                           Chromium, never a browser it downloads)
#       libatomic1          Playwright's own Node.js needs it (a minimal
#                           Debian lacks it: "Connection closed while
#                           reading from the driver")
#       poppler-utils       PDF letters turned into pictures and read back
#       fonts-noto-*        a font for every script a letter is written in
#       libpango-1.0-0 ...  what WeasyPrint lays letters out with
#       fontconfig          which font the letters will really use
#       faketime            `make test-future`: the suite 500 days ahead
#       gettext             GNU msgfmt reads the translation catalogs back
#       openssl             a certificate for the invitations' TLS tests
#     When it can't (not root, no sudo), it prints the one apt-get line to
#     run and stops with exit status 1, before any test runs;
#       nodejs npm          only when the machine has neither node nor npm
#                           (a Node.js from elsewhere, with its own npm, is
#                           left alone)
#  2. ical.js (Thunderbird's iCalendar parser) with npm into .tools/node/
#     (git-ignored): the tests read our calendar files back with it. Without
#     Node.js (not a Debian machine) those two tests are skipped, saying so.
#
# On another system it lists what to install and goes on: the tests that need
# something missing are skipped locally, each saying what it needs.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="postgresql chromium poppler-utils fonts-noto-core fonts-noto-cjk fonts-noto-extra \
fonts-noto-ui-core fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig faketime gettext openssl \
libatomic1"
ICALJS_VERSION=2.2.1
ICALJS_HOME=.tools/node

say() { printf 'test set-up: %s\n' "$*" >&2; }

if ! command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then
    PACKAGES="$PACKAGES nodejs npm"
fi

# ---- 1. Debian packages
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=""
    for package in $PACKAGES; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || missing="$missing $package"
    done
    if [ -n "$missing" ]; then
        if [ "$(id -u)" -eq 0 ]; then
            as_root=""
        elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
            as_root="sudo"  # asks for the password on a terminal
        else
            say "the tests need Debian packages that are not installed, and installing them needs root."
            say "Run this as root (or with sudo), then make test again:"
            printf '\n    apt-get install --no-install-recommends%s\n\n' "$missing" >&2
            exit 1
        fi
        say "installing$missing (apt-get${as_root:+ through sudo})"
        if ! $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
            || ! $as_root env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
            say "apt-get could not install them (above: why). Run this as root, then make test again:"
            printf '\n    apt-get install --no-install-recommends%s\n\n' "$missing" >&2
            exit 1
        fi
    fi
else
    say "not a Debian or Ubuntu machine: install the equivalents of these if a test says it needs one:"
    say "  $PACKAGES"
fi

# ---- 2. ical.js, where Node.js is
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    installed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ICALJS_HOME/node_modules/ical.js/package.json" 2>/dev/null || true)
    if [ "$installed" != "$ICALJS_VERSION" ]; then
        say "installing ical.js $ICALJS_VERSION into $ICALJS_HOME/ (npm)"
        mkdir -p "$ICALJS_HOME"
        if ! npm install --silent --no-audit --no-fund --ignore-scripts --no-save \
            --prefix "$ICALJS_HOME" "ical.js@$ICALJS_VERSION" >/dev/null; then
            say "npm could not install ical.js: the two tests that read calendars back with it will be skipped"
        fi
    fi
else
    say "no Node.js (apt-get install nodejs npm): the two tests that read calendars back with ical.js will be skipped"
fi

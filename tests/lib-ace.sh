# tests/lib-ace.sh - Ace by DAISY for the end-to-end tests, sourced after
# lib.sh:
#
#     . "$(dirname "$0")/../lib.sh"
#     . "$TEST_DIRECTORY/lib-ace.sh"
#     if [ -n "$ACE_SKIP" ]; then echo "# SKIP: $ACE_SKIP"; test_done; fi
#
# Ace is the npm package @daisy/ace, run with its puppeteer runner
# (ace-puppeteer; its default "ace" needs Electron) and Debian's chromium,
# both installed by "sh scripts/deps.sh test".  ACE_SKIP says why Ace
# cannot run (empty when it can).  MKEPUB_ACE names another
# ace-puppeteer, PUPPETEER_EXECUTABLE_PATH another browser;
# MKEPUB_ACE_CACHE=off runs Ace again on books it has already judged.
#
#   ace NAME            Ace on $TEST_TMP/NAME.epub; violations in
#                       $TEST_TMP/NAME.v (one per line, see violations)
#   package_clean NAME  no violation in the package document
#   all_clean NAME      no violation at all
#   clean_but_svg_toc NAME HREF
#                       only Ace's epub-toc-order on the SVG page HREF
#   ace_all NAME...     ace on each, with one browser for all (far quicker
#                       than one ace each: tests/ace-batch.js)
#   ace_later FILE NAME spool the book FILE for t0990-ace-books.sh, which
#                       runs Ace on every spooled book, with one browser,
#                       after all the other scripts, and wants no
#                       violation in any
#
# A script that builds many books spools each one with ace_later as it
# goes; Ace's time then counts once, in t0990, not in each script.

ACE=${MKEPUB_ACE:-$TOP/.tools/node_modules/.bin/ace-puppeteer}
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
    for _b in chromium chromium-browser; do
        if command -v "$_b" >/dev/null 2>&1; then
            PUPPETEER_EXECUTABLE_PATH=$(command -v "$_b")
            break
        fi
    done
fi
ACE_SKIP=
if [ ! -x "$ACE" ] || ! command -v node >/dev/null 2>&1; then
    ACE_SKIP="Ace by DAISY is not installed ($ACE; run: sh scripts/deps.sh test)"
elif [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] ||
    [ ! -x "$PUPPETEER_EXECUTABLE_PATH" ]; then
    ACE_SKIP="no chromium for Ace by DAISY (run: sh scripts/deps.sh test)"
fi
[ -n "$ACE_SKIP" ] || export PUPPETEER_EXECUTABLE_PATH

# Ace writes its logs and settings under HOME and XDG folders, and unpacks
# into TMPDIR: keep all of it in the test's folder.
ACE_HOME=$TEST_TMP/ace-home
mkdir -p "$ACE_HOME/tmp" || exit 1

# ace_env CMD...: CMD in Ace's environment.
ace_env() {
    HOME=$ACE_HOME XDG_CONFIG_HOME=$ACE_HOME/config \
        XDG_STATE_HOME=$ACE_HOME/state XDG_CACHE_HOME=$ACE_HOME/cache \
        XDG_DATA_HOME=$ACE_HOME/data TMPDIR=$ACE_HOME/tmp \
        PUPPETEER_SKIP_DOWNLOAD=1 NO_COLOR=1 \
        ACE_TIMEOUT_INITIAL=${ACE_TIMEOUT_INITIAL:-60000} "$@"
}

# Ace's verdict on a file is remembered by the SHA-256 of the file, Ace's
# version and the browser's, as EPUBCheck's is (tests/lib.sh), so that
# identical bytes (reproducible builds, the asan and valgrind runs) are
# checked once.  MKEPUB_ACE_CACHE names the folder, "off" disables it.
case ${MKEPUB_ACE_CACHE:-} in
off) ACE_CACHE= ;;
'') ACE_CACHE=$TOP/build/ace-cache ;;
*) ACE_CACHE=$MKEPUB_ACE_CACHE ;;
esac
if [ -z "$ACE_SKIP" ]; then
    ACE_ID="ace $(ace_env "$ACE" --version 2>&1 </dev/null)" &&
    ACE_ID="$ACE_ID; $("$PUPPETEER_EXECUTABLE_PATH" --version 2>/dev/null </dev/null)" ||
        ACE_CACHE=
fi

# ace NAME: Ace on $TEST_TMP/NAME.epub, report in $TEST_TMP/NAME.ace/,
# violations listed (see violations) in $TEST_TMP/NAME.v; the log is
# shown when Ace fails or writes no report.
ace() {
    _ace_key=
    if [ -n "$ACE_CACHE" ]; then
        _ace_key=$({ echo "$ACE_ID"; cat "$TEST_TMP/$1.epub"; } |
            sha256sum | cut -c1-64) || return 1
        if [ -f "$ACE_CACHE/$_ace_key" ]; then
            echo "$1.epub: Ace's verdict from $ACE_CACHE/$_ace_key"
            cp "$ACE_CACHE/$_ace_key" "$TEST_TMP/$1.v"
            return
        fi
    fi
    rm -rf "$TEST_TMP/$1.ace" &&
    ace_env "$ACE" -s -o "$TEST_TMP/$1.ace" "$TEST_TMP/$1.epub" \
        >"$TEST_TMP/$1.ace.log" 2>&1 </dev/null
    _ace_rc=$?
    if [ $_ace_rc -ne 0 ] || [ ! -s "$TEST_TMP/$1.ace/report.json" ]; then
        echo "ace failed on $1.epub (exit $_ace_rc):" >&2
        cat "$TEST_TMP/$1.ace.log" >&2
        return 1
    fi
    violations "$TEST_TMP/$1.ace/report.json" >"$TEST_TMP/$1.v" || return 1
    if [ -n "$_ace_key" ] && mkdir -p "$ACE_CACHE" 2>/dev/null; then
        cp "$TEST_TMP/$1.v" "$ACE_CACHE/$_ace_key.$$" &&
            mv "$ACE_CACHE/$_ace_key.$$" "$ACE_CACHE/$_ace_key"
    fi
    return 0
}

# violations REPORT: one line per violation in Ace's report.json,
#   SUBJECT<TAB>RULE<TAB>IMPACT<TAB>WHAT<TAB>WHERE
# where SUBJECT is the package document (…opf) for the package metadata.
# Then "missing-metadata<TAB>NAME" for each schema.org accessibility
# property Ace looked for and did not find.
violations() {
    node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const one = (s) => String(s === undefined ? "" : s).replace(/\s+/g, " ");
        for (const a of r.assertions || []) {
            const subject = a["earl:testSubject"] ? a["earl:testSubject"].url : "";
            for (const b of a.assertions || []) {
                const t = b["earl:test"] || {}, res = b["earl:result"] || {};
                if (res["earl:outcome"] !== "fail") continue;
                const p = res["earl:pointer"] || {};
                console.log([subject, t["dct:title"], t["earl:impact"],
                    one(res["dct:description"]), one((p.css || []).join(" "))].join("\t"));
            }
        }
        const m = r["a11y-metadata"] || {};
        for (const name of (m.missing || []).concat(m.empty || []))
            if (name.startsWith("schema:")) console.log("missing-metadata\t" + name);
    ' "$1"
}

# package_clean NAME: no violation in the package document, every
# schema.org property there.
package_clean() {
    if grep -E '^([^	]*\.opf	|missing-metadata	)' "$TEST_TMP/$1.v" >&2; then
        echo "$1.epub: Ace reports the package metadata above" >&2
        return 1
    fi
}

# all_clean NAME: no violation anywhere.
all_clean() {
    if [ -s "$TEST_TMP/$1.v" ]; then
        cat "$TEST_TMP/$1.v" >&2
        echo "$1.epub: Ace reports the violations above" >&2
        return 1
    fi
}

# clean_but_svg_toc NAME HREF: no violation but the one Ace reports for a
# table of contents that links to the SVG page HREF: Ace does not read SVG
# content documents, so it finds such a link out of the reading order
# (epub-toc-order, daisy/ace#401; it stops at the first one), where both
# EPUBChecks and EPUB 3.3 accept SVG pages in the spine.
clean_but_svg_toc() {
    if ! awk -F '	' -v href="$2" '
        $2 == "epub-toc-order" && index($4, "(" href " [id!?])") { seen++; next }
        { bad++ }
        END { exit !(seen == 1 && !bad) }' "$TEST_TMP/$1.v"; then
        cat "$TEST_TMP/$1.v" >&2
        echo "$1.epub: Ace reports more than epub-toc-order for $2" >&2
        return 1
    fi
}
# ace_key NAME: the cache key of $TEST_TMP/NAME.epub (empty without a
# cache)
ace_key() {
    [ -n "$ACE_CACHE" ] || return 0
    { echo "$ACE_ID"; cat "$TEST_TMP/$1.epub"; } | sha256sum | cut -c1-64
}

# ace_all NAME...: what ace NAME does, for every NAME, with one browser
# (tests/ace-batch.js runs Ace's own code on each book in turn).  A book
# in the cache, or with the same bytes as one before it, is not checked
# again.  With MKEPUB_ACE (another Ace), one ace per book.
ace_all() {
    if [ -n "${MKEPUB_ACE:-}" ]; then
        for _aa in "$@"; do
            ace "$_aa" || return 1
        done
        return 0
    fi
    : >"$TEST_TMP/ace-run" && : >"$TEST_TMP/ace-same" || return 1
    for _aa in "$@"; do
        _aa_key=$(ace_key "$_aa") || return 1
        _aa_sum=$(sha256sum <"$TEST_TMP/$_aa.epub" | cut -c1-64) || return 1
        _aa_first=$(sed -n "s/^$_aa_sum \\([^ ]*\\).*/\\1/p" "$TEST_TMP/ace-run")
        if [ -n "$_aa_key" ] && [ -f "$ACE_CACHE/$_aa_key" ]; then
            echo "$_aa.epub: Ace's verdict from $ACE_CACHE/$_aa_key"
            cp "$ACE_CACHE/$_aa_key" "$TEST_TMP/$_aa.v" || return 1
        elif [ -n "$_aa_first" ]; then
            echo "$_aa.epub: the same bytes as $_aa_first.epub"
            echo "$_aa $_aa_first" >>"$TEST_TMP/ace-same"
        else
            echo "$_aa_sum $_aa $_aa_key" >>"$TEST_TMP/ace-run"
        fi
    done
    set --
    while read -r _aa_sum _aa _aa_key; do
        rm -rf "$TEST_TMP/$_aa.ace" &&
        set -- "$@" "$TEST_TMP/$_aa.epub" "$TEST_TMP/$_aa.ace"
    done <"$TEST_TMP/ace-run"
    _aa_rc=0
    if [ $# -gt 0 ]; then
        echo "Ace on $(($# / 2)) books with one browser"
        ace_env node "$TEST_DIRECTORY/ace-batch.js" \
            "$(dirname "$(dirname "$ACE")")" "$@" \
            >"$TEST_TMP/ace-batch.log" 2>&1 </dev/null
        _aa_rc=$?
    fi
    while read -r _aa_sum _aa _aa_key; do
        if [ ! -s "$TEST_TMP/$_aa.ace/report.json" ]; then
            echo "ace failed on $_aa.epub (exit $_aa_rc):" >&2
            cat "$TEST_TMP/ace-batch.log" >&2
            return 1
        fi
        violations "$TEST_TMP/$_aa.ace/report.json" >"$TEST_TMP/$_aa.v" ||
            return 1
        if [ -n "$_aa_key" ] && mkdir -p "$ACE_CACHE" 2>/dev/null; then
            cp "$TEST_TMP/$_aa.v" "$ACE_CACHE/$_aa_key.$$" &&
                mv "$ACE_CACHE/$_aa_key.$$" "$ACE_CACHE/$_aa_key"
        fi
    done <"$TEST_TMP/ace-run"
    while read -r _aa _aa_first; do
        cp "$TEST_TMP/$_aa_first.v" "$TEST_TMP/$_aa.v" || return 1
    done <"$TEST_TMP/ace-same"
    if [ $_aa_rc -ne 0 ]; then
        echo "ace-batch.js exited $_aa_rc:" >&2
        cat "$TEST_TMP/ace-batch.log" >&2
        return 1
    fi
}

# Books are spooled for t0990-ace-books.sh, which runs Ace on all of them
# with one browser once every script has run: ACE_SPOOL/SCRIPT/NAME.epub.
# A script's spool is emptied when it starts.
ACE_SPOOL=$BUILD_DIR/ace-spool
rm -rf "${ACE_SPOOL:?}/$TEST_NAME"

# ace_later FILE NAME: the book FILE is spooled as NAME (once per
# script) for t0990-ace-books.sh, which wants it without a violation.
ace_later() {
    if [ -e "$ACE_SPOOL/$TEST_NAME/$2.epub" ]; then
        echo "ace_later: '$2' is spooled already" >&2
        return 1
    fi
    mkdir -p "$ACE_SPOOL/$TEST_NAME" &&
    cp "$1" "$ACE_SPOOL/$TEST_NAME/$2.epub"
}

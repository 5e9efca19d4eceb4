#!/bin/sh
# Ace by DAISY on the books mkepub writes: the contract wants accessibility
# metadata that is true of the book, so that Ace reports no violations in
# the package metadata.  The sample book, a small book with page breaks,
# MathML and an image, the Markdown sample and every fixture book are
# checked; the sample, that small book and the Markdown sample must have
# no violation at all (the fixtures' own
# chapters carry a few on purpose, see below).
#
# Ace is the npm package @daisy/ace, run with its puppeteer runner
# (ace-puppeteer; its default "ace" needs Electron) and Debian's chromium,
# both installed by "sh scripts/deps.sh test".  When either is missing the
# script prints "# SKIP" and passes.  MKEPUB_ACE names another
# ace-puppeteer, PUPPETEER_EXECUTABLE_PATH another browser;
# MKEPUB_ACE_CACHE=off runs Ace again on books it has already judged.
. "$(dirname "$0")/../lib.sh"

SDE=1606953600
FIXTURE_BOOKS="full-docs fragments raster-cover svg-cover images-styles"

ACE=${MKEPUB_ACE:-$TOP/.tools/node_modules/.bin/ace-puppeteer}
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
    for _b in chromium chromium-browser; do
        if command -v "$_b" >/dev/null 2>&1; then
            PUPPETEER_EXECUTABLE_PATH=$(command -v "$_b")
            break
        fi
    done
fi
if [ ! -x "$ACE" ] || ! command -v node >/dev/null 2>&1; then
    echo "# SKIP: Ace by DAISY is not installed ($ACE; run: sh scripts/deps.sh test)"
    test_done
fi
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] ||
    [ ! -x "$PUPPETEER_EXECUTABLE_PATH" ]; then
    echo "# SKIP: no chromium for Ace by DAISY (run: sh scripts/deps.sh test)"
    test_done
fi
export PUPPETEER_EXECUTABLE_PATH

# Ace writes its logs and settings under HOME and XDG folders, and unpacks
# into TMPDIR: keep all of it in the test's folder.
ACE_HOME=$TEST_TMP/ace-home
mkdir -p "$ACE_HOME/tmp" || exit 1

# ace_env CMD...: CMD in Ace's environment.
ace_env() {
    HOME=$ACE_HOME XDG_CONFIG_HOME=$ACE_HOME/config \
        XDG_STATE_HOME=$ACE_HOME/state XDG_CACHE_HOME=$ACE_HOME/cache \
        XDG_DATA_HOME=$ACE_HOME/data TMPDIR=$ACE_HOME/tmp \
        PUPPETEER_SKIP_DOWNLOAD=1 NO_COLOR=1 "$@"
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
ACE_ID="ace $(ace_env "$ACE" --version 2>&1 </dev/null)" &&
ACE_ID="$ACE_ID; $("$PUPPETEER_EXECUTABLE_PATH" --version 2>/dev/null </dev/null)" ||
    ACE_CACHE=

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

test_expect_success 'Ace by DAISY checks the sample book' '
    echo "$ACE_ID" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/sample.epub" \
        "$TOP/book/book.xml" &&
    ace sample
'

test_expect_success 'sample book: no violation in the package metadata' '
    package_clean sample
'

test_expect_success 'sample book: no violation at all' '
    all_clean sample
'

# A small book with what the fixtures lack: page breaks with their print
# source, MathML, inline SVG with a label, an image with alt text.
test_expect_success 'page breaks, MathML, an image: Ace finds nothing' '
    B=$TEST_TMP/probe/book &&
    mkdir -p "$B/chapters" "$B/images" &&
    cp "$FIXTURES/images-styles/book/images/chart.png" "$B/images/" &&
    cat >"$B/book.xml" <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<book>
	  <metadata>
	    <title>Probe</title>
	    <creator role="aut">Ada Tester</creator>
	    <language>en</language>
	    <identifier>urn:uuid:0d5e3c71-7d8e-4c31-9d6a-4a7c55f0a150</identifier>
	    <source>Probe, print edition, 1999</source>
	  </metadata>
	  <chapters>
	    <chapter href="chapters/01-maths.xhtml"/>
	    <chapter href="chapters/02-pictures.xhtml"/>
	  </chapters>
	</book>
	EOF
    cat >"$B/chapters/01-maths.xhtml" <<-\EOF &&
	<h1>Maths</h1>
	<p>Before <span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"/>after.</p>
	<h2>An equation</h2>
	<p><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mo>=</mo><mn>1</mn></math></p>
	<p><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" role="img" aria-label="A black dot"><circle cx="5" cy="5" r="4"/></svg></p>
	EOF
    cat >"$B/chapters/02-pictures.xhtml" <<-\EOF &&
	<h1>Pictures</h1>
	<p><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2"/>A chart:</p>
	<p><img src="../images/chart.png" alt="A bar chart with three bars"/></p>
	EOF
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/probe.epub" "$B/book.xml" &&
    epubcheck_both "$TEST_TMP/probe.epub" &&
    epub_unpack "$TEST_TMP/probe.epub" &&
    xpath_values "//opf:meta[@property=\"schema:accessibilityFeature\"]/text()" "$OPFX" \
        >"$TEST_TMP/features" &&
    for f in MathML pageBreakMarkers pageNavigation alternativeText; do
        test_grep -Fx "$f" "$TEST_TMP/features" || return 1
    done &&
    ace probe &&
    package_clean probe &&
    all_clean probe
'

# The Markdown sample (tests/books/markdown): its footnotes are pop-up
# notes (noteref and footnote with their ARIA roles, a back-link).
test_expect_success 'the Markdown sample book: no violation at all' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/markdown.epub" \
        "$TOP/tests/books/markdown/book/book.xml" &&
    ace markdown &&
    package_clean markdown &&
    all_clean markdown
'

# The fixtures: built, then checked two at a time.  full-docs has two
# violations of its own making (a <section epub:type="chapter"> without
# role="doc-chapter", an h4 under an h2), which are the chapters' and
# not mkepub's; only the package metadata must be clean.
test_expect_success 'fixture books: no violation in the package metadata' '
    for n in $FIXTURE_BOOKS; do
        SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/$n.epub" \
            "$FIXTURES/$n/book/book.xml" || return 1
    done &&
    set -- $FIXTURE_BOOKS &&
    while [ $# -gt 0 ]; do
        rc=0
        ace "$1" &
        p1=$!
        if [ $# -gt 1 ]; then
            ace "$2" || rc=1
            shift
        fi
        wait $p1 || rc=1
        shift
        [ $rc = 0 ] || return 1
    done &&
    for n in $FIXTURE_BOOKS; do
        echo "== $n" &&
        cat "$TEST_TMP/$n.v" &&
        package_clean "$n" || return 1
    done
'

test_done

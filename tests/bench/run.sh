#!/bin/sh
# tests/bench/run.sh — `make bench`: time mkepub against the zip floor.
#
# 1. Builds tests/bench/gen.c and generates, deterministically and without
#    network access, books of 10, 200 and 2000 chapters in the mkepub source
#    layout under build/bench/book-N/ (book/book.xml, book/chapters/*.xhtml,
#    book/images/*.jpg, styles/book.css), plus the same files laid out as an
#    EPUB folder under build/bench/floor-N/.  300 real JPEG photos (~200 KB)
#    are made once with gen + cjpeg and hard-linked into the books ("one image
#    per chapter while they last").  Everything is cached behind stamp files:
#    a later run regenerates only when gen.c or this script's settings change.
# 2. For each size, in alternating runs: mkepub, the zip floor (zip -X, mimetype
#    stored first, the rest deflated at -6), the stored-media floor (the same,
#    JPEGs stored as mkepub stores them: zip -X -6 -n .jpg:...) and
#    `mkepub --check`; median wall time, CPU time (user+sys) and
#    peak RSS (GNU time), output size, and each builder's wall time divided by
#    both floors', and its output size by the stored-media floor's and by
#    the same-content floor's (mkepub's own output unpacked and zipped the
#    stored-media way, navigation included).  pandoc on the 200-chapter
#    book when pandoc is installed.
# 3. Measures peak RSS over source size on a 4.8 MB chapter of 400,000
#    headings (issue 12): "memory/source ratio, 400k headings".
# 4. Prints a Markdown table (also written to build/bench/results.md) headed
#    by the machine it ran on.
#
# Environment:
#   MKEPUB_BUILD=dir      where mkepub was built (default build)
#   BENCH_SIZES="10 200 2000"   book sizes (chapters, 1..9999)
#   BENCH_ROUNDS=n        rounds per size (default 5, or 3 when one mkepub run
#                         of that book takes more than 8 s)
#   BENCH_ZIP_STORE_MEDIA=0     deflate the JPEGs in the zip floor too
#   BENCH_NO_PANDOC=1     skip pandoc even when installed
#
# Exit status: 0 when the benchmark ran (even with FAILED mkepub rows, which
# are reported in the table with mkepub's error output above it); 1 when the
# harness itself could not run (no compiler, no zip, generation failed).

set -u
cd "$(dirname "$0")/../.." || exit 1

START=$(date +%s)
BUILD=${MKEPUB_BUILD:-build}
BIN=$BUILD/mkepub
OUT=build/bench
SIZES=${BENCH_SIZES:-10 200 2000}
MAX_IMAGES=300
JPEG_QUALITY=90
EPOCH=1606953600
ZIP_STORE=${BENCH_ZIP_STORE_MEDIA:-1}
NPROC=$(nproc 2>/dev/null || echo 2)

mkdir -p "$OUT/tmp" || exit 1
ABS_OUT=$(cd "$OUT" && pwd)
TMP=$ABS_OUT/tmp

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

# ---- tools -----------------------------------------------------------------

# need COMMAND DEBIAN-PACKAGE: install the package with apt-get when missing
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    say "bench: $1 is missing; installing Debian package $2"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi
    if command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$2" >/dev/null 2>&1 ||
        { $SUDO apt-get update -q >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$2" >/dev/null 2>&1; }
    fi
    command -v "$1" >/dev/null 2>&1 || die "$1 not found and could not install $2"
}

need "${CC:-cc}" gcc
need cjpeg libjpeg-turbo-progs
need zip zip
need unzip unzip
[ -x /usr/bin/time ] || need /usr/bin/time time
/usr/bin/time -f '%e' true >/dev/null 2>&1 || die "/usr/bin/time is not GNU time"

# ---- generation (cached) ---------------------------------------------------

GEN=$OUT/gen
GEN_HASH=$(cksum < tests/bench/gen.c | cut -d' ' -f1)
if [ ! -x "$GEN" ] || [ "$(cat "$OUT/gen.stamp" 2>/dev/null)" != "$GEN_HASH" ]; then
    ${CC:-cc} -O2 -std=c11 -o "$GEN" tests/bench/gen.c || die "cannot compile tests/bench/gen.c"
    echo "$GEN_HASH" > "$OUT/gen.stamp"
fi
GEN_VERSION=$("$GEN" version)
LAYOUT_VERSION=1   # bump when the layout made below changes
IMG_STAMP="layout $LAYOUT_VERSION; gen $GEN_HASH v$GEN_VERSION; $MAX_IMAGES images; cjpeg -quality $JPEG_QUALITY"
GEN_START=$(date +%s)
GENERATED=

# images: 300 JPEGs of 800x600, made once, shared by every book
if [ "$(cat "$OUT/images/.stamp" 2>/dev/null)" != "$IMG_STAMP" ]; then
    say "bench: making $MAX_IMAGES JPEG photos"
    rm -rf "$OUT/images"
    mkdir -p "$OUT/images" || exit 1
    # shellcheck disable=SC2016  # expanded by the inner sh
    seq 1 "$MAX_IMAGES" | GEN="$GEN" DIR="$OUT/images" Q=$JPEG_QUALITY \
        xargs -P "$NPROC" -n 16 sh -c '
            for i; do
                f=$(printf "%s/p%03d.jpg" "$DIR" "$i")
                "$GEN" ppm "$i" | cjpeg -quality "$Q" > "$f" || exit 255
            done' sh || die "JPEG generation failed"
    for i in $(seq 1 "$MAX_IMAGES"); do
        f=$(printf '%s/images/p%03d.jpg' "$OUT" "$i")
        [ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = ffd8 ] || die "$f is not a JPEG"
    done
    echo "$IMG_STAMP" > "$OUT/images/.stamp"
    GENERATED=yes
fi

# link FILES... DIR: hard links (same bytes, no copy), a copy where that fails
link() {
    ln -f "$@" 2>/dev/null || cp -f "$@"
}

for n in $SIZES; do
    stamp="$IMG_STAMP; book $n"
    root=$OUT/book-$n
    floor=$OUT/floor-$n
    [ "$(cat "$root/.stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$floor/mimetype" ] && continue
    say "bench: generating the $n-chapter book"
    rm -rf "$root" "$floor"
    "$GEN" book "$n" "$root" "$floor" || die "generating book $n failed"
    nimg=$n
    [ "$nimg" -gt "$MAX_IMAGES" ] && nimg=$MAX_IMAGES
    imgs=$(for i in $(seq 1 "$nimg"); do printf '%s/images/p%03d.jpg\n' "$OUT" "$i"; done)
    # $imgs unquoted on purpose: one name a line, none with blanks
    # shellcheck disable=SC2086
    link $imgs "$root/book/images/" || die "linking images failed"
    mkdir -p "$floor/OEBPS/chapters" "$floor/OEBPS/images" "$floor/OEBPS/styles" || exit 1
    # shellcheck disable=SC2086
    if ! { link "$root"/book/chapters/*.xhtml "$floor/OEBPS/chapters/" &&
           link $imgs "$floor/OEBPS/images/" &&
           link "$root/styles/book.css" "$floor/OEBPS/styles/"; }; then
        die "laying out the zip floor failed"
    fi
    echo "$stamp" > "$root/.stamp"
    GENERATED=yes
done
GEN_SECONDS=$(( $(date +%s) - GEN_START ))

# ---- measurement -----------------------------------------------------------

# nanoseconds since the epoch, or nothing where date has no %N
now_ns() { _t=$(date +%s%N 2>/dev/null); case $_t in *N*|'') ;; *) echo "$_t" ;; esac; }

# measure FILE CMD...: run CMD under GNU time; append "wall cpu rss_kb" to FILE.
# Wall time comes from date (ms resolution) where it can, GNU time's %e
# (10 ms) elsewhere.  CMD's standard output and error go to $TMP/last.err.
# Returns CMD's status.
measure() {
    _file=$1; shift
    _t0=$(now_ns)
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$@" >"$TMP/last.err" 2>&1
    _st=$?
    _t1=$(now_ns)
    tail -n 1 "$TMP/time" | awk -v t0="$_t0" -v t1="$_t1" '{
        w = (t0 != "" && t1 != "") ? (t1 - t0) / 1e9 : $1
        printf "%.3f %.2f %s\n", w, $2 + $3, $4 }' >> "$_file"
    return $_st
}

# how the last measured command ended, from GNU time's first line
how() {
    sed -n -e 's/^Command exited with non-zero status \([0-9]*\).*/exit \1/p' \
        -e 's/^Command terminated by signal \([0-9]*\).*/signal \1/p' "$TMP/time" | head -n 1
}

# report WHAT: print the tail of the last command's output, keep it for the summary
report() {
    { echo "$1 ($(how)); last lines of its output:"
      tail -n 15 "$TMP/last.err" | sed 's/^/    /'; } | tee -a "$NOTES" >&2
}

# median FILE COLUMN
median() {
    cut -d' ' -f"$2" "$1" | sort -n | awk '
        { v[NR] = $1 }
        END { if (NR == 0) exit
              if (NR % 2) print v[(NR + 1) / 2]
              else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

size_of() { wc -c < "$1" | tr -d ' '; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

# the zip floor, as a command for GNU time: sh -c "$ZIP_FLOOR" sh DIR ABSOLUTE-OUTPUT
# The issue's floor deflates everything at -6; a stricter second floor
# stores the media as mkepub does (BENCH_ZIP_STORE_MEDIA=0 skips it).
ZIP_FLOOR="cd \"\$1\" && zip -X -0 -q \"\$2\" mimetype && zip -X -6 -q -r \"\$2\" META-INF OEBPS"
ZIP_STORED="cd \"\$1\" && zip -X -0 -q \"\$2\" mimetype && zip -X -6 -q -r -n .jpg:.jpeg:.png:.gif \"\$2\" META-INF OEBPS"

MK_OK=
if [ -x "$BIN" ]; then
    MK_OK=yes
    MK_VERSION=$("$BIN" --version 2>/dev/null | head -n 1)
    case $MK_VERSION in mkepub*) ;; *) MK_VERSION="mkepub $MK_VERSION" ;; esac
else
    say "bench: $BIN is not built; the mkepub rows will read FAILED"
fi

ROWS=$TMP/rows
: > "$ROWS"
NOTES=$TMP/notes
: > "$NOTES"

# row BOOK BUILDER FILE ZIPWALL OUTPUT-BYTES|- [STOREDWALL STOREDBYTES]: one
# same_content_ratio EPUB: EPUB's size over that of the same-content floor:
# its own files unpacked and zipped as the stored-media floor zips (so the
# navigation and NCX that mkepub writes from every h1-h3, which the
# generated EPUB folder does not have, count on both sides); "-" when
# unzip is missing.
same_content_ratio() {
    _sc=$TMP/same-content
    rm -rf "$_sc" "$_sc.epub"
    if ! command -v unzip >/dev/null 2>&1 ||
       ! unzip -q -d "$_sc" "$1" 2>/dev/null; then
        echo -; return
    fi
    (cd "$_sc" && zip -X -0 -q "$_sc.epub" mimetype &&
     zip -X -6 -q -r -n .jpg:.jpeg:.png:.gif "$_sc.epub" META-INF EPUB) || {
        echo -; return; }
    awk -v a="$(size_of "$1")" -v b="$(size_of "$_sc.epub")" 'BEGIN { printf "%.3f", a / b }'
    rm -rf "$_sc" "$_sc.epub"
}

# table row from FILE; the last two columns compare with the stored-media
# floor when its wall time and size are given
row() {
    _w=$(median "$3" 1); _c=$(median "$3" 2); _m=$(median "$3" 3)
    _ratio=$(awk -v a="$_w" -v b="$4" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    if [ "$5" = - ]; then _o="—"; else _o=$(mb "$5"); fi
    _sw=—; _so=—
    if [ -n "${6:-}" ]; then
        _sw=$(awk -v a="$_w" -v b="$6" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        [ "$5" = - ] || _so=$(awk -v a="$5" -v b="$7" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')
    fi
    printf '| %s | %s | %.3f | %.2f | %s | %s | %s | %s | %s |\n' "$1" "$2" "$_w" "$_c" \
        "$(awk -v k="$_m" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')" "$_o" "$_ratio" \
        "$_sw" "$_so" >> "$ROWS"
}

failed_row() {   # failed_row BOOK BUILDER WHY
    printf '| %s | %s | FAILED | | | | %s | | |\n' "$1" "$2" "$3" >> "$ROWS"
}

for n in $SIZES; do
    root=$OUT/book-$n
    floor=$OUT/floor-$n
    src_bytes=$(du -sb "$root" | cut -f1)
    src_files=$(find "$root" -type f ! -name .stamp | wc -l | tr -d ' ')
    book="$n ch, $(mb "$src_bytes") MB"
    rounds=${BENCH_ROUNDS:-5}
    say "bench: $n chapters ($(mb "$src_bytes") MB in $src_files files)"

    # warm the page cache so that no builder pays for the first read
    find "$root" "$floor" -type f -exec cat {} + > /dev/null

    mk=$TMP/mk-$n; zp=$TMP/zip-$n; ck=$TMP/check-$n; zs=$TMP/zips-$n
    : > "$mk"; : > "$zp"; : > "$ck"; : > "$zs"
    mk_fail=; ck_fail=
    [ -n "$MK_OK" ] || { mk_fail="not built"; ck_fail="not built"; }
    mk_out=$ABS_OUT/out-$n.epub
    zip_out=$ABS_OUT/zip-$n.epub
    r=1
    while [ "$r" -le "$rounds" ]; do
        if [ -z "$mk_fail" ]; then
            rm -f "$mk_out"
            if ! measure "$mk" env SOURCE_DATE_EPOCH=$EPOCH "$BIN" -q -o "$mk_out" "$root/book/book.xml"; then
                mk_fail=$(how)
                report "mkepub failed on the $n-chapter book"
            fi
        fi
        rm -f "$zip_out"
        if ! measure "$zp" sh -c "$ZIP_FLOOR" sh "$floor" "$zip_out"; then
            report "the zip floor failed on the $n-chapter book"
            die "cannot go on without the zip floor"
        fi
        if [ "$ZIP_STORE" = 1 ]; then
            rm -f "$zip_out.stored"
            measure "$zs" sh -c "$ZIP_STORED" sh "$floor" "$zip_out.stored" ||
                die "the stored-media zip floor failed on the $n-chapter book"
        fi
        if [ -z "$ck_fail" ]; then
            if ! measure "$ck" "$BIN" -q --check "$root/book/book.xml"; then
                ck_fail=$(how)
                report "mkepub --check failed on the $n-chapter book"
            fi
        fi
        # keep `make bench` under 5 minutes: 3 rounds when mkepub is slow
        if [ "$r" = 1 ] && [ -z "${BENCH_ROUNDS:-}" ] && [ -s "$mk" ] &&
           [ "$(awk '{ print ($1 > 8) }' "$mk")" = 1 ]; then
            rounds=3
        fi
        r=$((r + 1))
    done
    say "bench: $n chapters: $rounds rounds"
    [ -s "$zip_out" ] || die "the zip floor produced nothing for book $n"
    zwall=$(median "$zp" 1)
    swall=; sbytes=
    if [ "$ZIP_STORE" = 1 ]; then
        swall=$(median "$zs" 1); sbytes=$(size_of "$zip_out.stored")
    fi
    if [ -n "$mk_fail" ]; then failed_row "$book" mkepub "$mk_fail"
    else row "$book" mkepub "$mk" "$zwall" "$(size_of "$mk_out")" $swall $sbytes; fi
    row "$book" "zip floor (zip -X -6)" "$zp" "$zwall" "$(size_of "$zip_out")" $swall $sbytes
    if [ "$ZIP_STORE" = 1 ]; then
        row "$book" "stored-media floor (zip -X -6 -n .jpg:...)" "$zs" "$zwall" "$sbytes" $swall $sbytes
        [ -n "$mk_fail" ] || printf '%s: mkepub / stored-media floor: wall %s, output %s, peak RSS %s MB; output / same-content floor %s\n' "$book" \
            "$(awk -v a="$(median "$mk" 1)" -v b="$swall" 'BEGIN { printf "%.2f", a / b }')" \
            "$(awk -v a="$(size_of "$mk_out")" -v b="$sbytes" 'BEGIN { printf "%.3f", a / b }')" \
            "$(awk -v k="$(median "$mk" 3)" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }')" \
            "$(same_content_ratio "$mk_out")" >> "$NOTES"
    fi
    if [ -n "$ck_fail" ]; then failed_row "$book" "mkepub --check" "$ck_fail"
    else row "$book" "mkepub --check" "$ck" "$zwall" - $swall $sbytes; fi

    if [ "$n" = 200 ] && [ -z "${BENCH_NO_PANDOC:-}" ]; then
        if command -v pandoc >/dev/null 2>&1; then
            pd=$TMP/pandoc-$n; : > "$pd"
            pd_out=$ABS_OUT/pandoc-$n.epub
            pd_fail=
            # from the chapters' folder, so that ../images/ resolves as in the book
            r=1
            while [ "$r" -le 3 ]; do
                rm -f "$pd_out"
                if ! (cd "$root/book/chapters" &&
                      measure "$pd" env SOURCE_DATE_EPOCH=$EPOCH pandoc --quiet -f html -t epub3 \
                          --metadata title="Bench $n" --metadata lang=en \
                          --css ../../styles/book.css -o "$pd_out" ./*.xhtml); then
                    pd_fail=$(how)
                    report "pandoc failed on the $n-chapter book"
                    break
                fi
                # pandoc is slow: a second and third run only when the first was quick
                [ "$r" = 1 ] && [ "$(awk -v w="$(median "$pd" 1)" 'BEGIN { print (w > 10) }')" = 1 ] && break
                r=$((r + 1))
            done
            pv=$(pandoc --version | head -n 1)
            if [ -n "$pd_fail" ]; then failed_row "$book" "$pv" "$pd_fail"
            else row "$book" "$pv ($(wc -l < "$pd" | tr -d ' ') runs)" "$pd" "$zwall" "$(size_of "$pd_out")" $swall $sbytes; fi
        else
            printf '| %s | pandoc | not installed | | | | | | |\n' "$book" >> "$ROWS"
        fi
    fi
done

# ---- memory per heading ----------------------------------------------------

# issue 12's chapter: 400,000 <h2> headings with ten texts (4.8 MB); peak
# RSS of --check and of a build divided by the chapter's size
HEAD_RATIO=
if [ -n "$MK_OK" ]; then
    hb=$OUT/headings
    if [ ! -s "$hb/book/chapters/one.xhtml" ]; then
        mkdir -p "$hb/book/chapters" || exit 1
        printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' '<book><metadata>' \
            '<title>Headings</title><language>en</language>' \
            '<identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>' \
            '</metadata><chapters><chapter href="chapters/one.xhtml"/></chapters></book>' \
            >"$hb/book/book.xml"
        awk 'BEGIN { print "<h1>Many</h1>"
                     for (i = 0; i < 400000; i++) print "<h2>h" i % 10 "</h2>" }' \
            >"$hb/book/chapters/one.xhtml"
    fi
    hsize=$(size_of "$hb/book/chapters/one.xhtml")
    : > "$TMP/hc"; : > "$TMP/hw"
    if measure "$TMP/hc" "$BIN" -q --check "$hb/book/book.xml" &&
       measure "$TMP/hw" env SOURCE_DATE_EPOCH=$EPOCH "$BIN" -q -o "$ABS_OUT/headings.epub" "$hb/book/book.xml"; then
        HEAD_RATIO=$(awk -v c="$(cut -d' ' -f3 "$TMP/hc")" -v w="$(cut -d' ' -f3 "$TMP/hw")" -v s="$hsize" \
            'BEGIN { printf "--check %.1f×, build %.1f×", c * 1024 / s, w * 1024 / s }')
    else
        report "mkepub failed on the 400,000-heading chapter"
        HEAD_RATIO=FAILED
    fi
    rm -f "$ABS_OUT/headings.epub"
fi

# ---- report ----------------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GB", $2 * 1024 / 1e9 }' /proc/meminfo 2>/dev/null)
commit=$(git rev-parse --short HEAD 2>/dev/null)
[ -n "$commit" ] && [ -n "$(git status --porcelain -- src 2>/dev/null)" ] && commit="$commit+changes"
TOTAL=$(( $(date +%s) - START ))
if [ -n "$GENERATED" ]; then gen_note="generation ${GEN_SECONDS} s"
else gen_note="books cached"; fi
zip_note="JPEGs deflated too, as the issue defines it; the second zip row stores them, as mkepub does"

{
    echo "Benchmark of \`make bench\` on $(uname -srm), ${cpu:-unknown CPU}," \
        "$NPROC cores, ${mem:-unknown memory}, $(date -u +%Y-%m-%d)" \
        "(${MK_VERSION:-mkepub not built}${commit:+, commit $commit}; $(zip -v 2>/dev/null | sed -n 's/^This is \(Zip [0-9.]*\).*/\1/p'))."
    echo
    echo "| book | builder | wall (median, s) | CPU (s) | peak RSS (MB) | output (MB) | wall / zip floor | wall / stored-media floor | output / stored-media floor |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    cat "$ROWS"
    echo
    if [ -s "$NOTES" ]; then sed 's/^/- /' "$NOTES"; echo; fi
    if [ -n "$HEAD_RATIO" ]; then
        echo "memory/source ratio, 400k headings: $HEAD_RATIO" \
            "(peak RSS over the size of a 4.8 MB chapter of 400,000 <h2> headings;" \
            "libxml2's tree of it alone is about 32×)"
        echo
    fi
    echo "Books: N chapters of ~3000 words (full XHTML documents with sections, lists and links)," \
        "one ~200 KB JPEG in each of the first $MAX_IMAGES chapters, generated by tests/bench/gen.c."
    echo "Zip floor: the same files laid out as an EPUB folder, \`zip -X\`, mimetype stored first," \
        "the rest deflated at -6 ($zip_note). mkepub runs with SOURCE_DATE_EPOCH=$EPOCH." \
        "Alternating runs, median of each column; CPU is user + system; MB are 10^6 bytes;" \
        "the ratio columns divide each builder's wall time by the zip floor's and the" \
        "stored-media floor's (the Done-when measure of issue 9), and its output by that floor's." \
        "Whole run: $TOTAL s ($gen_note)."
} > "$OUT/results.md"

if [ -s "$NOTES" ]; then echo; cat "$NOTES"; fi
echo
cat "$OUT/results.md"
exit 0

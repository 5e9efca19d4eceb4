#!/bin/sh
# The documentation covers the program: every option of main.c's option
# tables (getopt_long's longopts and short letters, inspect's and init's
# options), every subcommand, and every book.xml element and attribute of
# book.c's vocabulary table appears in the man page (man/mkepub.1) and
# in README.md, and in --help for the options.  The lists are read from
# the sources, so a new option or element without documentation fails
# here.
. "$(dirname "$0")/../lib.sh"

cd "$TEST_TMP" || exit 1

MAIN=$TOP/src/main.c
BOOKC=$TOP/src/book.c

# the man page as plain text: \- is -, no font escapes
sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\(em/--/g' "$TOP/man/mkepub.1" >man.txt

# documented NAME PATTERN: PATTERN (grep -e) is in man.txt and README.md
documented() {
    _d_rc=0
    grep -q -e "$2" man.txt || { echo "man page lacks $1"; _d_rc=1; }
    grep -q -e "$2" "$TOP/README.md" || { echo "README.md lacks $1"; _d_rc=1; }
    return $_d_rc
}

test_expect_success 'the long options of main.c are read from its table' '
    sed -n "s/^ *{ \"\\([a-z][a-z-]*\\)\", \\(no\\|required\\)_argument,.*/\\1/p" \
        "$MAIN" | sort -u >longopts &&
    test "$(wc -l <longopts)" -ge 13 &&
    test_grep -x toc-depth longopts &&
    test_grep -x strict longopts
'

test_expect_success 'every long option is in --help, the man page and the README' '
    mkepub --help >help &&
    rc=0 &&
    for o in $(cat longopts); do
        grep -q -e "--$o\\b" help || { echo "--help lacks --$o"; rc=1; }
        documented "--$o" "--$o\\b" || rc=1
    done &&
    test $rc = 0
'

test_expect_success 'every short option (getopt string) is documented' '
    short=$(sed -n "s/.*getopt_long(argc, argv, \"\\([^\"]*\\)\".*/\\1/p" \
        "$MAIN" | tr -d ":") &&
    test -n "$short" &&
    rc=0 &&
    for c in $(echo "$short" | sed "s/./& /g"); do
        documented "-$c" "-$c\\b" || rc=1
    done &&
    test $rc = 0
'

test_expect_success 'the subcommands and their options are documented' '
    sed -n "s/^ *\"usage: mkepub \\([a-z]*\\) .*/\\1/p" "$MAIN" | sort -u >subs &&
    sed -n "s/^ *\"       mkepub \\([a-z]*\\) .*/\\1/p" "$MAIN" >>subs &&
    sort -u subs >subs.u &&
    printf "%s\n" init inspect >want && test_cmp want subs.u &&
    rc=0 &&
    for s in $(cat subs.u); do
        documented "mkepub $s" "mkepub $s" || rc=1
    done &&
    documented "inspect --json" "--json" &&
    test $rc = 0
'

test_expect_success 'the book.xml elements and attributes are read from book.c' '
    sed -n "s/^ *{ \"\\([a-z][a-z-]*\\)\", \"\\([a-z]*\\)\", {.*/\\1/p" "$BOOKC" |
        sort -u >elements &&
    test "$(wc -l <elements)" -ge 20 &&
    test_grep -x collection elements &&
    test_grep -x media-active-class elements &&
    awk "/^static const struct vocab vocab\\[\\] = \\{/ { on = 1; next }
         on && /^\\};/ { exit }
         on { print }" "$BOOKC" | tr "\\n" " " |
        sed "s/{ *\"[a-z][a-z-]*\", \"[a-z]*\", {//g" |
        grep -o "\"[a-z][a-z-]*\"" | tr -d "\"" | sort -u >attributes &&
    test_grep -x obfuscate attributes &&
    test_grep -x display-seq attributes &&
    test_grep -x page-progression-direction attributes
'

test_expect_success 'every book.xml element is in the man page and the README' '
    rc=0 &&
    for e in book $(cat elements); do
        documented "<$e>" "<$e[ >/]" || rc=1
    done &&
    test $rc = 0
'

test_expect_success 'every book.xml attribute is in the man page and the README' '
    rc=0 &&
    for a in $(cat attributes); do
        documented "$a=" "$a=" || rc=1
    done &&
    test $rc = 0
'

# The stores' rules: src/target.c's table and the README's "Publishing
# to stores" table have the same rules, store by store, and every source
# the table names is in the README.
test_expect_success 'every --target rule of src/target.c is in the README table' '
    awk "/^static const struct rule rules\\[\\] = \\{/ { on = 1; next }
         on && /^\\};/ { exit }
         on { print }" "$TOP/src/target.c" >rules.c &&
    for s in KINDLE:Kindle KOBO:Kobo APPLE:"Apple Books" GOOGLE:"Google Play"; do
        n=$(grep -c "{ MK_TARGET_${s%%:*}," rules.c) &&
        m=$(awk "/^## Publishing to stores/ { on = 1; next }
                 on && /^## / { exit }
                 on && /^\\| ${s#*:} \\|/ { n++ }
                 END { print n + 0 }" "$TOP/README.md") &&
        echo "${s#*:}: $n rules, $m README rows" &&
        test "$n" -gt 0 && test "$n" = "$m" || return 1
    done &&
    tr "\\n" " " <rules.c | grep -o "\"[^\"]*\" },* *{* *MK_TARGET\\|\"[^\"]*\" }, *\$" |
        sed "s/^\"\\([^\"]*\\)\".*/\\1/" >sources &&
    test "$(wc -l <sources)" = "$(grep -c "{ MK_TARGET_" rules.c)" &&
    rc=0 &&
    while read -r src; do
        key=$(echo "$src" | sed "s/, listed in.*//; s/Google Play Books //; s/, .*//") &&
        grep -qF "$key" "$TOP/README.md" || { echo "README lacks the source $key ($src)"; rc=1; }
    done <sources &&
    test $rc = 0
'

test_done

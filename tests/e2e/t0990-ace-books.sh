#!/bin/sh
# Ace by DAISY on every book the other scripts spooled (lib-ace.sh's
# ace_later: t0275 Markdown, t0280 right-to-left and localised books,
# t0285 publishing metadata, t0287 fonts, t0295 the stores' rules): each
# must have no violation at all.  They run here, after every other
# script, with one browser for all (tests/ace-batch.js), so that Ace's
# time counts once.  A script empties its own spool when it starts, so
# the spool holds each script's books of its last run; run the scripts
# first (sh tests/run.sh does).  Without Ace or chromium the script
# prints "# SKIP" and passes.
# test-run: last
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

if [ -n "$ACE_SKIP" ]; then
    echo "# SKIP: $ACE_SKIP"
    test_done
fi

# the spooled books, as SCRIPT.NAME
(cd "$ACE_SPOOL" 2>/dev/null && find . -name "*.epub" -type f) |
    sed 's|^\./||; s|\.epub$||' | sort >"$TEST_TMP/spooled"

if [ ! -s "$TEST_TMP/spooled" ]; then
    echo "# SKIP: no book spooled in $ACE_SPOOL (run sh tests/run.sh)"
    test_done
fi

test_expect_success 'the scripts that build many books spooled them' '
    for s in t0275-markdown t0280-rtl-labels t0285-publisher-metadata \
        t0287-fonts t0295-target; do
        grep -q "^$s/" "$TEST_TMP/spooled" ||
            { echo "nothing spooled by $s (run it first)"; return 1; }
    done &&
    wc -l <"$TEST_TMP/spooled"
'

test_expect_success 'Ace by DAISY: no violation in any spooled book' '
    : >"$TEST_TMP/names" &&
    while read -r b; do
        n=$(echo "$b" | tr / .) &&
        cp "$ACE_SPOOL/$b.epub" "$TEST_TMP/$n.epub" &&
        echo "$n" >>"$TEST_TMP/names" || return 1
    done <"$TEST_TMP/spooled" &&
    ace_all $(cat "$TEST_TMP/names") &&
    rc=0 &&
    for n in $(cat "$TEST_TMP/names"); do
        all_clean "$n" || rc=1
    done &&
    echo "Ace: $(wc -l <"$TEST_TMP/names") books" &&
    test $rc = 0
'

test_done

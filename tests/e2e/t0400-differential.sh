#!/bin/sh
# The differential test against EPUBCheck (issue 7), short slice: 150
# chapters from tests/diff/gen.c with a fixed seed, plus every chapter of
# tests/diff/regressions/, in one book (tests/diff/run.sh; the long run is
# `make check-differential N=2000`).  Asserts: the hand-packed wrapper is
# clean (the harness can judge), no book mkepub writes fails EPUBCheck
# 4.2 or 5, at least 95% of the generated chapters EPUBCheck rejects are
# refused by mkepub in that file (or repaired), and every regression
# chapter agrees with EPUBCheck.  The figures are printed in any case.
. "$(dirname "$0")/../lib.sh"

SEED=400
COUNT=150
D=$TEST_TMP/diff

test_expect_success "the harness judges $COUNT chapters (seed $SEED) and the regressions" '
    MKEPUB_BUILD=$BUILD_DIR sh "$TOP/tests/diff/run.sh" -q --work "$D" \
        --regressions "$TOP/tests/diff/regressions" "$SEED" "$COUNT" \
        >"$TEST_TMP/summary" 2>"$TEST_TMP/err"
    rc=$?
    cat "$TEST_TMP/err"
    test $rc -eq 0 || test $rc -eq 1
'
# the figures, whatever the outcome
sed 's/^/# /' "$TEST_TMP/summary"

test_expect_success 'no book written by mkepub fails EPUBCheck' '
    grep "books written" "$TEST_TMP/summary" &&
    grep -q "books written by mkepub that fail: *0 of" "$TEST_TMP/summary"
'

test_expect_success 'at least 95% of the rejected chapters are refused or repaired' '
    grep "refused or repaired" "$TEST_TMP/summary" &&
    rate=$(sed -n "s/.*refused or repaired: *[0-9]* (\([0-9.]*\)%.*/\1/p" \
        "$TEST_TMP/summary") &&
    test -n "$rate" &&
    awk -v r="$rate" "BEGIN { exit !(r >= 95) }"
'

test_expect_success 'every regression chapter agrees with EPUBCheck' '
    if grep -q "regression chapters:" "$TEST_TMP/summary"; then
        sed -n "/regression chapters:/,/^  [a-z]/p" "$TEST_TMP/summary" &&
        grep -q "regression chapters: *[0-9]*, 0 disagree" "$TEST_TMP/summary"
    fi
'

test_done

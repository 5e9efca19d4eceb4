#!/bin/sh
# Output safety: on any error nothing is written and an earlier file at
# the output path stays exactly as it was; an output path that cannot be
# written, a full disk, a file size limit or an interrupt give exit 3, a
# clear message and no temporary file left behind.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# --- an earlier, good book survives a broken source ----------------------

new_book earlier
S=$TEST_TMP/earlier

test_expect_success 'a good build, then a source error: the earlier EPUB is untouched' '
    cd "$S" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -q -o out/book.epub book/book.xml &&
    cp out/book.epub good.epub &&
    printf "<h1>One</h1>\n<p>broken <b>bold</p>\n" >book/chapters/one.xhtml &&
    must_fail 1 mkepub -o out/book.epub book/book.xml 2>err &&
    cat >expect <<-\EOF &&
	book/chapters/one.xhtml:2:22: error: Opening and ending tag mismatch: b line 2 and p
	1 error, 0 warnings
	EOF
    test_cmp expect err &&
    cmp good.epub out/book.epub &&
    no_leftovers out book.epub
'

# --- output paths that cannot be written -----------------------------------

new_book paths
S=$TEST_TMP/paths
: >"$S/afile"
mkdir -p "$S/adir"
echo "keep me" >"$S/adir/keep"

test_expect_success 'a regular file as the output folder: exit 3, nothing left' '
    cd "$S" &&
    cat >expect <<-\EOF &&
	afile/x.epub: error: cannot write the book: Not a directory
	1 error, 0 warnings
	EOF
    must_fail 3 mkepub -o afile/x.epub book/book.xml 2>err &&
    test_cmp expect err &&
    test -f afile && ! test -s afile &&
    no_leftovers . adir afile book err expect out
'

test_expect_success 'an output folder that does not exist: exit 3' '
    cd "$S" &&
    cat >expect <<-\EOF &&
	nowhere/x.epub: error: cannot write the book: No such file or directory
	1 error, 0 warnings
	EOF
    must_fail 3 mkepub -o nowhere/x.epub book/book.xml 2>err &&
    test_cmp expect err &&
    ! test -e nowhere
'

test_expect_success 'the output path is a folder: exit 3, the folder untouched' '
    cd "$S" &&
    cat >expect <<-\EOF &&
	adir: error: cannot write the book: Is a directory
	adir/: error: cannot write the book: Is a directory
	EOF
    must_fail 3 mkepub -o adir book/book.xml 2>err1 &&
    must_fail 3 mkepub -o adir/ book/book.xml 2>err2 &&
    cat err1 err2 | grep -v "^1 error, 0 warnings\$" >err &&
    test_cmp expect err &&
    no_leftovers adir keep
'

test_expect_success 'standard output that cannot take it (-o - >/dev/full): exit 3' '
    cd "$S" &&
    must_fail 3 mkepub -o - book/book.xml >/dev/full 2>err &&
    cat >expect <<-\EOF &&
	mkepub: error: cannot write to standard output: No space left on device
	EOF
    test_cmp expect err
'

# mounted PATH OPTIONS: mounts a small tmpfs at PATH (root and a kernel
# that lets us); fails quietly when that is not possible here.
mounted() {
    mkdir -p "$1" && mount -t tmpfs -o "$2" tmpfs "$1" 2>/dev/null
}

test_expect_success 'a read-only output folder: exit 3, nothing left' '
    cd "$S" &&
    if ! mounted ro size=1m,ro; then
        echo "# SKIP: cannot mount a read-only tmpfs here"
        return 0
    fi &&
    cat >expect <<-\EOF &&
	ro/x.epub: error: cannot write the book: Read-only file system
	1 error, 0 warnings
	EOF
    must_fail 3 mkepub -o ro/x.epub book/book.xml 2>err
    rc=$?
    ls -A ro >left
    umount ro
    test $rc -eq 0 && test_cmp expect err && test_cmp /dev/null left
'

# --- a full disk, a file size limit ------------------------------------------

# A book whose EPUB is bigger than 300 KB whatever the compression: a
# JPEG whose scan is random bytes (no 0xFF, so no marker in it: the file
# is whole, from SOI through SOS to EOI) is stored as it is.
new_book full
S=$TEST_TMP/full
mkdir -p "$S/book/images"
{
    printf '\377\330\377\332\000\010\001\001\000\000\077\000'
    head -c 402000 /dev/urandom | tr -d '\377'
    printf '\377\331'
} >"$S/book/images/noise.jpg"
printf '<h1>One</h1>\n<p><img src="../images/noise.jpg" alt="noise"/></p>\n' \
    >"$S/book/chapters/one.xhtml"

test_expect_success 'the book builds where there is room' '
    cd "$S" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o good.epub book/book.xml 2>err &&
    test_summary_only err &&
    test "$(wc -c <good.epub)" -gt 300000
'

test_expect_success 'a file size limit (ulimit -f): exit 3, no temporary file, earlier file intact' '
    cd "$S" &&
    rm -rf out && mkdir out &&
    echo "an earlier book" >out/book.epub && cp out/book.epub before &&
    cat >expect <<-\EOF &&
	out/book.epub: error: cannot write the archive: Write error: File too large
	1 error, 0 warnings
	EOF
    (
        ulimit -f 200 &&
        exec "$MKEPUB" -o out/book.epub book/book.xml
    ) 2>err
    rc=$?
    echo "exit $rc" &&
    test $rc -eq 3 &&
    test_cmp expect err &&
    cmp before out/book.epub &&
    no_leftovers out book.epub &&
    rm out/book.epub &&
    (
        ulimit -f 200 &&
        exec "$MKEPUB" -o out/book.epub book/book.xml
    ) 2>err
    rc=$?
    test $rc -eq 3 && test_cmp expect err && no_leftovers out
'

test_expect_success 'a full disk (a 256 KB tmpfs): exit 3, no temporary file' '
    cd "$S" &&
    if ! mounted small size=256k; then
        echo "# SKIP: cannot mount a tmpfs here"
        return 0
    fi &&
    echo "an earlier book" >small/book.epub && cp small/book.epub before &&
    cat >expect <<-\EOF &&
	small/book.epub: error: cannot write the archive: Write error: No space left on device
	1 error, 0 warnings
	EOF
    must_fail 3 mkepub -o small/book.epub book/book.xml 2>err
    rc=$?
    ls -A small >left
    cmp before small/book.epub
    same=$?
    umount small
    test $rc -eq 0 && test_cmp expect err && test $same -eq 0 &&
    echo book.epub | test_cmp - left
'

# --- interrupts ------------------------------------------------------------------

# A book big enough that writing it takes a while: 40 chapters of text
# (4 under valgrind, which is slow enough anyway).
if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
    N=4
else
    N=40
fi
S=$TEST_TMP/big
set --
i=1
while [ $i -le $N ]; do
    set -- "$@" "chapters/c$i.xhtml"
    i=$((i + 1))
done
new_book big "$@"
i=1
while [ $i -le $N ]; do
    awk -v c=$i 'BEGIN {
        srand(c)
        print "<h1>Chapter " c "</h1>"
        for (p = 0; p < 6000; p++) {
            s = "<p>"
            for (w = 0; w < 40; w++)
                s = s sprintf("%c%c%c%c%c ", 97 + int(rand() * 26),
                    97 + int(rand() * 26), 97 + int(rand() * 26),
                    97 + int(rand() * 26), 97 + int(rand() * 26))
            print s "</p>"
        }
    }' >"$S/book/chapters/c$i.xhtml"
    i=$((i + 1))
done

# writing PID: the build PID has started writing out/book.epub: its
# unnamed file (O_TMPFILE, "out/#NNN (deleted)" among its open files) or
# its named temporary file (out/book.epub.XXXXXX) exists.
writing() {
    ls -l "/proc/$1/fd" 2>/dev/null | grep -q "/out/#" ||
        ls out | grep -q "^book\.epub\..*"
}

# start_big [fresh]: starts a build of the big book over an earlier
# out/book.epub (none when "fresh") in the background (pid in $pid) and
# waits until the archive is being written.  TMPDIR names no folder
# (except under valgrind, which needs it), so there is no spill file (README, "Speed"): the chapters beyond the 4 MB
# kept in memory are parsed again as they are written, which keeps the
# archive being written long enough to be interrupted (read back from a
# spill file, they are written in a few milliseconds).
start_big() {
    cd "$S" &&
    rm -rf out && mkdir out &&
    echo "an earlier book" >before &&
    if [ "${1:-}" != fresh ]; then
        cp before out/book.epub
    fi &&
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        # valgrind needs TMPDIR; its 4 chapters fit in memory anyway
        (exec valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect \
            "$MKEPUB" -o out/book.epub book/book.xml 2>err) &
    else
        (TMPDIR=$S/no-such-folder exec "$MKEPUB" -o out/book.epub \
            book/book.xml 2>err) &
    fi
    pid=$!
    tries=0
    while ! writing $pid; do
        tries=$((tries + 1))
        if [ $tries -gt 3000 ] || ! kill -0 $pid 2>/dev/null; then
            echo "the archive never started being written" >&2
            wait $pid
            cat err >&2
            return 1
        fi
        sleep 0.02
    done
    echo "writing: $(ls -l /proc/$pid/fd | grep /out/) $(ls out | tr "\n" " ")"
}

# interrupt SIGNAL [fresh]: starts a build of the big book, sends SIGNAL
# while the archive is being written, and checks: exit 3, the message,
# the earlier file intact (or no file), no temporary file.
interrupt() {
    start_big "${2:-}" || return 1
    kill -$1 $pid
    wait $pid
    rc=$?
    echo "exit $rc"
    cat >expect <<-\EOF
	out/book.epub: error: interrupted; nothing was written
	1 error, 0 warnings
	EOF
    test $rc -eq 3 &&
    test_cmp expect err &&
    if [ "${2:-}" = fresh ]; then
        no_leftovers out
    else
        cmp before out/book.epub &&
        no_leftovers out book.epub
    fi
}

test_expect_success 'SIGINT while the archive is written: exit 3, nothing half-written' '
    interrupt INT
'

test_expect_success 'SIGTERM while the archive is written: exit 3, nothing half-written' '
    interrupt TERM
'

test_expect_success 'SIGINT with no earlier file: no file at all' '
    interrupt INT fresh
'

# SIGKILL cannot be caught: only writing into an unnamed file (O_TMPFILE,
# linked into place when complete) leaves nothing behind.
if [ -d /proc/self/fd ] && [ "${MKEPUB_VALGRIND:-}" != 1 ]; then
    test_expect_success 'SIGKILL while the archive is written: nothing left, earlier file intact' '
        start_big &&
        kill -KILL $pid
        wait $pid
        rc=$?
        test $rc -eq 137 &&
        cmp before out/book.epub &&
        no_leftovers out book.epub
    '

    test_expect_success 'SIGKILL with no earlier file: no file at all' '
        start_big fresh &&
        kill -KILL $pid
        wait $pid
        rc=$?
        test $rc -eq 137 &&
        no_leftovers out
    '
fi

test_done

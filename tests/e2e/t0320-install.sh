#!/bin/sh
# make install into a DESTDIR: the program, the man page, the header, the
# static and shared libraries, mkepub.pc and the bash completion land
# where they should; the installed program builds the sample book; a
# small C program compiled with `pkg-config --cflags --libs mkepub`
# (shared, then --static) builds a book into memory and into a file; the
# completion script completes options, values and subcommands; uninstall
# removes it all.
# make install runs make in build/ (the shared library, mkepub.pc), as
# t0120 does:
# test-run: lock=make
. "$(dirname "$0")/../lib.sh"

# scratch files (dyn, exported, out, ...) go to the temp folder, never
# into the checkout
cd "$TEST_TMP" || exit 1

# The plain build (build/), whatever MKEPUB_BUILD says: a sanitizer
# build's objects cannot make a shared library to install.
D=$TEST_TMP/dest
P=/usr
L=$D$P/lib

test_expect_success 'make install DESTDIR=... PREFIX=/usr installs everything' '
    make -C "$TOP" --no-print-directory -s BUILD="$TOP/build" \
        DESTDIR="$D" PREFIX=$P install >"$TEST_TMP/install.log" 2>&1 ||
        { cat "$TEST_TMP/install.log"; return 1; }
    for f in bin/mkepub share/man/man1/mkepub.1 include/mkepub.h \
        lib/libmkepub.a lib/libmkepub.so.1.0.0 lib/pkgconfig/mkepub.pc \
        share/bash-completion/completions/mkepub; do
        test -f "$D$P/$f" || { echo "missing $P/$f"; return 1; }
    done &&
    test -x "$D$P/bin/mkepub" &&
    test "$(readlink "$L/libmkepub.so.1")" = libmkepub.so.1.0.0 &&
    test "$(readlink "$L/libmkepub.so")" = libmkepub.so.1 &&
    readelf -d "$L/libmkepub.so.1.0.0" >dyn &&
    test_grep "Library soname: \\[libmkepub.so.1\\]" dyn
'

test_expect_success 'the .pc file names the prefix and the private requirements' '
    test_grep "^prefix=/usr\$" "$L/pkgconfig/mkepub.pc" &&
    test_grep "^libdir=\${prefix}/lib\$" "$L/pkgconfig/mkepub.pc" &&
    test_grep "^Requires.private: libzip libxml-2.0 nettle libdeflate libcmark-gfm\$" \
        "$L/pkgconfig/mkepub.pc"
'

test_expect_success 'the shared library exports exactly the functions of mkepub.h' '
    nm -D --defined-only "$L/libmkepub.so.1.0.0" |
        sed -n "s/^[0-9a-f]* T \\([a-z_]*\\)@@MKEPUB_1\$/\\1/p" | sort >exported &&
    sed -n "s/^[a-z].*[ *]\\(mk_[a-z_]*\\)(.*/\\1/p" "$TOP/src/mkepub.h" |
        sort -u >declared &&
    test -s declared &&
    test_cmp declared exported
'

test_expect_success 'the installed program builds the sample book' '
    SOURCE_DATE_EPOCH=1606953600 "$D$P/bin/mkepub" -q \
        -o "$TEST_TMP/sample.epub" "$TOP/book/book.xml" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -q -o "$TEST_TMP/ref.epub" \
        "$TOP/book/book.xml" &&
    cmp "$TEST_TMP/sample.epub" "$TEST_TMP/ref.epub" &&
    "$D$P/bin/mkepub" --version >v &&
    test_grep "^mkepub 1.0.0\$" v
'

cat >"$TEST_TMP/use.c" <<\EOF_C
/* use.c - a program that uses the installed libmkepub */
#include <mkepub.h>

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    struct mk_job *job;
    unsigned char *data;
    size_t size;
    enum mk_status st;

    if (argc != 4)
        return 2;
    job = mk_job_new(argv[1]);
    if (!job)
        return 3;
    if (mk_job_set(job, "source-date-epoch", "1606953600") != MK_OK
        || mk_job_set(job, "toc-depth", "7") != MK_EUSAGE)
        return 4;
    mk_diag_print(mk_job_diag(job), stdout, 0);
    st = mk_job_write_memory(job, &data, &size);
    mk_diag_print(mk_job_diag(job), stderr, 0);
    if (st == MK_OK) {
        FILE *f = fopen(argv[2], "wb");

        if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
            st = MK_ESYSTEM;
        free(data);
        printf("memory: chapters %zu, images %zu\n", mk_job_chapters(job),
               mk_job_images(job));
    }
    if (st == MK_OK)
        st = mk_job_write(job, argv[3]);
    if (st == MK_OK)
        printf("file: %s %s\n", argv[3], mk_version());
    mk_job_free(job);
    xmlCleanupParser();
    return (int)st;
}
EOF_C

# cc ARGS... for the program, with the installed .pc and header
build_use() {
    _pc=$(PKG_CONFIG_PATH=$L/pkgconfig \
        pkg-config --define-variable=prefix="$D$P" "$@" mkepub) &&
    echo "pkg-config $* mkepub: $_pc" &&
    cc -std=c11 -Wall -Werror -o "$TEST_TMP/use$1" "$TEST_TMP/use.c" $_pc \
        $(pkg-config --cflags --libs libxml-2.0)
}

test_expect_success 'a program builds against the shared library with pkg-config' '
    build_use --cflags --libs &&
    LD_LIBRARY_PATH=$L "$TEST_TMP/use--cflags" "$TOP/book/book.xml" \
        "$TEST_TMP/mem.epub" "$TEST_TMP/file.epub" >out 2>err &&
    LD_LIBRARY_PATH=$L ldd "$TEST_TMP/use--cflags" >ldd && test_grep "libmkepub.so.1 => $L" ldd &&
    printf "%s\n" "mkepub: error: option '\''toc-depth'\'' wants a number from 1 to 6, not '\''7'\''" \
        "1 error, 0 warnings" "memory: chapters 8, images 1" \
        "file: $TEST_TMP/file.epub 1.0.0" >want &&
    test_cmp want out &&
    test_cmp /dev/null err &&
    cmp "$TEST_TMP/mem.epub" "$TEST_TMP/ref.epub" &&
    cmp "$TEST_TMP/file.epub" "$TEST_TMP/ref.epub"
'

test_expect_success 'and statically, with pkg-config --static' '
    rm -f "$TEST_TMP/mem.epub" "$TEST_TMP/file.epub" &&
    mv "$L/libmkepub.so" "$L/libmkepub.so.away" &&
    build_use --static --cflags --libs;
    rc=$?; mv "$L/libmkepub.so.away" "$L/libmkepub.so"; test $rc = 0 &&
    ! ldd "$TEST_TMP/use--static" | grep -q libmkepub &&
    "$TEST_TMP/use--static" "$TOP/book/book.xml" \
        "$TEST_TMP/mem.epub" "$TEST_TMP/file.epub" >out &&
    cmp "$TEST_TMP/mem.epub" "$TEST_TMP/ref.epub" &&
    cmp "$TEST_TMP/file.epub" "$TEST_TMP/ref.epub"
'

test_expect_success 'the book built through the library passes both EPUBChecks' '
    epubcheck_both "$TEST_TMP/mem.epub"
'

# complete WORDS...: what the installed completion offers for the last
# word, one per line, sorted (bash without the bash-completion package:
# the script falls back to COMP_WORDS and COMP_CWORD).
cat >"$TEST_TMP/complete.bash" <<\EOF_SH
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_mkepub mkepub "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf "%s\n" "${COMPREPLY[@]}"
EOF_SH
complete_words() {
    bash "$TEST_TMP/complete.bash" \
        "$D$P/share/bash-completion/completions/mkepub" "$@" | sort
}

test_expect_success 'the completion script registers and completes options' '
    bash -c ". \"$D$P/share/bash-completion/completions/mkepub\" && complete -p mkepub" >reg &&
    test_grep "^complete -o filenames -F _mkepub mkepub\$" reg &&
    complete_words mkepub --ta >got && echo --target >want && test_cmp want got &&
    complete_words mkepub --st >got && echo --strict >want && test_cmp want got &&
    complete_words mkepub --target k >got &&
    printf "kindle\nkobo\n" >want && test_cmp want got &&
    complete_words mkepub --epub "" >got &&
    printf "3.2\n3.3\n" >want && test_cmp want got &&
    complete_words mkepub --toc-depth "" >got && test "$(wc -l <got)" = 6 &&
    complete_words mkepub inspect --j >got && echo --json >want && test_cmp want got &&
    complete_words mkepub init - >got && test_grep "^--help\$" got &&
    (cd "$TEST_TMP" && complete_words mkepub in) >got &&
    printf "init\ninspect\n" >want && test_cmp want got
'

test_expect_success 'the completion knows every long option --help lists' '
    mkepub --help | grep -o -- "--[a-z][a-z-]*" | sort -u >listed &&
    for o in $(cat listed); do
        complete_words mkepub "$o" >got &&
        test_grep -- "^$o\$" got || return 1
    done
'

test_expect_success 'the man page documents every long option --help lists' '
    for o in $(cat listed) --target --strict; do
        sed "s/\\\\-/-/g" "$D$P/share/man/man1/mkepub.1" | grep -q -- "$o" ||
            { echo "man page lacks $o"; return 1; }
    done
'

test_expect_success 'make uninstall removes everything install put there' '
    make -C "$TOP" --no-print-directory -s BUILD="$TOP/build" \
        DESTDIR="$D" PREFIX=$P uninstall >/dev/null &&
    test -z "$(find "$D" -type f -o -type l)"
'

test_done

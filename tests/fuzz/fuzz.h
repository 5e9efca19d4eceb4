/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each target (fuzz_book.c, fuzz_chapter.c, fuzz_css.c) defines
 * LLVMFuzzerInitialize() and LLVMFuzzerTestOneInput().  tests/fuzz/run.sh
 * builds them with clang -fsanitize=fuzzer; the unit test
 * tests/unit/test_fuzz_regressions.c includes the same files (renaming
 * the entry points) to replay tests/fuzz/regressions/ through the normal
 * build, so a crash found once stays fixed under make check, asan and
 * valgrind.
 */
#ifndef MK_FUZZ_H
#define MK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* Like main.c: nothing outside the bytes given is ever read. */
static xmlParserInputPtr mk_fuzz_refuse_entities(const char *url,
                                                 const char *id,
                                                 xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

/* libxml2 prints through its generic error function whatever does not
 * reach a structured handler, i.e. the diagnostics collector; mkepub
 * must print nothing of its own (every problem is a diagnostic with its
 * place), so such a message is a failure of the target. */
static void mk_fuzz_stray_message(void *ctx, const char *msg, ...)
{
    (void)ctx;
    fputs("fuzz: libxml2 printed a message that is not a diagnostic: ",
          stderr);
    fputs(msg, stderr);
    fputc('\n', stderr);
    abort();
}

static void mk_fuzz_init_libxml(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(mk_fuzz_refuse_entities);
    xmlSetGenericErrorFunc(NULL, mk_fuzz_stray_message);
}

#endif

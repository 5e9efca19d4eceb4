/*
 * inspect.h - reading any EPUB (2 or 3, made by any tool) and reporting
 * what it holds: metadata, reading order, table of contents, landmarks,
 * manifest and archive entries, as text or JSON (mkepub inspect).
 *
 * The archive is read through zipread.h (bounded, nothing extracted),
 * its XML through xml.h (no network, no entities).  Walks over the
 * navigation document and the NCX are iterative, so the input cannot
 * drive the stack.  The public entry point is mk_inspect() in mkepub.h;
 * this header adds the in-memory form for the tests and the fuzzer.
 */
#ifndef MK_INSPECT_H
#define MK_INSPECT_H

#include <stddef.h>

#include "buf.h"
#include "mkepub.h"

/* The JSON document's "format" member; changes only when a member
 * changes meaning or goes away (new members may be added). */
#define MK_INSPECT_FORMAT "mkepub-inspect/1"

/* Inspects the EPUB held in the len bytes at data (display names it in
 * the report and in diagnostics) and appends the report to out (text,
 * or JSON when json is nonzero), whole or not at all: nothing is
 * appended when the package document could not be found or read, or
 * memory ran out.  Returns MK_OK, MK_ESOURCE (a
 * problem was recorded in dc; the report covers what could be read) or
 * MK_ESYSTEM (out of memory). */
enum mk_status mk_inspect_memory(const void *data, size_t len,
                                 const char *display, int json,
                                 struct mk_buf *out, struct mk_diag *dc);

#endif

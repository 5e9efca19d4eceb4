/*
 * scripted.h - what makes a content document (XHTML or SVG) "scripted",
 * as EPUB 3.3 defines it and as both EPUBChecks (4.2 and 5) decide it.
 *
 * A document is scripted when it holds a <script> that is not a data
 * block, or an event handler content attribute (onclick...).  Where the
 * HTML standard and EPUBCheck disagree (type="module", type="", a
 * JavaScript type with parameters, event handlers EPUBCheck does not
 * know, <form>), no manifest entry passes both EPUBChecks and matches
 * what readers do: those are reported as errors by the callers
 * (xhtml.c, svg.c) with the hint this module gives.  All knowledge is
 * in tables in scripted.c.
 */
#ifndef MK_SCRIPTED_H
#define MK_SCRIPTED_H

enum mk_scripted {
    MK_SCRIPTED_NO,         /* a data block, or not an event handler */
    MK_SCRIPTED_YES,        /* a script for HTML and both EPUBChecks */
    MK_SCRIPTED_CONFLICT    /* HTML and EPUBCheck disagree: an error */
};

/* A <script> element with the given type attribute (NULL: absent).
 * On MK_SCRIPTED_CONFLICT *hint is set to what to change. */
enum mk_scripted mk_scripted_script(const char *type, const char **hint);

/* An attribute without a namespace named name (as written): an event
 * handler content attribute both EPUBChecks count (YES), one they do
 * not count although HTML or SVG runs it (CONFLICT), or anything else
 * (NO). */
enum mk_scripted mk_scripted_attr(const char *name);

/* The message for an event handler attribute that is a CONFLICT
 * (printf format; one %s: the attribute's name). */
#define MK_SCRIPTED_ATTR_CONFLICT \
    "event handler '%s' is not one EPUBCheck counts as scripting, so " \
    "no manifest entry passes it and matches readers (OPF-014/OPF-015): " \
    "attach the handler from a <script> with addEventListener instead"

/* An HTML element that makes a document scripted for one EPUBCheck but
 * not the other (<form>: EPUBCheck 5 counts it, 4.2 does not): CONFLICT,
 * with *hint set, which is an error only in a document that nothing else
 * makes scripted (the caller decides at the end); NO for every other
 * element. */
enum mk_scripted mk_scripted_html_element(const char *name,
                                          const char **hint);

#endif

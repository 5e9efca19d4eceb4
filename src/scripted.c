/*
 * scripted.c - the scripted decision for XHTML and SVG (see scripted.h).
 *
 * The tables are EPUBCheck's own (OPFChecker.isScriptType and
 * OPSHandler30's event lists, identical in 4.2 and 5): a document that
 * holds what they count is "scripted" for both, and HTML agrees.
 */
#include "scripted.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The JavaScript MIME types (HTML's essence strings); EPUBCheck compares
 * the whole attribute value with them, ignoring case.  Sorted. */
static const char *const js_types[] = {
    "application/ecmascript", "application/javascript",
    "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
    "text/javascript1.4", "text/javascript1.5", "text/jscript",
    "text/livescript", "text/x-ecmascript", "text/x-javascript",
};

/* The event handler attributes EPUBCheck counts as scripting (compared
 * ignoring case).  Sorted. */
static const char *const events[] = {
    "onabort", "onafterprint", "onbeforeprint", "onbeforeunload", "onblur",
    "oncanplay", "oncanplaythrough", "onchange", "onclick",
    "oncontextmenu", "ondblclick", "ondrag", "ondragend", "ondragenter",
    "ondragleave", "ondragover", "ondragstart", "ondrop",
    "ondurationchange", "onemptied", "onended", "onerror", "onfocus",
    "onformchange", "onforminput", "onhaschange", "oninput", "oninvalid",
    "onkeydown", "onkeypress", "onkeyup", "onload", "onloadeddata",
    "onloadedmetadata", "onloadstart", "onmessage", "onmousedown",
    "onmousemove", "onmouseout", "onmouseover", "onmouseup",
    "onmousewheel", "onoffline", "onpagehide", "onpageshow", "onpause",
    "onplay", "onplaying", "onpopstate", "onprogress", "onratechange",
    "onreadystatechange", "onredo", "onreset", "onresize", "onscroll",
    "onseeked", "onseeking", "onselect", "onstalled", "onstorage",
    "onsubmit", "onsuspend", "ontimeupdate", "onundo", "onunload",
    "onvolumechange", "onwaiting",
};

/* HTML elements the EPUBChecks disagree on, with what to do. */
static const struct {
    const char *name;
    const char *hint;
} conflicting_elements[] = {
    { "form", "<form> makes a document scripted for EPUBCheck 5 but not "
              "for EPUBCheck 4.2, so without a script in the document no "
              "manifest entry passes both (OPF-014/OPF-015): remove the "
              "form (few EPUB readers support forms)" },
};

static int compare_ci(const void *key, const void *entry)
{
    return strcasecmp(key, *(const char *const *)entry);
}

#define FIND_CI(name, list) \
    bsearch(name, list, sizeof(list) / sizeof(*list), sizeof(*list), \
            compare_ci)

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

enum mk_scripted mk_scripted_script(const char *type, const char **hint)
{
    char essence[32];
    size_t start = 0, end, n;

    *hint = NULL;
    if (!type || FIND_CI(type, js_types))
        return MK_SCRIPTED_YES;
    /* HTML strips ASCII whitespace; EPUBCheck does not */
    end = strlen(type);
    while (start < end && is_space(type[start]))
        start++;
    while (end > start && is_space(type[end - 1]))
        end--;
    n = end - start;
    if (n == 0) {
        *hint = "an empty type makes it JavaScript for readers but not for "
                "EPUBCheck (OPF-014/OPF-015): remove the type attribute";
        return MK_SCRIPTED_CONFLICT;
    }
    if (n >= sizeof(essence))
        return MK_SCRIPTED_NO;      /* longer than any script type */
    memcpy(essence, type + start, n);
    essence[n] = '\0';
    if (strcasecmp(essence, "module") == 0) {
        *hint = "EPUBCheck does not count module scripts as scripts, so "
                "no manifest entry passes it and matches readers "
                "(OPF-014/OPF-015): use a classic script (no type)";
        return MK_SCRIPTED_CONFLICT;
    }
    if (FIND_CI(essence, js_types)) {
        *hint = "EPUBCheck reads the type with its spaces and does not "
                "count it as JavaScript (OPF-014/OPF-015): write "
                "type=\"text/javascript\" without spaces";
        return MK_SCRIPTED_CONFLICT;
    }
    return MK_SCRIPTED_NO;          /* a data block */
}

enum mk_scripted mk_scripted_attr(const char *name)
{
    if (strncasecmp(name, "on", 2) != 0 || !name[2])
        return MK_SCRIPTED_NO;
    return FIND_CI(name, events) ? MK_SCRIPTED_YES : MK_SCRIPTED_CONFLICT;
}

enum mk_scripted mk_scripted_html_element(const char *name,
                                          const char **hint)
{
    size_t i;

    *hint = NULL;
    for (i = 0; i < sizeof(conflicting_elements)
                    / sizeof(*conflicting_elements); i++)
        if (strcmp(conflicting_elements[i].name, name) == 0) {
            *hint = conflicting_elements[i].hint;
            return MK_SCRIPTED_CONFLICT;
        }
    return MK_SCRIPTED_NO;
}

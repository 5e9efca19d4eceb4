/*
 * url.c - the URL model (see url.h): splitting, percent-decoding, the
 * checks that keep mkepub's reading of a reference equal to a URL
 * parser's, resolution against the referring file's folder, and srcset.
 */
#include "url.h"
#include "buf.h"
#include "path.h"

#include <stdlib.h>
#include <string.h>

/* Characters a URL may not hold unescaped (besides controls and
 * non-ASCII, which the URL Standard allows): EPUBCheck 5 reports them
 * as RSC-020, EPUBCheck 4.2 some of them as RSC-005. */
static const char not_url_chars[] = " \"<>[\\]^`{|}";

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7F;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Records the first problem found. */
static void flag(struct mk_url *u, enum mk_url_status st, size_t at)
{
    if (u->status == MK_URL_OK) {
        u->status = st;
        u->bad_at = at;
    }
}

/* The length of url's scheme ("http", "mailto"...), 0 if it has none. */
static size_t scheme_length(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || !((s[0] | 32) >= 'a' && (s[0] | 32) <= 'z'))
        return 0;
    for (i = 1; i < n; i++) {
        char c = s[i];

        if (c == ':')
            return i;
        if (!(((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9')
              || c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return 0;
}

/* Percent-decodes n bytes at s (offset base in the reference), flagging
 * malformed escapes and decoded controls; with local set, also decoded
 * separators.  NULL when out of memory. */
static char *decode(struct mk_url *u, const char *s, size_t n, size_t base,
                    int local)
{
    char *out = mk_malloc(n + 1), *o = out;
    size_t i;

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        int hi, lo, c;

        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        hi = i + 1 < n ? hexval(s[i + 1]) : -1;
        lo = i + 2 < n ? hexval(s[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            flag(u, MK_URL_BAD_ESCAPE, base + i);
            *o++ = s[i];
            continue;
        }
        c = hi * 16 + lo;
        if (is_control((unsigned char)c))
            flag(u, MK_URL_CONTROL, base + i);
        else if (local && (c == '/' || c == '\\'))
            flag(u, MK_URL_ENCODED_SEP, base + i);
        *o++ = (char)c;
        i += 2;
    }
    *o = '\0';
    return out;
}

/* A "." or ".." segment with a %2E in it: WHATWG parsers treat it as a
 * dot segment, others as a name. */
static void check_dot_segments(struct mk_url *u, const char *s, size_t n,
                               size_t base)
{
    size_t i = 0;

    while (i < n) {
        size_t end = i, dots = 0, encoded = 0;

        while (end < n && s[end] != '/') {
            if (s[end] == '.') {
                dots++;
                end++;
            } else if (end + 2 < n && s[end] == '%' && s[end + 1] == '2'
                       && (s[end + 2] | 32) == 'e') {
                dots++;
                encoded++;
                end += 3;
            } else {
                dots = 0;
                encoded = 0;
                while (end < n && s[end] != '/')
                    end++;
                break;
            }
        }
        if (encoded && dots <= 2)
            flag(u, MK_URL_ENCODED_SEP, base + i);
        i = end + 1;
    }
}

int mk_url_parse(const char *url, struct mk_url *out)
{
    size_t start = 0, n = strlen(url), scheme, i, path_end, frag_at;
    const char *s;
    int is_data;

    memset(out, 0, sizeof(*out));
    while (start < n && is_blank(url[start]))
        start++;
    while (n > start && is_blank(url[n - 1]))
        n--;
    s = url + start;
    n -= start;
    scheme = scheme_length(s, n);
    if (scheme) {
        out->remote = 1;
        for (i = 0; i < scheme && i < sizeof(out->scheme) - 1; i++)
            out->scheme[i] = (char)(s[i] | 32);
    }
    is_data = strcmp(out->scheme, "data") == 0;
    for (i = 0; i < n; i++) {
        if (is_control((unsigned char)s[i]))
            flag(out, MK_URL_CONTROL, start + i);
        else if (!is_data && strchr(not_url_chars, s[i]))
            flag(out, MK_URL_BAD_CHAR, start + i);
    }
    frag_at = n;
    for (i = 0; i < n && frag_at == n; i++)
        if (s[i] == '#')
            frag_at = i;
    path_end = frag_at;
    for (i = scheme ? scheme + 1 : 0; i < frag_at; i++) {
        if (s[i] == '?') {
            path_end = i;
            break;
        }
    }
    i = scheme ? scheme + 1 : 0;
    out->absolute = !scheme && path_end > 0 && s[0] == '/';
    if (!scheme) {
        size_t k;

        if (path_end >= 2 && s[0] == '/' && s[1] == '/')
            flag(out, MK_URL_NETWORK_PATH, start);
        for (k = 1; k < path_end; k++)
            if (s[k] == '/' && s[k - 1] == '/')
                flag(out, MK_URL_EMPTY_SEGMENT, start + k);
        check_dot_segments(out, s, path_end, start);
    }
    out->path = decode(out, s + i, path_end - i, start + i, !scheme);
    if (!out->path)
        goto fail;
    if (path_end < frag_at) {
        out->query = mk_strndup(s + path_end + 1, frag_at - path_end - 1);
        if (!out->query)
            goto fail;
    }
    if (frag_at < n) {
        out->fragment = decode(out, s + frag_at + 1, n - frag_at - 1,
                               start + frag_at + 1, 0);
        if (!out->fragment)
            goto fail;
    }
    return 0;
fail:
    mk_url_release(out);
    memset(out, 0, sizeof(*out));
    return -1;
}

void mk_url_release(struct mk_url *u)
{
    free(u->path);
    free(u->fragment);
    free(u->query);
    u->path = NULL;
    u->fragment = NULL;
    u->query = NULL;
}

static const struct {
    enum mk_url_status status;
    const char *text;
} status_texts[] = {
    { MK_URL_OK, "is a valid URL" },
    { MK_URL_BAD_ESCAPE, "has a '%' that does not start a %-escape "
      "(a percent sign itself is written %25)" },
    { MK_URL_CONTROL, "contains a control character (such as %00), "
      "which names no file" },
    { MK_URL_BAD_CHAR, "contains a character a URL may not hold "
      "unescaped (EPUBCheck RSC-020)" },
    { MK_URL_EMPTY_SEGMENT, "contains '//' (an empty folder name), which "
      "EPUBCheck 4.2 and 5 resolve to different files" },
    { MK_URL_ENCODED_SEP, "writes '/', '\\' or a '.' or '..' folder as a "
      "%-escape, which URL parsers read differently" },
    { MK_URL_NETWORK_PATH, "starts with '//', which names another "
      "server" },
};

const char *mk_url_status_text(enum mk_url_status status, int bad)
{
    size_t i;

    if (status == MK_URL_BAD_CHAR && bad == ' ')
        return "contains a space, which a URL may not hold (EPUBCheck "
               "RSC-020)";
    if (status == MK_URL_BAD_CHAR && bad == '\\')
        return "contains '\\': URLs separate folders with '/'";
    for (i = 0; i < sizeof(status_texts) / sizeof(*status_texts); i++)
        if (status_texts[i].status == status)
            return status_texts[i].text;
    return "is not a valid URL";
}

char *mk_url_escape(const char *url)
{
    struct mk_buf b = MK_BUF_INIT;
    const char *p = url, *end = url + strlen(url);

    /* the blanks around a reference are not part of it */
    while (p < end && is_blank(*p))
        p++;
    while (end > p && is_blank(end[-1]))
        end--;
    for (; p < end; p++) {
        unsigned char c = (unsigned char)*p;

        if (c == '\\')
            mk_buf_addc(&b, '/');
        else if (is_control(c) || strchr(not_url_chars, c))
            mk_buf_addf(&b, "%%%02X", c);
        else
            mk_buf_addc(&b, (char)c);
    }
    return mk_buf_detach(&b, NULL);
}

/* The URI schemes EPUBCheck 4.2 and 5 accept in a hyperlink (its
 * URISchemes table, from the IANA registry), sorted for bsearch. */
static const char *const registered_schemes[] = {
    "aaa", "aaas", "acap", "afs", "cap", "cid", "crid", "data", "dav",
    "dict", "dns", "dtn", "fax", "file", "ftp", "go", "gopher", "h323",
    "http", "https", "iax", "icap", "im", "imap", "info", "ipp", "irc",
    "iris", "iris.beep", "iris.lwz", "iris.xpc", "iris.xpcs", "javascript",
    "ldap", "mailserver", "mailto", "mid", "modem", "msrp", "msrps", "mtqp",
    "mupdate", "news", "nfs", "nntp", "opaquelocktoken", "pack", "pop",
    "pres", "prospero", "rtsp", "service", "shttp", "sip", "sips", "snews",
    "snmp", "soap.beep", "soap.beeps", "tag", "tel", "telnet", "tftp",
    "thismessage", "tip", "tn3270", "tv", "urn", "vemmi", "videotex",
    "wais", "xmlrpc.beep", "xmlrpc.beeps", "xmpp", "z39.50r", "z39.50s",
};

static int compare_scheme(const void *key, const void *entry)
{
    return strcmp(key, *(const char *const *)entry);
}

int mk_url_scheme_registered(const char *scheme)
{
    return bsearch(scheme, registered_schemes,
                   sizeof(registered_schemes) / sizeof(*registered_schemes),
                   sizeof(*registered_schemes), compare_scheme) != NULL;
}

int mk_url_is_web(const struct mk_url *u)
{
    return u->remote && (strcmp(u->scheme, "http") == 0
                         || strcmp(u->scheme, "https") == 0);
}

/* How far above its starting folder a relative path climbs at most
 * (counting "..", never below 0). */
static long climb(const char *path)
{
    long depth = 0, lowest = 0;

    while (*path) {
        size_t n = strcspn(path, "/");

        if (n == 2 && path[0] == '.' && path[1] == '.') {
            depth--;
            if (depth < lowest)
                lowest = depth;
        } else if (n && !(n == 1 && path[0] == '.')) {
            depth++;
        }
        path += n;
        path += *path == '/';
    }
    return -lowest;
}

int mk_url_resolve(const char *dir, const struct mk_url *u, char **target,
                   char **canonical)
{
    char *t = mk_path_join(dir, u->path), *rel;

    *target = NULL;
    *canonical = NULL;
    if (!t)
        return -1;
    if (climb(u->path) > 0) {
        rel = mk_path_relative(dir, t);
        if (!rel) {
            free(t);
            return -1;
        }
        if (climb(u->path) > climb(rel))
            *canonical = rel;
        else
            free(rel);
    }
    *target = t;
    return 0;
}

int mk_url_srcset_next(const char **cursor, const char **url, size_t *len)
{
    const char *p = *cursor, *start, *end;

    for (;;) {
        while (*p && (is_blank(*p) || *p == ','))
            p++;
        if (!*p) {
            *cursor = p;
            return 0;
        }
        start = p;
        while (*p && !is_blank(*p))
            p++;
        end = p;
        if (end[-1] == ',') {
            /* "a.png," ends the candidate: no descriptors */
            while (end > start && end[-1] == ',')
                end--;
        } else {
            int parens = 0;

            /* the descriptors, up to a comma outside parentheses */
            while (*p && !(*p == ',' && !parens)) {
                if (*p == '(')
                    parens = 1;
                else if (*p == ')')
                    parens = 0;
                p++;
            }
            if (*p == ',')
                p++;
        }
        if (end > start) {
            *url = start;
            *len = (size_t)(end - start);
            *cursor = p;
            return 1;
        }
    }
}

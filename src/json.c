/*
 * json.c - the JSON writer (see json.h).
 *
 * Layout: a member is written on its own line, indented two spaces per
 * level; an empty object or array is written "{}" / "[]".  The comma
 * before a value is decided by the count of values already written at
 * that level.
 */
#include "json.h"
#include "utf8.h"

#include <string.h>

void mk_json_init(struct mk_json *j, struct mk_buf *out)
{
    memset(j, 0, sizeof(*j));
    j->out = out;
}

int mk_json_add_quoted(struct mk_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = 0, used, start;

    mk_buf_addc(b, '"');
    while (i < len) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            /* a run of plain ASCII at once */
            start = i;
            while (i < len && (unsigned char)s[i] >= 0x20
                   && (unsigned char)s[i] < 0x80 && s[i] != '"'
                   && s[i] != '\\')
                i++;
            mk_buf_add(b, s + start, i - start);
            continue;
        }
        if (c >= 0x80) {
            if (mk_utf8_decode(s + i, len - i, &used) < 0)
                mk_buf_adds(b, "\xEF\xBF\xBD");     /* U+FFFD */
            else
                mk_buf_add(b, s + i, used);
            i += used;
            continue;
        }
        mk_buf_addc(b, '\\');
        switch (c) {
        case '"': mk_buf_addc(b, '"'); break;
        case '\\': mk_buf_addc(b, '\\'); break;
        case '\b': mk_buf_addc(b, 'b'); break;
        case '\f': mk_buf_addc(b, 'f'); break;
        case '\n': mk_buf_addc(b, 'n'); break;
        case '\r': mk_buf_addc(b, 'r'); break;
        case '\t': mk_buf_addc(b, 't'); break;
        default:
            mk_buf_adds(b, "u00");
            mk_buf_addc(b, hex[c >> 4]);
            mk_buf_addc(b, hex[c & 15]);
            break;
        }
        i++;
    }
    return mk_buf_addc(b, '"');
}

static void indent(struct mk_json *j)
{
    int i;

    mk_buf_addc(j->out, '\n');
    for (i = 0; i < j->depth; i++)
        mk_buf_adds(j->out, "  ");
}

/* The comma, line break and key before a value. */
static void value_start(struct mk_json *j, const char *key)
{
    if (j->depth > 0) {
        if (j->count[j->depth - 1]++ > 0)
            mk_buf_addc(j->out, ',');
        indent(j);
    }
    if (key) {
        mk_json_add_quoted(j->out, key, strlen(key));
        mk_buf_adds(j->out, ": ");
    }
}

static void value_end(struct mk_json *j)
{
    if (j->depth == 0)
        mk_buf_addc(j->out, '\n');
}

static void begin(struct mk_json *j, const char *key, char open)
{
    value_start(j, key);
    mk_buf_addc(j->out, open);
    if (j->depth >= MK_JSON_MAX_DEPTH) {
        j->failed = 1;
        return;
    }
    j->count[j->depth++] = 0;
}

static void end(struct mk_json *j, char close)
{
    if (j->depth <= 0) {
        j->failed = 1;
        return;
    }
    j->depth--;
    if (j->count[j->depth] > 0)
        indent(j);
    mk_buf_addc(j->out, close);
    value_end(j);
}

void mk_json_begin_object(struct mk_json *j, const char *key)
{
    begin(j, key, '{');
}

void mk_json_end_object(struct mk_json *j)
{
    end(j, '}');
}

void mk_json_begin_array(struct mk_json *j, const char *key)
{
    begin(j, key, '[');
}

void mk_json_end_array(struct mk_json *j)
{
    end(j, ']');
}

void mk_json_string_len(struct mk_json *j, const char *key,
                        const char *value, size_t len)
{
    value_start(j, key);
    mk_json_add_quoted(j->out, value, len);
    value_end(j);
}

void mk_json_string(struct mk_json *j, const char *key, const char *value)
{
    if (!value) {
        mk_json_null(j, key);
        return;
    }
    mk_json_string_len(j, key, value, strlen(value));
}

void mk_json_uint(struct mk_json *j, const char *key,
                  unsigned long long value)
{
    value_start(j, key);
    mk_buf_addf(j->out, "%llu", value);
    value_end(j);
}

void mk_json_bool(struct mk_json *j, const char *key, int value)
{
    value_start(j, key);
    mk_buf_adds(j->out, value ? "true" : "false");
    value_end(j);
}

void mk_json_null(struct mk_json *j, const char *key)
{
    value_start(j, key);
    mk_buf_adds(j->out, "null");
    value_end(j);
}

int mk_json_failed(const struct mk_json *j)
{
    return j->failed || mk_buf_failed(j->out);
}

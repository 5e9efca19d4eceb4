/*
 * zipread.c - reading an untrusted ZIP archive through libzip 1.7.3
 * (see zipread.h).
 *
 * libzip opens the archive read-only from a descriptor we opened (so a
 * missing or unreadable file is a system error with its errno) or from
 * a buffer.  Without ZIP_CHECKCONS libzip 1.7.3 accepts an archive that
 * names an entry twice and finds the first; the duplicates are found
 * here.  Sizes in the directory are claims: reading stops one byte past
 * the declared size, so an entry that inflates beyond its claim is
 * caught after at most that many bytes.
 */
#include "zipread.h"
#include "buf.h"
#include "diag.h"
#include "strmap.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct mk_zipread {
    zip_t *zip;
    char *display;
    struct mk_diag *dc;
    struct mk_zipentry *entries;
    zip_uint64_t *index;        /* libzip's index of each entry */
    size_t count;
    struct mk_strmap names;     /* name -> first entry with it */
    unsigned long long total;   /* bytes read so far */
    unsigned long long file_size;   /* the archive's own size */
};

/* Deflate expands at most about 1032:1; anything claiming more than
 * this (plus a little for tiny entries) cannot be a deflate stream. */
#define DEFLATE_MAX_RATIO 1100ull

struct method {
    unsigned number;
    const char *name;
};

/* Sorted by number, for bsearch. */
static const struct method methods[] = {
    { 0, "stored" }, { 1, "shrunk" }, { 6, "imploded" }, { 8, "deflated" },
    { 9, "deflate64" }, { 12, "bzip2" }, { 14, "lzma" }, { 93, "zstd" },
    { 95, "xz" }, { 96, "jpeg" }, { 97, "wavpack" }, { 98, "ppmd" },
};

static int cmp_method(const void *key, const void *elem)
{
    unsigned m = *(const unsigned *)key;
    const struct method *e = elem;

    return m < e->number ? -1 : m > e->number;
}

const char *mk_zipread_method_name(unsigned m)
{
    const struct method *hit = bsearch(&m, methods,
                                       sizeof(methods) / sizeof(*methods),
                                       sizeof(*methods), cmp_method);

    return hit ? hit->name : NULL;
}

/* name with every control character (C0, DEL, C1: a hostile name
 * could drive the terminal the messages go to) and every byte that is
 * not UTF-8 replaced by '?'.  NULL when out of memory. */
static char *shown_name(const char *name)
{
    struct mk_buf b = MK_BUF_INIT;
    size_t len = strlen(name), i = 0, used;

    while (i < len) {
        long cp = mk_utf8_decode(name + i, len - i, &used);

        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            mk_buf_addc(&b, '?');
        else
            mk_buf_add(&b, name + i, used);
        i += used;
    }
    mk_buf_addc(&b, '\0');
    return mk_buf_detach(&b, NULL);
}

/* Why name must not be used, or NULL when it is fine: entry names are
 * relative paths with '/' separators that stay inside the archive. */
static const char *bad_name(const char *name)
{
    const char *p = name;

    if (!*name)
        return "an empty name";
    if (name[0] == '/')
        return "an absolute name (it starts with '/')";
    if (((name[0] >= 'A' && name[0] <= 'Z')
         || (name[0] >= 'a' && name[0] <= 'z')) && name[1] == ':')
        return "an absolute name (a drive letter)";
    if (strchr(name, '\\'))
        return "a backslash in its name (ZIP names separate folders "
               "with '/')";
    while (*p) {
        size_t n = strcspn(p, "/");

        if (n == 2 && p[0] == '.' && p[1] == '.')
            return "'..' in its name, which climbs out of the archive";
        p += n;
        if (*p)
            p++;
    }
    return NULL;
}

/* Records the problems of entry e (index i) that make it unusable. */
static void check_entry(struct mk_zipread *z, struct mk_zipentry *e)
{
    const char *why = bad_name(e->name);
    const char *method = mk_zipread_method_name(e->method);

    e->usable = 0;
    if (why) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' has %s: the archive "
                 "is unsafe to unpack; rebuild the EPUB with relative "
                 "names inside it", e->shown, why);
        return;
    }
    if (mk_strmap_get(&z->names, e->name)) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' is in the archive "
                 "twice: reading systems disagree about which one counts; "
                 "rebuild the EPUB with each name once", e->shown);
        return;
    }
    if (mk_strmap_put(&z->names, e->name, e) < 0) {
        mk_diag_oom(z->dc);
        return;
    }
    if (e->encrypted) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' is encrypted: EPUB "
                 "allows no ZIP encryption (fonts are obfuscated through "
                 "META-INF/encryption.xml instead), so it cannot be read",
                 e->shown);
        return;
    }
    if (e->comp_size > z->file_size) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' declares %llu "
                 "compressed bytes, more than the whole archive (%llu): "
                 "the archive is damaged or forged", e->shown,
                 e->comp_size, z->file_size);
        return;
    }
    if (e->method == ZIP_CM_STORE && e->size != e->comp_size) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' is stored "
                 "uncompressed but declares %llu bytes in %llu: the "
                 "archive is damaged or forged", e->shown, e->size,
                 e->comp_size);
        return;
    }
    if (e->method == ZIP_CM_DEFLATE
        && e->size / DEFLATE_MAX_RATIO > e->comp_size + 1) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' declares %llu bytes "
                 "from only %llu compressed, more than deflate can expand "
                 "to: the archive is damaged or forged (a zip bomb)",
                 e->shown, e->size, e->comp_size);
        return;
    }
    if (e->method != ZIP_CM_STORE && e->method != ZIP_CM_DEFLATE) {
        if (method)
            mk_error(z->dc, z->display, 0, 0, "entry '%s' is compressed "
                     "with %s: EPUB allows only stored and deflated "
                     "entries", e->shown, method);
        else
            mk_error(z->dc, z->display, 0, 0, "entry '%s' is compressed "
                     "with unknown method %u: EPUB allows only stored and "
                     "deflated entries", e->shown, e->method);
        return;
    }
    e->usable = 1;
}

static void report_open_error(const char *display, int code, int err,
                              struct mk_diag *dc)
{
    zip_error_t ze;

    zip_error_init_with_code(&ze, code);
    switch (code) {
    case ZIP_ER_NOZIP:
        mk_error(dc, display, 0, 0, "not a ZIP archive, so not an EPUB "
                 "(an EPUB is a ZIP file that starts with the entry "
                 "'mimetype')");
        break;
    case ZIP_ER_MEMORY:
        mk_diag_oom(dc);
        break;
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_OPEN:
        mk_diag_system(dc, display, err ? err : EIO, "cannot read the "
                       "archive");
        break;
    default:
        mk_error(dc, display, 0, 0, "the ZIP archive is damaged (%s): it "
                 "cannot be read as an EPUB", zip_error_strerror(&ze));
        break;
    }
    zip_error_fini(&ze);
}

/* Lists the entries of the opened zip; NULL (after recording why) when
 * the archive as a whole is refused. */
static struct mk_zipread *list_entries(zip_t *za, const char *display,
                                       unsigned long long file_size,
                                       struct mk_diag *dc)
{
    struct mk_zipread *z = mk_calloc(1, sizeof(*z));
    zip_int64_t n = zip_get_num_entries(za, 0);
    zip_uint64_t i;

    if (!z) {
        zip_discard(za);
        mk_diag_oom(dc);
        return NULL;
    }
    z->zip = za;
    z->dc = dc;
    z->file_size = file_size;
    z->display = mk_strdup(display);
    if (!z->display)
        goto oom;
    if (n < 0 || n > MK_ZIPREAD_MAX_ENTRIES) {
        mk_error(dc, display, 0, 0, "the archive lists %lld entries, more "
                 "than the %d mkepub inspect reads", (long long)n,
                 MK_ZIPREAD_MAX_ENTRIES);
        mk_zipread_close(z);
        return NULL;
    }
    z->entries = mk_calloc((size_t)n ? (size_t)n : 1, sizeof(*z->entries));
    z->index = mk_calloc((size_t)n ? (size_t)n : 1, sizeof(*z->index));
    if (!z->entries || !z->index)
        goto oom;
    for (i = 0; i < (zip_uint64_t)n; i++) {
        struct mk_zipentry *e = &z->entries[z->count];
        zip_stat_t st;

        zip_stat_init(&st);
        if (zip_stat_index(za, i, 0, &st) < 0 || !st.name
            || !(st.valid & ZIP_STAT_SIZE)
            || !(st.valid & ZIP_STAT_COMP_SIZE)) {
            mk_error(dc, display, 0, 0, "entry %llu of the archive cannot "
                     "be read (%s): the archive is damaged",
                     (unsigned long long)i + 1, zip_strerror(za));
            continue;
        }
        e->name = mk_strdup(st.name);
        e->shown = e->name ? shown_name(e->name) : NULL;
        if (!e->name || !e->shown) {
            free(e->name);
            goto oom;
        }
        e->size = st.size;
        e->comp_size = st.comp_size;
        e->method = (st.valid & ZIP_STAT_COMP_METHOD) ? st.comp_method : 0;
        e->encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD)
                       && st.encryption_method != ZIP_EM_NONE;
        z->index[z->count++] = i;
        check_entry(z, e);
    }
    return z;
oom:
    mk_diag_oom(dc);
    mk_zipread_close(z);
    return NULL;
}

struct mk_zipread *mk_zipread_open(const char *path, const char *display,
                                   struct mk_diag *dc)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC), code = 0, err;
    zip_t *za;

    if (fd < 0) {
        mk_diag_system(dc, display, errno, "cannot open the file");
        return NULL;
    }
    if (fstat(fd, &sb) < 0) {
        err = errno;
        close(fd);
        mk_diag_system(dc, display, err, "cannot read the file");
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        mk_error(dc, display, 0, 0, "not a file%s: give the path of an "
                 ".epub file", S_ISDIR(sb.st_mode) ? " but a folder" : "");
        return NULL;
    }
    errno = 0;
    za = zip_fdopen(fd, ZIP_RDONLY, &code);
    if (!za) {
        err = errno;
        close(fd);
        report_open_error(display, code, err, dc);
        return NULL;
    }
    return list_entries(za, display, (unsigned long long)sb.st_size, dc);
}

struct mk_zipread *mk_zipread_open_memory(const void *data, size_t len,
                                          const char *display,
                                          struct mk_diag *dc)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;

    zip_error_init(&ze);
    src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        mk_diag_oom(dc);
        return NULL;
    }
    za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        zip_source_free(src);
        report_open_error(display, zip_error_code_zip(&ze),
                          zip_error_code_system(&ze), dc);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    return list_entries(za, display, len, dc);
}

size_t mk_zipread_count(const struct mk_zipread *z)
{
    return z->count;
}

const struct mk_zipentry *mk_zipread_entry(const struct mk_zipread *z,
                                           size_t i)
{
    return i < z->count ? &z->entries[i] : NULL;
}

const struct mk_zipentry *mk_zipread_find(const struct mk_zipread *z,
                                          const char *name)
{
    return mk_strmap_get(&z->names, name);
}

int mk_zipread_read(struct mk_zipread *z, const struct mk_zipentry *e,
                    char **data, size_t *len)
{
    size_t got = 0, i = (size_t)(e - z->entries);
    zip_file_t *zf;
    char *buf, extra;
    zip_int64_t n = 0;

    *data = NULL;
    *len = 0;
    if (!e->usable)
        return -1;      /* why was recorded when the archive was opened */
    if (e->size > MK_ZIPREAD_ENTRY_MAX)
        return mk_error(z->dc, z->display, 0, 0, "entry '%s' would "
                        "uncompress to %llu bytes, more than the %llu MB "
                        "mkepub inspect reads of one entry: not read (a zip "
                        "bomb?)", e->shown, e->size,
                        MK_ZIPREAD_ENTRY_MAX >> 20);
    if (z->total + e->size > MK_ZIPREAD_TOTAL_MAX)
        return mk_error(z->dc, z->display, 0, 0, "entry '%s' (%llu bytes) "
                        "would take the bytes read from the archive past "
                        "%llu MB: not read (a zip bomb?)", e->shown, e->size,
                        MK_ZIPREAD_TOTAL_MAX >> 20);
    buf = mk_malloc((size_t)e->size + 1);
    if (!buf)
        return mk_diag_oom(z->dc);
    zf = zip_fopen_index(z->zip, z->index[i], 0);
    if (!zf) {
        free(buf);
        return mk_error(z->dc, z->display, 0, 0, "entry '%s' cannot be "
                        "read: %s", e->shown, zip_strerror(z->zip));
    }
    while (got < e->size) {
        n = zip_fread(zf, buf + got, (zip_uint64_t)(e->size - got));
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == e->size)
        n = zip_fread(zf, &extra, 1);
    if (n < 0) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' is damaged (%s): it "
                 "cannot be read", e->shown, zip_file_strerror(zf));
    } else if (got < e->size) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' ends after %zu of "
                 "the %llu bytes it declares: the archive is damaged",
                 e->shown, got, e->size);
    } else if (n > 0) {
        mk_error(z->dc, z->display, 0, 0, "entry '%s' uncompresses to more "
                 "than the %llu bytes it declares: the archive is damaged "
                 "or forged (a zip bomb?); not read", e->shown, e->size);
    } else {
        zip_fclose(zf);
        z->total += got;
        buf[got] = '\0';
        *data = buf;
        *len = got;
        return 0;
    }
    zip_fclose(zf);
    free(buf);
    return -1;
}

void mk_zipread_close(struct mk_zipread *z)
{
    size_t i;

    if (!z)
        return;
    if (z->zip)
        zip_discard(z->zip);
    for (i = 0; i < z->count; i++) {
        free(z->entries[i].name);
        free(z->entries[i].shown);
    }
    free(z->entries);
    free(z->index);
    mk_strmap_release(&z->names);
    free(z->display);
    free(z);
}

/*
 * init.c - "mkepub init DIR": a new book folder that builds clean.
 *
 * Owns the starter book (book.xml with every field, commented; one XHTML
 * and one Markdown chapter; a cover; a stylesheet), kept here as data,
 * and writing it into a new or empty folder without ever overwriting
 * or following anything: the folder is opened with O_NOFOLLOW, every
 * folder in it is made with mkdirat() and every file with
 * O_CREAT|O_EXCL|O_NOFOLLOW relative to it.  A failure part-way
 * removes what this run made, so the folder is as it was.
 */
#include "mkepub.h"

#include "buf.h"
#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char book_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- book.xml: the one place for the book's metadata, its reading "
    "order\n"
    "     and its credits.  Every path is relative to this file.  Lines in\n"
    "     comments are optional fields: uncomment and fill them as you "
    "need.\n"
    "     \"man mkepub\" describes every element; build with: mkepub FOLDER "
    "-->\n"
    "<book>\n"
    "  <metadata>\n"
    "    <title>My New Book</title>\n"
    "    <!-- A title in another script:\n"
    "    <title alternate-script=\"...\" alternate-script-lang=\"ja\">My New "
    "Book</title> -->\n"
    "    <!-- <subtitle>A Subtitle</subtitle> -->\n"
    "\n"
    "    <!-- 0..n people; role is a MARC relator code (aut author, edt\n"
    "         editor, ill illustrator, trl translator, ...); file-as is the\n"
    "         name as sorted; display-seq=\"1\" sets the order on the "
    "credits\n"
    "         page. -->\n"
    "    <creator role=\"aut\" file-as=\"Author, Your\">Your Name</creator>\n"
    "    <!-- <contributor role=\"trl\" file-as=\"Translator, A.\">A. "
    "Translator</contributor> -->\n"
    "\n"
    "    <!-- BCP 47; the first is the book's language.  1..n -->\n"
    "    <language>en</language>\n"
    "\n"
    "    <!-- The book's unique identifier: a new UUID made by \"mkepub "
    "init\".\n"
    "         Keep it for every edition of this book.  An ISBN is written\n"
    "         <identifier type=\"isbn\">978-0-306-40615-7</identifier>; "
    "with\n"
    "         several identifiers, mark the book's own with unique=\"yes\". "
    "-->\n"
    "    <identifier>urn:uuid:@UUID@</identifier>\n"
    "\n"
    "    <!-- <publisher>Your Press</publisher> -->\n"
    "    <!-- Publication date, W3C date: 2025, 2025-06 or 2025-06-30 -->\n"
    "    <!-- <date>@YEAR@</date> -->\n"
    "    <description>A short description of the book, shown by reading apps "
    "and stores.</description>\n"
    "    <!-- 0..n -->\n"
    "    <subject>Fiction</subject>\n"
    "    <!-- <rights>© @YEAR@ Your Name</rights> -->\n"
    "    <!-- Where the text comes from: a URL or a citation -->\n"
    "    <!-- <source>https://example.org/original</source> -->\n"
    "    <!-- A series (type=\"series\") or a set of volumes "
    "(type=\"set\"):\n"
    "    <collection type=\"series\" position=\"1\">A Series "
    "Name</collection> -->\n"
    "  </metadata>\n"
    "\n"
    "  <!-- The cover: JPEG, PNG, GIF or SVG.  It gets a page of its own,\n"
    "       first in the reading order. -->\n"
    "  <cover image=\"images/cover.svg\"/>\n"
    "\n"
    "  <!-- 0..n stylesheets, linked from every chapter -->\n"
    "  <stylesheet href=\"styles/book.css\"/>\n"
    "\n"
    "  <!-- 0..n fonts to embed (TrueType, OpenType, WOFF, WOFF2), used by\n"
    "       a stylesheet's @font-face; they are obfuscated unless\n"
    "       obfuscate=\"no\" (for a font whose licence allows it):\n"
    "  <font href=\"fonts/Body.otf\" obfuscate=\"yes\"/> -->\n"
    "\n"
    "  <!-- The credits page at the end of the book: who made what, and\n"
    "       under what terms.  It states only what is written here. -->\n"
    "  <attribution>\n"
    "    <credit for=\"Text\">Your Name</credit>\n"
    "    <credit for=\"Cover\">Your Name</credit>\n"
    "    <note>Made with mkepub.</note>\n"
    "  </attribution>\n"
    "\n"
    "  <!-- Words on the generated pages, when the built-in ones for the\n"
    "       book's language are not what you want:\n"
    "  <labels>\n"
    "    <label key=\"contents\">Table of Contents</label>\n"
    "  </labels> -->\n"
    "\n"
    "  <!-- The reading order.  A chapter is XHTML (a whole document or "
    "just\n"
    "       body content) or Markdown (.md).  Its title is its first "
    "heading,\n"
    "       or title=\"...\".  linear=\"no\" keeps it out of the linear "
    "reading\n"
    "       order (notes, answers).  Optional attributes of <chapters>:\n"
    "       toc-depth=\"1..6\" (heading levels in the table of contents, "
    "default\n"
    "       3) and page-progression-direction=\"ltr|rtl|default\". -->\n"
    "  <chapters>\n"
    "    <chapter href=\"chapters/01-welcome.xhtml\"/>\n"
    "    <chapter href=\"chapters/02-writing-in-markdown.md\"/>\n"
    "  </chapters>\n"
    "</book>\n";

static const char chapter_xhtml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" "
    "xml:lang=\"en\">\n"
    "  <head>\n"
    "    <title>Welcome</title>\n"
    "  </head>\n"
    "  <body>\n"
    "    <h1>Welcome</h1>\n"
    "    <p>This is the first chapter of your new book, written in XHTML. "
    "Replace\n"
    "    this text with your own, and add chapters in book.xml.</p>\n"
    "    <h2>What a chapter may hold</h2>\n"
    "    <p>Any XHTML that EPUB allows: headings, paragraphs, lists, "
    "tables,\n"
    "    figures, <em>emphasis</em> and <a "
    "href=\"02-writing-in-markdown.md\">links\n"
    "    to other chapters</a>. The headings become the table of "
    "contents.</p>\n"
    "    <p>A chapter may also be just its body content, without the\n"
    "    <code>html</code>, <code>head</code> and <code>body</code> around "
    "it.</p>\n"
    "  </body>\n"
    "</html>\n";

static const char chapter_md[] =
    "# Writing in Markdown\n"
    "\n"
    "This chapter is Markdown: CommonMark with tables, ~~strikethrough~~,\n"
    "autolinks and footnotes.[^1] mkepub converts it to XHTML when it "
    "builds\n"
    "the book.\n"
    "\n"
    "## Links and lists\n"
    "\n"
    "- Link to another chapter by its file name: [the first\n"
    "  chapter](01-welcome.xhtml).\n"
    "- Link to a heading by the id mkepub gives it: [this\n"
    "  section](#links-and-lists).\n"
    "\n"
    "| Markdown        | becomes         |\n"
    "|-----------------|-----------------|\n"
    "| `# Heading`     | a TOC entry     |\n"
    "| `text[^note]`   | a pop-up note   |\n"
    "\n"
    "[^1]: A footnote becomes a pop-up note in reading systems that support\n"
    "    them, and a note at the end of the chapter in the others.\n";

static const char cover_svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 "
    "600 800\">\n"
    "  <title>Cover: My New Book, by Your Name</title>\n"
    "  <rect x=\"0\" y=\"0\" width=\"600\" height=\"800\" "
    "fill=\"#f4efe4\"/>\n"
    "  <rect x=\"0\" y=\"640\" width=\"600\" height=\"160\" "
    "fill=\"#1f3b4d\"/>\n"
    "  <g font-family=\"serif\" fill=\"#1f2a30\">\n"
    "    <text x=\"60\" y=\"300\" font-size=\"72\" font-weight=\"bold\">My "
    "New</text>\n"
    "    <text x=\"60\" y=\"390\" font-size=\"72\" "
    "font-weight=\"bold\">Book</text>\n"
    "  </g>\n"
    "  <text x=\"300\" y=\"730\" font-family=\"sans-serif\" "
    "font-size=\"32\"\n"
    "        fill=\"#f4efe4\" text-anchor=\"middle\">Your Name</text>\n"
    "</svg>\n";

static const char book_css[] =
    "/* book.css: the book's stylesheet, linked from every chapter.\n"
    "   Relative units (em, %) let readers choose their font and size. */\n"
    "\n"
    "body {\n"
    "  margin: 0 4%;\n"
    "  font-family: serif;\n"
    "  line-height: 1.5;\n"
    "}\n"
    "\n"
    "h1, h2, h3 {\n"
    "  font-family: sans-serif;\n"
    "  line-height: 1.2;\n"
    "  page-break-after: avoid;\n"
    "}\n"
    "\n"
    "h1 {\n"
    "  font-size: 1.6em;\n"
    "  margin: 2em 0 1em;\n"
    "}\n"
    "\n"
    "p {\n"
    "  margin: 0 0 0.6em;\n"
    "}\n"
    "\n"
    "table {\n"
    "  border-collapse: collapse;\n"
    "  margin: 1em 0;\n"
    "}\n"
    "\n"
    "th, td {\n"
    "  border: 1px solid #888;\n"
    "  padding: 0.2em 0.5em;\n"
    "  text-align: left;\n"
    "}\n"
    "\n"
    "aside[role=\"doc-footnote\"] {\n"
    "  font-size: 0.9em;\n"
    "}\n";
/* The folders and files of a new book, in the order they are made. */
static const struct {
    const char *path;
    const char *text;           /* NULL: a folder */
} starter[] = {
    { "chapters", NULL },
    { "images", NULL },
    { "styles", NULL },
    { "book.xml", book_xml },
    { "chapters/01-welcome.xhtml", chapter_xhtml },
    { "chapters/02-writing-in-markdown.md", chapter_md },
    { "images/cover.svg", cover_svg },
    { "styles/book.css", book_css },
};

#define N_STARTER (sizeof(starter) / sizeof(*starter))

/* The values put in place of @NAME@ in the templates. */
struct fill {
    char uuid[37];
    char year[8];
};

/* A random (version 4) UUID from /dev/urandom into out.  Returns 0, or
 * -1 with errno set. */
static int random_uuid(char out[37])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char r[16];
    size_t i, o = 0, got = 0;
    ssize_t n;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    while (got < sizeof(r)) {
        n = read(fd, r + got, sizeof(r) - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            close(fd);
            return -1;
        }
        got += (size_t)n;
    }
    close(fd);
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    for (i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[r[i] >> 4];
        out[o++] = hex[r[i] & 15];
    }
    out[o] = '\0';
    return 0;
}

/* text with @UUID@ and @YEAR@ replaced, appended to out.  Returns 0 or
 * -1 (out of memory). */
static int expand(struct mk_buf *out, const char *text,
                  const struct fill *fill)
{
    const struct {
        const char *key;
        const char *value;
    } keys[] = { { "@UUID@", fill->uuid }, { "@YEAR@", fill->year } };
    const char *at;
    size_t k;

    while ((at = strchr(text, '@')) != NULL) {
        mk_buf_add(out, text, (size_t)(at - text));
        for (k = 0; k < sizeof(keys) / sizeof(*keys); k++)
            if (strncmp(at, keys[k].key, strlen(keys[k].key)) == 0)
                break;
        if (k < sizeof(keys) / sizeof(*keys)) {
            mk_buf_adds(out, keys[k].value);
            text = at + strlen(keys[k].key);
        } else {
            mk_buf_addc(out, '@');
            text = at + 1;
        }
    }
    mk_buf_adds(out, text);
    return mk_buf_failed(out) ? -1 : 0;
}

/* Writes len bytes to fd.  Returns 0, or -1 with errno set. */
static int write_all(int fd, const char *p, size_t len)
{
    ssize_t n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Opens dir (made if missing, with *made set) as a folder that holds
 * nothing.  Returns the descriptor, or -1 with the problem recorded. */
static int open_empty_dir(const char *dir, int *made, struct mk_diag *dc)
{
    struct dirent *e;
    DIR *d;
    int fd, copy, empty = 1;

    *made = mkdir(dir, 0777) == 0;
    if (!*made && errno != EEXIST)
        return mk_diag_system(dc, dir, errno, "cannot make the folder");
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && (errno == ENOTDIR || errno == ELOOP))
        return mk_diag_usage(dc, dir, "not a folder (or a symbolic link): "
                             "name a new or empty folder for the book");
    if (fd < 0)
        return mk_diag_system(dc, dir, errno, "cannot open the folder");
    if (*made)
        return fd;
    copy = dup(fd);
    d = copy < 0 ? NULL : fdopendir(copy);
    if (!d) {
        if (copy >= 0)
            close(copy);
        close(fd);
        return mk_diag_system(dc, dir, errno, "cannot read the folder");
    }
    errno = 0;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    if (!empty) {
        close(fd);
        return mk_diag_usage(dc, dir, "the folder is not empty: mkepub "
                             "init writes only into a new or empty folder "
                             "and changed nothing; name another folder");
    }
    return fd;
}

/* Removes the first n entries of starter[] under fd, files before
 * their folders. */
static void undo(int fd, size_t n)
{
    while (n-- > 0)
        unlinkat(fd, starter[n].path, starter[n].text ? 0 : AT_REMOVEDIR);
}

/* Makes starter[i] under fd, as dir/path in diagnostics.  Returns 0 or
 * -1 with the problem recorded. */
static int make_entry(int fd, const char *dir, size_t i,
                      const struct fill *fill, struct mk_diag *dc)
{
    struct mk_buf text, name;
    int out, rc = 0, err;

    mk_buf_init(&text);
    mk_buf_init(&name);
    if (mk_buf_addf(&name, "%s/%s", dir, starter[i].path) < 0
        || (starter[i].text && expand(&text, starter[i].text, fill) < 0)) {
        mk_buf_release(&text);
        mk_buf_release(&name);
        return mk_diag_oom(dc);
    }
    if (!starter[i].text) {
        if (mkdirat(fd, starter[i].path, 0777) < 0)
            rc = mk_diag_system(dc, mk_buf_str(&name), errno,
                                "cannot make the folder");
    } else {
        out = openat(fd, starter[i].path, O_WRONLY | O_CREAT | O_EXCL
                     | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (out < 0)
            rc = mk_diag_system(dc, mk_buf_str(&name), errno,
                                "cannot create");
        else if (write_all(out, mk_buf_str(&text), text.len) < 0
                 || close(out) < 0) {
            err = errno;
            unlinkat(fd, starter[i].path, 0);
            rc = mk_diag_system(dc, mk_buf_str(&name), err,
                                "cannot write");
        }
    }
    mk_buf_release(&text);
    mk_buf_release(&name);
    return rc;
}

enum mk_status mk_init(const char *dir, struct mk_diag *dc)
{
    struct fill fill;
    struct tm tm;
    time_t now = time(NULL);
    size_t i;
    int fd, made;

    if (!dir || !*dir) {
        mk_diag_usage(dc, NULL, "init wants a folder: mkepub init DIR");
        return mk_diag_status(dc);
    }
    if (random_uuid(fill.uuid) < 0) {
        mk_diag_system(dc, "/dev/urandom", errno, "cannot read");
        return mk_diag_status(dc);
    }
    if (!gmtime_r(&now, &tm))
        memset(&tm, 0, sizeof(tm));
    snprintf(fill.year, sizeof(fill.year), "%04d",
             (tm.tm_year + 1900) % 10000);
    fd = open_empty_dir(dir, &made, dc);
    if (fd < 0)
        return mk_diag_status(dc);
    for (i = 0; i < N_STARTER; i++)
        if (make_entry(fd, dir, i, &fill, dc) < 0)
            break;
    if (i < N_STARTER) {
        undo(fd, i);
        close(fd);
        if (made)
            rmdir(dir);
        return mk_diag_status(dc);
    }
    close(fd);
    return MK_OK;
}

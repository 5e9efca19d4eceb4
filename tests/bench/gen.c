/* gen.c: deterministic generator of synthetic books for `make bench`.
 *
 *   gen book N ROOT FLOOR   write a book of N chapters in the mkepub layout
 *                           (ROOT/book/book.xml, ROOT/book/chapters/cNNNN.xhtml,
 *                           ROOT/styles/book.css) and the skeleton of the same
 *                           book laid out as an EPUB folder for the zip floor
 *                           (FLOOR/mimetype, FLOOR/META-INF/container.xml,
 *                           FLOOR/OEBPS/content.opf, FLOOR/OEBPS/nav.xhtml);
 *                           run.sh links chapters, images and CSS into
 *                           FLOOR/OEBPS afterwards
 *   gen ppm I [W H]         write photo-like image number I (1-based) as a
 *                           binary PPM on standard output (default 800x600),
 *                           for cjpeg to turn into a real JPEG
 *   gen version             print GEN_VERSION (part of run.sh's cache stamp)
 *
 * Every chapter is a full XHTML document of about 3000 words (~20 KB): an h1,
 * sections with h2 and h3 headings (all with explicit ids), paragraphs, one
 * ul and one ol, links to headings of other chapters, and, in the first 300
 * chapters, one image ../images/pNNN.jpg.  Output depends only on the
 * arguments: fixed-seed PRNG, no clock, no locale.
 *
 * Plain C11 plus POSIX mkdir(2); no dependencies beyond libc.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define GEN_VERSION "3"
#define MAX_IMAGES 300
#define SECTIONS 5          /* h2 sections per chapter, ids cNNNN-s1..s5 */
#define SUBSECTIONS 2       /* h3 per section, ids cNNNN-sK-1..2 */
#define WORDS_PER_CHAPTER 3000
#define LINKS_PER_CHAPTER 3

/* ---- PRNG: splitmix64 ---------------------------------------------------- */

typedef struct { uint64_t s; } rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static rng seeded(uint64_t a, uint64_t b)
{
    rng r = { a * 0xD1B54A32D192ED03ULL ^ (b + 0x8CB92BA72F3D8DD7ULL) };
    next(&r);
    return r;
}

/* uniform in [lo, hi] */
static unsigned range(rng *r, unsigned lo, unsigned hi)
{
    return lo + (unsigned)(next(r) % (uint64_t)(hi - lo + 1));
}

/* ---- vocabulary ---------------------------------------------------------- */

static const char *const words[] = {
    "the", "of", "and", "a", "to", "in", "is", "was", "that", "for",
    "it", "with", "as", "on", "at", "by", "from", "this", "had", "not",
    "but", "which", "or", "be", "were", "an", "all", "her", "his", "their",
    "river", "mountain", "village", "winter", "summer", "morning", "evening",
    "letter", "journey", "harbour", "window", "garden", "station", "bridge",
    "market", "orchard", "library", "kitchen", "lantern", "meadow", "forest",
    "teacher", "doctor", "engineer", "sailor", "farmer", "weaver", "printer",
    "grandmother", "neighbour", "stranger", "traveller", "merchant", "clerk",
    "quietly", "slowly", "suddenly", "carefully", "almost", "never", "always",
    "often", "perhaps", "together", "already", "again", "still", "later",
    "remembered", "walked", "opened", "carried", "watched", "listened",
    "followed", "returned", "answered", "noticed", "wondered", "promised",
    "wrote", "read", "built", "found", "left", "kept", "brought", "heard",
    "old", "new", "small", "long", "bright", "heavy", "narrow", "distant",
    "warm", "cold", "green", "grey", "golden", "silent", "crowded", "empty",
    "steppe", "caravan", "samovar", "felt", "yurt", "apricot", "poplar",
    "tram", "ferry", "archive", "telegram", "notebook", "ledger", "compass",
    "café", "naïve", "façade", "Zürich", "Almaty", "Kraków", "São", "Paulo",
    "über", "résumé", "déjà", "coöperate", "piñata", "Ærø", "smörgåsbord",
    "between", "through", "across", "beyond", "toward", "under", "above",
    "because", "although", "while", "until", "whenever", "since", "after",
    "light", "shadow", "voice", "silence", "memory", "promise", "question",
    "reason", "story", "history", "country", "city", "road", "field", "sea",
    "house", "door", "table", "chair", "book", "page", "word", "name", "year",
    "day", "night", "hour", "moment", "time", "life", "work", "hand", "eye",
    "could", "would", "should", "might", "must", "will", "can", "did",
    "seemed", "became", "stood", "turned", "looked", "asked", "told", "knew",
    "thought", "felt", "gave", "took", "made", "came", "went", "said",
    "every", "each", "some", "many", "few", "more", "most", "other", "such",
    "very", "quite", "rather", "only", "even", "also", "just", "so", "then",
};
#define NWORDS (sizeof words / sizeof words[0])

/* a skewed pick: frequent words (the start of the list) come up more often */
static const char *word(rng *r)
{
    uint64_t x = next(r);
    unsigned a = (unsigned)(x % NWORDS), b = (unsigned)((x >> 20) % NWORDS);
    return words[a < b ? a : b];
}

/* ---- output helpers ------------------------------------------------------ */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void mkdirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        die("path too long: %s", path);
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                die("mkdir %s: %s", buf, strerror(errno));
            *p = c;
            if (c == '\0')
                break;
        }
    }
}

static FILE *create(const char *fmt, ...)
{
    char path[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof path)
        die("path too long");
    FILE *f = fopen(path, "wb");
    if (!f)
        die("%s: %s", path, strerror(errno));
    static char iobuf[1 << 16];
    setvbuf(f, iobuf, _IOFBF, sizeof iobuf);
    return f;
}

static void finish(FILE *f)
{
    if (ferror(f) || fclose(f) != 0)
        die("write error: %s", strerror(errno));
}

/* capitalised first letter for ASCII words */
static void put_cap(FILE *f, const char *w)
{
    if (*w >= 'a' && *w <= 'z') {
        fputc(*w - 'a' + 'A', f);
        fputs(w + 1, f);
    } else {
        fputs(w, f);
    }
}

/* n words, no final punctuation, the first capitalised if cap; returns n */
static unsigned words_out(FILE *f, rng *r, unsigned n, int cap)
{
    for (unsigned i = 0; i < n; i++) {
        const char *w = word(r);
        if (i)
            fputc(' ', f);
        if (i == 0 && cap)
            put_cap(f, w);
        else
            fputs(w, f);
    }
    return n;
}

static unsigned phrase(FILE *f, rng *r, unsigned n)
{
    return words_out(f, r, n, 1);
}

/* chapter titles: deterministic from the chapter number alone, so the nav of
 * the zip floor and the chapter itself agree */
static void title(char *buf, size_t size, unsigned ch)
{
    rng r = seeded(ch, 0x7469746cu);
    size_t len = (size_t)snprintf(buf, size, "Chapter %u:", ch);
    unsigned n = range(&r, 2, 5);
    for (unsigned i = 0; i < n && len + 1 < size; i++) {
        const char *w = word(&r);
        int k = snprintf(buf + len, size - len, " %s", w);
        if (k < 0)
            break;
        if (i == 0 && buf[len + 1] >= 'a' && buf[len + 1] <= 'z')
            buf[len + 1] = (char)(buf[len + 1] - 'a' + 'A');
        len += (size_t)k;
        if (len >= size)
            len = size - 1;
    }
}

/* ---- chapters ------------------------------------------------------------ */

typedef struct {
    FILE *f;
    rng *r;
    unsigned ch, nch;       /* this chapter, chapters in the book */
    unsigned words;         /* words written so far */
    unsigned paras;         /* paragraphs written so far */
    unsigned links;         /* cross-chapter links written so far */
} chap;

static void link_sentence(chap *c)
{
    FILE *f = c->f;
    unsigned target = c->nch > 1 ? range(c->r, 1, c->nch - 1) : 1;
    if (c->nch > 1 && target >= c->ch)
        target++;                      /* any chapter but this one */
    unsigned sec = range(c->r, 1, SECTIONS);
    fputs(" See ", f);
    if (target == c->ch)
        fprintf(f, "<a href=\"#c%04u-s%u\">", target, sec);
    else if (range(c->r, 0, 3) == 0)
        fprintf(f, "<a href=\"c%04u.xhtml\">", target);
    else if (range(c->r, 0, 2) == 0)
        fprintf(f, "<a href=\"c%04u.xhtml#c%04u-s%u-%u\">", target, target, sec,
                range(c->r, 1, SUBSECTIONS));
    else
        fprintf(f, "<a href=\"c%04u.xhtml#c%04u-s%u\">", target, target, sec);
    fprintf(f, "chapter %u", target);
    fputs("</a>, where the ", f);
    c->words += 5 + words_out(f, c->r, range(c->r, 2, 4), 0);
    fputs(" is told.", f);
    c->links++;
}

static void paragraph(chap *c, unsigned target_words)
{
    FILE *f = c->f;
    rng *r = c->r;
    unsigned n = 0;
    fputs("<p>", f);
    while (n < target_words) {
        unsigned len = range(r, 6, 18);
        if (n)
            fputc(' ', f);
        for (unsigned i = 0; i < len; i++) {
            const char *w = word(r);
            if (i)
                fputs(i == len / 2 && range(r, 0, 3) == 0 ? ", " : " ", f);
            unsigned style = range(r, 0, 60);
            if (i == 0)
                put_cap(f, w);
            else if (style == 0)
                fprintf(f, "<em>%s</em>", w);
            else if (style == 1)
                fprintf(f, "<strong>%s</strong>", w);
            else
                fputs(w, f);
        }
        fputc(range(r, 0, 7) == 0 ? '?' : '.', f);
        n += len;
    }
    c->words += n;
    c->paras++;
    if (c->links < LINKS_PER_CHAPTER && c->paras % 5 == 2)
        link_sentence(c);
    fputs("</p>\n", f);
}

static void list(chap *c, const char *tag)
{
    unsigned items = range(c->r, 3, 6);
    fprintf(c->f, "<%s>\n", tag);
    for (unsigned i = 0; i < items; i++) {
        fputs("<li>", c->f);
        c->words += phrase(c->f, c->r, range(c->r, 3, 9));
        fputs("</li>\n", c->f);
    }
    fprintf(c->f, "</%s>\n", tag);
}

static void chapter(const char *root, unsigned ch, unsigned nch)
{
    FILE *f = create("%s/book/chapters/c%04u.xhtml", root, ch);
    rng r = seeded(ch, 0x63686170u);
    chap c = { f, &r, ch, nch, 0, 0, 0 };
    char t[256];
    title(t, sizeof t, ch);

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<!DOCTYPE html>\n"
          "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n"
          "<head>\n", f);
    fprintf(f, "<title>%s</title>\n</head>\n<body>\n", t);
    fprintf(f, "<h1 id=\"c%04u\">%s</h1>\n", ch, t);

    const unsigned per_section = WORDS_PER_CHAPTER / (SECTIONS + 1);
    /* introduction */
    while (c.words < per_section)
        paragraph(&c, range(&r, 40, 110));
    for (unsigned s = 1; s <= SECTIONS; s++) {
        unsigned goal = per_section * (s + 1);
        fprintf(f, "<section id=\"c%04u-sec%u\">\n<h2 id=\"c%04u-s%u\">", ch, s, ch, s);
        c.words += phrase(f, &r, range(&r, 2, 6));
        fputs("</h2>\n", f);
        paragraph(&c, range(&r, 40, 110));
        if (s == 1 && ch <= MAX_IMAGES) {
            fprintf(f, "<figure>\n<img src=\"../images/p%03u.jpg\" "
                       "alt=\"Photograph %u: coloured noise over a gradient\"/>\n"
                       "<figcaption>", ch, ch);
            c.words += phrase(f, &r, range(&r, 4, 10));
            fputs(".</figcaption>\n</figure>\n", f);
        }
        if (s == 2)
            list(&c, "ul");
        if (s == 4)
            list(&c, "ol");
        for (unsigned k = 1; k <= SUBSECTIONS; k++) {
            fprintf(f, "<h3 id=\"c%04u-s%u-%u\">", ch, s, k);
            c.words += phrase(f, &r, range(&r, 2, 6));
            fputs("</h3>\n", f);
            unsigned until = goal - (SUBSECTIONS - k) * (per_section / 3);
            do
                paragraph(&c, range(&r, 40, 110));
            while (c.words < until);
        }
        fputs("</section>\n", f);
    }
    fputs("</body>\n</html>\n", f);
    finish(f);
}

/* ---- book.xml, CSS ------------------------------------------------------- */

static void book_xml(const char *root, unsigned nch)
{
    FILE *f = create("%s/book/book.xml", root);
    fprintf(f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<book>\n"
        "  <metadata>\n"
        "    <title>Bench %u</title>\n"
        "    <subtitle>A synthetic book for timing mkepub</subtitle>\n"
        "    <creator role=\"aut\" file-as=\"Generator, Bench\">Bench Generator</creator>\n"
        "    <language>en</language>\n"
        "    <identifier>urn:uuid:6d6b6570-7562-4e63-8865-%012u</identifier>\n"
        "    <publisher>mkepub benchmark</publisher>\n"
        "    <date>2020-12-03</date>\n"
        "    <description>%u chapters of pseudo-random prose, generated by tests/bench/gen.c.</description>\n"
        "    <subject>Benchmarks</subject>\n"
        "    <rights>Public domain (CC0 1.0); generated text and images.</rights>\n"
        "  </metadata>\n"
        "  <stylesheet href=\"../styles/book.css\"/>\n"
        "  <attribution>\n"
        "    <credit for=\"Text\">Generated by tests/bench/gen.c (version " GEN_VERSION "), CC0 1.0.</credit>\n"
        "    <credit for=\"Images\">Deterministic noise photographs made with gen.c and cjpeg, CC0 1.0.</credit>\n"
        "    <note>This book exists to be timed; it has no story.</note>\n"
        "  </attribution>\n"
        "  <chapters>\n", nch, nch, nch);
    for (unsigned ch = 1; ch <= nch; ch++)
        fprintf(f, "    <chapter href=\"chapters/c%04u.xhtml\"/>\n", ch);
    fputs("  </chapters>\n</book>\n", f);
    finish(f);
}

static const char css[] =
    "@charset \"UTF-8\";\n"
    "/* generated by tests/bench/gen.c */\n"
    "html { font-size: 100%; }\n"
    "body { margin: 0 5%; font-family: serif; line-height: 1.4; }\n"
    "h1, h2, h3 { font-family: sans-serif; line-height: 1.2; page-break-after: avoid; }\n"
    "h1 { font-size: 1.8em; margin: 2em 0 1em; text-align: center; }\n"
    "h2 { font-size: 1.4em; margin: 1.5em 0 0.5em; }\n"
    "h3 { font-size: 1.15em; margin: 1.2em 0 0.4em; }\n"
    "p { margin: 0; text-indent: 1.5em; text-align: justify; hyphens: auto; }\n"
    "h1 + p, h2 + p, h3 + p, figure + p { text-indent: 0; }\n"
    "ul, ol { margin: 0.8em 0 0.8em 2em; }\n"
    "figure { margin: 1em 0; text-align: center; page-break-inside: avoid; }\n"
    "figure img { max-width: 100%; height: auto; }\n"
    "figcaption { font-size: 0.9em; font-style: italic; }\n"
    "a { color: inherit; }\n";

/* ---- the zip floor's EPUB skeleton --------------------------------------- */

static void floor_skeleton(const char *dir, unsigned nch)
{
    char t[256];
    unsigned nimg = nch < MAX_IMAGES ? nch : MAX_IMAGES;
    char path[4096];

    snprintf(path, sizeof path, "%s/META-INF", dir);
    mkdirs(path);
    snprintf(path, sizeof path, "%s/OEBPS", dir);
    mkdirs(path);

    FILE *f = create("%s/mimetype", dir);
    fputs("application/epub+zip", f);
    finish(f);

    f = create("%s/META-INF/container.xml", dir);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
          "  <rootfiles>\n"
          "    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
          "  </rootfiles>\n"
          "</container>\n", f);
    finish(f);

    f = create("%s/OEBPS/content.opf", dir);
    fprintf(f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"en\">\n"
        "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "    <dc:identifier id=\"uid\">urn:uuid:6d6b6570-7562-4e63-8865-%012u</dc:identifier>\n"
        "    <dc:title>Bench %u</dc:title>\n"
        "    <dc:creator>Bench Generator</dc:creator>\n"
        "    <dc:language>en</dc:language>\n"
        "    <dc:publisher>mkepub benchmark</dc:publisher>\n"
        "    <dc:date>2020-12-03</dc:date>\n"
        "    <dc:rights>Public domain (CC0 1.0); generated text and images.</dc:rights>\n"
        "    <meta property=\"dcterms:modified\">2020-12-03T00:00:00Z</meta>\n"
        "  </metadata>\n"
        "  <manifest>\n"
        "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
        "    <item id=\"css\" href=\"styles/book.css\" media-type=\"text/css\"/>\n",
        nch, nch);
    for (unsigned i = 1; i <= nimg; i++)
        fprintf(f, "    <item id=\"p%03u\" href=\"images/p%03u.jpg\" media-type=\"image/jpeg\"/>\n", i, i);
    for (unsigned ch = 1; ch <= nch; ch++)
        fprintf(f, "    <item id=\"c%04u\" href=\"chapters/c%04u.xhtml\" media-type=\"application/xhtml+xml\"/>\n", ch, ch);
    fputs("  </manifest>\n  <spine>\n", f);
    for (unsigned ch = 1; ch <= nch; ch++)
        fprintf(f, "    <itemref idref=\"c%04u\"/>\n", ch);
    fputs("  </spine>\n</package>\n", f);
    finish(f);

    f = create("%s/OEBPS/nav.xhtml", dir);
    fprintf(f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE html>\n"
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"en\" lang=\"en\">\n"
        "<head><title>Bench %u</title></head>\n<body>\n"
        "<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n", nch);
    for (unsigned ch = 1; ch <= nch; ch++) {
        title(t, sizeof t, ch);
        fprintf(f, "<li><a href=\"chapters/c%04u.xhtml\">%s</a></li>\n", ch, t);
    }
    fputs("</ol>\n</nav>\n"
          "<nav epub:type=\"landmarks\" hidden=\"\">\n<ol>\n"
          "<li><a epub:type=\"bodymatter\" href=\"chapters/c0001.xhtml\">Start</a></li>\n"
          "</ol>\n</nav>\n</body>\n</html>\n", f);
    finish(f);
}

static void book(unsigned nch, const char *root, const char *floor_dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/book/chapters", root);
    mkdirs(path);
    snprintf(path, sizeof path, "%s/book/images", root);
    mkdirs(path);
    snprintf(path, sizeof path, "%s/styles", root);
    mkdirs(path);

    book_xml(root, nch);
    FILE *f = create("%s/styles/book.css", root);
    fputs(css, f);
    finish(f);
    for (unsigned ch = 1; ch <= nch; ch++)
        chapter(root, ch, nch);
    floor_skeleton(floor_dir, nch);
}

/* ---- images -------------------------------------------------------------- */

/* A photo-like picture: a smooth field from a few seeded cosine waves per
 * channel, some larger soft blobs, plus per-pixel noise, so that JPEG at
 * quality 90 lands near 200 KB for 800x600. */
static void ppm(unsigned idx, unsigned w, unsigned h)
{
    rng r = seeded(idx, 0x70686f74u);
    enum { WAVES = 4 };
    double fx[3][WAVES], fy[3][WAVES], ph[3][WAVES], am[3][WAVES], base[3];
    for (int c = 0; c < 3; c++) {
        base[c] = 60 + (double)range(&r, 0, 120);
        for (int k = 0; k < WAVES; k++) {
            fx[c][k] = (double)range(&r, 1, 40) / 4000.0;
            fy[c][k] = (double)range(&r, 1, 40) / 4000.0;
            ph[c][k] = (double)range(&r, 0, 6283) / 1000.0;
            am[c][k] = (double)range(&r, 10, 35);
        }
    }
    /* cosine by a small table: no libm needed */
    enum { TAB = 4096 };
    static double cosine[TAB];
    static int ready;
    if (!ready) {
        /* Taylor series is enough for a table over [0, 2pi) */
        for (int i = 0; i < TAB; i++) {
            double x = 6.283185307179586 * i / TAB - 3.141592653589793;
            double x2 = x * x, term = 1, sum = 1;
            for (int n = 1; n < 20; n++) {
                term *= -x2 / ((2.0 * n - 1) * (2.0 * n));
                sum += term;
            }
            cosine[i] = -sum;      /* cos(x + pi) = -cos(x): index 0 is angle 0 */
        }
        ready = 1;
    }
    const unsigned noise = 48;   /* peak-to-peak per-pixel noise */
    unsigned char *row = malloc((size_t)w * 3);
    if (!row)
        die("out of memory");
    printf("P6\n%u %u\n255\n", w, h);
    for (unsigned y = 0; y < h; y++) {
        for (unsigned x = 0; x < w; x++) {
            uint64_t n = next(&r);
            for (int c = 0; c < 3; c++) {
                double v = base[c];
                for (int k = 0; k < WAVES; k++) {
                    double a = fx[c][k] * x + fy[c][k] * y + ph[c][k] / 6.283185307179586;
                    a -= (double)(long)a;
                    v += am[c][k] * cosine[(int)(a * TAB) & (TAB - 1)];
                }
                v += (double)((n >> (c * 16)) % noise) - noise / 2.0;
                row[x * 3 + c] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        }
        fwrite(row, 3, w, stdout);
    }
    free(row);
    if (fflush(stdout) != 0 || ferror(stdout))
        die("write error");
}

/* ---- main ---------------------------------------------------------------- */

static unsigned number(const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || end == s || v == 0 || v > 9999)
        die("not a number in 1..9999: %s", s);
    return (unsigned)v;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "version") == 0) {
        puts(GEN_VERSION);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "book") == 0) {
        book(number(argv[2]), argv[3], argv[4]);
        return 0;
    }
    if ((argc == 3 || argc == 5) && strcmp(argv[1], "ppm") == 0) {
        unsigned w = 800, h = 600;
        if (argc == 5) {
            w = number(argv[3]);
            h = number(argv[4]);
        }
        ppm(number(argv[2]), w, h);
        return 0;
    }
    fputs("usage: gen book N ROOT FLOOR | gen ppm I [W H] | gen version\n", stderr);
    return 2;
}

/*
 * overlay.h - SMIL media overlays (EPUB 3.3 Media Overlays), as book.xml
 * declares them (<chapter overlay="audio/01.smil">): SMIL 3.0 clock
 * values, reading one overlay document and checking it against the
 * schema EPUBCheck applies (media-overlay-30.rnc), and checking every
 * overlay of a book against its chapter and its audio (overlay.c).
 *
 * The reading half knows one file only and never touches the registry;
 * the checking half registers the SMIL files and their audio through
 * resources.c and runs on the main thread, after every chapter was read
 * and before their ids are dropped (mk_xref_drop_links).
 */
#ifndef MK_OVERLAY_H
#define MK_OVERLAY_H

#include <stddef.h>

struct mk_diag;
struct mk_pub;
struct mk_resources;

#define MK_SMIL_NS "http://www.w3.org/ns/SMIL"

/* The longest time mkepub reads, in milliseconds (about 31 years):
 * sums of clips stay far from overflowing. */
#define MK_OVERLAY_MAX_MS 1000000000000LL

/* What a reference in an overlay document names. */
enum mk_overlay_ref_kind {
    MK_OVERLAY_TEXT,        /* <text src>: an element of the chapter */
    MK_OVERLAY_TEXTREF,     /* epub:textref on <body> or <seq> */
    MK_OVERLAY_AUDIO        /* <audio src>: an MP3 or MP4 audio file */
};

struct mk_overlay_ref {
    enum mk_overlay_ref_kind kind;
    char *url;              /* as written */
    long line, col;         /* of the element */
};

/* What reading an overlay document found. */
struct mk_overlay_info {
    struct mk_overlay_ref *refs;    /* in document order */
    size_t n_refs, cap_refs;
    long long duration;     /* sum of clipEnd - clipBegin, milliseconds */
    int parsed;             /* it was well-formed XML */
};

/* Reads a SMIL 3.0 clock value (full clock "h:mm:ss.f", partial clock
 * "mm:ss.f", or timecount "n.f" with h, min, s (the default) or ms;
 * blanks around it allowed) into *ms, in whole milliseconds, digits
 * beyond them dropped, as EPUBCheck reads them.  Returns 0, -1 when it
 * is not a clock value, -2 when it is longer than MK_OVERLAY_MAX_MS. */
int mk_overlay_clock(const char *s, long long *ms);

/* Writes ms (0 to MK_OVERLAY_MAX_MS) as a full clock value,
 * "H:MM:SS.mmm" ("0:00:03.500"), into buf (size bytes, 32 is
 * plenty). */
void mk_overlay_format_clock(long long ms, char *buf, size_t size);

void mk_overlay_info_init(struct mk_overlay_info *info);
void mk_overlay_info_release(struct mk_overlay_info *info);

/* Reads the overlay document data (len bytes) named path: well-formed,
 * no DOCTYPE, <smil version="3.0"> in the SMIL namespace holding
 * [<head>] <body>, <body> and <seq> holding <seq> and <par>, <par>
 * holding <text> and perhaps <audio>, with the attributes the EPUB
 * schema allows (epub:textref required on <seq>), unique ids, clock
 * values, and every <audio> clip ending after it begins.  Walks the tree
 * iteratively.  Every problem is recorded in dc at its line and column;
 * info receives the references (resolved by the caller) and the
 * duration.  Returns 0, or -1 when memory ran out (recorded). */
int mk_overlay_read(const char *path, const char *data, size_t len,
                    struct mk_diag *dc, struct mk_overlay_info *info);

/* Checks the overlay of every chapter that book.xml gives one: the SMIL
 * file is registered (inside the root, a SMIL document, the overlay of
 * one chapter only), read (mk_overlay_read), its text references must
 * name elements of that chapter and its audio MP3 or MP4 files of the
 * book (registered); the chapter's item gets the overlay and the overlay
 * item its duration, the publication the total.  With
 * media-active-class or media-playback-active-class, every chapter with
 * an overlay must have a stylesheet (EPUBCheck CSS-030).  Problems go to
 * res's collector. */
void mk_overlay_check(struct mk_resources *res);

#endif

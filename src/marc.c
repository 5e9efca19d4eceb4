/*
 * marc.c - MARC relator codes.
 *
 * Owns the sorted table of Library of Congress relator codes and
 * labels (the relacode.html list of 2024 plus the codes added since
 * on id.loc.gov/vocabulary/relators), looked up by binary search, and
 * the suggestion of a valid code for a misspelt one via mk_suggest().
 */
#include "marc.h"

#include <stddef.h>
#include <string.h>

#include "suggest.h"

struct marc_relator {
    const char *code;
    const char *label;
};

/* Sorted by code (strcmp order); test_marc finds all 309 by lookup. */
static const struct marc_relator relators[] = {
    { "abr", "Abridger" },
    { "acp", "Art copyist" },
    { "act", "Actor" },
    { "adi", "Art director" },
    { "adp", "Adapter" },
    { "aft", "Author of afterword, colophon, etc." },
    { "anc", "Announcer" },
    { "anl", "Analyst" },
    { "anm", "Animator" },
    { "ann", "Annotator" },
    { "ant", "Bibliographic antecedent" },
    { "ape", "Appellee" },
    { "apl", "Appellant" },
    { "app", "Applicant" },
    { "aqt", "Author in quotations or text abstracts" },
    { "arc", "Architect" },
    { "ard", "Artistic director" },
    { "arr", "Arranger" },
    { "art", "Artist" },
    { "asg", "Assignee" },
    { "asn", "Associated name" },
    { "ato", "Autographer" },
    { "att", "Attributed name" },
    { "auc", "Auctioneer" },
    { "aud", "Author of dialog" },
    { "aue", "Audio engineer" },
    { "aui", "Author of introduction, etc." },
    { "aup", "Audio producer" },
    { "aus", "Screenwriter" },
    { "aut", "Author" },
    { "bdd", "Binding designer" },
    { "bjd", "Bookjacket designer" },
    { "bka", "Book artist" },
    { "bkd", "Book designer" },
    { "bkp", "Book producer" },
    { "blw", "Blurb writer" },
    { "bnd", "Binder" },
    { "bpd", "Bookplate designer" },
    { "brd", "Broadcaster" },
    { "brl", "Braille embosser" },
    { "bsl", "Bookseller" },
    { "cad", "Casting director" },
    { "cas", "Caster" },
    { "ccp", "Conceptor" },
    { "chr", "Choreographer" },
    { "clb", "Collaborator" }, /* discontinued */
    { "cli", "Client" },
    { "cll", "Calligrapher" },
    { "clr", "Colorist" },
    { "clt", "Collotyper" },
    { "cmm", "Commentator" },
    { "cmp", "Composer" },
    { "cmt", "Compositor" },
    { "cnd", "Conductor" },
    { "cng", "Cinematographer" },
    { "cns", "Censor" },
    { "coe", "Contestant-appellee" },
    { "col", "Collector" },
    { "com", "Compiler" },
    { "con", "Conservator" },
    { "cop", "Camera operator" },
    { "cor", "Collection registrar" },
    { "cos", "Contestant" },
    { "cot", "Contestant-appellant" },
    { "cou", "Court governed" },
    { "cov", "Cover designer" },
    { "cpc", "Copyright claimant" },
    { "cpe", "Complainant-appellee" },
    { "cph", "Copyright holder" },
    { "cpl", "Complainant" },
    { "cpt", "Complainant-appellant" },
    { "cre", "Creator" },
    { "crf", "Created for" },
    { "crp", "Correspondent" },
    { "crr", "Corrector" },
    { "crt", "Court reporter" },
    { "csl", "Consultant" },
    { "csp", "Consultant to a project" },
    { "cst", "Costume designer" },
    { "ctb", "Contributor" },
    { "cte", "Contestee-appellee" },
    { "ctg", "Cartographer" },
    { "ctr", "Contractor" },
    { "cts", "Contestee" },
    { "ctt", "Contestee-appellant" },
    { "cur", "Curator" },
    { "cwt", "Commentator for written text" },
    { "dbd", "Dubbing director" },
    { "dbp", "Distribution place" },
    { "dfd", "Defendant" },
    { "dfe", "Defendant-appellee" },
    { "dft", "Defendant-appellant" },
    { "dgc", "Degree committee member" },
    { "dgg", "Degree granting institution" },
    { "dgs", "Degree supervisor" },
    { "dis", "Dissertant" },
    { "djo", "DJ" },
    { "dln", "Delineator" },
    { "dnc", "Dancer" },
    { "dnr", "Donor" },
    { "dpc", "Depicted" },
    { "dpt", "Depositor" },
    { "drm", "Draftsman" },
    { "drt", "Director" },
    { "dsr", "Designer" },
    { "dst", "Distributor" },
    { "dtc", "Data contributor" },
    { "dte", "Dedicatee" },
    { "dtm", "Data manager" },
    { "dto", "Dedicator" },
    { "dub", "Dubious author" },
    { "edc", "Editor of compilation" },
    { "edd", "Editorial director" },
    { "edm", "Editor of moving image work" },
    { "edt", "Editor" },
    { "egr", "Engraver" },
    { "elg", "Electrician" },
    { "elt", "Electrotyper" },
    { "eng", "Engineer" },
    { "enj", "Enacting jurisdiction" },
    { "etr", "Etcher" },
    { "evp", "Event place" },
    { "exp", "Expert" },
    { "fac", "Facsimilist" },
    { "fds", "Film distributor" },
    { "fld", "Field director" },
    { "flm", "Film editor" },
    { "fmd", "Film director" },
    { "fmk", "Filmmaker" },
    { "fmo", "Former owner" },
    { "fmp", "Film producer" },
    { "fnd", "Funder" },
    { "fon", "Founder" },
    { "fpy", "First party" },
    { "frg", "Forger" },
    { "gdv", "Game developer" },
    { "gis", "Geographic information specialist" },
    { "grt", "Graphic technician" }, /* discontinued */
    { "his", "Host institution" },
    { "hnr", "Honoree" },
    { "hst", "Host" },
    { "ill", "Illustrator" },
    { "ilu", "Illuminator" },
    { "ink", "Inker" },
    { "ins", "Inscriber" },
    { "inv", "Inventor" },
    { "isb", "Issuing body" },
    { "itr", "Instrumentalist" },
    { "ive", "Interviewee" },
    { "ivr", "Interviewer" },
    { "jud", "Judge" },
    { "jug", "Jurisdiction governed" },
    { "lbr", "Laboratory" },
    { "lbt", "Librettist" },
    { "ldr", "Laboratory director" },
    { "led", "Lead" },
    { "lee", "Libelee-appellee" },
    { "lel", "Libelee" },
    { "len", "Lender" },
    { "let", "Libelee-appellant" },
    { "lgd", "Lighting designer" },
    { "lie", "Libelant-appellee" },
    { "lil", "Libelant" },
    { "lit", "Libelant-appellant" },
    { "lsa", "Landscape architect" },
    { "lse", "Licensee" },
    { "lso", "Licensor" },
    { "ltg", "Lithographer" },
    { "ltr", "Letterer" },
    { "lyr", "Lyricist" },
    { "mcp", "Music copyist" },
    { "mdc", "Metadata contact" },
    { "med", "Medium" },
    { "mem", "Member of" },
    { "mfp", "Manufacture place" },
    { "mfr", "Manufacturer" },
    { "mka", "Makeup artist" },
    { "mod", "Moderator" },
    { "mon", "Monitor" },
    { "mrb", "Marbler" },
    { "mrk", "Markup editor" },
    { "msd", "Musical director" },
    { "mte", "Metal-engraver" },
    { "mtk", "Minute taker" },
    { "mup", "Music programmer" },
    { "mus", "Musician" },
    { "mxe", "Mixing engineer" },
    { "nan", "News anchor" },
    { "nrt", "Narrator" },
    { "onp", "Onscreen participant" },
    { "opn", "Opponent" },
    { "org", "Originator" },
    { "orm", "Organizer" },
    { "osp", "Onscreen presenter" },
    { "oth", "Other" },
    { "own", "Owner" },
    { "pad", "Place of address" },
    { "pan", "Panelist" },
    { "pat", "Patron" },
    { "pbd", "Publishing director" },
    { "pbl", "Publisher" },
    { "pdr", "Project director" },
    { "pfr", "Proofreader" },
    { "pht", "Photographer" },
    { "plt", "Platemaker" },
    { "pma", "Permitting agency" },
    { "pmn", "Production manager" },
    { "pnc", "Penciller" },
    { "pop", "Printer of plates" },
    { "ppm", "Papermaker" },
    { "ppt", "Puppeteer" },
    { "pra", "Praeses" },
    { "prc", "Process contact" },
    { "prd", "Production personnel" },
    { "pre", "Presenter" },
    { "prf", "Performer" },
    { "prg", "Programmer" },
    { "prm", "Printmaker" },
    { "prn", "Production company" },
    { "pro", "Producer" },
    { "prp", "Production place" },
    { "prs", "Production designer" },
    { "prt", "Printer" },
    { "prv", "Provider" },
    { "pta", "Patent applicant" },
    { "pte", "Plaintiff-appellee" },
    { "ptf", "Plaintiff" },
    { "pth", "Patent holder" },
    { "ptt", "Plaintiff-appellant" },
    { "pup", "Publication place" },
    { "rap", "Rapporteur" },
    { "rbr", "Rubricator" },
    { "rcd", "Recordist" },
    { "rce", "Recording engineer" },
    { "rcp", "Addressee" },
    { "rdd", "Radio director" },
    { "red", "Redaktor" },
    { "ren", "Renderer" },
    { "res", "Researcher" },
    { "rev", "Reviewer" },
    { "rpc", "Radio producer" },
    { "rps", "Repository" },
    { "rpt", "Reporter" },
    { "rpy", "Responsible party" },
    { "rse", "Respondent-appellee" },
    { "rsg", "Restager" },
    { "rsp", "Respondent" },
    { "rsr", "Restorationist" },
    { "rst", "Respondent-appellant" },
    { "rth", "Research team head" },
    { "rtm", "Research team member" },
    { "rxa", "Remix artist" },
    { "sad", "Scientific advisor" },
    { "sce", "Scenarist" },
    { "scl", "Sculptor" },
    { "scr", "Scribe" },
    { "sde", "Sound engineer" },
    { "sds", "Sound designer" },
    { "sec", "Secretary" },
    { "sfx", "Special effects provider" },
    { "sgd", "Stage director" },
    { "sgn", "Signer" },
    { "sht", "Supporting host" },
    { "sll", "Seller" },
    { "sng", "Singer" },
    { "spk", "Speaker" },
    { "spn", "Sponsor" },
    { "spy", "Second party" },
    { "srv", "Surveyor" },
    { "std", "Set designer" },
    { "stg", "Setting" },
    { "stl", "Storyteller" },
    { "stm", "Stage manager" },
    { "stn", "Standards body" },
    { "str", "Stereotyper" },
    { "swd", "Software developer" },
    { "tad", "Technical advisor" },
    { "tau", "Television writer" },
    { "tcd", "Technical director" },
    { "tch", "Teacher" },
    { "ths", "Thesis advisor" },
    { "tld", "Television director" },
    { "tlg", "Television guest" },
    { "tlh", "Television host" },
    { "tlp", "Television producer" },
    { "trc", "Transcriber" },
    { "trl", "Translator" },
    { "tyd", "Type designer" },
    { "tyg", "Typographer" },
    { "uvp", "University place" },
    { "vac", "Voice actor" },
    { "vdg", "Videographer" },
    { "vfx", "Visual effects provider" },
    { "voc", "Vocalist" }, /* discontinued */
    { "wac", "Writer of added commentary" },
    { "wal", "Writer of added lyrics" },
    { "wam", "Writer of accompanying material" },
    { "wat", "Writer of added text" },
    { "waw", "Writer of afterword" },
    { "wdc", "Woodcutter" },
    { "wde", "Wood engraver" },
    { "wfs", "Writer of film story" },
    { "wft", "Writer of intertitles" },
    { "wfw", "Writer of foreword" },
    { "win", "Writer of introduction" },
    { "wit", "Witness" },
    { "wpr", "Writer of preface" },
    { "wst", "Writer of supplementary textual content" },
    { "wts", "Writer of television story" },
};

#define N_RELATORS (sizeof relators / sizeof relators[0])

/*
 * Codes tried first when suggesting, so that ties go to the roles a
 * book is likely to name ("trn" is as close to trc as to trl).
 */
static const char *const common_codes[] = {
    "aut", "trl", "edt", "ill", "pht", "pbl", "cov", "nrt", "ctb",
    "cre", "com", "aui", "aft", "art", "bkd", "dsr", "pfr", "wpr",
};

#define N_COMMON (sizeof common_codes / sizeof common_codes[0])

static int ascii_lower(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 'a';
    return c;
}

static int equal_nocase(const char *a, const char *b)
{
    while (*a != '\0' && ascii_lower((unsigned char)*a)
           == ascii_lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

const char *mk_marc_label(const char *code)
{
    size_t lo = 0;
    size_t hi = N_RELATORS;

    if (code == NULL)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, relators[mid].code);

        if (c == 0)
            return relators[mid].label;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *mk_marc_suggest(const char *code)
{
    const char *cands[N_COMMON + N_RELATORS];
    size_t i;

    if (code == NULL || code[0] == '\0')
        return NULL;
    for (i = 0; i < N_RELATORS; i++) {
        if (equal_nocase(code, relators[i].label))
            return relators[i].code;
    }
    for (i = 0; i < N_COMMON; i++)
        cands[i] = common_codes[i];
    for (i = 0; i < N_RELATORS; i++)
        cands[N_COMMON + i] = relators[i].code;
    return mk_suggest(code, cands, N_COMMON + N_RELATORS,
                      strlen(code) <= 3 ? 1 : 2);
}

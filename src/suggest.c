/*
 * suggest.c - "did you mean" helper.
 *
 * Owns the optimal-string-alignment edit distance and the search for
 * the nearest candidate word.  Rows of the dynamic-programming table
 * live on the stack for short words and in one heap block otherwise.
 */
#include "suggest.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Words up to this many bytes (the shorter one) need no heap. */
#define STACK_COLS 64

static unsigned char fold(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c - 'A' + 'a');
    return c;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;

    return m < c ? m : c;
}

/*
 * OSA distance of a (length la) and b (length lb), lb <= la, using
 * rows, which holds 3 * (lb + 1) words.
 */
static size_t osa(const unsigned char *a, size_t la,
                  const unsigned char *b, size_t lb, size_t *rows)
{
    size_t *prev2 = rows;
    size_t *prev = rows + (lb + 1);
    size_t *cur = rows + 2 * (lb + 1);
    size_t i, j;

    for (j = 0; j <= lb; j++)
        prev[j] = j;
    for (i = 1; i <= la; i++) {
        size_t *tmp;

        cur[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            size_t d = min3(prev[j] + 1, cur[j - 1] + 1,
                            prev[j - 1] + cost);

            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2])
                && fold(a[i - 2]) == fold(b[j - 1])
                && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        tmp = prev2;
        prev2 = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[lb];
}

size_t mk_suggest_distance(const char *a, const char *b)
{
    size_t stack_rows[3 * (STACK_COLS + 1)];
    const unsigned char *la_s, *lb_s;
    size_t la, lb, d;
    size_t *rows;

    if (a == NULL)
        a = "";
    if (b == NULL)
        b = "";
    la = strlen(a);
    lb = strlen(b);
    /* Make b the shorter string: the rows are as long as b. */
    if (lb > la) {
        la_s = (const unsigned char *)b;
        lb_s = (const unsigned char *)a;
        d = la;
        la = lb;
        lb = d;
    } else {
        la_s = (const unsigned char *)a;
        lb_s = (const unsigned char *)b;
    }
    if (lb == 0)
        return la;
    if (lb <= STACK_COLS)
        return osa(la_s, la, lb_s, lb, stack_rows);
    if (lb >= SIZE_MAX / 3 / sizeof(size_t) - 1)
        return SIZE_MAX;
    rows = mk_reallocarray(NULL, lb + 1, 3 * sizeof(size_t));
    if (rows == NULL)
        return SIZE_MAX;
    d = osa(la_s, la, lb_s, lb, rows);
    free(rows);
    return d;
}

const char *mk_suggest(const char *word, const char *const *candidates,
                       size_t n, size_t max_distance)
{
    const char *best = NULL;
    size_t best_d = 0;
    size_t i;

    if (word == NULL || candidates == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        size_t d;

        if (candidates[i] == NULL)
            continue;
        d = mk_suggest_distance(word, candidates[i]);
        if (d == SIZE_MAX || d > max_distance)
            continue;
        if (best == NULL || d < best_d) {
            best = candidates[i];
            best_d = d;
            if (d == 0)
                break;
        }
    }
    return best;
}

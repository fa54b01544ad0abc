/* shared_ref_survey.c — debug builds: which objects a thread counts without
 * owning them.
 *
 * Every increment or decrement of an object another thread owns is an
 * atomic on a cache line other threads may write: the cost that keeps a
 * program from scaling (DESIGN.md §3 rule 5). wf_incref and
 * wf_decref_shared call wf_debug_note_shared_ref for each; with
 * WEFT_DEBUG_SHARED_REFS set in the environment the calling thread tallies
 * them by object kind (a class or function by name, anything else by type)
 * and prints the tally to stderr when it ends, its busiest kinds first.
 *
 * Invariants: the note runs inside wf_incref, so it counts nothing, calls
 * nothing that could, and allocates nothing: the tally is a fixed
 * thread-local table of names it copies.
 */
#ifdef WF_DEBUG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/objects/objects.h"
#include "runtime/objects/code.h"
#include "threads/threads.h"

#define TALLY_SLOTS 128
#define NAME_BYTES 48

typedef struct Tally {
    char name[NAME_BYTES];   /* "" = free slot */
    uint64_t increments, decrements;
} Tally;

static _Thread_local Tally tallies[TALLY_SLOTS];
static _Thread_local uint64_t overflow_increments, overflow_decrements;
static int survey_enabled = -1;   /* -1: environment not read yet */

static bool survey_on(void) {
    int on = __atomic_load_n(&survey_enabled, __ATOMIC_RELAXED);
    if (on < 0) {
        const char *env = getenv("WEFT_DEBUG_SHARED_REFS");
        on = env != NULL && env[0] != '\0' && strcmp(env, "0") != 0;
        __atomic_store_n(&survey_enabled, on, __ATOMIC_RELAXED);
    }
    return on;
}

static const char *str_utf8_or(const WfObject *s, const char *fallback) {
    return s != NULL && wf_str_check(s) ? WF_STR_DATA(s) : fallback;
}

/* The kind an object is tallied under, written into buf. */
static void describe(const WfObject *op, char *buf) {
    const WfTypeObject *type = WF_TYPE(op);
    if (wf_type_check(op))
        snprintf(buf, NAME_BYTES, "class %s", ((const WfTypeObject *)op)->tp_name);
    else if (wf_function_check(op))
        snprintf(buf, NAME_BYTES, "function %s",
                 str_utf8_or(wf_function_qualname((const WfFunctionObject *)op), "?"));
    else if (wf_code_check(op))
        snprintf(buf, NAME_BYTES, "code %s", str_utf8_or(((const WfCodeObject *)op)->co_qualname, "?"));
    else
        snprintf(buf, NAME_BYTES, "%s", type->tp_name);
}

static Tally *find_tally(const char *name) {
    uint32_t h = 2166136261u;
    for (const char *c = name; *c; c++)
        h = (h ^ (uint8_t)*c) * 16777619u;
    for (uint32_t i = 0; i < TALLY_SLOTS; i++) {
        Tally *t = &tallies[(h + i) % TALLY_SLOTS];
        if (t->name[0] == '\0') {
            memcpy(t->name, name, NAME_BYTES);
            return t;
        }
        if (strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

void wf_debug_note_shared_ref(const WfObject *op, bool increment) {
    if (increment)
        wf_debug_shared_increfs++;
    if (!survey_on())
        return;
    char name[NAME_BYTES];
    describe(op, name);
    Tally *t = find_tally(name);
    if (t == NULL)
        *(increment ? &overflow_increments : &overflow_decrements) += 1;
    else if (increment)
        t->increments++;
    else
        t->decrements++;
}

static int busier_first(const void *a, const void *b) {
    const Tally *x = a, *y = b;
    uint64_t nx = x->increments + x->decrements, ny = y->increments + y->decrements;
    return nx < ny ? 1 : nx > ny ? -1 : strcmp(x->name, y->name);
}

void wf_debug_report_shared_refs(void) {
    if (!survey_on())
        return;
    Tally sorted[TALLY_SLOTS];
    int n = 0;
    uint64_t increments = overflow_increments, decrements = overflow_decrements;
    for (int i = 0; i < TALLY_SLOTS; i++) {
        if (tallies[i].name[0] == '\0')
            continue;
        sorted[n++] = tallies[i];
        increments += tallies[i].increments;
        decrements += tallies[i].decrements;
    }
    qsort(sorted, (size_t)n, sizeof(Tally), busier_first);
    char report[4096];
    int len = snprintf(report, sizeof report,
                       "weft: thread %#lx: %llu shared increments, %llu shared decrements\n",
                       (unsigned long)wf_thread_id(), (unsigned long long)increments, (unsigned long long)decrements);
    for (int i = 0; i < n && i < 20 && len < (int)sizeof report; i++)
        len += snprintf(report + len, sizeof report - (size_t)len, "  %10llu +%-10llu -%-10llu %s\n",
                        (unsigned long long)(sorted[i].increments + sorted[i].decrements),
                        (unsigned long long)sorted[i].increments,
                        (unsigned long long)sorted[i].decrements, sorted[i].name);
    fputs(report, stderr);
    memset(tallies, 0, sizeof tallies);
    overflow_increments = overflow_decrements = 0;
}
#endif

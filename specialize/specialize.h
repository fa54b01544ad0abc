/* specialize.h — the public header of specialize/: thread-local bytecode
 * (TLBC) and, later, the adaptive specializer and its statistics.
 *
 * Invariants (DESIGN.md §5):
 *  - Copy 0 of every code object is its main copy (co_code), never specialized.
 *  - A thread with TLBC index i executes copy i of a code object, made at its
 *    first RESUME of that code; only that thread writes into copy i.
 *  - With -X tlbc=0 every thread runs copy 0 and nothing is specialized.
 * Until the specializer exists every thread runs copy 0: the indirection is
 * in place so frames already remember which copy they execute.
 */
#ifndef WF_SPECIALIZE_H
#define WF_SPECIALIZE_H

#include "runtime/objects/objects.h"

/* The bytecode copy the calling thread must execute for code. */
static inline WfCodeUnit *wf_tlbc_code_for_thread(WfCodeObject *code) {
    return code->co_code;
}

/* -X stats: print specialization and TLBC figures at exit (stats.c). */
void wf_stats_print(FILE *out);

#endif /* WF_SPECIALIZE_H */

/* stats.c — `-X stats`: figures printed at exit.
 * Counters are per thread and summed at exit; until the specializer and the
 * collector land, the figures are the thread and code-copy counts. */
#include <stdio.h>

#include "specialize/specialize.h"

void wf_stats_print(FILE *out) {
    WfInterpreter *interp = &wf_main_interpreter;
    fprintf(out, "weft stats:\n");
    fprintf(out, "  tlbc: %s\n", interp->tlbc_enabled ? "on" : "off");
    fprintf(out, "  specialization: not yet implemented (all threads run the main copy)\n");
    fprintf(out, "  tlbc copies made: 0\n");
}

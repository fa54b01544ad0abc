/* compile.c — wf_compile_source: parse, build the symbol tables, generate
 * and assemble code, in one arena freed at the end.
 *
 * Invariants: the arena owns the AST, the symbol tables, the instruction
 * sequences and every object made along the way; only the returned code
 * object (a new reference) outlives it. No global state: compilations may
 * run on many threads at once.
 */
#include "compiler/compiler.h"

#include "compiler/codegen.h"
#include "compiler/parser.h"

WfObject *wf_compile_source(const char *source, size_t len, WfObject *filename, WfCompileMode mode) {
    WfArena *arena = wf_arena_new();
    if (arena == NULL)
        return wf_err_no_memory();
    WfObject *co = NULL;
    WfMod *mod = wf_parse(arena, source, len, filename, (int)mode);
    if (mod != NULL) {
        WfSymtable *st = wf_symtable_build(arena, mod, filename, source, len);
        if (st != NULL) {
            WfCompiler c = {
                .arena = arena,
                .st = st,
                .filename = filename,
                .source = source,
                .source_len = len,
                .mode = mode,
                .loc = {1, 1, 0, 0},
            };
            co = wf_cg_compile_mod(&c, mod);   /* a new reference, not the arena's */
        }
    }
    wf_arena_free(arena);
    return co;
}

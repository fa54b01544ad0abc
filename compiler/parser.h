/* parser.h — source text to AST (the public header of the front end).
 *
 * Invariants:
 *  - Any input bytes give either an AST or NULL with a SyntaxError
 *    (IndentationError, TabError) set on the current thread; never a crash.
 *    Nesting is bounded (WF_COMPILER_MAX_NESTING) in the tokenizer and the
 *    parser, so recursion depth is bounded too.
 *  - The AST and every object it references live in the caller's arena.
 *  - The parser keeps no global state: it may run on many threads at once.
 */
#ifndef WF_PARSER_H
#define WF_PARSER_H

#include <stddef.h>

#include "compiler/arena.h"
#include "compiler/ast.h"
#include "compiler/compiler.h"

/* Parses UTF-8 source (len bytes, need not be NUL-terminated). mode is a
 * WfCompileMode: EXEC -> Module, EVAL -> Expression, SINGLE -> Interactive.
 * filename (a str) is used in error locations. Returns NULL with an
 * exception set on error. */
WfMod *wf_parse(WfArena *arena, const char *source, size_t len, WfObject *filename, int mode);

#endif /* WF_PARSER_H */

/* compiler.h — the public header of compiler/: source text in, code object out.
 *
 * The compiler knows nothing about threads or frames. It uses only object
 * constructors (int, float, str, bytes, tuple, code) for its constants.
 * Every error is a SyntaxError (or IndentationError / TabError) set on the
 * current thread with file, line, column and the source line, never a crash:
 * nesting depth is bounded in the tokenizer, the parser and the code generator.
 */
#ifndef WF_COMPILER_H
#define WF_COMPILER_H

#include <stddef.h>

#include "runtime/objects/objects.h"

typedef enum WfCompileMode {
    WF_COMPILE_EXEC = 0,   /* a module or exec(): statements */
    WF_COMPILE_EVAL = 1,   /* eval(): one expression, its value returned */
    WF_COMPILE_SINGLE = 2, /* interactive: expression statements print their value */
} WfCompileMode;

/* Compiles UTF-8 source (need not be NUL-terminated) into a code object.
 * filename is a str used in errors and co_filename. NULL + SyntaxError on error. */
WfObject *wf_compile_source(const char *source, size_t len, WfObject *filename, WfCompileMode mode);

/* Maximum nesting (brackets, blocks, expressions) accepted before the
 * compiler reports "too many nested parentheses" / "too many statically nested blocks". */
#define WF_COMPILER_MAX_NESTING 200

#endif /* WF_COMPILER_H */

/* code.h — code objects: bytecode, constants, names, exception and location tables.
 *
 * Invariants:
 *  - co_code holds co_size 16-bit code units: each instruction is one unit
 *    (8-bit opcode, 8-bit argument), preceded by EXTENDED_ARG units when its
 *    argument exceeds 8 bits, and followed by wf_opcode_cache_size[op] cache
 *    units (compiler/opcodes.def), which the compiler sets to zero.
 *  - Jump arguments count code units, relative to the unit after the jump
 *    instruction's cache units.
 *  - co_code is the *main copy*; it is never specialized. Thread-local copies
 *    (specialize/tlbc.c) hang off co_tlbc; entry 0 is co_code itself.
 *  - localsplus slots are: arguments (posonly, positional, kwonly, *args,
 *    **kwargs in that order) then other locals, then cells, then free
 *    variables; co_localspluskinds[i] says which (a cell that is also an
 *    argument is LOCAL|CELL).
 *  - A code object is immutable after wf_code_new() returns and deferred
 *    (DESIGN §3), except co_tlbc, which only specialize/ writes.
 *
 * What the compiler (compiler/codegen*.c) guarantees about the code it makes:
 *  - Docstrings: every function-like code object (co_flags has
 *    WF_CO_OPTIMIZED: def, lambda, comprehension, generator expression) has
 *    co_consts[0] = its docstring (a str) or None. Only a `def` whose body
 *    starts with a string literal has a str there, so a function's __doc__ is
 *    co_consts[0] when it is a str, else None. Modules and class bodies store
 *    __doc__ with STORE_NAME instead.
 *  - MAKE_FUNCTION 0x04 annotations: a flat tuple (name1, value1, name2, ...)
 *    as CPython 3.11 builds it ("return" for the return annotation).
 *  - The first instruction is RESUME 0, after the prologue: COPY_FREE_VARS n,
 *    MAKE_CELL for each cell, then RETURN_GENERATOR for generators (no POP_TOP
 *    follows it). Every YIELD_VALUE is followed by RESUME 1; YIELD_VALUE's
 *    oparg is the number of exception handlers around it (as CPython 3.12;
 *    1 = only the generator's own StopIteration handler).
 *  - Generator bodies are wrapped in a handler that runs
 *    CALL_INTRINSIC_1 WF_INTRINSIC_STOPITERATION_ERROR; RERAISE 1.
 *  - RERAISE oparg != 0 reads lasti from the stack item just below the
 *    values it pops (CPython's values[0]); the handler for the RERAISE is
 *    looked up at the RERAISE's own offset, not at the restored lasti.
 *  - LOAD_FAST is only emitted where the local is bound on every path;
 *    elsewhere LOAD_FAST_CHECK.
 *  - Locations: every instruction has the (lineno, end_lineno, col, end_col)
 *    of its AST node (full spans for BinOp, Subscript, Call); artificial
 *    instructions inherit the previous instruction's location; -1 = none.
 */
#ifndef WF_CODE_H
#define WF_CODE_H

#include <stdio.h>

#include "runtime/objects/object.h"

typedef union WfCodeUnit {
    uint16_t cache;
    struct {
        uint8_t opcode;
        uint8_t arg;
    } op;
} WfCodeUnit;

/* co_flags: same values as CPython's CO_* */
#define WF_CO_OPTIMIZED   0x0001
#define WF_CO_NEWLOCALS   0x0002
#define WF_CO_VARARGS     0x0004
#define WF_CO_VARKEYWORDS 0x0008
#define WF_CO_NESTED      0x0010
#define WF_CO_GENERATOR   0x0020
#define WF_CO_NOFREE      0x0040

/* co_localspluskinds */
#define WF_LOCALS_KIND_LOCAL 0x20
#define WF_LOCALS_KIND_CELL  0x40
#define WF_LOCALS_KIND_FREE  0x80

/* One exception-table entry: an exception raised by an instruction whose
 * unit offset is in [start, end) pops the value stack down to `depth` items,
 * pushes the raising instruction's offset (an int) when push_lasti, then the
 * exception, and jumps to `target`. Entries are sorted by start, disjoint. */
typedef struct WfExceptionTableEntry {
    uint32_t start, end, target;
    uint16_t depth;
    uint8_t push_lasti;
} WfExceptionTableEntry;

/* One location entry: instructions from unit offset `start` up to the next
 * entry's start come from these source positions (columns are 0-based UTF-8
 * byte offsets as in CPython's co_positions; -1 = unknown). */
typedef struct WfLocationEntry {
    uint32_t start;
    int32_t lineno, end_lineno;
    int32_t col, end_col;
} WfLocationEntry;

typedef struct WfCodeObject {
    WF_OBJECT_HEAD;
    int co_argcount;            /* positional, including posonly */
    int co_posonlyargcount;
    int co_kwonlyargcount;
    int co_flags;
    int co_nlocalsplus;         /* all slots: locals + cells + frees */
    int co_nlocals;             /* slots that are plain locals (kind has LOCAL) */
    int co_ncellvars;           /* slots with CELL (including LOCAL|CELL) */
    int co_nfreevars;           /* slots with FREE (always the last ones) */
    int co_stacksize;           /* maximum value-stack depth */
    int co_firstlineno;
    WfObject *co_consts;        /* tuple */
    WfObject *co_names;         /* tuple of interned str */
    WfObject *co_localsplusnames; /* tuple of interned str, co_nlocalsplus long */
    uint8_t *co_localspluskinds;  /* co_nlocalsplus bytes */
    WfObject *co_filename, *co_name, *co_qualname; /* str */
    WfExceptionTableEntry *co_exceptiontable;
    int co_exceptiontable_len;
    WfLocationEntry *co_locations;
    int co_locations_len;
    uint32_t co_thread_ref_id;  /* 0 until given (thread_refs.c) */
    _Atomic(void *) co_tlbc;    /* specialize/tlbc.c: per-thread copies */
    void *co_extra;             /* specialize/: per-code data */
    wf_ssize_t co_size;         /* number of code units */
    WfCodeUnit co_code[];       /* the main copy */
} WfCodeObject;

#define wf_code_check(o) (WF_TYPE(o) == &wf_code_type)

/* Everything a code object is made of; wf_code_new copies the arrays and
 * takes new references to the objects. */
typedef struct WfCodeSpec {
    int argcount, posonlyargcount, kwonlyargcount, flags, stacksize, firstlineno;
    WfObject *consts, *names, *localsplusnames;
    const uint8_t *localspluskinds;
    WfObject *filename, *name, *qualname;
    const WfCodeUnit *code;
    wf_ssize_t code_size;
    const WfExceptionTableEntry *exceptiontable;
    int exceptiontable_len;
    const WfLocationEntry *locations;
    int locations_len;
} WfCodeSpec;

WfObject *wf_code_new(const WfCodeSpec *spec);
/* Source positions of the instruction at unit offset; returns 0 when unknown. */
int wf_code_addr_to_location(const WfCodeObject *co, int offset, int *lineno, int *end_lineno,
                             int *col, int *end_col);
int wf_code_addr_to_line(const WfCodeObject *co, int offset);   /* -1 when unknown */
/* Finds the handler for an exception at unit offset; NULL when none. */
const WfExceptionTableEntry *wf_code_find_handler(const WfCodeObject *co, int offset);
/* Prints a dis-style listing of co and every code object in its constants. */
void wf_code_disassemble(WfObject *code, FILE *out);

#endif /* WF_CODE_H */

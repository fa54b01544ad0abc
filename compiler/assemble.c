/* assemble.c — from a unit's instruction sequence to a code object.
 *
 * The passes, in order (CPython 3.12's flowgraph.c + assemble.c, simplified):
 *   1. localsplus layout; prologue (COPY_FREE_VARS, MAKE_CELL, RETURN_GENERATOR);
 *      cell/free opargs mapped to localsplus slots;
 *   2. basic blocks (a label starts one, a jump or exit ends one);
 *   3. reachability and exception handlers: the SETUP_* / POP_BLOCK
 *      pseudo-instructions are interpreted along the control flow to give
 *      every instruction its handler block (label_exception_targets);
 *   4. LOAD_FAST -> LOAD_FAST_CHECK where a local may be unbound;
 *   5. line numbers of artificial instructions (propagate_line_numbers);
 *   6. stack depth, handler depths;
 *   7. pseudo-instructions removed, LOAD_CONST+RETURN_VALUE -> RETURN_CONST,
 *      LOAD_FAST -> LOAD_FAST_BORROW where the copy is only read, backward
 *      conditional jumps inverted around a JUMP_BACKWARD, jumps to the next
 *      block dropped;
 *   8. offsets with EXTENDED_ARG until stable, then code units, the
 *      exception table and the location table.
 *
 * Invariants: jumps are relative in code units from the unit after the
 * jump's caches; POP_JUMP_IF_*, FOR_ITER and SEND only jump forward; every
 * reachable block is entered with one stack depth.
 */
#include "compiler/codegen.h"

#include <limits.h>
#include <string.h>

typedef struct ABlock ABlock;

typedef struct AInstr {
    int opcode, oparg;
    WfLoc loc;
    ABlock *target;    /* jumps and SETUP_* */
    ABlock *except;    /* handler, or NULL */
} AInstr;

struct ABlock {
    AInstr *instrs;
    int n, cap;
    int order;         /* position in the layout */
    bool visited;
    bool handler;      /* target of a SETUP_* */
    bool preserve_lasti;
    int preds;
    int startdepth;    /* INT_MIN until known */
    int offset;        /* code units */
    ABlock **exc_stack;/* handlers active at entry (pass 3) */
    int exc_depth;
    uint64_t *unbound; /* pass 4: locals maybe unbound at entry */
    bool in_work;
};

typedef struct Asm {
    WfCompiler *c;
    WfUnit *u;
    WfArena *arena;
    ABlock **blocks;   /* layout order */
    int nblocks, blocks_cap;
    int nlocals, nwords;
} Asm;

#define CHECK(x) do { if ((x) < 0) return -1; } while (0)

static bool is_terminator(int op) {
    if (op == WF_JUMP || op == WF_JUMP_NO_INTERRUPT)
        return true;
    return !wf_is_pseudo(op) && (wf_opcode_flags[op] & WF_OPF_NO_FALLTHROUGH);
}

static bool ends_block(int op) {
    return is_terminator(op) || wf_cg_has_target(op);
}

static bool falls_through(ABlock *b) {
    return b->n == 0 || !is_terminator(b->instrs[b->n - 1].opcode);
}

static ABlock *new_block(Asm *a) {
    ABlock *b = wf_arena_calloc(a->arena, sizeof(ABlock));
    if (b == NULL)
        return NULL;
    b->startdepth = INT_MIN;
    if (wf_arena_grow(a->arena, (void **)&a->blocks, &a->blocks_cap, a->nblocks + 1,
                      sizeof(ABlock *)) < 0)
        return NULL;
    a->blocks[a->nblocks++] = b;
    return b;
}

static int block_add(Asm *a, ABlock *b, AInstr in) {
    if (wf_arena_grow(a->arena, (void **)&b->instrs, &b->cap, b->n + 1, sizeof(AInstr)) < 0)
        return -1;
    b->instrs[b->n++] = in;
    return 0;
}

static int internal_error(const char *what) {
    wf_err_format(wf_exc_SystemError, "compiler: %s", what);
    return -1;
}

/* ======================================================================
 * 1-2. Layout of localsplus, prologue, basic blocks
 * ====================================================================== */

typedef struct Layout {
    int nlocals, ncells_extra, nfree;
    int *cell_slot;        /* cell-space index -> localsplus slot */
    WfObject **names;      /* localsplus names */
    uint8_t *kinds;
    int nlocalsplus;
} Layout;

static int compute_layout(Asm *a, Layout *L) {
    WfUnit *u = a->u;
    WfPtrMap *vn = &u->varnames.map;
    L->nlocals = vn->len;
    L->nfree = u->nfreevars;
    int ncells = u->ncellvars;
    L->cell_slot = wf_arena_alloc(a->arena, (size_t)(ncells + L->nfree + 1) * sizeof(int));
    L->names = wf_arena_alloc(a->arena,
                              (size_t)(L->nlocals + ncells + L->nfree + 1) * sizeof(WfObject *));
    L->kinds = wf_arena_calloc(a->arena, (size_t)(L->nlocals + ncells + L->nfree + 1));
    if (L->cell_slot == NULL || L->names == NULL || L->kinds == NULL)
        return -1;
    for (int i = 0; i < L->nlocals; i++) {
        L->names[i] = (WfObject *)vn->keys[i];
        L->kinds[i] = WF_LOCALS_KIND_LOCAL;
    }
    int slot = L->nlocals;
    for (int i = 0; i < ncells; i++) {
        int *arg = wf_ptrmap_get(vn, u->cellvars[i]);
        if (arg != NULL) {   /* a cell that is an argument: LOCAL|CELL in place */
            L->cell_slot[i] = *arg;
            L->kinds[*arg] |= WF_LOCALS_KIND_CELL;
        } else {
            L->cell_slot[i] = slot;
            L->names[slot] = u->cellvars[i];
            L->kinds[slot++] = WF_LOCALS_KIND_CELL;
        }
    }
    for (int i = 0; i < L->nfree; i++) {
        L->cell_slot[ncells + i] = slot;
        L->names[slot] = u->freevars[i];
        L->kinds[slot++] = WF_LOCALS_KIND_FREE;
    }
    L->nlocalsplus = slot;
    return 0;
}

static bool is_deref_op(int op) {
    return op == LOAD_DEREF || op == STORE_DEREF || op == DELETE_DEREF ||
           op == LOAD_CLASSDEREF || op == LOAD_CLOSURE || op == MAKE_CELL;
}

static int build_blocks(Asm *a, Layout *L, int flags) {
    WfUnit *u = a->u;
    WfInstrSeq *s = &u->seq;
    /* the prologue runs before RESUME */
    WfLoc ploc = {u->firstlineno, u->firstlineno, 0, 0};
    ABlock *entry = new_block(a);
    if (entry == NULL)
        return -1;
    if (L->nfree > 0)
        CHECK(block_add(a, entry, (AInstr){COPY_FREE_VARS, L->nfree, ploc, NULL, NULL}));
    for (int i = 0; i < u->ncellvars; i++)
        CHECK(block_add(a, entry, (AInstr){MAKE_CELL, L->cell_slot[i], ploc, NULL, NULL}));
    if (flags & WF_CO_GENERATOR)
        CHECK(block_add(a, entry, (AInstr){RETURN_GENERATOR, 0, ploc, NULL, NULL}));

    /* labels -> blocks */
    ABlock **label_block = wf_arena_calloc(a->arena, (size_t)(s->nlabels + 1) * sizeof(ABlock *));
    ABlock **at = wf_arena_calloc(a->arena, (size_t)(s->len + 1) * sizeof(ABlock *));
    bool *starts = wf_arena_calloc(a->arena, (size_t)(s->len + 1));
    if (label_block == NULL || at == NULL || starts == NULL)
        return -1;
    for (int l = 0; l < s->nlabels; l++) {
        int pos = s->label_pos[l];
        if (pos < 0)
            continue;
        if (pos >= s->len)
            return internal_error("label past the end of the code");
        starts[pos] = true;
    }
    for (int i = 0; i + 1 < s->len; i++)
        if (ends_block(s->instrs[i].opcode))
            starts[i + 1] = true;
    ABlock *cur = entry;
    for (int i = 0; i < s->len; i++) {
        if (starts[i] && cur->n > 0) {
            cur = new_block(a);
            if (cur == NULL)
                return -1;
        }
        at[i] = cur;
        WfInstr *in = &s->instrs[i];
        int oparg = in->oparg;
        if (is_deref_op(in->opcode))
            oparg = L->cell_slot[oparg];
        CHECK(block_add(a, cur, (AInstr){in->opcode, oparg, in->loc, NULL, NULL}));
    }
    for (int l = 0; l < s->nlabels; l++)
        if (s->label_pos[l] >= 0)
            label_block[l] = at[s->label_pos[l]];
    /* resolve targets: walk the sequence again */
    for (int i = 0; i < s->len; i++) {
        WfInstr *in = &s->instrs[i];
        if (in->target < 0)
            continue;
        ABlock *t = label_block[in->target];
        if (t == NULL)
            return internal_error("jump to an unplaced label");
        ABlock *b = at[i];
        wf_assert(b->n > 0 && b->instrs[b->n - 1].opcode == in->opcode);
        b->instrs[b->n - 1].target = t;
    }
    ABlock *last = a->blocks[a->nblocks - 1];
    if (falls_through(last))
        return internal_error("code falls off the end");
    for (int i = 0; i < a->nblocks; i++)
        a->blocks[i]->order = i;
    return 0;
}

/* ======================================================================
 * 3. Reachability and exception handlers
 * ====================================================================== */

static int set_exc_stack(Asm *a, ABlock *b, ABlock **stack, int depth) {
    b->exc_stack = wf_arena_alloc(a->arena, (size_t)(depth + 1) * sizeof(ABlock *));
    if (b->exc_stack == NULL)
        return -1;
    memcpy(b->exc_stack, stack, (size_t)depth * sizeof(ABlock *));
    b->exc_depth = depth;
    return 0;
}

static int label_exception_targets(Asm *a) {
    ABlock **work = wf_arena_alloc(a->arena, (size_t)(a->nblocks + 1) * sizeof(ABlock *));
    ABlock **stack = wf_arena_alloc(a->arena, (size_t)(WF_MAX_FBLOCKS * 4 + 8) * sizeof(ABlock *));
    if (work == NULL || stack == NULL)
        return -1;
    int nwork = 0;
    ABlock *entry = a->blocks[0];
    entry->visited = true;
    CHECK(set_exc_stack(a, entry, stack, 0));
    work[nwork++] = entry;
    int maxdepth = WF_MAX_FBLOCKS * 4 + 8;
    while (nwork > 0) {
        ABlock *b = work[--nwork];
        int depth = b->exc_depth;
        memcpy(stack, b->exc_stack, (size_t)depth * sizeof(ABlock *));
        for (int i = 0; i < b->n; i++) {
            AInstr *in = &b->instrs[i];
            ABlock *handler = depth > 0 ? stack[depth - 1] : NULL;
            if (wf_is_block_push(in->opcode)) {
                ABlock *t = in->target;
                t->handler = true;
                if (in->opcode != WF_SETUP_FINALLY)
                    t->preserve_lasti = true;
                if (!t->visited) {
                    t->visited = true;
                    CHECK(set_exc_stack(a, t, stack, depth));
                    work[nwork++] = t;
                }
                if (depth >= maxdepth)
                    return internal_error("handler stack overflow");
                stack[depth++] = t;
                in->except = handler;
            } else if (in->opcode == WF_POP_BLOCK) {
                if (depth > 0)
                    depth--;
                in->except = handler;
            } else {
                in->except = handler;
                if (in->opcode == YIELD_VALUE)
                    in->oparg = depth;   /* as CPython 3.12: handlers around the yield */
                if (in->target != NULL && !in->target->visited) {
                    in->target->visited = true;
                    CHECK(set_exc_stack(a, in->target, stack, depth));
                    work[nwork++] = in->target;
                }
            }
        }
        if (falls_through(b) && b->order + 1 < a->nblocks) {
            ABlock *next = a->blocks[b->order + 1];
            if (!next->visited) {
                next->visited = true;
                CHECK(set_exc_stack(a, next, stack, depth));
                work[nwork++] = next;
            }
        }
    }
    /* drop unreachable blocks */
    int k = 0;
    for (int i = 0; i < a->nblocks; i++)
        if (a->blocks[i]->visited)
            a->blocks[k++] = a->blocks[i];
    a->nblocks = k;
    for (int i = 0; i < a->nblocks; i++)
        a->blocks[i]->order = i;
    return 0;
}

/* ======================================================================
 * 4. LOAD_FAST_CHECK for locals that may be unbound
 * ====================================================================== */

/* t's entry state |= state: 1 when it grew, 0 when not, -1 on MemoryError. */
static int merge_unbound(Asm *a, ABlock *t, const uint64_t *state) {
    if (t->unbound == NULL) {
        t->unbound = wf_arena_alloc(a->arena, (size_t)a->nwords * sizeof(uint64_t));
        if (t->unbound == NULL)
            return -1;
        memcpy(t->unbound, state, (size_t)a->nwords * sizeof(uint64_t));
        return 1;
    }
    int changed = 0;
    for (int w = 0; w < a->nwords; w++) {
        uint64_t n = t->unbound[w] | state[w];
        if (n != t->unbound[w]) {
            t->unbound[w] = n;
            changed = 1;
        }
    }
    return changed;
}

/* Merges state into t and queues t when its state grew. */
static int flow_to(Asm *a, ABlock **work, int *nwork, ABlock *t, const uint64_t *state) {
    int r = merge_unbound(a, t, state);
    if (r > 0 && !t->in_work) {
        t->in_work = true;
        work[(*nwork)++] = t;
    }
    return r < 0 ? -1 : 0;
}

static int check_unbound_locals(Asm *a, int nparams) {
    if (a->nlocals == 0)
        return 0;
    a->nwords = (a->nlocals + 63) / 64;
    uint64_t *state = wf_arena_alloc(a->arena, (size_t)a->nwords * sizeof(uint64_t));
    ABlock **work = wf_arena_alloc(a->arena, (size_t)(a->nblocks + 1) * sizeof(ABlock *));
    if (state == NULL || work == NULL)
        return -1;
    memset(state, 0, (size_t)a->nwords * sizeof(uint64_t));
    for (int i = nparams; i < a->nlocals; i++)
        state[i / 64] |= (uint64_t)1 << (i % 64);
    int nwork = 0;
    CHECK(flow_to(a, work, &nwork, a->blocks[0], state));
    while (nwork > 0) {
        ABlock *b = work[--nwork];
        b->in_work = false;
        memcpy(state, b->unbound, (size_t)a->nwords * sizeof(uint64_t));
        for (int i = 0; i < b->n; i++) {
            AInstr *in = &b->instrs[i];
            if (in->except != NULL)
                CHECK(flow_to(a, work, &nwork, in->except, state));
            if (in->target != NULL)
                CHECK(flow_to(a, work, &nwork, in->target, state));
            int x = in->oparg;
            uint64_t bit = (uint64_t)1 << (x % 64);
            switch (in->opcode) {
            case LOAD_FAST:
                if (state[x / 64] & bit)
                    in->opcode = LOAD_FAST_CHECK;
                state[x / 64] &= ~bit;   /* bound after the check */
                break;
            case LOAD_FAST_CHECK:
            case STORE_FAST:
                state[x / 64] &= ~bit;
                break;
            case DELETE_FAST:
                state[x / 64] |= bit;
                break;
            default:
                break;
            }
        }
        if (falls_through(b) && b->order + 1 < a->nblocks)
            CHECK(flow_to(a, work, &nwork, a->blocks[b->order + 1], state));
    }
    return 0;
}

/* ======================================================================
 * 5. Locations of artificial instructions
 * ====================================================================== */

static void count_predecessors(Asm *a) {
    for (int i = 0; i < a->nblocks; i++)
        a->blocks[i]->preds = 0;
    a->blocks[0]->preds = 1;
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        for (int k = 0; k < b->n; k++)
            if (b->instrs[k].target != NULL)
                b->instrs[k].target->preds++;
        if (falls_through(b) && i + 1 < a->nblocks)
            a->blocks[i + 1]->preds++;
    }
}

static void propagate_line_numbers(Asm *a) {
    count_predecessors(a);
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        if (b->n == 0)
            continue;
        WfLoc prev = WF_NO_LOC;
        for (int k = 0; k < b->n; k++) {
            if (b->instrs[k].loc.lineno < 0)
                b->instrs[k].loc = prev;
            else
                prev = b->instrs[k].loc;
        }
        AInstr *last = &b->instrs[b->n - 1];
        if (falls_through(b) && i + 1 < a->nblocks) {
            ABlock *next = a->blocks[i + 1];
            if (next->preds == 1 && next->n > 0 && next->instrs[0].loc.lineno < 0)
                next->instrs[0].loc = prev;
        }
        if (last->target != NULL && last->target->preds == 1 && last->target->n > 0 &&
            last->target->instrs[0].loc.lineno < 0)
            last->target->instrs[0].loc = prev;
    }
}

/* ======================================================================
 * 6. Stack depth
 * ====================================================================== */

static int stackdepth_push(ABlock **work, int *nwork, ABlock *b, int depth) {
    if (b->startdepth == INT_MIN) {
        b->startdepth = depth;
        work[(*nwork)++] = b;
        return 0;
    }
    if (b->startdepth != depth)
        return internal_error("inconsistent stack depth");
    return 0;
}

static int calculate_stackdepth(Asm *a) {
    ABlock **work = wf_arena_alloc(a->arena, (size_t)(a->nblocks + 1) * sizeof(ABlock *));
    if (work == NULL)
        return -1;
    int nwork = 0, maxdepth = 0;
    CHECK(stackdepth_push(work, &nwork, a->blocks[0], 0));
    while (nwork > 0) {
        ABlock *b = work[--nwork];
        int depth = b->startdepth;
        bool fall = true;
        for (int i = 0; i < b->n; i++) {
            AInstr *in = &b->instrs[i];
            int effect = wf_cg_stack_effect(in->opcode, in->oparg, false);
            if (effect == INT32_MIN)
                return internal_error("unknown opcode");
            int new_depth = depth + effect;
            if (new_depth > maxdepth)
                maxdepth = new_depth;
            if (in->target != NULL) {
                int td = depth + wf_cg_stack_effect(in->opcode, in->oparg, true);
                if (td > maxdepth)
                    maxdepth = td;
                if (td < 0)
                    return internal_error("negative stack depth");
                CHECK(stackdepth_push(work, &nwork, in->target, td));
            }
            depth = new_depth;
            if (depth < 0)
                return internal_error("negative stack depth");
            if (is_terminator(in->opcode)) {
                fall = false;
                break;
            }
        }
        if (fall && b->order + 1 < a->nblocks)
            CHECK(stackdepth_push(work, &nwork, a->blocks[b->order + 1], depth));
    }
    return maxdepth;
}

/* ======================================================================
 * 7. Final instruction selection
 * ====================================================================== */

static void remove_pseudo_and_peephole(Asm *a) {
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        int k = 0;
        for (int j = 0; j < b->n; j++) {
            AInstr in = b->instrs[j];
            if (wf_is_block_push(in.opcode) || in.opcode == WF_POP_BLOCK || in.opcode == NOP) {
                in.target = NULL;
                continue;
            }
            if (in.opcode == RETURN_VALUE && k > 0 && b->instrs[k - 1].opcode == LOAD_CONST &&
                b->instrs[k - 1].except == in.except) {
                b->instrs[k - 1].opcode = RETURN_CONST;
                continue;
            }
            b->instrs[k++] = in;
        }
        b->n = k;
    }
}

/* LOAD_FAST -> LOAD_FAST_BORROW: the copy is pushed uncounted, so reading a
 * shared object through a local (`data[i]`, `i < n`, `self.x`) writes
 * nothing to it (DESIGN.md §3 rule 5). Safe when the local keeps its
 * reference for as long as the copy lives (CPython 3.14's rule):
 *  - the copy is consumed in the same basic block, before any instruction
 *    that can rebind the local (only the frame's own stores and deletes do:
 *    frame locals are snapshots for other code);
 *  - its consumer only reads it: it closes the copy or takes a counted
 *    reference of its own, and never moves the slot into a result or a
 *    local (borrowing_consumer); or it is a call, which moves it into the
 *    callee's frame as an argument: that frame ends before the caller can
 *    rebind the local, a generator's frame counts its arguments at
 *    RETURN_GENERATOR, and RETURN_VALUE counts a returned copy
 *    (WF_STACKREF_LOCAL, stackref.h).
 * A generator suspended between load and use keeps the local beside the
 * copy in its own frame, and unwinding only closes the copy (a no-op). */
typedef struct Loaded {
    int instr;   /* index in the block of the LOAD_FAST that pushed it, -1: other */
    int local;
} Loaded;

/* Whether input `depth` (0 = top of stack) of `in` may be a borrowed copy. */
static bool borrowing_consumer(const AInstr *in, int depth) {
    switch (in->opcode) {
    case POP_TOP: case UNARY_NEGATIVE: case UNARY_POSITIVE: case UNARY_NOT: case UNARY_INVERT:
    case BINARY_OP: case COMPARE_OP: case IS_OP: case CONTAINS_OP:
    case BINARY_SUBSCR: case STORE_SUBSCR: case DELETE_SUBSCR: case BINARY_SLICE: case STORE_SLICE:
    case POP_JUMP_IF_FALSE: case POP_JUMP_IF_TRUE: case POP_JUMP_IF_NONE: case POP_JUMP_IF_NOT_NONE:
    case STORE_ATTR: case DELETE_ATTR:
    case GET_ITER: case UNPACK_SEQUENCE: case UNPACK_EX: case FORMAT_VALUE:
        return true;
    case LOAD_ATTR:   /* the method form passes the owner on as self (find_unborrowable_loads) */
        return true;
    case CALL:        /* (callable self_or_null args...): not the callable */
        return depth <= in->oparg;
    case CALL_KW:     /* (callable self_or_null args... kwnames) */
        return depth <= in->oparg + 1;
    default:
        return false;
    }
}

static bool rebinds_local(int opcode) {
    switch (opcode) {
    case STORE_FAST: case DELETE_FAST: case MAKE_CELL: case STORE_DEREF: case DELETE_DEREF:
        return true;
    default:
        return false;
    }
}

/* Simulates one block's stack; marks the LOAD_FASTs whose copy may not be
 * borrowed. false when the simulation does not fit (nothing is borrowed). */
static bool find_unborrowable_loads(ABlock *b, Loaded *stack, int stacksize, bool *unsafe) {
    int depth = b->startdepth;
    if (depth < 0 || depth > stacksize)
        return false;
    for (int k = 0; k < depth; k++)
        stack[k] = (Loaded){-1, -1};
    for (int j = 0; j < b->n; j++) {
        const AInstr *in = &b->instrs[j];
        int op = in->opcode;
        if (rebinds_local(op))
            for (int k = 0; k < depth; k++)
                if (stack[k].instr >= 0 && stack[k].local == in->oparg)
                    unsafe[stack[k].instr] = true;
        if (op == WF_JUMP || op == WF_JUMP_NO_INTERRUPT)   /* turned into real jumps later */
            continue;
        if (wf_is_pseudo(op))
            return false;
        if (op == SWAP) {
            if (in->oparg > depth)
                return false;
            Loaded t = stack[depth - 1];
            stack[depth - 1] = stack[depth - in->oparg];
            stack[depth - in->oparg] = t;
            continue;
        }
        int pops = wf_opcode_pops(op, in->oparg), pushes = wf_opcode_pushes(op, in->oparg);
        if (pops < 0 || pushes < 0 || pops > depth || depth - pops + pushes > stacksize)
            return false;
        if (op == COPY) {   /* two slots, one reference: keep it counted */
            Loaded *src = &stack[depth - in->oparg];
            if (src->instr >= 0)
                unsafe[src->instr] = true;
            stack[depth++] = (Loaded){-1, -1};
            continue;
        }
        Loaded owner = depth > 0 ? stack[depth - 1] : (Loaded){-1, -1};
        for (int k = 0; k < pops; k++) {
            Loaded l = stack[--depth];
            if (l.instr >= 0 && !borrowing_consumer(in, k))
                unsafe[l.instr] = true;
        }
        for (int k = 0; k < pushes; k++)
            stack[depth++] = op == LOAD_FAST ? (Loaded){j, in->oparg} : (Loaded){-1, -1};
        if (op == LOAD_ATTR && (in->oparg & 1))   /* (owner -- method self): self is the copy */
            stack[depth - 1] = owner;
    }
    for (int k = 0; k < depth; k++)   /* still on the stack when the block ends */
        if (stack[k].instr >= 0)
            unsafe[stack[k].instr] = true;
    return true;
}

static int borrow_fast_loads(Asm *a, int stacksize) {
    Loaded *stack = wf_arena_alloc(a->arena, (size_t)(stacksize + 1) * sizeof(Loaded));
    if (stack == NULL)
        return -1;
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        if (b->n == 0 || b->startdepth == INT_MIN)
            continue;
        bool *unsafe = wf_arena_calloc(a->arena, (size_t)b->n * sizeof(bool));
        if (unsafe == NULL)
            return -1;
        if (!find_unborrowable_loads(b, stack, stacksize, unsafe))
            continue;
        for (int j = 0; j < b->n; j++)
            if (b->instrs[j].opcode == LOAD_FAST && !unsafe[j])
                b->instrs[j].opcode = LOAD_FAST_BORROW;
    }
    return 0;
}

static int invert_jump(int op) {
    switch (op) {
    case POP_JUMP_IF_FALSE: return POP_JUMP_IF_TRUE;
    case POP_JUMP_IF_TRUE: return POP_JUMP_IF_FALSE;
    case POP_JUMP_IF_NONE: return POP_JUMP_IF_NOT_NONE;
    case POP_JUMP_IF_NOT_NONE: return POP_JUMP_IF_NONE;
    }
    return -1;
}

/* A backward conditional jump becomes: inverted jump over a JUMP_BACKWARD. */
static int normalize_jumps(Asm *a) {
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        if (b->n == 0)
            continue;
        AInstr *last = &b->instrs[b->n - 1];
        if (last->target == NULL || last->opcode == WF_JUMP ||
            last->opcode == WF_JUMP_NO_INTERRUPT || last->target->order > b->order)
            continue;
        int inv = invert_jump(last->opcode);
        if (inv < 0)
            return internal_error("backward jump that cannot be inverted");
        if (i + 1 >= a->nblocks)
            return internal_error("conditional jump at the end of the code");
        ABlock *jb = new_block(a);   /* appended: move it after b */
        if (jb == NULL)
            return -1;
        a->nblocks--;
        memmove(&a->blocks[i + 2], &a->blocks[i + 1], (size_t)(a->nblocks - i - 1) * sizeof(ABlock *));
        a->blocks[i + 1] = jb;
        a->nblocks++;
        CHECK(block_add(a, jb, (AInstr){WF_JUMP, 0, last->loc, last->target, last->except}));
        last = &b->instrs[b->n - 1];
        last->opcode = inv;
        last->target = a->blocks[i + 2];
        for (int k = 0; k < a->nblocks; k++)
            a->blocks[k]->order = k;
    }
    return 0;
}

static void remove_redundant_jumps(Asm *a) {
    for (int i = 0; i + 1 < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        if (b->n == 0)
            continue;
        AInstr *last = &b->instrs[b->n - 1];
        if ((last->opcode == WF_JUMP || last->opcode == WF_JUMP_NO_INTERRUPT)) {
            /* a jump to the next non-empty block (or an empty one before it) */
            for (int j = i + 1; j < a->nblocks; j++) {
                if (last->target == a->blocks[j]) {
                    b->n--;
                    break;
                }
                if (a->blocks[j]->n > 0)
                    break;
            }
        }
    }
}

/* ======================================================================
 * 8. Offsets, code units, tables
 * ====================================================================== */

static int arg_units(int oparg) {
    if (oparg < 0)
        oparg = 0;
    return oparg >= (1 << 24) ? 4 : oparg >= (1 << 16) ? 3 : oparg >= (1 << 8) ? 2 : 1;
}

static int instr_size(AInstr *in) {
    int op = in->opcode;
    int cache = wf_is_pseudo(op) ? 0 : wf_opcode_cache_size[op];
    return arg_units(in->oparg) + cache;
}

/* Resolves jump opcodes and opargs from the current offsets; returns the
 * total size. */
static int resolve_jumps(Asm *a) {
    int off = 0;
    for (int i = 0; i < a->nblocks; i++) {
        a->blocks[i]->offset = off;
        for (int k = 0; k < a->blocks[i]->n; k++)
            off += instr_size(&a->blocks[i]->instrs[k]);
    }
    return off;
}

static int final_opcode(AInstr *in, ABlock *b) {
    bool backward = in->target->order <= b->order;
    if (in->opcode == WF_JUMP)
        return backward ? JUMP_BACKWARD : JUMP_FORWARD;
    if (in->opcode == WF_JUMP_NO_INTERRUPT)
        return backward ? JUMP_BACKWARD_NO_INTERRUPT : JUMP_FORWARD;
    return in->opcode;
}

/* Offsets depend on EXTENDED_ARG sizes, which depend on jump distances:
 * iterate until no instruction changes size. */
static int compute_offsets(Asm *a) {
    for (int iter = 0; iter < 64; iter++) {
        int total = resolve_jumps(a);
        bool changed = false;
        for (int i = 0; i < a->nblocks; i++) {
            ABlock *b = a->blocks[i];
            int off = b->offset;
            for (int k = 0; k < b->n; k++) {
                AInstr *in = &b->instrs[k];
                int size = instr_size(in);
                if (in->target != NULL) {
                    int op = final_opcode(in, b);
                    int after = off + size;   /* jumps have no caches but FOR_ITER/SEND */
                    if (wf_is_pseudo(in->opcode))
                        after = off + arg_units(in->oparg) + wf_opcode_cache_size[op];
                    int arg = (wf_opcode_flags[op] & WF_OPF_JUMP_BACKWARD)
                                  ? after - in->target->offset
                                  : in->target->offset - after;
                    if (arg < 0)
                        return internal_error("jump in the wrong direction");
                    if (arg_units(arg) != arg_units(in->oparg))
                        changed = true;
                    in->oparg = arg;
                }
                off += size;
            }
        }
        if (!changed)
            return total;
    }
    return internal_error("jump offsets do not converge");
}

typedef struct Out {
    WfCodeUnit *code;
    int ncode;
    WfExceptionTableEntry *exc;
    int nexc, exc_cap;
    WfLocationEntry *locs;
    int nlocs, locs_cap;
} Out;

static int emit_units(Asm *a, Out *o, int total) {
    o->code = wf_arena_alloc(a->arena, (size_t)(total + 1) * sizeof(WfCodeUnit));
    if (o->code == NULL)
        return -1;
    int pos = 0;
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        for (int k = 0; k < b->n; k++) {
            AInstr *in = &b->instrs[k];
            int op = in->target ? final_opcode(in, b) : in->opcode;
            if (wf_is_pseudo(op))
                return internal_error("pseudo-instruction left in the code");
            int units = arg_units(in->oparg);
            unsigned arg = (unsigned)(in->oparg < 0 ? 0 : in->oparg);
            for (int u = units - 1; u >= 1; u--) {
                o->code[pos].op.opcode = EXTENDED_ARG;
                o->code[pos].op.arg = (uint8_t)(arg >> (8 * u));
                pos++;
            }
            o->code[pos].op.opcode = (uint8_t)op;
            o->code[pos].op.arg = (uint8_t)arg;
            pos++;
            for (int cu = 0; cu < wf_opcode_cache_size[op]; cu++)
                o->code[pos++].cache = 0;
        }
    }
    o->ncode = pos;
    return pos == total ? 0 : internal_error("code size mismatch");
}

static bool same_loc(WfLoc x, WfLoc y) {
    return x.lineno == y.lineno && x.end_lineno == y.end_lineno && x.col == y.col &&
           x.end_col == y.end_col;
}

static int add_exc_entry(Asm *a, Out *o, int start, int end, ABlock *h) {
    if (h == NULL || end <= start)
        return 0;
    if (wf_arena_grow(a->arena, (void **)&o->exc, &o->exc_cap, o->nexc + 1,
                      sizeof(WfExceptionTableEntry)) < 0)
        return -1;
    int depth = h->startdepth - 1 - (h->preserve_lasti ? 1 : 0);
    if (depth < 0)
        return internal_error("negative handler depth");
    o->exc[o->nexc++] = (WfExceptionTableEntry){(uint32_t)start, (uint32_t)end,
                                                (uint32_t)h->offset, (uint16_t)depth,
                                                h->preserve_lasti};
    return 0;
}

static int build_tables(Asm *a, Out *o) {
    ABlock *cur_h = NULL;
    int start = 0, off = 0;
    WfLoc prev = {INT_MIN, 0, 0, 0};
    for (int i = 0; i < a->nblocks; i++) {
        ABlock *b = a->blocks[i];
        for (int k = 0; k < b->n; k++) {
            AInstr *in = &b->instrs[k];
            if (in->except != cur_h) {
                CHECK(add_exc_entry(a, o, start, off, cur_h));
                cur_h = in->except;
                start = off;
            }
            if (!same_loc(in->loc, prev)) {
                if (wf_arena_grow(a->arena, (void **)&o->locs, &o->locs_cap, o->nlocs + 1,
                                  sizeof(WfLocationEntry)) < 0)
                    return -1;
                o->locs[o->nlocs++] = (WfLocationEntry){(uint32_t)off, in->loc.lineno,
                                                        in->loc.end_lineno, in->loc.col,
                                                        in->loc.end_col};
                prev = in->loc;
            }
            off += instr_size(in);
        }
    }
    return add_exc_entry(a, o, start, off, cur_h);
}

/* ======================================================================
 * The code object
 * ====================================================================== */

static WfObject *tuple_of(WfObject **items, int n) {
    WfObject *t = wf_tuple_new(n);
    if (t == NULL)
        return NULL;
    for (int i = 0; i < n; i++)
        WF_TUPLE_SET_ITEM(t, i, wf_newref(items[i]));
    return t;
}

static WfObject *make_code(Asm *a, Layout *L, Out *o, int flags, int stacksize) {
    WfUnit *u = a->u;
    WfObject *consts = tuple_of(u->consts.items, u->consts.len);
    WfObject *names = tuple_of((WfObject **)u->names.map.keys, u->names.map.len);
    WfObject *lpn = tuple_of(L->names, L->nlocalsplus);
    WfObject *co = NULL;
    if (consts && names && lpn) {
        WfCodeSpec spec = {
            .argcount = u->argcount,
            .posonlyargcount = u->posonlyargcount,
            .kwonlyargcount = u->kwonlyargcount,
            .flags = flags,
            .stacksize = stacksize,
            .firstlineno = u->firstlineno,
            .consts = consts,
            .names = names,
            .localsplusnames = lpn,
            .localspluskinds = L->kinds,
            .filename = a->c->filename,
            .name = u->name,
            .qualname = u->qualname,
            .code = o->code,
            .code_size = o->ncode,
            .exceptiontable = o->exc,
            .exceptiontable_len = o->nexc,
            .locations = o->locs,
            .locations_len = o->nlocs,
        };
        co = wf_code_new(&spec);
    }
    wf_xdecref(consts);
    wf_xdecref(names);
    wf_xdecref(lpn);
    return co;
}

WfObject *wf_assemble(WfCompiler *c, WfUnit *u, int flags) {
    Asm a = {.c = c, .u = u, .arena = c->arena};
    Layout L;
    if (compute_layout(&a, &L) < 0 || build_blocks(&a, &L, flags) < 0 ||
        label_exception_targets(&a) < 0)
        return NULL;
    a.nlocals = L.nlocals;
    if (check_unbound_locals(&a, u->ste->nvarnames) < 0)
        return NULL;
    propagate_line_numbers(&a);
    int stacksize = calculate_stackdepth(&a);
    if (stacksize < 0)
        return NULL;
    remove_pseudo_and_peephole(&a);
    if (borrow_fast_loads(&a, stacksize) < 0 || normalize_jumps(&a) < 0)
        return NULL;
    remove_redundant_jumps(&a);
    int total = compute_offsets(&a);
    if (total < 0)
        return NULL;
    Out o = {0};
    if (emit_units(&a, &o, total) < 0 || build_tables(&a, &o) < 0)
        return NULL;
    return make_code(&a, &L, &o, flags, stacksize);
}

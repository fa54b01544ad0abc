/* arena.h — bump allocation for the AST, freed all at once.
 *
 * Invariants:
 *  - Every pointer returned by wf_arena_alloc is 8-byte aligned and stays
 *    valid until wf_arena_free; nothing is freed individually.
 *  - Memory comes in 8 KiB blocks; a request larger than what fits in a
 *    fresh default block gets a block of its own, of exactly that size.
 *  - Objects handed to wf_arena_add_object (constants, strings built by the
 *    parser) are owned by the arena: it holds one reference to each and
 *    drops them all in wf_arena_free. Code that keeps such an object past
 *    the arena (the code generator's constant table) must incref it.
 *  - An arena is used by one thread (the one compiling); no locking.
 */
#ifndef WF_ARENA_H
#define WF_ARENA_H

#include <stddef.h>

#include "runtime/objects/object.h"

typedef struct WfArena WfArena;

#define WF_ARENA_BLOCK_SIZE 8192
#define WF_ARENA_ALIGN 8

/* A new, empty arena; NULL on out-of-memory (no exception set). */
WfArena *wf_arena_new(void);

/* n bytes, 8-byte aligned, uninitialised; NULL when out of memory (sets
 * MemoryError through wf_err_no_memory). n == 0 returns a valid pointer. */
void *wf_arena_alloc(WfArena *arena, size_t n);

/* Like wf_arena_alloc, zero-filled. */
void *wf_arena_calloc(WfArena *arena, size_t n);

/* The arena takes (steals) the reference to obj and decrefs it at
 * wf_arena_free. Returns 0, or -1 on out-of-memory (obj is decref'd then,
 * MemoryError set). obj must not be NULL. */
int wf_arena_add_object(WfArena *arena, WfObject *obj);

/* Frees every block and drops every object reference. NULL is accepted. */
void wf_arena_free(WfArena *arena);

/* Statistics, for tests: bytes handed out and blocks allocated. */
size_t wf_arena_total_allocated(const WfArena *arena);
size_t wf_arena_block_count(const WfArena *arena);

#endif /* WF_ARENA_H */

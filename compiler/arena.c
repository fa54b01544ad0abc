/* arena.c — bump allocation in blocks for the AST (see arena.h).
 *
 * Invariants:
 *  - arena->head is the block being bumped; older blocks hang off ->prev.
 *    Big (exact-size) blocks are linked behind the head so that the head's
 *    free space is not wasted.
 *  - head->used is always a multiple of WF_ARENA_ALIGN.
 *  - objects[0 .. nobjects) each hold one reference owned by the arena.
 */
#include "compiler/arena.h"

#include <stdint.h>
#include <string.h>

#include "runtime/objects/objects.h"

typedef struct WfArenaBlock {
    struct WfArenaBlock *prev;
    size_t size;                 /* usable bytes in data */
    size_t used;
    _Alignas(WF_ARENA_ALIGN) unsigned char data[];
} WfArenaBlock;

struct WfArena {
    WfArenaBlock *head;
    WfObject **objects;
    size_t nobjects, objects_cap;
    size_t total_allocated;
    size_t nblocks;
};

static WfArenaBlock *block_new(size_t size) {
    WfArenaBlock *b = wf_mem_malloc(sizeof(WfArenaBlock) + size);
    if (b == NULL)
        return NULL;
    b->prev = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

WfArena *wf_arena_new(void) {
    WfArena *a = wf_mem_malloc(sizeof(WfArena));
    if (a == NULL)
        return NULL;
    memset(a, 0, sizeof(*a));
    a->head = block_new(WF_ARENA_BLOCK_SIZE);
    if (a->head == NULL) {
        wf_mem_free(a);
        return NULL;
    }
    a->nblocks = 1;
    return a;
}

static size_t align_up(size_t n) {
    return (n + (WF_ARENA_ALIGN - 1)) & ~(size_t)(WF_ARENA_ALIGN - 1);
}

/* A request too big for a default block gets its own block, linked just
 * behind the head so bumping continues in the head. */
static void *alloc_big(WfArena *a, size_t n) {
    WfArenaBlock *b = block_new(n);
    if (b == NULL)
        return NULL;
    b->used = n;
    b->prev = a->head->prev;
    a->head->prev = b;
    a->nblocks++;
    return b->data;
}

void *wf_arena_alloc(WfArena *a, size_t n) {
    if (n > SIZE_MAX - WF_ARENA_ALIGN - sizeof(WfArenaBlock)) {
        wf_err_no_memory();
        return NULL;
    }
    n = align_up(n == 0 ? 1 : n);
    WfArenaBlock *h = a->head;
    if (h->size - h->used >= n) {
        void *p = h->data + h->used;
        h->used += n;
        a->total_allocated += n;
        return p;
    }
    void *p;
    if (n > WF_ARENA_BLOCK_SIZE / 2) {
        p = alloc_big(a, n);
    } else {
        WfArenaBlock *b = block_new(WF_ARENA_BLOCK_SIZE);
        if (b != NULL) {
            b->prev = h;
            a->head = b;
            a->nblocks++;
            b->used = n;
        }
        p = b ? b->data : NULL;
    }
    if (p == NULL) {
        wf_err_no_memory();
        return NULL;
    }
    a->total_allocated += n;
    return p;
}

void *wf_arena_calloc(WfArena *a, size_t n) {
    void *p = wf_arena_alloc(a, n);
    if (p != NULL)
        memset(p, 0, n);
    return p;
}

int wf_arena_add_object(WfArena *a, WfObject *obj) {
    if (a->nobjects == a->objects_cap) {
        size_t cap = a->objects_cap ? a->objects_cap * 2 : 64;
        WfObject **objs = wf_mem_realloc(a->objects, cap * sizeof(WfObject *));
        if (objs == NULL) {
            wf_decref(obj);
            wf_err_no_memory();
            return -1;
        }
        a->objects = objs;
        a->objects_cap = cap;
    }
    a->objects[a->nobjects++] = obj;
    return 0;
}

void wf_arena_free(WfArena *a) {
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->nobjects; i++)
        wf_decref(a->objects[i]);
    wf_mem_free(a->objects);
    WfArenaBlock *b = a->head;
    while (b != NULL) {
        WfArenaBlock *prev = b->prev;
        wf_mem_free(b);
        b = prev;
    }
    wf_mem_free(a);
}

size_t wf_arena_total_allocated(const WfArena *a) { return a->total_allocated; }

size_t wf_arena_block_count(const WfArena *a) { return a->nblocks; }

/* test_arena.c — the AST arena: alignment, big requests, many small
 * allocations, and the object references it owns being dropped at free. */
#include <stdint.h>
#include <string.h>

#include "compiler/arena.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

static void alignment(void) {
    WfArena *a = wf_arena_new();
    int aligned = 1;
    for (size_t n = 0; n < 200; n++) {
        void *p = wf_arena_alloc(a, n % 17);
        aligned &= p != NULL && ((uintptr_t)p % WF_ARENA_ALIGN) == 0;
    }
    ok(aligned, "every allocation is %d-byte aligned", WF_ARENA_ALIGN);
    wf_arena_free(a);
}

static void big_requests(void) {
    WfArena *a = wf_arena_new();
    char *small = wf_arena_alloc(a, 16);
    size_t blocks = wf_arena_block_count(a);
    char *big = wf_arena_alloc(a, 100000);
    ok(big != NULL && ((uintptr_t)big % WF_ARENA_ALIGN) == 0, "a 100000-byte request succeeds, aligned");
    memset(big, 0xAB, 100000);
    is_int(wf_arena_block_count(a), blocks + 1, "a big request takes one exact-size block");
    char *small2 = wf_arena_alloc(a, 16);
    ok(small2 == small + 16, "bumping continues in the current block after a big request");
    ok(big[99999] == (char)0xAB && small != NULL, "big block memory is usable");
    wf_arena_free(a);
}

static void many_allocations(void) {
    WfArena *a = wf_arena_new();
    enum { N = 100000 };
    static int *ptrs[N];
    for (int i = 0; i < N; i++) {
        ptrs[i] = wf_arena_alloc(a, sizeof(int) * 3);
        ptrs[i][0] = i;
        ptrs[i][1] = -i;
        ptrs[i][2] = i * 7;
    }
    int intact = 1;
    for (int i = 0; i < N; i++)
        intact &= ptrs[i][0] == i && ptrs[i][1] == -i && ptrs[i][2] == i * 7;
    ok(intact, "%d small allocations keep their contents", N);
    ok(wf_arena_block_count(a) > 100, "they span many blocks (%zu)", wf_arena_block_count(a));
    ok(wf_arena_total_allocated(a) >= (size_t)N * 12, "total allocated is counted");
    int *z = wf_arena_calloc(a, 64 * sizeof(int));
    int zero = 1;
    for (int i = 0; i < 64; i++)
        zero &= z[i] == 0;
    ok(zero, "wf_arena_calloc zero-fills");
    wf_arena_free(a);
}

static void object_refs(void) {
    WfArena *a = wf_arena_new();
    WfObject *objs[300];
    int added = 1;
    for (int i = 0; i < 300; i++) {
        objs[i] = wf_str_from_cstr("an arena-owned string that is not interned");
        wf_incref(objs[i]);  /* one reference for the test, one given to the arena */
        added &= wf_arena_add_object(a, objs[i]) == 0;
    }
    ok(added, "300 objects added");
    is_int(wf_refcount(objs[0]), 2, "the arena holds one reference");
    wf_arena_free(a);
    int dropped = 1;
    for (int i = 0; i < 300; i++) {
        dropped &= wf_refcount(objs[i]) == 1;
        wf_decref(objs[i]);
    }
    ok(dropped, "wf_arena_free drops every reference it owned");
    wf_arena_free(NULL);
    ok(1, "wf_arena_free(NULL) is a no-op");
}

int main(void) {
    if (wf_runtime_init() < 0) {
        printf("Bail out! runtime init failed\n");
        return 1;
    }
    plan(13);
    alignment();
    big_requests();
    many_allocations();
    object_refs();
    return done_testing();
}

/* test_list.c — lists at the C level: append/insert/pop, slicing and slice
 * assignment (plain and extended), sort (fast paths, generic path and
 * stability with many elements), reverse, compare, repr, tuples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "tests/tap.h"

static WfObject *I(long v) { return wf_int_from_long(v); }

static long V(WfObject *o) { return (long)wf_int_compact_value(o); }

static const char *repr_of(WfObject *o) {
    static char buf[512];
    WfObject *r = wf_object_repr(o);
    if (r == NULL) {
        wf_err_clear();
        return "(error)";
    }
    snprintf(buf, sizeof buf, "%s", wf_str_as_utf8(r));
    wf_decref(r);
    return buf;
}

static const char *error_text(void) {
    static char buf[256];
    WfObject *exc = wf_err_get_raised();
    if (exc == NULL)
        return "(no error)";
    WfObject *s = wf_object_str(exc);
    snprintf(buf, sizeof buf, "%s: %s", wf_type_name(WF_TYPE(exc)), s ? wf_str_as_utf8(s) : "?");
    wf_xdecref(s);
    wf_decref(exc);
    return buf;
}

/* [a, b, ...] from ints */
static WfObject *L(int n, const long *v) {
    WfObject *l = wf_list_new(0);
    for (int i = 0; i < n; i++) {
        WfObject *x = I(v[i]);
        wf_list_append(l, x);
        wf_decref(x);
    }
    return l;
}

static WfObject *slice3(long a, long b, long c) {
    WfObject *x = I(a), *y = I(b), *z = I(c);
    WfObject *s = wf_slice_new(x, y, z);
    wf_decref(x);
    wf_decref(y);
    wf_decref(z);
    return s;
}

static void test_append_insert_pop(void) {
    enum { N = 10000 };
    WfObject *l = wf_list_new(0);
    for (long i = 0; i < N; i++) {
        WfObject *x = I(i);
        wf_list_append(l, x);
        wf_decref(x);
    }
    is_int(wf_list_size(l), N, "10000 appends");
    ok(((WfListObject *)l)->allocated >= N && ((WfListObject *)l)->allocated < N + N / 4,
       "capacity grows by about 1/8");
    int good = 1;
    for (long i = 0; i < N; i++)
        good &= V(WF_LIST_ITEM(l, i)) == i;
    ok(good, "items in order");
    WfObject *m1 = I(-1);
    wf_list_insert(l, 0, m1);
    wf_list_insert(l, -1, m1);   /* before the last item */
    wf_list_insert(l, 1000000, m1);
    ok(V(WF_LIST_ITEM(l, 0)) == -1 && V(WF_LIST_ITEM(l, N)) == -1 &&
           V(WF_LIST_ITEM(l, N + 1)) == N - 1 && V(WF_LIST_ITEM(l, N + 2)) == -1,
       "insert at 0, -1 and past the end");
    wf_decref(m1);
    WfObject *got = wf_list_get_item_ref(l, N + 3);
    ok(got == NULL, "get past the end fails");
    is_str(error_text(), "IndexError: list index out of range", "list index out of range");

    /* Pop everything from the end, then shrinking releases memory. */
    WfTypeObject *t = &wf_list_type;
    for (int i = 0; i < 3; i++)
        wf_list_set_slice(l, 0, 1, NULL);
    is_int(wf_list_size(l), N, "three deletions at the front");
    good = 1;
    for (long i = 0; i < N - 3; i++)
        good &= V(WF_LIST_ITEM(l, i)) == i + 2;
    good &= V(WF_LIST_ITEM(l, N - 3)) == -1 && V(WF_LIST_ITEM(l, N - 2)) == N - 1 &&
            V(WF_LIST_ITEM(l, N - 1)) == -1;
    ok(good, "front deletions shift the rest");
    while (wf_list_size(l) > 10)
        t->sq_ass_item(l, wf_list_size(l) - 1, NULL);
    is_int(wf_list_size(l), 10, "deleting from the end");
    ok(((WfListObject *)l)->allocated < 64, "the array shrank");
    wf_decref(l);
}

static void test_slices(void) {
    long v[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    WfObject *l = L(10, v);
    WfObject *s = wf_list_get_slice(l, 2, 5);
    is_str(repr_of(s), "[2, 3, 4]", "l[2:5]");
    wf_decref(s);
    s = wf_list_get_slice(l, -5, 100);
    is_str(repr_of(s), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", "clamped slice");
    wf_decref(s);

    WfObject *sl = slice3(8, 1, -3);
    WfObject *r = wf_object_getitem(l, sl);
    is_str(repr_of(r), "[8, 5, 2]", "l[8:1:-3]");
    wf_decref(r);

    long w[] = {100, 200};
    WfObject *two = L(2, w);
    wf_list_set_slice(l, 1, 4, two);
    is_str(repr_of(l), "[0, 100, 200, 4, 5, 6, 7, 8, 9]", "l[1:4] = [100, 200]");
    wf_list_set_slice(l, 0, 0, l);
    is_int(wf_list_size(l), 18, "l[0:0] = l doubles");
    wf_list_set_slice(l, 0, 9, NULL);
    is_str(repr_of(l), "[0, 100, 200, 4, 5, 6, 7, 8, 9]", "del l[0:9]");

    /* Extended slice assignment and its size check. */
    int r2 = wf_object_setitem(l, sl, two);
    is_int(r2, -1, "size mismatch on an extended slice");
    is_str(error_text(),
           "ValueError: attempt to assign sequence of size 2 to extended slice of size 3",
           "CPython's message");
    WfObject *sl2 = slice3(0, 9, 4);   /* indices 0, 4, 8 */
    long w3[] = {-1, -2, -3};
    WfObject *three = L(3, w3);
    wf_object_setitem(l, sl2, three);
    is_str(repr_of(l), "[-1, 100, 200, 4, -2, 6, 7, 8, -3]", "l[0:9:4] = [-1, -2, -3]");
    wf_object_delitem(l, sl2);
    is_str(repr_of(l), "[100, 200, 4, 6, 7, 8]", "del l[0:9:4]");
    WfObject *rev = slice3(5, -100, -2);
    wf_object_delitem(l, rev);
    is_str(repr_of(l), "[100, 4, 7]", "del l[5::-2]");

    WfObject *str = wf_str_from_cstr("x");
    ok(wf_object_getitem(l, str) == NULL, "str index fails");
    is_str(error_text(), "TypeError: list indices must be integers or slices, not str",
           "with CPython's message");
    wf_decref(str);
    wf_decref(rev);
    wf_decref(three);
    wf_decref(sl2);
    wf_decref(two);
    wf_decref(sl);
    wf_decref(l);
}

static unsigned long rng_state = 12345;
static long rnd(long n) {
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (long)((rng_state >> 33) % (unsigned long)n);
}

static int is_sorted_ints(WfObject *l) {
    for (wf_ssize_t i = 1; i < WF_LIST_SIZE(l); i++)
        if (V(WF_LIST_ITEM(l, i - 1)) > V(WF_LIST_ITEM(l, i)))
            return 0;
    return 1;
}

static void test_sort(void) {
    enum { N = 50000 };
    WfObject *l = wf_list_new(0);
    long sum = 0;
    for (long i = 0; i < N; i++) {
        long x = rnd(1000000) - 500000;
        sum += x;
        WfObject *o = I(x);
        wf_list_append(l, o);
        wf_decref(o);
    }
    is_int(wf_list_sort(l), 0, "sort 50000 random ints");
    long sum2 = 0;
    for (wf_ssize_t i = 0; i < WF_LIST_SIZE(l); i++)
        sum2 += V(WF_LIST_ITEM(l, i));
    ok(is_sorted_ints(l) && sum == sum2 && WF_LIST_SIZE(l) == N, "sorted, same items");
    is_int(wf_list_sort_impl(l, NULL, 1), 0, "reverse=True");
    int desc = 1;
    for (wf_ssize_t i = 1; i < WF_LIST_SIZE(l); i++)
        desc &= V(WF_LIST_ITEM(l, i - 1)) >= V(WF_LIST_ITEM(l, i));
    ok(desc, "descending");
    wf_list_sort(l);
    ok(is_sorted_ints(l), "sorting descending data (one reversed run)");
    wf_decref(l);

    /* Stability on the generic path: ints and floats that compare equal keep
     * their original order. 100 keys, each present many times. */
    l = wf_list_new(0);
    WfObject **orig = malloc(sizeof(WfObject *) * N);
    for (long i = 0; i < N; i++) {
        long k = 1000 + rnd(100);   /* > 256: every int is a distinct object */
        WfObject *o = (i & 1) ? wf_float_from_double((double)k) : I(k);
        orig[i] = o;
        wf_list_append(l, o);
    }
    is_int(wf_list_sort(l), 0, "sort mixed ints and floats");
    int stable = 1, sorted = 1;
    for (wf_ssize_t i = 1; i < N; i++) {
        WfObject *a = WF_LIST_ITEM(l, i - 1), *b = WF_LIST_ITEM(l, i);
        int lt = wf_object_rich_compare_bool(b, a, WF_LT);
        sorted &= lt == 0;
        if (wf_object_rich_compare_bool(a, b, WF_EQ) == 1) {
            /* equal neighbours: a must come first in the original */
            wf_ssize_t ia = -1, ib = -1;
            for (wf_ssize_t j = 0; j < N && (ia < 0 || ib < 0); j++) {
                if (orig[j] == a)
                    ia = j;
                if (orig[j] == b)
                    ib = j;
            }
            stable &= ia < ib;
            if (i > 2000)
                break;  /* the scan is quadratic: check the first stretch */
        }
    }
    ok(sorted, "mixed list sorted");
    ok(stable, "equal items keep their order (stable)");
    wf_decref(l);
    for (long i = 0; i < N; i++)
        wf_decref(orig[i]);
    free(orig);

    /* Strings take the str fast path; a str/int mix fails cleanly. */
    const char *words[] = {"pear", "apple", "fig", "banana", "apple"};
    l = wf_list_new(0);
    for (int i = 0; i < 5; i++) {
        WfObject *s = wf_str_from_cstr(words[i]);
        wf_list_append(l, s);
        wf_decref(s);
    }
    wf_list_sort(l);
    is_str(repr_of(l), "['apple', 'apple', 'banana', 'fig', 'pear']", "strings sorted");
    WfObject *one = I(1);
    wf_list_append(l, one);
    wf_decref(one);
    is_int(wf_list_sort(l), -1, "str and int do not compare");
    is_str(error_text(), "TypeError: '<' not supported between instances of 'int' and 'str'",
           "with the comparison's error");
    is_int(WF_LIST_SIZE(l), 6, "the list keeps all its items after the error");
    wf_decref(l);
}

static void test_misc(void) {
    long v[] = {3, 1, 2};
    WfObject *l = L(3, v);
    wf_list_reverse(l);
    is_str(repr_of(l), "[2, 1, 3]", "reverse");
    wf_list_append(l, l);
    is_str(repr_of(l), "[2, 1, 3, [...]]", "self-containing repr");
    WfObject *last = WF_LIST_ITEM(l, 3);
    wf_list_set_slice(l, 3, 4, NULL);   /* break the cycle */
    (void)last;
    WfObject *t = wf_list_as_tuple(l);
    is_str(repr_of(t), "(2, 1, 3)", "as tuple");
    WfObject *one = I(1);
    WfObject *t1 = wf_tuple_pack(1, one);
    is_str(repr_of(t1), "(1,)", "one-tuple repr");
    is_str(repr_of(wf_tuple_new(0)), "()", "empty tuple repr");
    ok(wf_tuple_new(0) == wf_tuple_empty, "() is a singleton");
    ok(wf_object_hash(t1) == -6644214454873602895L, "hash((1,)) matches CPython");
    WfObject *two = I(2);
    WfObject *t12 = wf_tuple_pack(2, one, two);
    ok(wf_object_hash(t12) == -3550055125485641917L, "hash((1, 2)) matches CPython");
    is_int(wf_sequence_contains(l, one), 1, "1 in l");
    long w[] = {2, 1, 4};
    WfObject *l2 = L(3, w);
    is_int(wf_object_rich_compare_bool(l, l2, WF_LT), 1, "[2, 1, 3] < [2, 1, 4]");
    is_int(wf_object_rich_compare_bool(l, l2, WF_EQ), 0, "not equal");
    WfObject *c = wf_list_type.sq_concat(l, l2);
    is_str(repr_of(c), "[2, 1, 3, 2, 1, 4]", "l + l2");
    WfObject *rep = wf_list_type.sq_repeat(l2, 2);
    is_str(repr_of(rep), "[2, 1, 4, 2, 1, 4]", "l2 * 2");
    ok(wf_list_type.sq_concat(l, t) == NULL, "list + tuple fails");
    is_str(error_text(), "TypeError: can only concatenate list (not \"tuple\") to list",
           "with CPython's message");
    wf_decref(rep);
    wf_decref(c);
    wf_decref(l2);
    wf_decref(t12);
    wf_decref(two);
    wf_decref(t1);
    wf_decref(one);
    wf_decref(t);
    wf_decref(l);
}

/* Dropping a 300000-deep nest of lists, tuples and dicts must not recurse in C. */
static void test_deep_dealloc(void) {
    WfObject *x = wf_list_new(0);
    for (int i = 0; i < 300000; i++) {
        WfObject *outer;
        switch (i % 3) {
        case 0:
            outer = wf_list_new(0);
            wf_list_append(outer, x);
            break;
        case 1:
            outer = wf_tuple_pack(1, x);
            break;
        default:
            outer = wf_dict_new();
            wf_dict_set_item(outer, wf_str_empty, x);
            break;
        }
        wf_decref(x);
        x = outer;
    }
    wf_decref(x);
    ok(1, "deep nest freed without overflowing the C stack");
}

int main(void) {
    if (wf_runtime_init() < 0)
        bail_out("runtime init failed");
    test_append_insert_pop();
    test_slices();
    test_sort();
    test_misc();
    test_deep_dealloc();
    return done_testing();
}

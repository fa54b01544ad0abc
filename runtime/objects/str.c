/* str.c — the core of str objects: allocation, UTF-8 validation and
 * counting, construction, hashing, equality and order, code point indexing,
 * concatenation, interning, WfStrBuilder and the WF_ID table.
 *
 * Invariants (see str.h and str_impl.h):
 *  - data[] is well-formed internal UTF-8 (lone surrogates allowed, see
 *    str_impl.h), NUL-terminated; length counts code points; the string is
 *    ASCII exactly when length == byte_length (WF_STR_IS_ASCII).
 *  - A str is never mutated after it has been handed out, except the lazily
 *    computed hash (written with relaxed atomics: every writer stores the same
 *    value) and wf_str_concat_inplace on a uniquely owned string.
 *  - Interned strings are exact str, immortal, and unique per text: two
 *    distinct interned pointers never have equal text.
 *  - wf_str_empty and the 256 one-character latin-1 strings are immortal and
 *    interned; constructors return them for such results.
 */
#include <pthread.h>
#include <string.h>

#include "runtime/objects/lockfree.h"
#include "runtime/objects/str_impl.h"

WfObject *wf_str_empty;
WfObject *wf_str_latin1[256];
WfStrIds wf_str_ids;

/* ======================================================================
 * UTF-8 scanning
 * ====================================================================== */

#define ONES_64 0x0101010101010101ULL
#define HIGH_64 0x8080808080808080ULL

/* Number of code points: every byte that is not a continuation byte
 * (10xxxxxx) starts one. Eight bytes at a time. */
wf_ssize_t wf_utf8_count(const char *s, wf_ssize_t n) {
    const unsigned char *p = (const unsigned char *)s;
    wf_ssize_t cont = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        /* bit 7 set and bit 6 clear: x & ~(x << 1) keeps bit 7 only there */
        uint64_t m = (x & ~(x << 1) & HIGH_64) >> 7;  /* 1 per continuation byte */
        cont += (wf_ssize_t)((m * ONES_64) >> 56);     /* byte sum, no popcnt needed */
    }
    for (; i < n; i++)
        cont += (p[i] & 0xC0) == 0x80;
    return n - cont;
}

static inline bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Strict UTF-8 (what CPython's utf-8 decoder accepts), with CPython's error
 * ranges and reasons, so codecs can report the same positions. */
wf_ssize_t wf_utf8_check(const char *s, wf_ssize_t n, WfUtf8Error *err) {
    const unsigned char *p = (const unsigned char *)s;
    wf_ssize_t i = 0, count = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            if ((x & HIGH_64) == 0) {
                i += 8;
                count += 8;
                continue;
            }
        }
        unsigned char c = p[i];
        wf_ssize_t left = n - i;
        if (c < 0x80) {
            i++;
            count++;
            continue;
        }
        int bad = 0;           /* length of the invalid prefix, 0 = ok */
        int need;
        const char *reason = "invalid continuation byte";
        if (c < 0xC2) {
            reason = "invalid start byte";
            bad = 1;
            need = 1;
        } else if (c < 0xE0) {
            need = 2;
            if (left < 2)
                goto truncated;
            if (!is_cont(p[i + 1]))
                bad = 1;
        } else if (c < 0xF0) {
            need = 3;
            if (left >= 2) {
                unsigned char c2 = p[i + 1];
                if (!is_cont(c2) || (c == 0xE0 && c2 < 0xA0) || (c == 0xED && c2 >= 0xA0))
                    bad = 1;
                else if (left < 3)
                    goto truncated;
                else if (!is_cont(p[i + 2]))
                    bad = 2;
            } else {
                goto truncated;
            }
        } else if (c < 0xF5) {
            need = 4;
            if (left >= 2) {
                unsigned char c2 = p[i + 1];
                if (!is_cont(c2) || (c == 0xF0 && c2 < 0x90) || (c == 0xF4 && c2 >= 0x90))
                    bad = 1;
                else if (left < 3)
                    goto truncated;
                else if (!is_cont(p[i + 2]))
                    bad = 2;
                else if (left < 4)
                    goto truncated;
                else if (!is_cont(p[i + 3]))
                    bad = 3;
            } else {
                goto truncated;
            }
        } else {
            reason = "invalid start byte";
            bad = 1;
            need = 1;
        }
        if (bad) {
            err->start = i;
            err->end = i + bad;
            err->reason = reason;
            return -1;
        }
        i += need;
        count++;
        continue;
    truncated:
        err->start = i;
        err->end = n;
        err->reason = "unexpected end of data";
        return -1;
    }
    return count;
}

/* ======================================================================
 * Allocation
 * ====================================================================== */

/* The index starts at the first 4-byte boundary at or after `end`. */
static inline uint32_t *index_table_at(char *end) {
    return (uint32_t *)(((uintptr_t)end + 3) & ~(uintptr_t)3);
}

static inline uint32_t *str_index_table(WfStrObject *s) {
    return index_table_at(s->data + s->byte_length + 1);
}

static inline bool needs_index(wf_ssize_t byte_len, wf_ssize_t length) {
    return byte_len != length && length > WF_STR_INDEX_STRIDE && byte_len <= (wf_ssize_t)UINT32_MAX;
}

/* Bytes after tp_basicsize a str needs: data, NUL, code point index. */
static wf_ssize_t alloc_items(wf_ssize_t byte_len, wf_ssize_t length) {
    wf_ssize_t extra = 1;  /* the NUL */
    if (needs_index(byte_len, length))
        extra += 3 + 4 * ((length - 1) / WF_STR_INDEX_STRIDE);
    return byte_len + extra;
}

/* str's tp_itemsize is 8 and WF_SIZE() of a str reads `length` (code
 * points). The exact type allocates ceil(bytes / 8) items. A subclass
 * instance allocates at least `length` items: then the generic rule that
 * puts a var-sized instance's __dict__ pointer at the end of its block,
 * round8(tp_basicsize + WF_SIZE * 8) - 8 (negative tp_dictoffset, see
 * wf_object_dict_ptr), lands after the data, since a code point takes at
 * most 4 bytes and the subclass's basicsize reserves the pointer. */
WfStrObject *wf_str_new_uninit_type(WfTypeObject *type, wf_ssize_t byte_len, wf_ssize_t length) {
    if (byte_len < 0 || byte_len > WF_SSIZE_T_MAX / 2 - 64) {
        wf_err_no_memory();
        return NULL;
    }
    wf_ssize_t nitems = (alloc_items(byte_len, length) + 7) / 8;
    if (type != &wf_str_type && nitems < length)
        nitems = length;
    WfStrObject *s = (WfStrObject *)wf_object_alloc_var(type, nitems);
    if (s == NULL)
        return NULL;
    s->length = length;
    s->byte_length = byte_len;
    s->hash = -1;
    return s;
}

WfStrObject *wf_str_new_uninit(wf_ssize_t byte_len, wf_ssize_t length) {
    return wf_str_new_uninit_type(&wf_str_type, byte_len, length);
}

/* Fills the code point index of s (which needs one) from entry k on:
 * entry j is the byte offset of code point (j + 1) * STRIDE. */
static void index_extend(WfStrObject *s, wf_ssize_t k) {
    uint32_t *tab = str_index_table(s);
    const unsigned char *p = (const unsigned char *)s->data;
    wf_ssize_t cp = k * WF_STR_INDEX_STRIDE, off = k > 0 ? tab[k - 1] : 0;
    wf_ssize_t nidx = (s->length - 1) / WF_STR_INDEX_STRIDE;
    while (k < nidx) {
        off += wf_utf8_char_len(p[off]);
        if (++cp % WF_STR_INDEX_STRIDE == 0)
            tab[k++] = (uint32_t)off;
    }
}

/* Writes the NUL and the code point index. */
WfObject *wf_str_finish_new(WfStrObject *s) {
    s->data[s->byte_length] = '\0';
    if (needs_index(s->byte_length, s->length))
        index_extend(s, 0);
    return (WfObject *)s;
}

WfObject *wf_str_from_valid_utf8(const char *s, wf_ssize_t byte_len, wf_ssize_t length) {
    if (length < 0)
        length = wf_utf8_count(s, byte_len);
    if (length == 0)
        return wf_str_empty;
    if (length == 1) {
        int n;
        uint32_t c = wf_utf8_decode((const unsigned char *)s, &n);
        if (c < 256)
            return wf_str_latin1[c];
    }
    WfStrObject *o = wf_str_new_uninit(byte_len, length);
    if (o == NULL)
        return NULL;
    memcpy(o->data, s, (size_t)byte_len);
    return wf_str_finish_new(o);
}

WfObject *wf_str_from_ascii(const char *s, wf_ssize_t n) {
    return wf_str_from_valid_utf8(s, n, n);
}

WfObject *wf_str_exact_copy(WfObject *o) {
    if (wf_str_check_exact(o))
        return wf_newref(o);
    return wf_str_from_valid_utf8(WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), WF_STR_LENGTH(o));
}

/* ======================================================================
 * Constructors
 * ====================================================================== */

WfObject *wf_str_from_utf8(const char *s, wf_ssize_t byte_len) {
    WfUtf8Error err;
    wf_ssize_t n = wf_utf8_check(s, byte_len, &err);
    if (n < 0) {
        /* same exception as b.decode('utf-8') */
        WfObject *r = wf_str_decode(s, byte_len, "utf-8", "strict");
        if (r != NULL) {  /* cannot happen: strict decode fails the same way */
            wf_decref(r);
            wf_err_set_string(wf_exc_SystemError, "inconsistent UTF-8 validation");
        }
        return NULL;
    }
    return wf_str_from_valid_utf8(s, byte_len, n);
}

WfObject *wf_str_from_cstr(const char *s) {
    return wf_str_from_utf8(s, (wf_ssize_t)strlen(s));
}

WfObject *wf_str_from_utf8_lossy(const char *s, wf_ssize_t byte_len) {
    return wf_str_decode(s, byte_len, "utf-8", "replace");
}

WfObject *wf_str_from_codepoint(uint32_t cp) {
    if (cp < 256)
        return wf_str_latin1[cp];
    if (cp > 0x10FFFF) {
        wf_err_set_string(wf_exc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    char buf[4];
    int n = wf_utf8_encode(cp, buf);
    WfStrObject *o = wf_str_new_uninit(n, 1);
    if (o == NULL)
        return NULL;
    memcpy(o->data, buf, (size_t)n);
    return wf_str_finish_new(o);
}

/* ======================================================================
 * Hashing: SipHash-1-3, zero key, over CPython's canonical representation
 * (1, 2 or 4 bytes per code point, little-endian) so that hash(s) equals
 * CPython's under PYTHONHASHSEED=0.
 * ====================================================================== */

typedef struct SipState {
    uint64_t v0, v1, v2, v3;
    uint64_t tail;
    int ntail;
    uint64_t total;
} SipState;

#define ROTL64(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define HALF_ROUND(a, b, c, d, s, t) \
    a += b; c += d; b = ROTL64(b, s) ^ a; d = ROTL64(d, t) ^ c; a = ROTL64(a, 32);
#define SINGLE_ROUND(v0, v1, v2, v3) \
    HALF_ROUND(v0, v1, v2, v3, 13, 16); HALF_ROUND(v2, v1, v0, v3, 17, 21);

static inline void sip_init(SipState *st) {
    st->v0 = 0x736f6d6570736575ULL;
    st->v1 = 0x646f72616e646f6dULL;
    st->v2 = 0x6c7967656e657261ULL;
    st->v3 = 0x7465646279746573ULL;
    st->tail = 0;
    st->ntail = 0;
    st->total = 0;
}

static inline void sip_block(SipState *st, uint64_t mi) {
    st->v3 ^= mi;
    SINGLE_ROUND(st->v0, st->v1, st->v2, st->v3);
    st->v0 ^= mi;
}

static inline void sip_byte(SipState *st, uint8_t b) {
    st->tail |= (uint64_t)b << (8 * st->ntail);
    st->total++;
    if (++st->ntail == 8) {
        sip_block(st, st->tail);
        st->tail = 0;
        st->ntail = 0;
    }
}

static void sip_bytes(SipState *st, const unsigned char *p, wf_ssize_t n) {
    wf_ssize_t i = 0;
    while (st->ntail != 0 && i < n)
        sip_byte(st, p[i++]);
    for (; i + 8 <= n; i += 8) {
        uint64_t mi;
        memcpy(&mi, p + i, 8);  /* little-endian host (x86-64, aarch64) */
        sip_block(st, mi);
        st->total += 8;
    }
    for (; i < n; i++)
        sip_byte(st, p[i]);
}

static wf_hash_t sip_finish(SipState *st) {
    uint64_t b = (st->total << 56) | st->tail;
    sip_block(st, b);
    st->v2 ^= 0xff;
    SINGLE_ROUND(st->v0, st->v1, st->v2, st->v3);
    SINGLE_ROUND(st->v0, st->v1, st->v2, st->v3);
    SINGLE_ROUND(st->v0, st->v1, st->v2, st->v3);
    wf_hash_t h = (wf_hash_t)((st->v0 ^ st->v1) ^ (st->v2 ^ st->v3));
    return h == -1 ? -2 : h;
}

wf_hash_t wf_hash_bytes(const void *data, wf_ssize_t len) {
    if (len == 0)
        return 0;
    SipState st;
    sip_init(&st);
    sip_bytes(&st, data, len);
    return sip_finish(&st);
}

static wf_hash_t hash_utf8(const char *s, wf_ssize_t byte_len, wf_ssize_t length) {
    if (byte_len == length)
        return wf_hash_bytes(s, byte_len);
    const unsigned char *p = (const unsigned char *)s, *end = p + byte_len;
    uint32_t maxc = 0;
    for (const unsigned char *q = p; q < end;) {
        int n;
        uint32_t c = wf_utf8_decode(q, &n);
        if (c > maxc)
            maxc = c;
        q += n;
    }
    int kind = maxc < 0x100 ? 1 : maxc < 0x10000 ? 2 : 4;
    SipState st;
    sip_init(&st);
    while (p < end) {
        int n;
        uint32_t c = wf_utf8_decode(p, &n);
        p += n;
        sip_byte(&st, (uint8_t)c);
        if (kind >= 2)
            sip_byte(&st, (uint8_t)(c >> 8));
        if (kind == 4) {
            sip_byte(&st, (uint8_t)(c >> 16));
            sip_byte(&st, 0);
        }
    }
    return sip_finish(&st);
}

wf_hash_t wf_str_hash(WfObject *o) {
    WfStrObject *s = (WfStrObject *)o;
    /* Relaxed: racing threads compute and store the same value. */
    wf_hash_t h = __atomic_load_n(&s->hash, __ATOMIC_RELAXED);
    if (h != -1)
        return h;
    h = hash_utf8(s->data, s->byte_length, s->length);
    __atomic_store_n(&s->hash, h, __ATOMIC_RELAXED);
    return h;
}

/* ======================================================================
 * Access, equality, order
 * ====================================================================== */

const char *wf_str_as_utf8(WfObject *o) { return WF_STR_DATA(o); }

const char *wf_str_as_utf8_and_size(WfObject *o, wf_ssize_t *byte_len) {
    if (byte_len)
        *byte_len = WF_STR_BYTE_LENGTH(o);
    return WF_STR_DATA(o);
}

wf_ssize_t wf_str_offset_of(WfObject *o, wf_ssize_t index) {
    WfStrObject *s = (WfStrObject *)o;
    if (WF_STR_IS_ASCII(s))
        return index;
    if (index >= s->length)
        return s->byte_length;
    const unsigned char *p = (const unsigned char *)s->data;
    wf_ssize_t off = 0, todo = index;
    if (needs_index(s->byte_length, s->length)) {
        wf_ssize_t k = index / WF_STR_INDEX_STRIDE;
        if (k > 0)
            off = str_index_table(s)[k - 1];
        todo = index % WF_STR_INDEX_STRIDE;
    } else if (index > s->length / 2) {
        /* closer to the end: walk backwards */
        off = s->byte_length;
        for (wf_ssize_t k = s->length - index; k > 0; k--) {
            do
                off--;
            while (is_cont(p[off]));
        }
        return off;
    }
    while (todo-- > 0)
        off += wf_utf8_char_len(p[off]);
    return off;
}

uint32_t wf_str_read_char(WfObject *o, wf_ssize_t index) {
    if (WF_STR_IS_ASCII(o))
        return (unsigned char)WF_STR_DATA(o)[index];
    int n;
    return wf_utf8_decode((const unsigned char *)WF_STR_DATA(o) + wf_str_offset_of(o, index), &n);
}

bool wf_str_equal(WfObject *a, WfObject *b) {
    if (a == b)
        return true;
    WfStrObject *x = (WfStrObject *)a, *y = (WfStrObject *)b;
    /* Interned strings are unique per text. Relaxed loads: the flag is set
     * once (intern_add) and a stale 0 only costs the memcmp below. */
    if (wf_str_is_interned(a) && wf_str_is_interned(b))
        return false;
    if (x->byte_length != y->byte_length || x->length != y->length)
        return false;
    wf_hash_t hx = __atomic_load_n(&x->hash, __ATOMIC_RELAXED);
    wf_hash_t hy = __atomic_load_n(&y->hash, __ATOMIC_RELAXED);
    if (hx != -1 && hy != -1 && hx != hy)
        return false;
    return memcmp(x->data, y->data, (size_t)x->byte_length) == 0;
}

bool wf_str_equal_cstr(WfObject *a, const char *s) {
    size_t n = strlen(s);
    return (size_t)WF_STR_BYTE_LENGTH(a) == n && memcmp(WF_STR_DATA(a), s, n) == 0;
}

int wf_str_compare(WfObject *a, WfObject *b) {
    if (a == b)
        return 0;
    wf_ssize_t la = WF_STR_BYTE_LENGTH(a), lb = WF_STR_BYTE_LENGTH(b);
    int c = memcmp(WF_STR_DATA(a), WF_STR_DATA(b), (size_t)(la < lb ? la : lb));
    if (c != 0)
        return c < 0 ? -1 : 1;
    return la < lb ? -1 : la > lb ? 1 : 0;
}

/* ======================================================================
 * Concatenation, substrings, search
 * ====================================================================== */

WfObject *wf_str_concat(WfObject *a, WfObject *b) {
    if (WF_STR_LENGTH(b) == 0 && wf_str_check_exact(a))
        return wf_newref(a);
    if (WF_STR_LENGTH(a) == 0 && wf_str_check_exact(b))
        return wf_newref(b);
    wf_ssize_t la = WF_STR_BYTE_LENGTH(a), lb = WF_STR_BYTE_LENGTH(b);
    if (la > WF_SSIZE_T_MAX / 2 - lb) {
        wf_err_set_string(wf_exc_OverflowError, "strings are too large to concat");
        return NULL;
    }
    WfStrObject *r = wf_str_new_uninit(la + lb, WF_STR_LENGTH(a) + WF_STR_LENGTH(b));
    if (r == NULL)
        return NULL;
    memcpy(r->data, WF_STR_DATA(a), (size_t)la);
    memcpy(r->data + la, WF_STR_DATA(b), (size_t)lb);
    return wf_str_finish_new(r);
}

/* `s += t` without copying s when the caller holds the only reference:
 * exact, not interned, owned by this thread, local count 1, no shared count,
 * never published to a heap container (so no borrowed reader can exist) and
 * allocated without a collector pre-header (str is not HAVE_GC). The block
 * is grown with realloc, which the allocator often does in place, making a
 * loop of appends linear. Otherwise falls back to wf_str_concat. Steals the
 * reference in *pleft and stores the result there (NULL on error). */
int wf_str_concat_inplace(WfObject **pleft, WfObject *right) {
    WfObject *left = *pleft;
    WfStrObject *s = (WfStrObject *)left;
    wf_ssize_t lb = WF_STR_BYTE_LENGTH(right);
    if (wf_str_check_exact(left) && !wf_str_is_interned(left) && wf_object_has_one_counted_ref(left) &&
        (left->ob_gc_bits & (WF_GC_SHARED_ONCE | WF_GC_DEFERRED)) == 0 && lb > 0 &&
        s->byte_length < WF_SSIZE_T_MAX / 4 - lb) {
        wf_ssize_t ob = s->byte_length, ol = s->length;
        wf_ssize_t nb = ob + lb, nl = ol + WF_STR_LENGTH(right);
        size_t size = (size_t)wf_str_type.tp_basicsize + (size_t)alloc_items(nb, nl);
        WfStrObject *r = wf_mem_realloc(s, (size + 7) & ~(size_t)7);
        if (r == NULL) {
            wf_decref(left);
            *pleft = NULL;
            wf_err_no_memory();
            return -1;
        }
        /* The code point index follows the data: keep the entries already
         * computed (moved past the new data) and add only the new ones, so a
         * loop of non-ASCII appends does not rescan the whole string. */
        bool had_index = needs_index(ob, ol), has_index = needs_index(nb, nl);
        wf_ssize_t kept = had_index && has_index ? (ol - 1) / WF_STR_INDEX_STRIDE : 0;
        r->byte_length = nb;
        if (kept > 0)
            memmove(str_index_table(r), index_table_at(r->data + ob + 1), (size_t)kept * sizeof(uint32_t));
        memcpy(r->data + ob, WF_STR_DATA(right), (size_t)lb);
        r->data[nb] = '\0';
        r->length = nl;
        r->hash = -1;
        if (has_index)
            index_extend(r, kept);
        *pleft = (WfObject *)r;
        return 0;
    }
    WfObject *r = wf_str_concat(left, right);
    wf_decref(left);
    *pleft = r;
    return r ? 0 : -1;
}

WfObject *wf_str_substring(WfObject *o, wf_ssize_t start, wf_ssize_t end) {
    wf_ssize_t len = WF_STR_LENGTH(o);
    if (start < 0)
        start = 0;
    if (end > len)
        end = len;
    if (start >= end)
        return wf_str_empty;
    if (start == 0 && end == len && wf_str_check_exact(o))
        return wf_newref(o);
    wf_ssize_t b0 = wf_str_offset_of(o, start);
    wf_ssize_t b1 = WF_STR_IS_ASCII(o) ? end : b0;
    if (!WF_STR_IS_ASCII(o)) {
        const unsigned char *p = (const unsigned char *)WF_STR_DATA(o);
        for (wf_ssize_t k = start; k < end; k++)
            b1 += wf_utf8_char_len(p[b1]);
    }
    return wf_str_from_valid_utf8(WF_STR_DATA(o) + b0, b1 - b0, end - start);
}

int wf_str_contains(WfObject *haystack, WfObject *needle) {
    if (!wf_str_check(needle)) {
        wf_err_format(wf_exc_TypeError, "'in <string>' requires string as left operand, not %s",
                      wf_type_name(WF_TYPE(needle)));
        return -1;
    }
    wf_ssize_t nl = WF_STR_BYTE_LENGTH(needle);
    if (nl == 0)
        return 1;
    /* UTF-8 is self-synchronising: a byte match is a code point match. */
    return memmem(WF_STR_DATA(haystack), (size_t)WF_STR_BYTE_LENGTH(haystack),
                  WF_STR_DATA(needle), (size_t)nl) != NULL;
}

/* ======================================================================
 * Interning: one process-wide open-addressing set of immortal strings.
 * Global mutable state, guarded by intern_mutex: it is used by the compiler
 * and at attribute/type creation, never per instruction, so one lock is fine.
 * ====================================================================== */

static pthread_mutex_t intern_mutex = PTHREAD_MUTEX_INITIALIZER;
static WfObject **intern_table;   /* guarded by intern_mutex */
static size_t intern_mask;        /* capacity - 1; guarded by intern_mutex */
static size_t intern_used;        /* guarded by intern_mutex */

static bool intern_grow_locked(void) {
    size_t cap = intern_table ? (intern_mask + 1) * 2 : 1024;
    WfObject **t = wf_mem_calloc(cap, sizeof(WfObject *));
    if (t == NULL)
        return false;
    for (size_t i = 0; intern_table && i <= intern_mask; i++) {
        WfObject *o = intern_table[i];
        if (o == NULL)
            continue;
        size_t j = (size_t)wf_str_hash(o) & (cap - 1);
        while (t[j] != NULL)
            j = (j + 1) & (cap - 1);
        t[j] = o;
    }
    wf_mem_free(intern_table);
    intern_table = t;
    intern_mask = cap - 1;
    return true;
}

/* Slot of the entry equal to (s, n) or of the empty slot where it goes. */
static WfObject **intern_find_locked(const char *s, wf_ssize_t n, wf_hash_t h) {
    size_t j = (size_t)h & intern_mask;
    for (;;) {
        WfObject *o = intern_table[j];
        if (o == NULL)
            return &intern_table[j];
        if (wf_str_cached_hash(o) == h && WF_STR_BYTE_LENGTH(o) == n &&
            memcmp(WF_STR_DATA(o), s, (size_t)n) == 0)
            return &intern_table[j];
        j = (j + 1) & intern_mask;
    }
}

/* Whether o may be made immortal in place. wf_set_immortal rewrites the
 * reference count fields with plain stores, which is only correct while no
 * other thread can touch them: the process has one thread, or o is already
 * immortal (nothing to write), or the caller's reference is o's only one
 * (owner-local count 1, owned by this thread, shared word 0: no other thread
 * holds a counted reference) and o was never published (no lock-free reader
 * holds a borrowed one). The answer cannot change under us: nobody else can
 * reach o to take a reference. */
static bool intern_may_immortalize(WfObject *o) {
    if (!wf_objects_are_shared() || wf_is_immortal(o))
        return true;
    return wf_is_owned_by_current_thread(o) && wf_ref_local_load(o) == 1 &&
           atomic_load_explicit(&o->ob_ref_shared, memory_order_relaxed) == 0 &&
           !(__atomic_load_n(&o->ob_gc_bits, __ATOMIC_RELAXED) & WF_GC_SHARED_ONCE);
}

/* A fresh private copy of o (never a shared singleton), hash included. */
static WfObject *intern_private_copy(WfObject *o) {
    WfStrObject *c = wf_str_new_uninit(WF_STR_BYTE_LENGTH(o), WF_STR_LENGTH(o));
    if (c == NULL)
        return NULL;
    memcpy(c->data, WF_STR_DATA(o), (size_t)WF_STR_BYTE_LENGTH(o));
    c->hash = wf_str_hash(o);
    return wf_str_finish_new(c);
}

/* The entry equal to o, or NULL; borrowed (entries are immortal). */
static WfObject *intern_lookup(WfObject *o, wf_hash_t h) {
    WfObject *found = NULL;
    pthread_mutex_lock(&intern_mutex);
    if (intern_table != NULL)
        found = *intern_find_locked(WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), h);
    pthread_mutex_unlock(&intern_mutex);
    return found;
}

/* Inserts o (exact str) or returns the existing equal entry; borrowed.
 * When o may be seen by other threads (intern_may_immortalize), a private
 * copy of it is interned and returned instead: CPython's sys.intern also
 * returns "the string itself or a copy". */
static WfObject *intern_add(WfObject *o) {
    wf_hash_t h = wf_str_hash(o);
    WfObject *cand = o;
    if (!intern_may_immortalize(o)) {
        WfObject *found = intern_lookup(o, h);
        if (found != NULL)
            return found;
        cand = intern_private_copy(o);
        if (cand == NULL) {
            wf_err_clear();
            return NULL;
        }
    }
    pthread_mutex_lock(&intern_mutex);
    if ((intern_used + 1) * 2 > intern_mask + 1 || intern_table == NULL) {
        if (!intern_grow_locked()) {
            pthread_mutex_unlock(&intern_mutex);
            if (cand != o)
                wf_decref(cand);
            return NULL;
        }
    }
    WfObject **slot = intern_find_locked(WF_STR_DATA(o), WF_STR_BYTE_LENGTH(o), h);
    WfObject *r = *slot;
    if (r == NULL) {
        if (!wf_is_immortal(cand))
            wf_set_immortal(cand);
        __atomic_fetch_or(&cand->ob_flags, WF_STR_FLAG_INTERNED, __ATOMIC_RELAXED);
        *slot = cand;
        intern_used++;
        r = cand;
    } else if (cand != o) {
        wf_decref(cand);   /* another thread interned the text meanwhile */
    }
    pthread_mutex_unlock(&intern_mutex);
    return r;
}

void wf_str_intern_in_place(WfObject **p) {
    WfObject *o = *p;
    if (!wf_str_check_exact(o) || wf_str_is_interned(o))
        return;
    WfObject *r = intern_add(o);
    if (r == NULL || r == o)
        return;  /* out of memory: leave it uninterned, still correct */
    *p = r;
    wf_decref(o);
}

WfObject *wf_str_intern_utf8(const char *s, wf_ssize_t byte_len) {
    wf_ssize_t len = wf_utf8_count(s, byte_len);
    wf_hash_t h = hash_utf8(s, byte_len, len);
    pthread_mutex_lock(&intern_mutex);
    WfObject *found = NULL;
    if (intern_table != NULL)
        found = *intern_find_locked(s, byte_len, h);
    pthread_mutex_unlock(&intern_mutex);
    if (found != NULL)
        return found;
    WfObject *o = wf_str_from_utf8(s, byte_len);
    if (o == NULL)
        return NULL;
    wf_str_intern_in_place(&o);
    return o;
}

WfObject *wf_str_intern_cstr(const char *s) {
    return wf_str_intern_utf8(s, (wf_ssize_t)strlen(s));
}

/* ======================================================================
 * WfStrBuilder
 * ====================================================================== */

void wf_str_builder_init(WfStrBuilder *b) {
    b->buf = NULL;
    b->len = b->cap = 0;
    b->codepoints = 0;
    b->is_ascii = true;
    b->failed = false;
}

static bool builder_reserve(WfStrBuilder *b, wf_ssize_t extra) {
    if (b->failed)
        return false;
    if (b->len + extra <= b->cap)
        return true;
    if (extra > WF_SSIZE_T_MAX / 4 - b->len) {
        b->failed = true;
        return false;
    }
    wf_ssize_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra)
        cap += cap / 2 + 16;  /* amortised 1.5x growth */
    char *nb = wf_mem_realloc(b->buf, (size_t)cap);
    if (nb == NULL) {
        b->failed = true;
        return false;
    }
    b->buf = nb;
    b->cap = cap;
    return true;
}

static int builder_append_counted(WfStrBuilder *b, const char *s, wf_ssize_t len,
                                  wf_ssize_t cps) {
    if (len == 0)
        return 0;
    if (!builder_reserve(b, len))
        return -1;
    memcpy(b->buf + b->len, s, (size_t)len);
    b->len += len;
    b->codepoints += cps;
    if (cps != len)
        b->is_ascii = false;
    return 0;
}

int wf_str_builder_append_utf8(WfStrBuilder *b, const char *s, wf_ssize_t len) {
    return builder_append_counted(b, s, len, wf_utf8_count(s, len));
}

int wf_str_builder_append_ascii(WfStrBuilder *b, const char *s, wf_ssize_t n) {
    return builder_append_counted(b, s, n, n);
}

int wf_str_builder_append_cstr(WfStrBuilder *b, const char *s) {
    return wf_str_builder_append_utf8(b, s, (wf_ssize_t)strlen(s));
}

int wf_str_builder_append_str(WfStrBuilder *b, WfObject *str) {
    return builder_append_counted(b, WF_STR_DATA(str), WF_STR_BYTE_LENGTH(str),
                                  WF_STR_LENGTH(str));
}

int wf_str_builder_append_codepoint(WfStrBuilder *b, uint32_t cp) {
    if (cp < 0x80 && b->len < b->cap && !b->failed) {
        b->buf[b->len++] = (char)cp;
        b->codepoints++;
        return 0;
    }
    char tmp[4];
    int n = wf_utf8_encode(cp, tmp);
    return builder_append_counted(b, tmp, n, 1);
}

WfObject *wf_str_builder_finish(WfStrBuilder *b) {
    if (b->failed) {
        wf_str_builder_discard(b);
        return wf_err_no_memory();
    }
    WfObject *r = wf_str_from_valid_utf8(b->buf, b->len, b->codepoints);
    wf_str_builder_discard(b);
    return r;
}

void wf_str_builder_discard(WfStrBuilder *b) {
    wf_mem_free(b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
}

/* ======================================================================
 * Start-up
 * ====================================================================== */

static WfObject *make_immortal_interned(const char *s, wf_ssize_t n, wf_ssize_t cps) {
    WfStrObject *o = wf_str_new_uninit(n, cps);
    if (o == NULL)
        return NULL;
    memcpy(o->data, s, (size_t)n);
    WfObject *r = wf_str_finish_new(o);
    return intern_add(r);
}

/* Creates "", the latin-1 one-character strings and the WF_ID table.
 * Called once by wf_types_init(), before any type is ready and before any
 * other thread exists (allocating instances of a static type needs only its
 * size and flags). */
int wf_str_init(void) {
    if (wf_str_empty != NULL)
        return 0;
    wf_str_empty = make_immortal_interned("", 0, 0);
    if (wf_str_empty == NULL)
        return -1;
    for (uint32_t c = 0; c < 256; c++) {
        char buf[2];
        int n = wf_utf8_encode(c, buf);
        wf_str_latin1[c] = make_immortal_interned(buf, n, 1);
        if (wf_str_latin1[c] == NULL)
            return -1;
    }
#define WF_STR_ID(name)                                   \
    if ((wf_str_ids.name = wf_str_intern_cstr(#name)) == NULL) \
        return -1;
#include "runtime/objects/str_ids.def"
#undef WF_STR_ID
    /* b'' and the one-byte cache; the private iterator types are readied
     * lazily by type.c on first attribute access. */
    if (wf_bytes_init() < 0)
        return -1;
    return 0;
}

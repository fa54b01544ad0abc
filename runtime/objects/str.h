/* str.h — str objects: immutable Unicode text stored as UTF-8.
 *
 * Invariants:
 *  - data[] holds `byte_length` bytes of valid UTF-8 plus a terminating NUL,
 *    inline after the header; `length` is the number of code points.
 *  - ASCII <=> byte_length == length (WF_STR_IS_ASCII): indexing is O(1)
 *    then; otherwise str.c converts code point indices to byte offsets.
 *  - hash is -1 until computed (SipHash-1-3 or FNV; randomisation not required).
 *  - Interned strings are immortal and have WF_STR_FLAG_INTERNED in ob_flags;
 *    identifiers in code objects are interned, so attribute and global
 *    lookups compare pointers first.
 *  - The header is 56 bytes, data follows at once: a string of up to 7
 *    bytes is one 64-byte block.
 */
#ifndef WF_STR_H
#define WF_STR_H

#include "runtime/objects/object.h"

typedef struct WfStrObject {
    WF_OBJECT_HEAD;
    wf_ssize_t length;          /* code points */
    wf_ssize_t byte_length;     /* bytes of UTF-8, without the NUL */
    wf_hash_t hash;             /* -1 = not computed */
    char data[];                /* byte_length + 1 bytes */
} WfStrObject;

extern WfTypeObject wf_str_type;
#define wf_str_check(o) WF_TYPE_HAS_FLAG(WF_TYPE(o), WF_TPFLAGS_STR_SUBCLASS)
#define wf_str_check_exact(o) (WF_TYPE(o) == &wf_str_type)
#define WF_STR_DATA(o) (((WfStrObject *)(o))->data)
#define WF_STR_LENGTH(o) (((WfStrObject *)(o))->length)
#define WF_STR_BYTE_LENGTH(o) (((WfStrObject *)(o))->byte_length)
#define WF_STR_IS_ASCII(o) (WF_STR_BYTE_LENGTH(o) == WF_STR_LENGTH(o))
#define WF_STR_FLAG_INTERNED 0x0001   /* ob_flags */

/* Constructors (UTF-8 input must be valid; invalid raises UnicodeDecodeError). */
WfObject *wf_str_from_utf8(const char *s, wf_ssize_t byte_len);
WfObject *wf_str_from_cstr(const char *s);
WfObject *wf_str_from_utf8_lossy(const char *s, wf_ssize_t byte_len); /* errors="surrogateescape"-ish: replaces bad bytes with U+FFFD */
WfObject *wf_str_from_codepoint(uint32_t cp);         /* chr() */
WfObject *wf_str_from_ascii(const char *s, wf_ssize_t n); /* n bytes of ASCII (not checked), e.g. digits */
/* printf-like: %s (utf-8 char*), %.Ns, %d %i %u %ld %lu %lld %zd %zu %x %c %p %%,
 * %S (str(obj)), %R (repr(obj)), %U (str object as is), %A (ascii(obj)). */
WfObject *wf_str_from_format(const char *fmt, ...);
WfObject *wf_str_from_format_v(const char *fmt, va_list va);
/* The interned, immortal string with this text (new ref semantics; immortal). */
WfObject *wf_str_intern_cstr(const char *s);
WfObject *wf_str_intern_utf8(const char *s, wf_ssize_t byte_len);
void wf_str_intern_in_place(WfObject **p);            /* replaces *p with the interned equal string */
/* Whether o is an interned string. The flag is set (relaxed) once, under
 * the intern lock, while other threads may read it: relaxed load. */
static inline bool wf_str_is_interned(WfObject *o) {
    return (__atomic_load_n(&o->ob_flags, __ATOMIC_RELAXED) & WF_STR_FLAG_INTERNED) != 0;
}

/* Access */
const char *wf_str_as_utf8(WfObject *o);                /* NUL-terminated, borrowed */
const char *wf_str_as_utf8_and_size(WfObject *o, wf_ssize_t *byte_len);
uint32_t wf_str_read_char(WfObject *o, wf_ssize_t index); /* index in code points, 0 <= index < length */
wf_hash_t wf_str_hash(WfObject *o);
/* The cached hash, or -1 when not computed yet. Threads that race to fill
 * the cache store the same value, so relaxed atomics are all it needs (on
 * both sides: wf_str_hash stores with a relaxed store). */
static inline wf_hash_t wf_str_cached_hash(WfObject *o) {
    return __atomic_load_n(&((WfStrObject *)o)->hash, __ATOMIC_RELAXED);
}
bool wf_str_equal(WfObject *a, WfObject *b);            /* both str; pointer check first */
bool wf_str_equal_cstr(WfObject *a, const char *s);
int wf_str_compare(WfObject *a, WfObject *b);           /* code point order: <0, 0, >0 */
WfObject *wf_str_concat(WfObject *a, WfObject *b);
WfObject *wf_str_join(WfObject *sep, WfObject *iterable);
WfObject *wf_str_substring(WfObject *o, wf_ssize_t start, wf_ssize_t end); /* code point indices */
WfObject *wf_str_repr(WfObject *o);
WfObject *wf_str_format_spec(WfObject *o, WfObject *spec); /* format(str, spec) */
WfObject *wf_str_percent_format(WfObject *fmt, WfObject *args); /* fmt % args */
WfObject *wf_str_encode(WfObject *o, const char *encoding, const char *errors);
WfObject *wf_str_decode(const char *data, wf_ssize_t len, const char *encoding, const char *errors);
int wf_str_contains(WfObject *haystack, WfObject *needle);
/* `*pleft += right` for str: steals *pleft, stores the result (NULL on error,
 * returns -1). Appends in place when the caller holds the only reference
 * (see str.c), which makes `s += t` loops linear. */
int wf_str_concat_inplace(WfObject **pleft, WfObject *right);
/* Creates "", the one-character cache and the WF_ID table (wf_types_init). */
int wf_str_init(void);
/* Efficient string building (e.g. for repr of containers, f-strings). */
typedef struct WfStrBuilder {
    char *buf;
    wf_ssize_t len, cap;
    wf_ssize_t codepoints;
    bool is_ascii;
    bool failed;
} WfStrBuilder;
void wf_str_builder_init(WfStrBuilder *b);
int wf_str_builder_append_utf8(WfStrBuilder *b, const char *s, wf_ssize_t len);
int wf_str_builder_append_cstr(WfStrBuilder *b, const char *s);
int wf_str_builder_append_str(WfStrBuilder *b, WfObject *str);
int wf_str_builder_append_codepoint(WfStrBuilder *b, uint32_t cp);
WfObject *wf_str_builder_finish(WfStrBuilder *b);       /* consumes b; NULL + MemoryError if any append failed */
void wf_str_builder_discard(WfStrBuilder *b);

/* Common interned identifiers used by the runtime: wf_id(__init__) etc.
 * (str.c keeps the table; names listed in str_ids.def). */
#define WF_ID(name) (wf_str_ids.name)
typedef struct WfStrIds {
#define WF_STR_ID(name) WfObject *name;
#include "runtime/objects/str_ids.def"
#undef WF_STR_ID
} WfStrIds;
extern WfStrIds wf_str_ids;
extern WfObject *wf_str_empty;  /* "" (immortal) */

#endif /* WF_STR_H */

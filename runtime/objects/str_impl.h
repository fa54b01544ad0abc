/* str_impl.h — private helpers shared by str*.c and bytes*.c (not a public
 * header: other folders use str.h / objects.h).
 *
 * Internal encoding: str data is UTF-8, except that lone surrogates
 * (U+D800..U+DFFF, e.g. from chr(0xdc80) or the surrogateescape error
 * handler) are stored with the generic 3-byte form (ED A0..BF xx), as
 * CPython can hold them too. Strict validation (wf_str_from_utf8) rejects
 * them; the codecs decide what to do with them on encode. Byte order of this
 * encoding is code point order, so comparisons are memcmp.
 *
 * Code point index: a non-ASCII str longer than WF_STR_INDEX_STRIDE code
 * points carries, after its NUL terminator (4-byte aligned, inside the same
 * allocation), a table of uint32 byte offsets of code points STRIDE, 2*STRIDE,
 * ... so s[i] walks at most STRIDE-1 code points. Strings over 4 GiB keep no
 * table and walk.
 */
#ifndef WF_STR_IMPL_H
#define WF_STR_IMPL_H

#include "runtime/objects/objects.h"

#define WF_STR_INDEX_STRIDE 32

/* ---- UTF-8 primitives (internal encoding, assumed well formed) -------- */

/* Decodes the code point at p; *n receives its byte length (1..4). */
static inline uint32_t wf_utf8_decode(const unsigned char *p, int *n) {
    uint32_t c = p[0];
    if (c < 0x80) { *n = 1; return c; }
    if (c < 0xE0) { *n = 2; return ((c & 0x1F) << 6) | (p[1] & 0x3F); }
    if (c < 0xF0) { *n = 3; return ((c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F); }
    *n = 4;
    return ((c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
           ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}
static inline int wf_utf8_char_len(unsigned char lead) {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}
/* Encodes cp (<= 0x10FFFF, surrogates allowed) into out; returns 1..4. */
static inline int wf_utf8_encode(uint32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = 0xC0 | (cp >> 6); o[1] = 0x80 | (cp & 0x3F); return 2; }
    if (cp < 0x10000) {
        o[0] = 0xE0 | (cp >> 12); o[1] = 0x80 | ((cp >> 6) & 0x3F); o[2] = 0x80 | (cp & 0x3F);
        return 3;
    }
    o[0] = 0xF0 | (cp >> 18); o[1] = 0x80 | ((cp >> 12) & 0x3F);
    o[2] = 0x80 | ((cp >> 6) & 0x3F); o[3] = 0x80 | (cp & 0x3F);
    return 4;
}
static inline int wf_utf8_encoded_len(uint32_t cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
/* Number of code points in well-formed internal UTF-8. */
wf_ssize_t wf_utf8_count(const char *s, wf_ssize_t n);

/* Strict UTF-8 check (no surrogates, no overlongs), CPython's error ranges. */
typedef struct WfUtf8Error {
    wf_ssize_t start, end;      /* bytes [start, end) are in error */
    const char *reason;         /* "invalid start byte", ... */
} WfUtf8Error;
/* Returns the code point count, or -1 with *err filled (no exception set). */
wf_ssize_t wf_utf8_check(const char *s, wf_ssize_t n, WfUtf8Error *err);

/* ---- construction ------------------------------------------------------ */

/* A fresh exact str with room for byte_len bytes; the caller writes data[]
 * then calls wf_str_finish_new. length must be the code point count. */
WfStrObject *wf_str_new_uninit(wf_ssize_t byte_len, wf_ssize_t length);
WfObject *wf_str_finish_new(WfStrObject *s);
/* Same for a str subclass (type->tp_basicsize >= sizeof(WfStrObject)). */
WfStrObject *wf_str_new_uninit_type(WfTypeObject *type, wf_ssize_t byte_len, wf_ssize_t length);
/* Builds from data known to be well-formed internal UTF-8 with `length` code
 * points (length < 0: count it). Uses the one-character cache. */
WfObject *wf_str_from_valid_utf8(const char *s, wf_ssize_t byte_len, wf_ssize_t length);
/* Copy of an arbitrary str-subclass instance as an exact str (new ref). */
WfObject *wf_str_exact_copy(WfObject *o);

/* Appends n ASCII bytes (no check). */
int wf_str_builder_append_ascii(WfStrBuilder *b, const char *s, wf_ssize_t n);
/* Private iterator types, made ready by wf_str_init. */
extern WfTypeObject wf_str_iter_type, wf_bytes_iter_type, wf_bytearray_iter_type;

/* One-character strings for U+0000..U+00FF (immortal). */
extern WfObject *wf_str_latin1[256];

/* ---- code point <-> byte offsets -------------------------------------- */

/* Byte offset of code point `index` (0 <= index <= length). */
wf_ssize_t wf_str_offset_of(WfObject *o, wf_ssize_t index);
/* Code point index of byte offset `off` (on a character boundary). */
static inline wf_ssize_t wf_str_index_of_offset(WfObject *o, wf_ssize_t off) {
    if (WF_STR_IS_ASCII(o))
        return off;
    return wf_utf8_count(WF_STR_DATA(o), off);
}

/* ---- hashing ----------------------------------------------------------- */

/* CPython's SipHash-1-3 with a zero key (PYTHONHASHSEED=0), so dict and set
 * orders match CPython's. _Py_HashBytes rules: 0 for empty, never -1. */
wf_hash_t wf_hash_bytes(const void *data, wf_ssize_t len);

/* ---- shared by the method files -------------------------------------- */

extern WfMethodDef wf_str_methods[];     /* str_methods.c */
WfObject *wf_str_method_format(WfObject *self, WfObject *const *args, wf_ssize_t nargs,
                               WfObject *kwnames);          /* str_format.c */
WfObject *wf_str_method_format_map(WfObject *self, WfObject *mapping);
WfObject *wf_str_method_dunder_format(WfObject *self, WfObject *spec);
WfObject *wf_str_mod(WfObject *fmt, WfObject *args);        /* nb_remainder */
WfObject *wf_bytes_percent_format(WfObject *fmt, WfObject *args); /* bytes/bytearray nb_remainder */

/* Codecs (str_codecs.c). Encoding names are normalised as CPython does. */
enum WfCodec { WF_CODEC_UNKNOWN = 0, WF_CODEC_UTF8, WF_CODEC_ASCII, WF_CODEC_LATIN1 };
enum WfCodec wf_codec_lookup(const char *encoding);
/* Raises LookupError("unknown encoding: X") for an unsupported name. */
WfObject *wf_bytes_decode_object(WfObject *bytes_like, const char *encoding, const char *errors);

/* ---- bytes and bytearray (bytes.c, bytes_methods.c, bytearray.c) ---- */

/* Data of a bytes or bytearray object: 0, or -1 (no exception) for others.
 * For a bytearray the pointer is valid until it is next resized. */
int wf_bytes_like_data(WfObject *o, const char **data, wf_ssize_t *len);
int wf_bytearray_as_data(WfObject *o, const char **data, wf_ssize_t *len);
/* wf_bytes_like_data for an argument (not the locked receiver): a bytearray
 * is first copied in its critical section; drop *keep after the last use of
 * *data (bytearray.c). wf_bytearray_stable: the same as a new reference;
 * wf_bytearray_stable_items: a tuple with its bytearray items copied. */
int wf_bytes_like_data_stable(WfObject *o, const char **data, wf_ssize_t *len, WfObject **keep);
WfObject *wf_bytearray_stable(WfObject *o);
WfObject *wf_bytearray_stable_items(WfObject *tuple);
int wf_bytearray_byte_at_lock_held(WfObject *o, wf_ssize_t i);
WfObject *wf_bytearray_from_data(const char *data, wf_ssize_t len);
bool wf_bytearray_check(WfObject *o);
/* Ints from an iterable, each in range(256), appended to a fresh buffer
 * (wf_mem_malloc'd, caller frees). -1 with an exception. */
int wf_bytes_collect_iterable(WfObject *iterable, char **out, wf_ssize_t *len);
extern WfMethodDef wf_bytes_methods[], wf_bytearray_methods[];
/* bytearray's mutating methods (bytearray.c), listed in wf_bytearray_methods. */
WfObject *wf_bytearray_append_method(WfObject *self, WfObject *arg);
WfObject *wf_bytearray_extend_method(WfObject *self, WfObject *arg);
WfObject *wf_bytearray_pop_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs);
WfObject *wf_bytearray_insert_method(WfObject *self, WfObject *const *args, wf_ssize_t nargs);
WfObject *wf_bytearray_remove_method(WfObject *self, WfObject *arg);
WfObject *wf_bytearray_clear_method(WfObject *self, WfObject *unused);
WfObject *wf_bytearray_copy_method(WfObject *self, WfObject *unused);
WfObject *wf_bytearray_reverse_method(WfObject *self, WfObject *unused);
/* bytes(x) / bytearray(x) source conversion: new bytes, or NULL. */
WfObject *wf_bytes_from_source(WfObject *source, WfObject *encoding, WfObject *errors,
                               const char *type_name);
WfObject *wf_bytes_repr_data(const char *prefix, const char *data, wf_ssize_t len,
                             const char *suffix, int smartquotes);
int wf_bytes_init(void);

/* ---- character classes (str_ctype.c) ---------------------------------- */
bool wf_unicode_isspace(uint32_t c);
bool wf_unicode_isalpha(uint32_t c);
bool wf_unicode_isdecimal(uint32_t c);
bool wf_unicode_isdigit(uint32_t c);
bool wf_unicode_isnumeric(uint32_t c);
bool wf_unicode_isalnum(uint32_t c);
bool wf_unicode_islower(uint32_t c);
bool wf_unicode_isupper(uint32_t c);
bool wf_unicode_istitle(uint32_t c);
bool wf_unicode_iscased(uint32_t c);
bool wf_unicode_iscaseignorable(uint32_t c);
bool wf_unicode_isprintable(uint32_t c);
bool wf_unicode_isxid_start(uint32_t c);
bool wf_unicode_isxid_continue(uint32_t c);
bool wf_unicode_islinebreak(uint32_t c);
int wf_unicode_decimal_value(uint32_t c);  /* -1 if not a decimal digit */
/* Full case mappings: write up to 3 code points to out, return how many. */
int wf_unicode_to_upper_full(uint32_t c, uint32_t out[3]);
int wf_unicode_to_lower_full(uint32_t c, uint32_t out[3]);
int wf_unicode_to_title_full(uint32_t c, uint32_t out[3]);
int wf_unicode_casefold_full(uint32_t c, uint32_t out[3]);

/* Argument helpers for FASTCALL methods (str_methods.c), CPython messages.
 * wf_args_parse_kw maps args/kwnames onto names[0..n) (NULL = missing). */
int wf_args_parse_kw(const char *fname, WfObject *const *args, wf_ssize_t nargs,
                     WfObject *kwnames, const char *const *names, int n, WfObject **out);
int wf_args_check_nargs(const char *name, wf_ssize_t nargs, wf_ssize_t min, wf_ssize_t max);
int wf_args_as_ssize(WfObject *o, wf_ssize_t *out);       /* __index__, OverflowError */
int wf_args_slice_index(WfObject *o, wf_ssize_t *out);    /* None keeps *out; clamps */
WfObject *wf_bytes_iter_new(WfObject *seq, WfTypeObject *type);

#endif /* WF_STR_IMPL_H */

/* str_codecs.c — str.encode / bytes.decode for utf-8, ascii and latin-1.
 *
 * Error handlers: strict, replace, ignore, surrogateescape,
 * backslashreplace (both directions) and xmlcharrefreplace (encode).
 * Errors raise UnicodeEncodeError / UnicodeDecodeError built from
 * (encoding, object, start, end, reason), whose str() (exceptions.c) gives
 * CPython's messages. Error ranges are CPython's: a decode error covers the
 * bytes its UTF-8 state machine rejected (wf_utf8_check); an encode error
 * covers the whole run of consecutive unencodable characters.
 * An unknown handler name is only looked at when an error happens, as in
 * CPython ("unknown error handler name 'x'").
 */
#include <ctype.h>
#include <string.h>

#include "runtime/objects/str_impl.h"

/* ---- names --------------------------------------------------------------- */

enum WfCodec wf_codec_lookup(const char *encoding) {
    char norm[32];
    size_t n = 0;
    for (const char *p = encoding; *p; p++) {
        if (n + 1 >= sizeof norm)
            return WF_CODEC_UNKNOWN;
        char c = (char)tolower((unsigned char)*p);
        norm[n++] = (c == '_' || c == ' ') ? '-' : c;
    }
    norm[n] = '\0';
    static const char *const utf8[] = {"utf-8", "utf8", "u8", "utf", "cp65001", NULL};
    static const char *const ascii[] = {"ascii", "us-ascii", "646", "us", "ansi-x3.4-1968",
                                        "iso646-us", NULL};
    static const char *const latin1[] = {"latin-1", "latin1", "latin", "iso-8859-1", "iso8859-1",
                                         "8859", "cp819", "l1", "iso-ir-100", NULL};
    for (int i = 0; utf8[i]; i++)
        if (strcmp(norm, utf8[i]) == 0)
            return WF_CODEC_UTF8;
    for (int i = 0; ascii[i]; i++)
        if (strcmp(norm, ascii[i]) == 0)
            return WF_CODEC_ASCII;
    for (int i = 0; latin1[i]; i++)
        if (strcmp(norm, latin1[i]) == 0)
            return WF_CODEC_LATIN1;
    return WF_CODEC_UNKNOWN;
}

static const char *codec_name(enum WfCodec c) {
    return c == WF_CODEC_UTF8 ? "utf-8" : c == WF_CODEC_ASCII ? "ascii" : "latin-1";
}

enum Handler { H_STRICT, H_REPLACE, H_IGNORE, H_SURROGATEESCAPE, H_BACKSLASH, H_XMLCHARREF, H_UNKNOWN };

static enum Handler handler_lookup(const char *errors) {
    if (errors == NULL || strcmp(errors, "strict") == 0)
        return H_STRICT;
    if (strcmp(errors, "replace") == 0)
        return H_REPLACE;
    if (strcmp(errors, "ignore") == 0)
        return H_IGNORE;
    if (strcmp(errors, "surrogateescape") == 0)
        return H_SURROGATEESCAPE;
    if (strcmp(errors, "backslashreplace") == 0)
        return H_BACKSLASH;
    if (strcmp(errors, "xmlcharrefreplace") == 0)
        return H_XMLCHARREF;
    return H_UNKNOWN;
}

static void unknown_handler(const char *errors) {
    wf_err_format(wf_exc_LookupError, "unknown error handler name '%s'", errors);
}

static WfObject *unknown_encoding(const char *encoding) {
    return wf_err_format(wf_exc_LookupError, "unknown encoding: %s", encoding);
}

/* Raises exc_type(encoding, object, start, end, reason). */
static void raise_unicode_error(WfObject *exc_type, const char *encoding, WfObject *object,
                                wf_ssize_t start, wf_ssize_t end, const char *reason) {
    WfObject *enc = wf_str_from_cstr(encoding);
    WfObject *s = wf_int_from_ssize(start), *e = wf_int_from_ssize(end);
    WfObject *r = wf_str_from_cstr(reason);
    if (enc && s && e && r) {
        WfObject *exc = wf_object_call_function_objargs(exc_type, enc, object, s, e, r, NULL);
        if (exc != NULL)
            wf_err_set_object(exc_type, exc);
        wf_xdecref(exc);
    }
    wf_xdecref(enc);
    wf_xdecref(s);
    wf_xdecref(e);
    wf_xdecref(r);
}

/* ---- a growable byte buffer -------------------------------------------- */

typedef struct ByteBuf {
    char *p;
    wf_ssize_t len, cap;
    bool failed;
} ByteBuf;

static void bb_put(ByteBuf *b, const void *s, wf_ssize_t n) {
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        wf_ssize_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n)
            cap *= 2;
        char *np = wf_mem_realloc(b->p, (size_t)cap);
        if (np == NULL) {
            b->failed = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, (size_t)n);
    b->len += n;
}

static WfObject *bb_finish(ByteBuf *b) {
    WfObject *r = b->failed ? wf_err_no_memory() : wf_bytes_from_data(b->p ? b->p : "", b->len);
    wf_mem_free(b->p);
    return r;
}

static void put_escape(ByteBuf *b, uint32_t c, bool bytes_style) {
    char buf[16];
    int n;
    if (c <= 0xff || bytes_style)
        n = snprintf(buf, sizeof buf, "\\x%02x", (unsigned)(c & 0xff));
    else if (c <= 0xffff)
        n = snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
    else
        n = snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
    bb_put(b, buf, n);
}

/* ======================================================================
 * Encoding
 * ====================================================================== */

static bool is_surrogate(uint32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

WfObject *wf_str_encode(WfObject *o, const char *encoding, const char *errors) {
    enum WfCodec codec = wf_codec_lookup(encoding);
    if (codec == WF_CODEC_UNKNOWN)
        return unknown_encoding(encoding);
    const char *d = WF_STR_DATA(o);
    wf_ssize_t n = WF_STR_BYTE_LENGTH(o);
    if (WF_STR_IS_ASCII(o))
        return wf_bytes_from_data(d, n);
    uint32_t limit = codec == WF_CODEC_ASCII ? 128 : codec == WF_CODEC_LATIN1 ? 256 : 0x110000;
    /* utf-8 without surrogates is a copy */
    if (codec == WF_CODEC_UTF8 && memmem(d, (size_t)n, "\xED", 1) == NULL)
        return wf_bytes_from_data(d, n);
    enum Handler h = handler_lookup(errors);
    ByteBuf b = {NULL, 0, 0, false};
    const unsigned char *p = (const unsigned char *)d, *end = p + n;
    wf_ssize_t index = 0;  /* code point index of p */
    while (p < end) {
        int len;
        uint32_t c = wf_utf8_decode(p, &len);
        bool bad = codec == WF_CODEC_UTF8 ? is_surrogate(c) : c >= limit;
        if (!bad) {
            if (codec == WF_CODEC_UTF8) {
                bb_put(&b, p, len);
            } else {
                char byte = (char)c;
                bb_put(&b, &byte, 1);
            }
            p += len;
            index++;
            continue;
        }
        /* the run of unencodable characters [index, stop) */
        const unsigned char *q = p;
        wf_ssize_t stop = index;
        while (q < end) {
            int l2;
            uint32_t c2 = wf_utf8_decode(q, &l2);
            if (!(codec == WF_CODEC_UTF8 ? is_surrogate(c2) : c2 >= limit))
                break;
            q += l2;
            stop++;
        }
        const char *reason = codec == WF_CODEC_UTF8 ? "surrogates not allowed"
                             : codec == WF_CODEC_ASCII ? "ordinal not in range(128)"
                                                       : "ordinal not in range(256)";
        if (h == H_UNKNOWN) {
            unknown_handler(errors);
            goto fail;
        }
        if (h == H_STRICT)
            goto strict;
        for (const unsigned char *r = p; r < q;) {
            int l3;
            uint32_t c3 = wf_utf8_decode(r, &l3);
            r += l3;
            switch (h) {
            case H_REPLACE:
                bb_put(&b, "?", 1);
                break;
            case H_IGNORE:
                break;
            case H_BACKSLASH:
                put_escape(&b, c3, false);
                break;
            case H_XMLCHARREF: {
                char buf[16];
                int k = snprintf(buf, sizeof buf, "&#%u;", (unsigned)c3);
                bb_put(&b, buf, k);
                break;
            }
            case H_SURROGATEESCAPE:
                if (c3 >= 0xDC80 && c3 <= 0xDCFF) {
                    char byte = (char)(c3 - 0xDC00);
                    bb_put(&b, &byte, 1);
                    break;
                }
                /* not an escaped byte: strict error on this character */
                index += wf_utf8_count((const char *)p, (r - l3) - p);
                stop = index + 1;
                goto strict;
            default:
                break;
            }
        }
        p = q;
        index = stop;
        continue;
    strict:
        raise_unicode_error(wf_exc_UnicodeEncodeError, codec_name(codec), o, index, stop, reason);
        goto fail;
    }
    return bb_finish(&b);
fail:
    wf_mem_free(b.p);
    return NULL;
}

/* ======================================================================
 * Decoding
 * ====================================================================== */

static WfObject *decode_error_object(const char *data, wf_ssize_t len) {
    return wf_bytes_from_data(data, len);
}

/* Applies the handler to the bad bytes [start, end); 0, or -1 when the
 * handler is strict/unknown (exception raised). */
static int decode_bad(WfStrBuilder *sb, enum Handler h, const char *errors, enum WfCodec codec,
                      const char *data, wf_ssize_t len, wf_ssize_t start, wf_ssize_t end,
                      const char *reason) {
    switch (h) {
    case H_REPLACE:
        wf_str_builder_append_codepoint(sb, 0xFFFD);
        return 0;
    case H_IGNORE:
        return 0;
    case H_SURROGATEESCAPE:
        for (wf_ssize_t i = start; i < end; i++) {
            unsigned char c = (unsigned char)data[i];
            if (c < 128)
                goto strict;
            wf_str_builder_append_codepoint(sb, 0xDC00 + c);
        }
        return 0;
    case H_BACKSLASH:
        for (wf_ssize_t i = start; i < end; i++) {
            char buf[8];
            int k = snprintf(buf, sizeof buf, "\\x%02x", (unsigned)(unsigned char)data[i]);
            wf_str_builder_append_ascii(sb, buf, k);
        }
        return 0;
    case H_UNKNOWN:
        unknown_handler(errors);
        return -1;
    default:
        break;
    }
strict: {
    WfObject *obj = decode_error_object(data, len);
    if (obj != NULL) {
        raise_unicode_error(wf_exc_UnicodeDecodeError, codec_name(codec), obj, start, end, reason);
        wf_decref(obj);
    }
    return -1;
}
}

static WfObject *decode_utf8(const char *data, wf_ssize_t len, const char *errors) {
    WfUtf8Error err;
    wf_ssize_t n = wf_utf8_check(data, len, &err);
    if (n >= 0)
        return wf_str_from_valid_utf8(data, len, n);
    enum Handler h = handler_lookup(errors);
    WfStrBuilder sb;
    wf_str_builder_init(&sb);
    wf_ssize_t pos = 0;
    while (pos < len) {
        n = wf_utf8_check(data + pos, len - pos, &err);
        if (n >= 0) {
            wf_str_builder_append_utf8(&sb, data + pos, len - pos);
            break;
        }
        wf_str_builder_append_utf8(&sb, data + pos, err.start);
        if (decode_bad(&sb, h, errors, WF_CODEC_UTF8, data, len, pos + err.start, pos + err.end,
                       err.reason) < 0) {
            wf_str_builder_discard(&sb);
            return NULL;
        }
        pos += err.end;
    }
    return wf_str_builder_finish(&sb);
}

static WfObject *decode_latin1(const char *data, wf_ssize_t len) {
    wf_ssize_t high = 0;
    for (wf_ssize_t i = 0; i < len; i++)
        high += (unsigned char)data[i] >= 0x80;
    if (high == 0)
        return wf_str_from_valid_utf8(data, len, len);
    WfStrObject *r = wf_str_new_uninit(len + high, len);
    if (r == NULL)
        return NULL;
    char *o = r->data;
    for (wf_ssize_t i = 0; i < len; i++)
        o += wf_utf8_encode((unsigned char)data[i], o);
    return wf_str_finish_new(r);
}

static WfObject *decode_ascii(const char *data, wf_ssize_t len, const char *errors) {
    wf_ssize_t i = 0;
    while (i < len && (unsigned char)data[i] < 0x80)
        i++;
    if (i == len)
        return wf_str_from_valid_utf8(data, len, len);
    enum Handler h = handler_lookup(errors);
    WfStrBuilder sb;
    wf_str_builder_init(&sb);
    wf_ssize_t last = 0;
    for (i = 0; i < len; i++) {
        if ((unsigned char)data[i] < 0x80)
            continue;
        wf_str_builder_append_ascii(&sb, data + last, i - last);
        if (decode_bad(&sb, h, errors, WF_CODEC_ASCII, data, len, i, i + 1,
                       "ordinal not in range(128)") < 0) {
            wf_str_builder_discard(&sb);
            return NULL;
        }
        last = i + 1;
    }
    wf_str_builder_append_ascii(&sb, data + last, len - last);
    return wf_str_builder_finish(&sb);
}

WfObject *wf_str_decode(const char *data, wf_ssize_t len, const char *encoding, const char *errors) {
    switch (wf_codec_lookup(encoding ? encoding : "utf-8")) {
    case WF_CODEC_UTF8: return decode_utf8(data, len, errors);
    case WF_CODEC_ASCII: return decode_ascii(data, len, errors);
    case WF_CODEC_LATIN1: return decode_latin1(data, len);
    default: return unknown_encoding(encoding);
    }
}

WfObject *wf_bytes_decode_object(WfObject *obj, const char *encoding, const char *errors) {
    const char *data;
    wf_ssize_t len;
    WfObject *keep;
    if (wf_bytes_like_data_stable(obj, &data, &len, &keep) < 0)
        return wf_err_format(wf_exc_TypeError, "decoding to str: need a bytes-like object, %s found",
                             wf_type_name(WF_TYPE(obj)));
    WfObject *r = wf_str_decode(data, len, encoding, errors);
    wf_xdecref(keep);
    return r;
}

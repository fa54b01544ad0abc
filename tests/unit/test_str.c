/* test_str.c — str and bytes: construction, interning, non-ASCII indexing,
 * hashing (CPython-compatible), repr, methods, str.format, %-formatting,
 * codecs and their errors. Expected values were produced by python3.11
 * (PYTHONHASHSEED=0 for hashes). Methods are called through the types'
 * method tables, so the test exercises str*.c / bytes*.c directly. */
#include <string.h>

#include "runtime/objects/str_impl.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

/* ---- helpers ------------------------------------------------------------- */

static WfObject *S(const char *s) { return wf_str_from_cstr(s); }

/* repr(o) as UTF-8 (leaked: tests are short-lived). */
static const char *R(WfObject *o) {
    if (o == NULL) {
        WfObject *exc = wf_err_get_raised();
        static char buf[512];
        WfObject *msg = exc ? wf_object_str(exc) : NULL;
        snprintf(buf, sizeof buf, "<error %s: %s>", exc ? wf_type_name(WF_TYPE(exc)) : "?",
                 msg ? wf_str_as_utf8(msg) : "?");
        return buf;
    }
    WfObject *r = wf_object_repr(o);
    return r ? wf_str_as_utf8(r) : "<repr failed>";
}

static const char *U(WfObject *o) { return o ? wf_str_as_utf8(o) : R(o); }

/* Calls self.<name>(*args) through the method table of self's type;
 * the args are borrowed. kwname (or NULL) names the last argument. */
static WfObject *callm_kw(WfObject *self, const char *name, const char *kwname, int nargs,
                          WfObject **args) {
    for (WfMethodDef *m = WF_TYPE(self)->tp_methods; m && m->ml_name; m++) {
        if (strcmp(m->ml_name, name) != 0)
            continue;
        int flags = m->ml_flags & ~(WF_METH_CLASS | WF_METH_STATIC | WF_METH_LOCK_SELF |
                                    WF_METH_STABLE_ARGS | WF_METH_ANY_KEYWORDS);
        WfObject *first = (m->ml_flags & WF_METH_CLASS) ? (WfObject *)WF_TYPE(self) : self;
        if (flags == WF_METH_NOARGS)
            return ((WfObject * (*)(WfObject *, WfObject *)) m->ml_meth)(first, NULL);
        if (flags == WF_METH_O)
            return ((WfObject * (*)(WfObject *, WfObject *)) m->ml_meth)(first, args[0]);
        if (flags == WF_METH_FASTCALL)
            return ((WfObject * (*)(WfObject *, WfObject *const *, wf_ssize_t)) m->ml_meth)(
                first, args, nargs);
        if (flags == (WF_METH_FASTCALL | WF_METH_KEYWORDS)) {
            WfObject *kwnames = NULL;
            wf_ssize_t npos = nargs;
            if (kwname) {
                kwnames = wf_tuple_pack(1, S(kwname));
                npos--;
            }
            return ((WfObject * (*)(WfObject *, WfObject *const *, wf_ssize_t, WfObject *))
                        m->ml_meth)(first, args, npos, kwnames);
        }
    }
    bail_out(name);
    return NULL;
}

static WfObject *callm(WfObject *self, const char *name, int nargs, ...) {
    WfObject *args[8];
    va_list va;
    va_start(va, nargs);
    for (int i = 0; i < nargs; i++)
        args[i] = va_arg(va, WfObject *);
    va_end(va);
    return callm_kw(self, name, NULL, nargs, args);
}

static WfObject *I(long v) { return wf_int_from_long(v); }

/* ---- tests --------------------------------------------------------------- */

static void test_construction(void) {
    WfObject *s = S("h\xc3\xa9llo");
    is_int(WF_STR_LENGTH(s), 5, "len('héllo') == 5");
    is_int(WF_STR_BYTE_LENGTH(s), 6, "6 UTF-8 bytes");
    ok(!WF_STR_IS_ASCII(s), "not ascii");
    ok(WF_STR_IS_ASCII(S("hello")), "ascii flag");
    ok(S("") == wf_str_empty, "'' is the empty singleton");
    ok(wf_str_from_codepoint('a') == S("a"), "one-char strings are cached");
    ok(wf_str_from_codepoint(0xe9) == S("\xc3\xa9"), "latin-1 chars are cached");
    WfObject *bad = wf_str_from_utf8("a\xff", 2);
    ok(bad == NULL && wf_err_exception_matches(wf_exc_UnicodeDecodeError),
       "invalid UTF-8 raises UnicodeDecodeError");
    wf_err_clear();
    ok(wf_str_from_utf8("\xed\xa0\x80", 3) == NULL, "encoded surrogates are rejected");
    wf_err_clear();
    is_str(U(wf_str_from_utf8_lossy("a\xff" "b", 3)), "a\xef\xbf\xbd" "b", "lossy decoding");
    WfObject *chr = wf_str_from_codepoint(0x1F600);
    is_int(WF_STR_LENGTH(chr), 1, "chr(0x1f600) has length 1");
    is_str(U(chr), "\xf0\x9f\x98\x80", "chr(0x1f600) bytes");
    ok(wf_str_from_codepoint(0x110000) == NULL, "chr(0x110000) fails");
    wf_err_clear();
}

static void test_interning(void) {
    WfObject *a = wf_str_intern_cstr("weft_ident");
    WfObject *b = wf_str_intern_cstr("weft_ident");
    ok(a == b, "interning returns the same object");
    ok(wf_is_immortal(a), "interned strings are immortal");
    WfObject *c = S("weft_ident");
    ok(c != a, "a fresh string is a new object");
    wf_str_intern_in_place(&c);
    ok(c == a, "intern_in_place swaps in the canonical string");
    ok(WF_ID(__init__) == wf_str_intern_cstr("__init__"), "WF_ID(__init__) is interned");
    ok(wf_str_equal(WF_ID(__init__), S("__init__")), "equal to a fresh copy");
    ok(!wf_str_equal(WF_ID(__init__), WF_ID(__new__)), "distinct interned strings differ");
    WfObject *d = S("fresh_one_xyz");
    wf_str_intern_in_place(&d);
    ok(d == wf_str_intern_cstr("fresh_one_xyz"), "interning a new text registers it");
}

static void test_indexing(void) {
    /* 100 code points of 1..4 bytes each: exercises the offset index */
    static const uint32_t cps[] = {'a', 0xe9, 0x4e2d, 0x1F600};
    WfStrBuilder b;
    wf_str_builder_init(&b);
    for (int i = 0; i < 100; i++)
        wf_str_builder_append_codepoint(&b, cps[(i * 7) % 4]);
    WfObject *s = wf_str_builder_finish(&b);
    is_int(WF_STR_LENGTH(s), 100, "builder counts code points");
    int good = 1;
    for (int i = 0; i < 100; i++)
        if (wf_str_read_char(s, i) != cps[(i * 7) % 4])
            good = 0;
    ok(good, "read_char on every index of a long non-ASCII string");
    WfObject *sub = wf_str_substring(s, 37, 41);
    good = WF_STR_LENGTH(sub) == 4;
    for (int i = 0; i < 4; i++)
        if (wf_str_read_char(sub, i) != cps[((i + 37) * 7) % 4])
            good = 0;
    ok(good, "substring of non-ASCII text");
    WfObject *slice = wf_slice_new(NULL, NULL, I(-2));
    is_str(R(wf_object_getitem(S("h\xc3\xa9llo"), slice)), "'olh'", "'héllo'[::-2]");
    slice = wf_slice_new(I(3), I(8), NULL);
    is_str(R(wf_object_getitem(S("h\xc3\xa9llo w\xc3\xb6rld"), slice)), "'lo w\xc3\xb6'",
           "'héllo wörld'[3:8]");
    is_str(R(wf_object_getitem(S("abc"), I(-1))), "'c'", "'abc'[-1]");
    is_str(R(wf_object_getitem(S("abc"), I(3))), "<error IndexError: string index out of range>",
           "index out of range");
}

static void test_hash_compare(void) {
    /* CPython 3.11, PYTHONHASHSEED=0 */
    is_int(wf_str_hash(S("a")), 4644417185603328019LL, "hash('a')");
    is_int(wf_str_hash(S("abc")), -4594863902769663758LL, "hash('abc')");
    is_int(wf_str_hash(S("\xc3\xa9")), 6047309291227476195LL, "hash('é') (UCS1)");
    is_int(wf_str_hash(S("\xe4\xb8\xad")), 1216952446211864180LL, "hash('中') (UCS2)");
    is_int(wf_str_hash(S("\xf0\x9f\x98\x80")), -3536540696076613844LL, "hash('😀') (UCS4)");
    is_int(wf_str_hash(S("")), 0, "hash('') == 0");
    WfStrBuilder b;
    wf_str_builder_init(&b);
    for (int i = 0; i < 100; i++)
        wf_str_builder_append_codepoint(&b, 'x');
    wf_str_builder_append_codepoint(&b, 0xe9);
    is_int(wf_str_hash(wf_str_builder_finish(&b)), -612666193691829143LL, "hash('x'*100+'é')");
    is_int(wf_object_hash(wf_bytes_from_cstr("a")), 4644417185603328019LL, "hash(b'a') == hash('a')");
    ok(wf_str_compare(S("abc"), S("abd")) < 0, "'abc' < 'abd'");
    ok(wf_str_compare(S("ab"), S("abc")) < 0, "'ab' < 'abc'");
    ok(wf_str_compare(S("\xc3\xa9"), S("z")) > 0, "'é' > 'z'");
    ok(wf_str_compare(S("\xef\xbf\xbf"), S("\xf0\x9f\x98\x80")) < 0, "U+FFFF < U+1F600");
}

static void test_repr(void) {
    static const char *const cases[][2] = {
        {"plain", "'plain'"},
        {"it's", "\"it's\""},
        {"say \"hi\"", "'say \"hi\"'"},
        {"both ' and \"", "'both \\' and \"'"},
        {"back\\slash", "'back\\\\slash'"},
        {"tab\there\n\r", "'tab\\there\\n\\r'"},
        {"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", "'\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80'"},
        {"\xe2\x80\x8b\xc2\x9f\xc2\xa0\xcc\x81", "'\\u200b\\x9f\\xa0\xcc\x81'"},
        {"\xf3\xa0\x80\x81", "'\\U000e0001'"},
        {"", "''"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        is_str(U(wf_str_repr(S(cases[i][0]))), cases[i][1], "repr %s", cases[i][1]);
    is_str(U(wf_str_repr(wf_str_from_utf8("nul\0\x07\x7f", 6))), "'nul\\x00\\x07\\x7f'",
           "repr of control characters");
    is_str(U(wf_str_repr(wf_str_from_codepoint(0xd800))), "'\\ud800'", "repr of a lone surrogate");
    is_str(U(wf_bytes_repr(wf_bytes_from_data("it's\x00\xff", 6), 1)), "b\"it's\\x00\\xff\"",
           "bytes repr");
}

static void test_methods(void) {
    is_str(R(callm(S("a b  c\t d\n"), "split", 0)), "['a', 'b', 'c', 'd']", "split()");
    is_str(R(callm(S("a,b,,c,"), "split", 2, S(","), I(1))), "['a', 'b,,c,']", "split(',', 1)");
    is_str(R(callm(S("  a  b  "), "rsplit", 2, WF_NONE, I(1))), "['  a', 'b']", "rsplit(None, 1)");
    is_str(R(callm(S("one\ntwo\r\nthree\rfour\n\nfive"), "splitlines", 1, WF_TRUE)),
           "['one\\n', 'two\\r\\n', 'three\\r', 'four\\n', '\\n', 'five']", "splitlines(True)");
    WfObject *parts = wf_list_new(0);
    wf_list_append(parts, S("\xc3\xa9"));
    wf_list_append(parts, S("\xe4\xb8\xad"));
    wf_list_append(parts, S("\xf0\x9f\x98\x80"));
    is_str(R(wf_str_join(S("x"), parts)), "'\xc3\xa9x\xe4\xb8\xadx\xf0\x9f\x98\x80'", "join");
    wf_list_append(parts, I(1));
    is_str(R(wf_str_join(S("x"), parts)),
           "<error TypeError: sequence item 3: expected str instance, int found>", "join error");
    is_str(R(callm(S("aaa"), "replace", 3, S("a"), S("bb"), I(2))), "'bbbba'", "replace count");
    is_str(R(callm(S("abc"), "replace", 2, S(""), S("-"))), "'-a-b-c-'", "replace empty");
    is_str(R(callm(S("h\xc3\xa9llo w\xc3\xb6rld"), "find", 1, S("\xc3\xb6"))), "7",
           "find returns code point index");
    is_str(R(callm(S("abc"), "index", 1, S("x"))), "<error ValueError: substring not found>",
           "index error");
    is_str(R(callm(S("banana bandana"), "count", 1, S("an"))), "4", "count");
    is_str(R(callm(S("file.py"), "endswith", 1, wf_tuple_pack(2, S(".c"), S(".py")))), "True",
           "endswith tuple");
    is_str(R(callm(S("\xc3\x9f"), "upper", 0)), "'SS'", "'ß'.upper()");
    is_str(R(callm(S("\xce\x91\xce\xa3"), "lower", 0)), "'\xce\xb1\xcf\x82'", "final sigma");
    is_str(R(callm(S("\xc7\x86"), "title", 0)), "'\xc7\x85'", "'ǆ'.title()");
    is_str(R(callm(S("hello world"), "title", 0)), "'Hello World'", "title");
    is_str(R(callm(S("\xef\xac\x81x"), "capitalize", 0)), "'Fix'", "'ﬁx'.capitalize()");
    is_str(R(callm(S("\xc3\x9f"), "casefold", 0)), "'ss'", "casefold");
    is_str(R(callm(S("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), "center", 2, I(9), S("*"))),
           "'***\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e***'", "center with fill");
    is_str(R(callm(S("ab\tc"), "expandtabs", 1, I(4))), "'ab  c'", "expandtabs");
    is_str(R(callm(S("xyhiyx"), "strip", 1, S("xy"))), "'hi'", "strip(chars)");
    is_str(R(callm(S("-42"), "zfill", 1, I(6))), "'-00042'", "zfill");
    is_str(R(callm(S("key=value=x"), "rpartition", 1, S("="))), "('key=value', '=', 'x')",
           "rpartition");
    is_str(R(callm(S("\xd9\xa1\xd9\xa2"), "isdecimal", 0)), "True", "arabic digits are decimal");
    is_str(R(callm(S("\xc2\xb2"), "isdigit", 0)), "True", "'²'.isdigit()");
    is_str(R(callm(S("\xc2\xbd"), "isnumeric", 0)), "True", "'½'.isnumeric()");
    is_str(R(callm(S("_x1"), "isidentifier", 0)), "True", "isidentifier");
    is_str(R(callm(S("Hello World"), "istitle", 0)), "True", "istitle");
    WfObject *kwargs[1] = {I(1)};
    is_str(R(callm_kw(S("a b c"), "split", "maxsplit", 1, kwargs)), "['a', 'b c']",
           "split(maxsplit=1)");
}

static void test_format(void) {
    WfObject *args[3] = {S("ab"), S("\xc3\xa9"), S("n")};
    is_str(R(callm_kw(S("[{:>6}] {!r:^9} {name}"), "format", "name", 3, args)),
           "\"[    ab]    '\xc3\xa9'    n\"", "str.format");
    is_str(R(callm(S("{} {}"), "format", 1, I(1))),
           "<error IndexError: Replacement index 1 out of range for positional args tuple>",
           "format index error");
    is_str(R(callm(S("{0} {}"), "format", 2, I(1), I(2))),
           "<error ValueError: cannot switch from manual field specification to automatic field numbering>",
           "format numbering error");
    is_str(R(callm(S("a}b"), "format", 0)),
           "<error ValueError: Single '}' encountered in format string>", "single }");
    is_str(R(callm(S("{{x}}"), "format", 0)), "'{x}'", "escaped braces");
    WfObject *l = wf_list_new(0);
    wf_list_append(l, S("p"));
    wf_list_append(l, S("q"));
    is_str(R(callm(S("{0[1]}"), "format", 1, l)), "'q'", "format indexing");
    is_str(R(wf_str_format_spec(S("abc"), S("*^7"))), "'**abc**'", "format(str, spec)");
    is_str(R(wf_str_format_spec(S("abcdef"), S(".3"))), "'abc'", "precision truncates");
}

static void test_percent(void) {
    WfObject *t = wf_tuple_pack(8, S("ab"), wf_float_from_double(2.25), I(3), I(255), I(8), I(233),
                                S("q"), S("xyz"));
    is_str(R(wf_str_percent_format(S("%-5s|%05.1f|%+d|%x|%#o|%c|%r|%5.2s|"), t)),
           "\"ab   |002.2|+3|ff|0o10|\xc3\xa9|'q'|   xy|\"", "percent format");
    WfObject *d = wf_dict_new();
    wf_dict_set_item(d, S("a"), S("A"));
    wf_dict_set_item(d, S("b"), I(2));
    is_str(R(wf_str_percent_format(S("%(a)s-%(b)d"), d)), "'A-2'", "percent format with a mapping");
    is_str(R(wf_str_percent_format(S("%d"), S("x"))),
           "<error TypeError: %d format: a real number is required, not str>", "percent-d of a str");
    is_str(R(wf_str_percent_format(S("%s %s"), wf_tuple_pack(1, S("a")))),
           "<error TypeError: not enough arguments for format string>", "too few arguments");
    is_str(R(wf_str_percent_format(S("%s"), wf_tuple_pack(2, S("a"), S("b")))),
           "<error TypeError: not all arguments converted during string formatting>",
           "too many arguments");
    is_str(R(wf_str_percent_format(S("100%%"), wf_tuple_empty)), "'100%'", "double percent");
}

static void test_codecs(void) {
    is_str(R(wf_str_encode(S("h\xc3\xa9"), "utf-8", "strict")), "b'h\\xc3\\xa9'", "encode utf-8");
    is_str(R(wf_str_encode(S("h\xc3\xa9"), "latin-1", "strict")), "b'h\\xe9'", "encode latin-1");
    is_str(R(wf_str_encode(S("\xc3\xa9"), "ascii", "strict")),
           "<error UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)>",
           "encode error");
    is_str(R(wf_str_encode(S("a\xc3\xa9\xc3\xa9"), "ascii", "replace")), "b'a?" "?'", "encode replace");
    is_str(R(wf_str_encode(S("\xc3\xa9"), "ascii", "backslashreplace")), "b'\\\\xe9'",
           "encode backslashreplace");
    is_str(R(wf_str_decode("\xff", 1, "utf-8", "strict")),
           "<error UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte>",
           "decode error");
    is_str(R(wf_str_decode("a\xe4\xb8", 3, "utf-8", "strict")),
           "<error UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 1-2: unexpected end of data>",
           "truncated input");
    is_str(R(wf_str_decode("a\xff" "b", 3, "utf-8", "replace")), "'a\xef\xbf\xbd" "b'",
           "decode replace");
    is_str(R(wf_str_decode("a\xff" "b", 3, "utf-8", "ignore")), "'ab'", "decode ignore");
    WfObject *esc = wf_str_decode("a\xff", 2, "utf-8", "surrogateescape");
    is_str(R(esc), "'a\\udcff'", "decode surrogateescape");
    is_str(R(wf_str_encode(esc, "utf-8", "surrogateescape")), "b'a\\xff'", "round trip");
    is_str(R(wf_str_decode("\xe9", 1, "latin-1", "strict")), "'\xc3\xa9'", "decode latin-1");
    is_str(R(wf_str_encode(S("a"), "bogus", "strict")),
           "<error LookupError: unknown encoding: bogus>", "unknown encoding");
}

static void test_bytes(void) {
    WfObject *b = wf_bytes_from_cstr("hello world hello");
    is_str(R(callm(b, "split", 0)), "[b'hello', b'world', b'hello']", "bytes.split");
    is_str(R(callm(b, "replace", 3, wf_bytes_from_cstr("l"), wf_bytes_from_cstr("L"), I(2))),
           "b'heLLo world hello'", "bytes.replace");
    is_str(R(callm(b, "find", 1, I('w'))), "6", "bytes.find(int)");
    is_str(R(callm(b, "upper", 0)), "b'HELLO WORLD HELLO'", "bytes.upper");
    is_str(R(callm(wf_bytes_from_data("\x00\xff", 2), "hex", 0)), "'00ff'", "hex");
    is_str(R(callm(b, "decode", 0)), "'hello world hello'", "decode");
    is_str(R(wf_bytes_concat(b, S("x"))), "<error TypeError: can't concat str to bytes>",
           "concat error");
    WfObject *ba = wf_bytearray_from_data("ab", 2);
    is_str(R(ba), "bytearray(b'ab')", "bytearray repr");
    callm(ba, "append", 1, I('c'));
    is_str(R(ba), "bytearray(b'abc')", "bytearray.append");
    is_str(R(callm(ba, "upper", 0)), "bytearray(b'ABC')", "bytearray shares bytes methods");
}

static void test_builder_and_printf(void) {
    WfStrBuilder b;
    wf_str_builder_init(&b);
    for (int i = 0; i < 1000; i++)
        wf_str_builder_append_cstr(&b, "ab");
    WfObject *s = wf_str_builder_finish(&b);
    is_int(WF_STR_LENGTH(s), 2000, "builder grows");
    ok(WF_STR_IS_ASCII(s), "builder tracks ascii");
    is_str(U(wf_str_from_format("%s=%d %zd %U %R %5s|%-3c|%x %%", "k", -3, (wf_ssize_t)7,
                                S("u"), S("r"), "ab", 'z', 255)),
           "k=-3 7 u 'r'    ab|z|ff %", "wf_str_from_format");
    is_str(U(wf_str_from_format("%.3s|%S", "abcdef", I(12))), "abc|12", "precision and percent-S");
    WfObject *acc = S("start");
    acc = wf_str_concat(acc, S(""));
    WfObject *own = wf_str_concat(S("ab"), S("cd"));
    for (int i = 0; i < 100; i++)
        wf_str_concat_inplace(&own, S("\xc3\xa9"));
    is_int(WF_STR_LENGTH(own), 104, "concat_inplace length");
    ok(wf_str_read_char(own, 103) == 0xe9, "concat_inplace content");
}

int main(void) {
    if (wf_runtime_init() < 0)
        bail_out("wf_runtime_init failed");
    test_construction();
    test_interning();
    test_indexing();
    test_hash_compare();
    test_repr();
    test_methods();
    test_format();
    test_percent();
    test_codecs();
    test_bytes();
    test_builder_and_printf();
    return done_testing();
}

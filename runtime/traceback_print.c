/* traceback_print.c — prints exceptions and tracebacks exactly as CPython 3.11.
 *
 *   Traceback (most recent call last):
 *     File "x.py", line 3, in <module>
 *       f()
 *     File "x.py", line 2, in f
 *       return 1 / 0
 *              ~~^~~
 *   ZeroDivisionError: division by zero
 *
 * Chained exceptions print oldest first with CPython's separators; more than
 * three identical consecutive entries collapse into "[Previous line repeated
 * N more times]"; at most 1000 entries (sys.tracebacklimit's default) print.
 * Caret lines follow 3.11: omitted when the failing range is the whole line,
 * `~` and `^` anchors for binary operators and subscripts (found by parsing
 * the failing segment again, as CPython does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/parser.h"
#include "runtime/frame.h"
#include "runtime/runtime.h"

#define TB_RECURSIVE_CUTOFF 3
#define TB_LIMIT 1000

/* ---- source lines ------------------------------------------------------ */

/* The text of line `lineno` of `filename` (malloc'd, no newline) or NULL. */
static char *read_source_line(const char *filename, int lineno) {
    if (filename[0] == '<' || lineno < 1)
        return NULL;
    FILE *f = fopen(filename, "rb");
    if (f == NULL)
        return NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = 0;
    for (int i = 0; i < lineno; i++) {
        n = getline(&line, &cap, f);
        if (n < 0)
            break;
    }
    fclose(f);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

/* Character (code point) index of a byte offset in UTF-8 text. */
static int char_offset(const char *text, int byte_offset) {
    int chars = 0;
    for (int i = 0; i < byte_offset && text[i]; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            chars++;
    return chars;
}

/* ---- caret anchors ------------------------------------------------------ */

typedef struct Anchors {
    int left, right;       /* secondary range [left, right) in chars, -1 if none */
    char primary, secondary;
} Anchors;

/* CPython's extract_anchors_from_expr for the segment's single expression. */
static void anchors_from_expr(const char *segment, WfExpr *e, Anchors *a) {
    if (e->kind == WF_EXPR_BinOp) {
        WfExpr *left = e->v.BinOp.left, *right = e->v.BinOp.right;
        for (int i = left->end_col_offset; i < right->col_offset; i++) {
            if (is_blank(segment[i]))
                continue;
            a->left = i;
            a->right = i + 1;
            if (i + 1 < right->col_offset && !is_blank(segment[i + 1]))
                a->right++;
            if (i + 1 < right->col_offset && segment[i] == ')')
                continue;
            a->primary = '~';
            a->secondary = '^';
            break;
        }
    } else if (e->kind == WF_EXPR_Subscript) {
        a->left = e->v.Subscript.value->end_col_offset;
        a->right = e->v.Subscript.slice->end_col_offset + 1;
        a->primary = '~';
        a->secondary = '^';
    }
}

static void find_anchors(const char *line, int start, int end, Anchors *a) {
    /* start/end are byte offsets here; the segment is parsed as a module. */
    WfArena *arena = wf_arena_new();
    WfObject *name = wf_str_from_cstr("<string>");
    if (arena && name) {
        WfMod *mod = wf_parse(arena, line + start, (size_t)(end - start), name, WF_COMPILE_EXEC);
        if (mod && mod->kind == WF_MOD_Module && mod->v.Module.body &&
            mod->v.Module.body->size == 1) {
            WfStmt *s = mod->v.Module.body->items[0];
            if (s->kind == WF_STMT_Expr)
                anchors_from_expr(line + start, s->v.Expr.value, a);
        }
        if (mod == NULL)
            wf_err_clear();
    }
    wf_xdecref(name);
    if (arena)
        wf_arena_free(arena);
    if (a->left >= 0) { /* segment byte offsets -> line char offsets */
        a->left = char_offset(line, start + a->left);
        a->right = char_offset(line, start + a->right);
    }
}

/* Prints the caret line for a failing range of `line`, or nothing. */
static void print_carets(FILE *out, const char *line, int lineno, int end_lineno, int col, int end_col) {
    int len = (int)strlen(line);
    if (col < 0 || end_col < 0 || col > len)
        return;
    if (end_col > len)
        end_col = len;
    Anchors a = {-1, -1, '^', '^'};
    int start = char_offset(line, col), end;
    if (lineno == end_lineno) {
        end = char_offset(line, end_col);
        if (end_col > col)
            find_anchors(line, col, end_col, &a);
    } else {
        int i = len;
        while (--i >= 0 && is_blank(line[i])) {
        }
        end = char_offset(line, i + 1);
    }
    int truncation = 0;
    while (line[truncation] && is_blank(line[truncation]))
        truncation++;
    int trailing = 0;
    while (len - trailing > truncation && is_blank(line[len - 1 - trailing]))
        trailing++;
    int stripped_chars = char_offset(line, len - trailing) - char_offset(line, truncation);
    bool secondary = a.left != -1 || a.right != -1;
    if (end - start == stripped_chars && !secondary)
        return;
    fputs("    ", out);
    for (int offset = char_offset(line, truncation) + 1; offset <= end; offset++) {
        char c = offset <= start ? ' '
                 : (secondary && a.left < offset && offset <= a.right) ? a.secondary
                                                                         : a.primary;
        fputc(c, out);
    }
    fputc('\n', out);
}

/* ---- traceback entries --------------------------------------------------- */

static void print_entry(FILE *out, WfTracebackObject *tb) {
    WfFrameObject *fo = (WfFrameObject *)tb->tb_frame;
    WfCodeObject *code = wf_frame_code(fo->f_frame);
    const char *filename = wf_str_as_utf8(code->co_filename);
    fprintf(out, "  File \"%s\", line %d, in %s\n", filename, tb->tb_lineno, wf_str_as_utf8(code->co_name));
    char *line = read_source_line(filename, tb->tb_lineno);
    if (line == NULL)
        return;
    const char *text = line;
    while (is_blank(*text))
        text++;
    if (*text) {
        fprintf(out, "    %s\n", text);
        int lineno, end_lineno, col, end_col;
        if (wf_code_addr_to_location(code, tb->tb_lasti / 2, &lineno, &end_lineno, &col, &end_col) &&
            lineno == tb->tb_lineno && end_lineno >= lineno)
            print_carets(out, line, lineno, end_lineno, col, end_col);
    }
    free(line);
}

static void print_repeated(FILE *out, int count) {
    count -= TB_RECURSIVE_CUTOFF;
    fprintf(out, "  [Previous line repeated %d more time%s]\n", count, count > 1 ? "s" : "");
}

static bool same_place(WfTracebackObject *a, WfTracebackObject *b) {
    WfCodeObject *ca = wf_frame_code(((WfFrameObject *)a->tb_frame)->f_frame);
    WfCodeObject *cb = wf_frame_code(((WfFrameObject *)b->tb_frame)->f_frame);
    return a->tb_lineno == b->tb_lineno && wf_str_equal(ca->co_filename, cb->co_filename) &&
           wf_str_equal(ca->co_name, cb->co_name);
}

static void print_traceback(FILE *out, WfObject *tb_obj) {
    int depth = 0;
    for (WfTracebackObject *t = (WfTracebackObject *)tb_obj; t; t = wf_traceback_next(t))
        depth++;
    WfTracebackObject *tb = (WfTracebackObject *)tb_obj;
    while (tb && depth > TB_LIMIT) {
        depth--;
        tb = wf_traceback_next(tb);
    }
    WfTracebackObject *last = NULL;
    int count = 0;
    for (; tb; tb = wf_traceback_next(tb)) {
        if (last == NULL || !same_place(last, tb)) {
            if (count > TB_RECURSIVE_CUTOFF)
                print_repeated(out, count);
            last = tb;
            count = 0;
        }
        count++;
        if (count <= TB_RECURSIVE_CUTOFF)
            print_entry(out, tb);
    }
    if (count > TB_RECURSIVE_CUTOFF)
        print_repeated(out, count);
}

/* ---- the exception line -------------------------------------------------- */

static void print_type_name(FILE *out, WfObject *exc) {
    WfTypeObject *type = WF_TYPE(exc);
    WfObject *module = wf_type_lookup(type, WF_ID(__module__));
    const char *name = wf_type_name(type);
    if (WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE) && type->tp_qualname)
        name = wf_str_as_utf8(type->tp_qualname);
    if (module && wf_str_check(module) && !wf_str_equal_cstr(module, "builtins") &&
        !wf_str_equal_cstr(module, "__main__"))
        fprintf(out, "%s.", wf_str_as_utf8(module));
    else if (module == NULL && !WF_TYPE_HAS_FLAG(type, WF_TPFLAGS_HEAPTYPE) && strchr(type->tp_name, '.'))
        name = type->tp_name; /* C types outside builtins carry their module */
    fputs(name, out);
}

static WfObject *get_attr_or_null(WfObject *o, const char *name) {
    WfObject *r = wf_object_getattr_cstr(o, name);
    if (r == NULL)
        wf_err_clear();
    return r;
}

/* SyntaxError: "  File ..., line N", the text and its caret line. */
static void print_syntax_error_location(FILE *out, WfObject *exc) {
    WfObject *filename = get_attr_or_null(exc, "filename");
    WfObject *lineno = get_attr_or_null(exc, "lineno");
    WfObject *offset = get_attr_or_null(exc, "offset");
    WfObject *end_offset = get_attr_or_null(exc, "end_offset");
    WfObject *end_lineno = get_attr_or_null(exc, "end_lineno");
    WfObject *text = get_attr_or_null(exc, "text");
    if (filename && wf_str_check(filename) && lineno && wf_int_check(lineno)) {
        fprintf(out, "  File \"%s\", line %ld\n", wf_str_as_utf8(filename), wf_int_as_long(lineno));
        if (text && wf_str_check(text)) {
            const char *t = wf_str_as_utf8(text);
            long off = offset && wf_int_check(offset) ? wf_int_as_long(offset) : -1;
            long end = end_offset && wf_int_check(end_offset) ? wf_int_as_long(end_offset) : -1;
            long line1 = wf_int_as_long(lineno);
            long line2 = end_lineno && wf_int_check(end_lineno) ? wf_int_as_long(end_lineno) : line1;
            /* CPython's print_error_text: offsets are 1-based characters. */
            off--;
            end--;
            while (is_blank(*t)) {
                t++;
                off--;
                end--;
            }
            long len = (long)strlen(t);
            if (len > 0 && t[len - 1] == '\n')
                len--;
            if (off > len)
                off = len;
            fprintf(out, "    %.*s\n", (int)len, t);
            if (off >= 0) {
                long reps = 1;
                if (line2 == line1 && end > off)
                    reps = end - off;
                else if (line2 > line1)
                    reps = len - off;
                if (reps < 1)
                    reps = 1;
                fputs("    ", out);
                for (long i = 0; i < off; i++)
                    fputc(' ', out);
                for (long i = 0; i < reps; i++)
                    fputc('^', out);
                fputc('\n', out);
            }
        }
    }
    wf_xdecref(filename);
    wf_xdecref(lineno);
    wf_xdecref(offset);
    wf_xdecref(end_offset);
    wf_xdecref(end_lineno);
    wf_xdecref(text);
}

static void print_exception_line(FILE *out, WfObject *exc) {
    bool syntax = wf_err_given_exception_matches(exc, wf_exc_SyntaxError);
    WfObject *msg = NULL;
    if (syntax) {
        print_syntax_error_location(out, exc);
        msg = get_attr_or_null(exc, "msg");
        if (msg && !wf_str_check(msg))
            WF_CLEAR(msg);
    }
    if (msg == NULL) {
        msg = wf_object_str(exc);
        if (msg == NULL) {
            wf_err_clear();
            print_type_name(out, exc);
            fputs(": <exception str() failed>\n", out);
            return;
        }
    }
    print_type_name(out, exc);
    if (WF_STR_LENGTH(msg) > 0)
        fprintf(out, ": %s", wf_str_as_utf8(msg));
    fputc('\n', out);
    wf_decref(msg);
}

static void print_notes(FILE *out, WfObject *exc) {
    WfObject *notes = get_attr_or_null(exc, "__notes__");
    if (notes && (wf_list_check(notes) || wf_tuple_check(notes))) {
        WfObject *seq = wf_sequence_tuple(notes);
        for (wf_ssize_t i = 0; seq && i < WF_TUPLE_SIZE(seq); i++) {
            WfObject *s = wf_object_str(WF_TUPLE_ITEM(seq, i));
            if (s) {
                fprintf(out, "%s\n", wf_str_as_utf8(s));
                wf_decref(s);
            } else {
                wf_err_clear();
            }
        }
        wf_xdecref(seq);
    }
    wf_xdecref(notes);
}

static void print_one(FILE *out, WfObject *exc) {
    /* New references: the exception may be raised by other threads, which
     * replace these fields (exceptions.c). */
    WfObject *tb = wf_exception_get_traceback_ref(exc);
    if (tb && tb != WF_NONE) {
        fputs("Traceback (most recent call last):\n", out);
        print_traceback(out, tb);
    }
    wf_xdecref(tb);
    print_exception_line(out, exc);
    print_notes(out, exc);
}

/* Prints causes and contexts first; `seen` guards against cycles. */
static void print_chain(FILE *out, WfObject *exc, WfObject *seen, int depth) {
    if (seen) {
        WfObject *id = wf_int_from_uint64((uint64_t)(uintptr_t)exc);
        if (id) {
            if (wf_set_add(seen, id) < 0)
                wf_err_clear();
            wf_decref(id);
        }
    }
    WfObject *cause = wf_exception_get_cause_ref(exc);
    WfObject *context = wf_exception_get_context_ref(exc);
    bool suppress = __atomic_load_n(&((WfBaseExceptionObject *)exc)->suppress_context,
                                    __ATOMIC_RELAXED);
    if (depth < 100) {
        WfObject *next = NULL;
        const char *sep = NULL;
        if (cause && cause != WF_NONE && wf_exception_instance_check(cause)) {
            next = cause;
            sep = "\nThe above exception was the direct cause of the following exception:\n\n";
        } else if (context && context != WF_NONE && !suppress && wf_exception_instance_check(context)) {
            next = context;
            sep = "\nDuring handling of the above exception, another exception occurred:\n\n";
        }
        if (next && seen) {
            WfObject *id = wf_int_from_uint64((uint64_t)(uintptr_t)next);
            int already = id ? wf_set_contains(seen, id) : -1;
            wf_xdecref(id);
            if (already == 0) {
                print_chain(out, next, seen, depth + 1);
                fputs(sep, out);
            } else if (already < 0) {
                wf_err_clear();
            }
        }
    }
    wf_xdecref(cause);
    wf_xdecref(context);
    print_one(out, exc);
}

void wf_err_display(WfObject *exc, FILE *out) {
    if (exc == NULL)
        return;
    fflush(stdout);
    if (!wf_exception_instance_check(exc)) {
        fputs("TypeError: print_exception(): Exception expected for value, ", out);
        fprintf(out, "%s found\n", wf_type_name(WF_TYPE(exc)));
        return;
    }
    WfObject *seen = wf_set_new(NULL);
    if (seen == NULL)
        wf_err_clear();
    print_chain(out, exc, seen, 0);
    wf_xdecref(seen);
    fflush(out);
}

/* Prints exc as an uncaught exception to `file` (a Python file object such
 * as sys.stderr, which a program may have replaced), falling back to the C
 * stderr when there is none or writing to it fails. */
void wf_err_display_to_file(WfObject *exc, WfObject *file) {
    if (file == NULL || file == WF_NONE) {
        wf_err_display(exc, stderr);
        return;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL) {
        wf_err_display(exc, stderr);
        return;
    }
    wf_err_display(exc, mem);
    fclose(mem);
    WfObject *saved = wf_err_get_raised(); /* keep any pending error aside */
    if (wf_file_write_string(text, file) < 0) {
        wf_err_clear();
        fputs(text, stderr);
    }
    WfObject *r = wf_object_call_method_objargs(file, WF_ID(flush), NULL);
    if (r == NULL)
        wf_err_clear();
    wf_xdecref(r);
    if (saved)
        wf_err_set_raised(saved);
    free(text);
}

static void write_stderr(const char *text) {
    WfObject *err = wf_sys_get_object("stderr");
    if (err == NULL || wf_file_write_string(text, err) < 0) {
        wf_err_clear();
        fputs(text, stderr);
    }
}

/* A sys.excepthook the program set: called with (type, exc, traceback);
 * if it fails, both exceptions are printed, as CPython's PyErr_Print. */
static void call_excepthook(WfObject *hook, WfObject *exc) {
    wf_incref(hook);   /* read borrowed out of sys; the hook may replace itself */
    WfObject *tb = wf_exception_get_traceback_ref(exc);
    WfObject *r = wf_object_call_function_objargs(hook, (WfObject *)WF_TYPE(exc), exc,
                                                  tb ? tb : WF_NONE, NULL);
    wf_xdecref(tb);
    wf_decref(hook);
    if (r != NULL) {
        wf_decref(r);
        return;
    }
    WfObject *hook_exc = wf_err_get_raised();
    write_stderr("Error in sys.excepthook:\n");
    wf_err_display_to_file(hook_exc, wf_sys_get_object("stderr"));
    write_stderr("\nOriginal exception was:\n");
    wf_err_display_to_file(exc, wf_sys_get_object("stderr"));
    wf_decref(hook_exc);
}

void wf_err_print(void) {
    WfObject *exc = wf_err_get_raised();
    if (exc == NULL)
        return;
    WfObject *stdout_obj = wf_sys_get_object("stdout");
    if (stdout_obj) {
        WfObject *r = wf_object_call_method_objargs(stdout_obj, WF_ID(flush), NULL);
        if (r == NULL)
            wf_err_clear();
        wf_xdecref(r);
    }
    WfObject *hook = wf_sys_get_object("excepthook");
    if (hook == NULL || wf_sys_excepthook_is_default(hook)) {
        WfObject *err = wf_sys_get_object("stderr");
        if (hook == NULL && (err == NULL || wf_file_write_string("sys.excepthook is missing\n", err) < 0)) {
            wf_err_clear();
            fputs("sys.excepthook is missing\n", stderr);
        }
        wf_err_display_to_file(exc, err);
    } else {
        call_excepthook(hook, exc);
    }
    wf_decref(exc);
}

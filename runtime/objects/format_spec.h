/* format_spec.h — the format-spec mini-language shared by format(int),
 * format(float) and format(str):
 *
 *     [[fill]align][sign][z][#][0][width][grouping][.precision][type]
 *
 * wf_format_spec_parse() turns a spec string into a WfFormatSpec (with
 * CPython's error messages); the apply functions lay out already-formatted
 * text: padding, alignment, sign, thousands grouping (including CPython's
 * zero-padding-with-separators, format(1234, '010,') == '00,001,234').
 *
 * Usage for str (str.c):
 *     WfFormatSpec spec;
 *     if (wf_format_spec_parse_for(spec_str, &spec, 's', "str") < 0) return NULL;
 *     if (spec.type != 's') return wf_format_spec_unknown_type(spec.type, "str");
 *     return wf_format_spec_apply_str(&spec, s);
 * An empty spec string parses to the defaults (callers usually shortcut it
 * to str(obj) first, as CPython does).
 */
#ifndef WF_FORMAT_SPEC_H
#define WF_FORMAT_SPEC_H

#include "runtime/objects/objects.h"

typedef struct WfFormatSpec {
    uint32_t fill;          /* fill code point, ' ' by default */
    char align;             /* '<', '>', '^' or '='; the type's default when absent */
    char sign;              /* '+', '-', ' ' or '\0' when absent */
    bool no_neg_zero;       /* 'z' */
    bool alternate;         /* '#' */
    char thousands;         /* ',' or '_' or '\0' */
    wf_ssize_t width;       /* -1 when absent */
    wf_ssize_t precision;   /* -1 when absent */
    uint32_t type;          /* presentation type; default_type when absent ('\0' allowed) */
} WfFormatSpec;

/* Parses spec (a str). default_type is stored when the spec has no type;
 * strings ('s') default to '<' alignment, everything else to '>'. Errors
 * name the object type guessed from default_type ('s' str, 'd' int,
 * otherwise float); use wf_format_spec_parse_for to name it exactly.
 * 0 or -1 with ValueError. */
int wf_format_spec_parse(WfObject *spec, WfFormatSpec *out, char default_type);
int wf_format_spec_parse_for(WfObject *spec, WfFormatSpec *out, char default_type,
                             const char *type_name);

/* "Unknown format code 'q' for object of type 'int'" (ValueError); returns NULL. */
WfObject *wf_format_spec_unknown_type(uint32_t type, const char *type_name);

/* format(str, spec) once parsed: rejects sign, 'z', '#', '=' with CPython's
 * messages, truncates to precision, pads to width. New reference. */
WfObject *wf_format_spec_apply_str(const WfFormatSpec *spec, WfObject *str);

/* A formatted number in parts, as CPython's calc_number_widths sees it:
 *   <sign><prefix><digits><rest>
 * digits are the integer digits (ASCII, ungrouped, possibly empty); rest is
 * whatever follows them (".25e+10", "%", "inf", the character of 'c').
 * negative says whether a '-' sign is due; spec->sign decides '+'/' '. */
typedef struct WfNumberParts {
    bool negative;
    const char *prefix;     /* "0x", "0b", ... or NULL */
    const char *digits;
    size_t n_digits;
    const char *rest;       /* UTF-8 */
    size_t n_rest;          /* bytes */
    size_t n_rest_chars;    /* code points */
} WfNumberParts;

/* Lays out a number: sign, padding per align ('=' pads after the sign and
 * prefix), grouping of digits by spec->thousands (every 3 digits, or every 4
 * for '_' with b/o/x/X), zero-fill through separators when fill is '0' and
 * align '='. 'X' upper-cases the prefix. New str reference. */
WfObject *wf_format_spec_apply_number(const WfFormatSpec *spec, const WfNumberParts *parts);

#endif /* WF_FORMAT_SPEC_H */

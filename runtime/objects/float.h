/* float.h — float objects (IEEE double). repr is the shortest string that
 * round-trips, laid out as CPython does (scientific when exp < -4 or >= 16). */
#ifndef WF_FLOAT_H
#define WF_FLOAT_H

#include "runtime/objects/object.h"

typedef struct WfFloatObject {
    WF_OBJECT_HEAD;
    double value;
} WfFloatObject;

extern WfTypeObject wf_float_type;
#define wf_float_check(o) (WF_TYPE(o) == &wf_float_type || wf_type_is_subtype(WF_TYPE(o), &wf_float_type))
#define wf_float_check_exact(o) (WF_TYPE(o) == &wf_float_type)
#define WF_FLOAT_VALUE(o) (((WfFloatObject *)(o))->value)

WfObject *wf_float_from_double(double v);
WfObject *wf_float_from_string(WfObject *str);     /* float("1e3"), "inf", "nan", with spaces/underscores rules */
double wf_float_as_double(WfObject *o);            /* accepts int and __float__/__index__; -1.0 + error */
/* Shortest round-trip repr into buf (at least 32 bytes), e.g. "0.1", "1e+16", "inf". */
void wf_float_repr_buffer(double v, char *buf, size_t size);
WfObject *wf_float_repr(WfObject *o);
wf_hash_t wf_float_hash_double(double v);          /* CPython's hash of a float value */
/* format(x, spec) for floats and the 'e','f','g','%' presentation types (format_spec.c uses it). */
WfObject *wf_float_format(double v, char type, int precision, int flags);
#define WF_FLOAT_FORMAT_ALT   0x1   /* '#' */
#define WF_FLOAT_FORMAT_UPPER 0x2
#define WF_FLOAT_FORMAT_ADD_DOT_0 0x4 /* str()/repr()-style: ensure ".0" */
#define WF_FLOAT_FORMAT_NO_NEG_0 0x8  /* 'z': a value that rounds to zero loses its '-' */
/* wf_float_format: type is one of e E f F g G r ('r' = repr, precision
 * ignored); precision < 0 means 6. The result has a '-' for negative values
 * (never for NaN) and no '+': %-formatting adds sign and padding itself. */

#endif /* WF_FLOAT_H */

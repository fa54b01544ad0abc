/* test_compile_fuzz.c — the compiler never crashes: thousands of mutated and
 * truncated programs (fixed seed) each end in a code object or a SyntaxError
 * (or, for absurd nesting, RecursionError/MemoryError), never anything else. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler.h"
#include "runtime/runtime.h"
#include "tests/tap.h"

static const char *const seeds[] = {
    "def f(a, b=1, *args, c, d=2, **kw):\n    return a + b * c - d\n",
    "class A(B, metaclass=M):\n    x: int = 3\n    def m(self):\n        return super().m() + [i for i in range(3) if i]\n",
    "try:\n    x = {1: 'a', **d}\nexcept (KeyError, ValueError) as e:\n    raise RuntimeError('x') from e\nelse:\n    pass\nfinally:\n    del x\n",
    "with open('f') as f, g() as (a, b):\n    for i, j in enumerate(f):\n        if i > 3: break\n        else: continue\n",
    "x = f'{a!r:>{w}} {b=} {{}} {c:.3f}'\ny = b'\\x00\\n' + rb'\\d'\nz = '''tri\nple'''\n",
    "g = (x * 2 for x in data if x)\nlam = lambda *a, **k: (a, k)\nw = [*a, *b]; d = {**e}\n",
    "def gen():\n    x = yield 1\n    y = yield from other()\n    return x, y\n",
    "while a < b <= c is not d in e:\n    a += 1; b -= 0x_1 if 0 else 0o17 + 0b101 + 1_000.5e-3\n",
    "import a.b.c as d\nfrom ..x import (y as z, w,)\nfrom m import *\nglobal q\nassert q, 'msg'\n",
    "@dec(1)\n@other\nasync def f(): await x\nmatch x:\n    case 1: pass\n",
    "if (n := len(a)) > 10:\n    print(f\"{n} {'nested' + f'{n!s}'}\")\nnonlocal_x = not -~+x ** -y // z % w @ v\n",
};

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char interesting[] = "()[]{}:;,.'\"\\\n\t #=+-*/%@&|^~<>!0123456789abcdefxyz_fbr";

/* Mutates buf in place (length *len, capacity cap). */
static void mutate(char *buf, size_t *len, size_t cap) {
    int edits = 1 + (int)(rng() % 4);
    for (int e = 0; e < edits; e++) {
        size_t pos = *len ? rng() % *len : 0;
        switch (rng() % 5) {
        case 0: /* replace a byte with an interesting one */
            if (*len)
                buf[pos] = interesting[rng() % (sizeof(interesting) - 1)];
            break;
        case 1: /* random byte, including invalid UTF-8 and NUL */
            if (*len)
                buf[pos] = (char)(rng() & 0xFF);
            break;
        case 2: /* delete a run */
            if (*len) {
                size_t n = 1 + rng() % 8;
                if (pos + n > *len)
                    n = *len - pos;
                memmove(buf + pos, buf + pos + n, *len - pos - n);
                *len -= n;
            }
            break;
        case 3: /* duplicate a run */
            if (*len && *len + 16 < cap) {
                size_t n = 1 + rng() % 16;
                if (pos + n > *len)
                    n = *len - pos;
                memmove(buf + pos + n, buf + pos, *len - pos);
                *len += n;
            }
            break;
        default: /* truncate */
            *len = pos;
            break;
        }
    }
}

static int outcome_ok(WfObject *code) {
    if (code) {
        int ok = wf_code_check(code);
        wf_decref(code);
        return ok;
    }
    WfObject *exc = wf_err_get_raised();
    if (exc == NULL)
        return 0; /* NULL without an exception is a bug */
    int ok = wf_err_given_exception_matches(exc, wf_exc_SyntaxError) ||
             wf_err_given_exception_matches(exc, wf_exc_RecursionError) ||
             wf_err_given_exception_matches(exc, wf_exc_MemoryError);
    if (!ok) {
        WfObject *r = wf_object_repr(exc);
        diag("unexpected exception: %s", r ? wf_str_as_utf8(r) : "?");
        wf_xdecref(r);
        wf_err_clear();
    }
    wf_decref(exc);
    return ok;
}

int main(void) {
    if (wf_runtime_init() < 0)
        bail_out("runtime init failed");
    WfObject *filename = wf_str_from_cstr("<fuzz>");
    const int per_seed = 600;
    const size_t nseeds = sizeof(seeds) / sizeof(seeds[0]);
    plan((int)nseeds + 3);

    for (size_t s = 0; s < nseeds; s++) {
        size_t base_len = strlen(seeds[s]);
        char buf[4096];
        int bad = 0;
        for (int i = 0; i < per_seed; i++) {
            size_t len = base_len;
            memcpy(buf, seeds[s], len);
            mutate(buf, &len, sizeof(buf));
            if (!outcome_ok(wf_compile_source(buf, len, filename, WF_COMPILE_EXEC)))
                bad++;
        }
        /* every prefix of the seed, too */
        for (size_t cut = 0; cut <= base_len; cut++)
            if (!outcome_ok(wf_compile_source(seeds[s], cut, filename, WF_COMPILE_EXEC)))
                bad++;
        is_int(bad, 0, "seed %zu: %d mutations and %zu truncations compile or raise SyntaxError",
               s, per_seed, base_len + 1);
    }

    /* Deep nesting is an error, not a stack overflow. */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 8);
    memset(deep, '(', depth);
    memset(deep + depth, ')', depth);
    ok(outcome_ok(wf_compile_source(deep, 2 * depth, filename, WF_COMPILE_EXEC)), "100000 nested parentheses");
    memset(deep, '-', depth);
    deep[depth] = '1';
    ok(outcome_ok(wf_compile_source(deep, depth + 1, filename, WF_COMPILE_EXEC)), "100000 unary minus signs");
    size_t n = 0;
    for (int i = 0; i < 300; i++) {
        memset(deep + n, ' ', (size_t)i);
        n += (size_t)i;
        memcpy(deep + n, "if x:\n", 6);
        n += 6;
    }
    ok(outcome_ok(wf_compile_source(deep, n, filename, WF_COMPILE_EXEC)), "300 nested blocks");
    free(deep);
    wf_decref(filename);
    return done_testing();
}

/* file.c — file objects: buffered text (UTF-8) or binary I/O over a descriptor.
 * They back open() and sys.stdin/stdout/stderr.
 *
 * Invariants:
 *  - Every method takes the file's own mutex around its buffer work, so two
 *    threads writing to sys.stdout interleave whole writes, never bytes of
 *    a buffer. Blocking reads and writes happen with the mutex held but no
 *    other lock, detached (threads/threads.h); a thread waiting for the
 *    mutex waits detached too (file_lock), so neither holds up a
 *    stop-the-world.
 *  - Writes are buffered; the buffer is flushed when full, on flush(), on
 *    close(), at exit (lifecycle.c), and after each newline when the file
 *    is line buffered (a terminal, or stderr).
 *  - A closed file raises ValueError("I/O operation on closed file.").
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "runtime/objects/str_impl.h"
#include "runtime/runtime.h"
#include "threads/threads.h"

#define FILE_BUFFER_SIZE 8192

typedef struct WfFileObject {
    WF_OBJECT_HEAD;
    int fd;
    bool readable, writable, binary, closefd, closed, line_buffered;
    WfObject *name;
    WfObject *mode;
    char *wbuf;
    size_t wlen;
    char *rbuf;          /* read-ahead */
    size_t rpos, rlen, rcap;
    bool eof;
    pthread_mutex_t lock;
} WfFileObject;

extern WfTypeObject wf_file_type;

/* ---- raw descriptor I/O ---------------------------------------------------- */

/* Takes the file's mutex. The holder may be blocked in a read or write
 * (detached), so wait for it detached too: a thread blocked here must not
 * hold up a stop-the-world. */
static void file_lock(WfFileObject *f) {
    if (pthread_mutex_trylock(&f->lock) == 0)
        return;
    WF_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&f->lock);
    WF_END_ALLOW_THREADS
}

/* Detached while the system call blocks; touches no object. errno is
 * preserved across the re-attach. */
static int write_all(int fd, const char *data, size_t len) {
    int rc = 0, saved_errno = 0;
    WF_BEGIN_ALLOW_THREADS
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = -1;
            saved_errno = errno;
            break;
        }
        data += n;
        len -= (size_t)n;
    }
    WF_END_ALLOW_THREADS
    errno = saved_errno;
    return rc;
}

static ssize_t read_detached(int fd, char *buf, size_t cap) {
    ssize_t n;
    int saved_errno;
    WF_BEGIN_ALLOW_THREADS
    do {
        n = read(fd, buf, cap);
    } while (n < 0 && errno == EINTR);
    saved_errno = errno;
    WF_END_ALLOW_THREADS
    errno = saved_errno;
    return n;
}

static int flush_locked(WfFileObject *f) {
    if (f->wlen == 0)
        return 0;
    int rc = write_all(f->fd, f->wbuf, f->wlen);
    f->wlen = 0;
    if (rc < 0) {
        wf_err_set_from_errno(wf_exc_OSError);
        return -1;
    }
    return 0;
}

static int buffer_write_locked(WfFileObject *f, const char *data, size_t len) {
    if (f->wbuf == NULL && (f->wbuf = wf_mem_malloc(FILE_BUFFER_SIZE)) == NULL) {
        wf_err_no_memory();
        return -1;
    }
    if (f->wlen + len > FILE_BUFFER_SIZE) {
        if (flush_locked(f) < 0)
            return -1;
        if (len >= FILE_BUFFER_SIZE) {
            if (write_all(f->fd, data, len) < 0) {
                wf_err_set_from_errno(wf_exc_OSError);
                return -1;
            }
            return 0;
        }
    }
    memcpy(f->wbuf + f->wlen, data, len);
    f->wlen += len;
    if (f->line_buffered && memchr(data, '\n', len))
        return flush_locked(f);
    return 0;
}

/* Ensures at least one unread byte is buffered; 0 at EOF, -1 on error. */
static int fill_locked(WfFileObject *f) {
    if (f->rpos < f->rlen)
        return 1;
    if (f->eof)
        return 0;
    if (f->rbuf == NULL) {
        f->rcap = FILE_BUFFER_SIZE;
        if ((f->rbuf = wf_mem_malloc(f->rcap)) == NULL) {
            wf_err_no_memory();
            return -1;
        }
    }
    for (;;) {
        ssize_t n = read_detached(f->fd, f->rbuf, f->rcap);
        if (n < 0) {
            wf_err_set_from_errno(wf_exc_OSError);
            return -1;
        }
        f->rpos = 0;
        f->rlen = (size_t)n;
        if (n == 0)
            f->eof = true;
        return n > 0;
    }
}

/* ---- helpers --------------------------------------------------------------- */

/* closed is set under the file's lock and read without it (closed, the
 * checks at entry): an atomic flag. */
static bool file_is_closed(WfFileObject *f) {
    return __atomic_load_n(&f->closed, __ATOMIC_ACQUIRE);
}

static int check_open(WfFileObject *f) {
    if (file_is_closed(f)) {
        wf_err_set_string(wf_exc_ValueError, "I/O operation on closed file.");
        return -1;
    }
    return 0;
}

static int check_mode(WfFileObject *f, bool want_write) {
    if (check_open(f) < 0)
        return -1;
    if (want_write ? !f->writable : !f->readable) {
        wf_err_set_string(wf_exc_OSError /* io.UnsupportedOperation in CPython */,
                          want_write ? "not writable" : "not readable");
        return -1;
    }
    return 0;
}

static WfObject *make_result(WfFileObject *f, const char *data, size_t len) {
    return f->binary ? wf_bytes_from_data(data, (wf_ssize_t)len)
                     : wf_str_from_utf8_lossy(data, (wf_ssize_t)len);
}

/* Reads up to a newline (included) or EOF into a growing buffer. */
static WfObject *readline_locked(WfFileObject *f, wf_ssize_t limit) {
    char *acc = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        int got = fill_locked(f);
        if (got < 0) {
            wf_mem_free(acc);
            return NULL;
        }
        if (got == 0)
            break;
        char *start = f->rbuf + f->rpos;
        size_t avail = f->rlen - f->rpos;
        char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) + 1 : avail;
        if (limit >= 0 && len + take > (size_t)limit)
            take = (size_t)limit - len;
        if (len + take > cap) {
            cap = (len + take) * 2 + 64;
            char *grown = wf_mem_realloc(acc, cap);
            if (grown == NULL) {
                wf_mem_free(acc);
                return wf_err_no_memory();
            }
            acc = grown;
        }
        memcpy(acc + len, start, take);
        len += take;
        f->rpos += take;
        if ((nl && take == (size_t)(nl - start) + 1) || (limit >= 0 && len >= (size_t)limit))
            break;
    }
    WfObject *r = make_result(f, acc ? acc : "", len);
    wf_mem_free(acc);
    return r;
}

static WfObject *read_all_locked(WfFileObject *f, wf_ssize_t size) {
    char *acc = NULL;
    size_t len = 0, cap = 0;
    while (size < 0 || len < (size_t)size) {
        int got = fill_locked(f);
        if (got < 0) {
            wf_mem_free(acc);
            return NULL;
        }
        if (got == 0)
            break;
        size_t take = f->rlen - f->rpos;
        if (size >= 0 && take > (size_t)size - len)
            take = (size_t)size - len;
        if (len + take > cap) {
            cap = (len + take) * 2 + 64;
            char *grown = wf_mem_realloc(acc, cap);
            if (grown == NULL) {
                wf_mem_free(acc);
                return wf_err_no_memory();
            }
            acc = grown;
        }
        memcpy(acc + len, f->rbuf + f->rpos, take);
        len += take;
        f->rpos += take;
    }
    WfObject *r = make_result(f, acc ? acc : "", len);
    wf_mem_free(acc);
    return r;
}

/* ---- methods ------------------------------------------------------------- */

static WfObject *file_write(WfObject *self, WfObject *arg) {
    WfFileObject *f = (WfFileObject *)self;
    const char *data;
    wf_ssize_t len;
    WfObject *keep = NULL;   /* a bytearray's copy (str_impl.h) */
    if (f->binary) {
        if (wf_bytes_like_data_stable(arg, &data, &len, &keep) < 0)
            return wf_err_format(wf_exc_TypeError, "a bytes-like object is required, not '%s'",
                                 wf_type_name(WF_TYPE(arg)));
    } else {
        if (!wf_str_check(arg))
            return wf_err_format(wf_exc_TypeError, "write() argument must be str, not %s",
                                 wf_type_name(WF_TYPE(arg)));
        data = wf_str_as_utf8_and_size(arg, &len);
    }
    file_lock(f);
    int rc = check_mode(f, true);
    if (rc == 0)
        rc = buffer_write_locked(f, data, (size_t)len);
    pthread_mutex_unlock(&f->lock);
    wf_xdecref(keep);
    if (rc < 0)
        return NULL;
    return wf_int_from_ssize(f->binary ? len : WF_STR_LENGTH(arg));
}

static WfObject *file_flush(WfObject *self, WfObject *unused) {
    WfFileObject *f = (WfFileObject *)self;
    file_lock(f);
    int rc = check_open(f);
    if (rc == 0)
        rc = flush_locked(f);
    pthread_mutex_unlock(&f->lock);
    if (rc < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *file_read(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    WfFileObject *f = (WfFileObject *)self;
    if (wf_arg_check_positional("read", nargs, 0, 1) < 0)
        return NULL;
    wf_ssize_t size = -1;
    if (nargs == 1 && args[0] != WF_NONE) {
        size = wf_int_as_ssize(args[0]);
        if (size == -1 && wf_err_occurred())
            return NULL;
    }
    file_lock(f);
    WfObject *r = check_mode(f, false) < 0 ? NULL : read_all_locked(f, size);
    pthread_mutex_unlock(&f->lock);
    return r;
}

static WfObject *file_readline(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    WfFileObject *f = (WfFileObject *)self;
    if (wf_arg_check_positional("readline", nargs, 0, 1) < 0)
        return NULL;
    wf_ssize_t limit = -1;
    if (nargs == 1 && args[0] != WF_NONE) {
        limit = wf_int_as_ssize(args[0]);
        if (limit == -1 && wf_err_occurred())
            return NULL;
    }
    file_lock(f);
    WfObject *r = check_mode(f, false) < 0 ? NULL : readline_locked(f, limit);
    pthread_mutex_unlock(&f->lock);
    return r;
}

static WfObject *file_iternext(WfObject *self) {
    WfObject *line = file_readline(self, NULL, 0);
    if (line == NULL)
        return NULL;
    bool empty = wf_bytes_check(line) ? WF_BYTES_SIZE(line) == 0 : WF_STR_LENGTH(line) == 0;
    if (empty) {
        wf_decref(line);
        return NULL; /* exhausted */
    }
    return line;
}

static WfObject *file_readlines(WfObject *self, WfObject *unused) {
    WfObject *list = wf_list_new(0);
    WfObject *line;
    while (list && (line = file_iternext(self)) != NULL) {
        int rc = wf_list_append(list, line);
        wf_decref(line);
        if (rc < 0)
            WF_CLEAR(list);
    }
    if (list && wf_err_occurred())
        WF_CLEAR(list);
    return list;
}

static WfObject *file_writelines(WfObject *self, WfObject *lines) {
    WfObject *it = wf_object_get_iter(lines);
    if (it == NULL)
        return NULL;
    WfObject *item;
    while ((item = wf_iter_next(it)) != NULL) {
        WfObject *r = file_write(self, item);
        wf_decref(item);
        if (r == NULL) {
            wf_decref(it);
            return NULL;
        }
        wf_decref(r);
    }
    wf_decref(it);
    if (wf_err_occurred())
        return NULL;
    WF_RETURN_NONE;
}

static int close_locked(WfFileObject *f) {
    if (f->closed)
        return 0;
    int rc = flush_locked(f);
    __atomic_store_n(&f->closed, true, __ATOMIC_RELEASE);
    if (f->closefd && close(f->fd) < 0 && rc == 0) {
        wf_err_set_from_errno(wf_exc_OSError);
        rc = -1;
    }
    return rc;
}

static WfObject *file_close(WfObject *self, WfObject *unused) {
    WfFileObject *f = (WfFileObject *)self;
    file_lock(f);
    int rc = close_locked(f);
    pthread_mutex_unlock(&f->lock);
    if (rc < 0)
        return NULL;
    WF_RETURN_NONE;
}

static WfObject *file_enter(WfObject *self, WfObject *unused) {
    if (check_open((WfFileObject *)self) < 0)
        return NULL;
    return wf_newref(self);
}

static WfObject *file_exit(WfObject *self, WfObject *const *args, wf_ssize_t nargs) {
    return file_close(self, NULL);
}

static WfObject *file_fileno(WfObject *self, WfObject *unused) {
    if (check_open((WfFileObject *)self) < 0)
        return NULL;
    return wf_int_from_long(((WfFileObject *)self)->fd);
}

static WfObject *file_isatty(WfObject *self, WfObject *unused) {
    if (check_open((WfFileObject *)self) < 0)
        return NULL;
    return wf_bool_from_long(isatty(((WfFileObject *)self)->fd));
}

static WfObject *file_readable(WfObject *self, WfObject *unused) {
    if (check_open((WfFileObject *)self) < 0)
        return NULL;
    return wf_bool_from_long(((WfFileObject *)self)->readable);
}

static WfObject *file_writable(WfObject *self, WfObject *unused) {
    return wf_bool_from_long(((WfFileObject *)self)->writable);
}

static WfObject *file_get_closed(WfObject *self, void *closure) {
    return wf_bool_from_long(file_is_closed((WfFileObject *)self));
}

static WfObject *file_get_encoding(WfObject *self, void *closure) {
    if (((WfFileObject *)self)->binary)
        return wf_err_format(wf_exc_AttributeError, "'_io.BufferedReader' object has no attribute 'encoding'");
    return wf_str_from_cstr("utf-8");
}

static WfObject *file_repr(WfObject *self) {
    WfFileObject *f = (WfFileObject *)self;
    if (f->binary)
        return wf_str_from_format("<_io.Buffered%s name=%R>", f->writable ? "Writer" : "Reader", f->name);
    return wf_str_from_format("<_io.TextIOWrapper name=%R mode=%R encoding='utf-8'>", f->name, f->mode);
}

static WfObject *file_iter(WfObject *self) {
    if (check_open((WfFileObject *)self) < 0)
        return NULL;
    return wf_newref(self);
}

static void file_dealloc(WfObject *self) {
    WfFileObject *f = (WfFileObject *)self;
    file_lock(f);
    if (close_locked(f) < 0)
        wf_err_clear();
    pthread_mutex_unlock(&f->lock);
    pthread_mutex_destroy(&f->lock);
    wf_mem_free(f->wbuf);
    wf_mem_free(f->rbuf);
    wf_xdecref(f->name);
    wf_xdecref(f->mode);
    wf_object_free(self);
}

static WfMethodDef file_methods[] = {
    {"write", (void *)file_write, WF_METH_O, NULL},
    {"writelines", (void *)file_writelines, WF_METH_O, NULL},
    {"flush", (void *)file_flush, WF_METH_NOARGS, NULL},
    {"read", (void *)file_read, WF_METH_FASTCALL, NULL},
    {"readline", (void *)file_readline, WF_METH_FASTCALL, NULL},
    {"readlines", (void *)file_readlines, WF_METH_NOARGS, NULL},
    {"close", (void *)file_close, WF_METH_NOARGS, NULL},
    {"fileno", (void *)file_fileno, WF_METH_NOARGS, NULL},
    {"isatty", (void *)file_isatty, WF_METH_NOARGS, NULL},
    {"readable", (void *)file_readable, WF_METH_NOARGS, NULL},
    {"writable", (void *)file_writable, WF_METH_NOARGS, NULL},
    {"__enter__", (void *)file_enter, WF_METH_NOARGS, NULL},
    {"__exit__", (void *)file_exit, WF_METH_FASTCALL, NULL},
    {NULL, NULL, 0, NULL},
};

static WfMemberDef file_members[] = {
    {"name", WF_T_OBJECT, offsetof(WfFileObject, name), WF_READONLY, NULL},
    {"mode", WF_T_OBJECT, offsetof(WfFileObject, mode), WF_READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static WfGetSetDef file_getset[] = {
    {"closed", file_get_closed, NULL, NULL, NULL},
    {"encoding", file_get_encoding, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

WfTypeObject wf_file_type = {
    .tp_name = "_io.TextIOWrapper",
    .tp_basicsize = sizeof(WfFileObject),
    .tp_dealloc = file_dealloc,
    .tp_repr = file_repr,
    .tp_getattro = wf_object_generic_getattr,
    .tp_iter = file_iter,
    .tp_iternext = file_iternext,
    .tp_methods = file_methods,
    .tp_members = file_members,
    .tp_getset = file_getset,
};

/* ---- constructors ---------------------------------------------------------- */

WfObject *wf_file_from_fd(int fd, const char *name, const char *mode, int closefd) {
    if (!(wf_file_type.tp_flags & WF_TPFLAGS_READY) && wf_type_ready(&wf_file_type) < 0)
        return NULL;
    WfFileObject *f = (WfFileObject *)wf_object_alloc(&wf_file_type);
    if (f == NULL)
        return NULL;
    f->fd = fd;
    f->readable = strchr(mode, 'r') || strchr(mode, '+');
    f->writable = strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, 'x') || strchr(mode, '+');
    f->binary = strchr(mode, 'b') != NULL;
    f->closefd = closefd != 0;
    f->line_buffered = isatty(fd) || fd == 2;
    pthread_mutex_init(&f->lock, NULL);
    f->name = wf_str_from_cstr(name);
    f->mode = wf_str_from_cstr(mode);
    if (f->name == NULL || f->mode == NULL) {
        wf_decref((WfObject *)f);
        return NULL;
    }
    return (WfObject *)f;
}

/* open(path, mode): "r", "w", "a", "x", each with optional "+" and "b"/"t". */
WfObject *wf_file_open(WfObject *path, const char *mode) {
    int flags = 0;
    bool plus = strchr(mode, '+') != NULL;
    size_t kinds = (strchr(mode, 'r') != NULL) + (strchr(mode, 'w') != NULL) +
                   (strchr(mode, 'a') != NULL) + (strchr(mode, 'x') != NULL);
    if (kinds != 1 || strspn(mode, "rwaxbt+") != strlen(mode) ||
        (strchr(mode, 'b') && strchr(mode, 't')))
        return wf_err_format(wf_exc_ValueError, "invalid mode: '%s'", mode);
    if (strchr(mode, 'r'))
        flags = plus ? O_RDWR : O_RDONLY;
    else if (strchr(mode, 'w'))
        flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    else if (strchr(mode, 'a'))
        flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    else
        flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL;
    if (!wf_str_check(path))
        return wf_err_format(wf_exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                             wf_type_name(WF_TYPE(path)));
    const char *cpath = wf_str_as_utf8(path);
    int fd = open(cpath, flags | O_CLOEXEC, 0666);
    if (fd < 0)
        return wf_err_set_from_errno_filename(wf_exc_OSError, cpath);
    WfObject *f = wf_file_from_fd(fd, cpath, mode, 1);
    if (f == NULL)
        close(fd);
    return f;
}

int wf_file_write_string(const char *s, WfObject *file) {
    WfObject *str = wf_str_from_cstr(s);
    if (str == NULL)
        return -1;
    int rc = wf_file_write_object(str, file, 1);
    wf_decref(str);
    return rc;
}

int wf_file_write_object(WfObject *obj, WfObject *file, int raw) {
    WfObject *text = (raw && wf_str_check(obj)) ? wf_newref(obj) : wf_object_str(obj);
    if (text == NULL)
        return -1;
    WfObject *r;
    if (WF_TYPE(file) == &wf_file_type)
        r = file_write(file, text); /* fast path: no method lookup */
    else
        r = wf_object_call_method_objargs(file, WF_ID(write), text, NULL);
    wf_decref(text);
    if (r == NULL)
        return -1;
    wf_decref(r);
    return 0;
}

/* Conventions every module's interface file relies on:
 *
 * - A function returning `int` returns a co_status: a negative value raises
 *   the matching custorient.Error subclass with co_errmsg() as its text and
 *   co_errpath(), co_errline(), co_errcolumn() as its path, line and column,
 *   and CO_OK becomes None (so out-parameters alone form the return value).
 * - Arrays cross as Python buffers (numpy arrays, array.array, memoryview):
 *   no copies and no run-time numpy dependency. The Python layer checks the
 *   lengths of companion arrays before calling.
 *     (const T *IN_ARRAY, size_t IN_LEN)   a read-only array and its length
 *     const T *IN_ARRAY_SAME               a read-only array of the same length
 *     T *OUT_ARRAY                         a writable array filled by C
 *   for T in double, uint8_t, int, int64_t, uint64_t, size_t. Apply them with
 *   %apply to the parameter names of each module.
 * - Opaque handles come back through CO_HANDLE_OUT(type); the Python class
 *   that owns one frees it explicitly.
 * - Every `const char *` argument is a str (UTF-8) or None (NULL); one named
 *   `path` or `dir` is a file name, a str encoded like os.fsencode() or bytes.
 *   Text with a NUL character raises ValueError, as open() does: C would see
 *   the text end there ("C1\0x" would name the customer "C1"). Text with an
 *   explicit length (`const char *text, size_t len`) may hold NULs; its
 *   function checks them.
 */

%include "stdint.i"
%include "typemaps.i"

%{
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A failure's path as str (decoded like os.fsdecode), None for NULL; NULL
 * with an exception set if decoding fails. */
static PyObject *co_py_path(const char *path)
{
    if (!path)
        Py_RETURN_NONE;
    return PyUnicode_DecodeFSDefault(path);
}

/* The C string of str `obj` (UTF-8, borrowed from it), or NULL with an
 * exception set: TypeError for another type, ValueError for a NUL character,
 * which would end the text early in C. `what` names the argument. */
static const char *co_py_text(PyObject *obj, const char *what)
{
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str, not %.200s", what,
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(obj, &size);
    if (text && strlen(text) != (size_t)size) {
        PyErr_Format(PyExc_ValueError, "%s: embedded null character", what);
        return NULL;
    }
    return text;
}

/* A file name as bytes: str encoded like os.fsencode(), or bytes as they are;
 * NULL with an exception set for another type or a NUL byte. New reference. */
static PyObject *co_py_path_bytes(PyObject *obj, const char *what)
{
    PyObject *bytes = NULL;
    if (PyUnicode_Check(obj)) {
        bytes = PyUnicode_EncodeFSDefault(obj);
    } else if (PyBytes_Check(obj)) {
        bytes = obj;
        Py_INCREF(bytes);
    } else {
        PyErr_Format(PyExc_TypeError, "%s must be str or bytes, not %.200s", what,
                     Py_TYPE(obj)->tp_name);
    }
    if (bytes && strlen(PyBytes_AS_STRING(bytes)) != (size_t)PyBytes_GET_SIZE(bytes)) {
        PyErr_Format(PyExc_ValueError, "%s: embedded null byte", what);
        Py_CLEAR(bytes);
    }
    return bytes;
}

/* A failure found by the binding's own C code (not by a library call): its
 * message, kept per thread until co_py_raise() takes it, so that it neither
 * comes out empty nor repeats an older failure's co_errmsg(). */
static _Thread_local int co_py_detail_set;
static _Thread_local char co_py_detail[256];

/* Record the message of a failure detected in the binding; returns `status`. */
static int co_py_fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(co_py_detail, sizeof co_py_detail, fmt, ap);
    va_end(ap);
    co_py_detail_set = 1;
    return status;
}

/* Raise the custorient.Error subclass for `status` with this thread's last
 * message and location (called with the GIL held, before any other library
 * call on this thread): the binding's own message if it recorded one, else
 * co_errmsg(), else co_strerror(status), so the text is never empty. */
static void co_py_raise(int status)
{
    const char *message = co_errmsg();
    Py_ssize_t line = (Py_ssize_t)co_errline(), column = (Py_ssize_t)co_errcolumn();
    const char *where = co_errpath();
    if (co_py_detail_set) {
        co_py_detail_set = 0;
        message = co_py_detail;
        where = NULL;
        line = column = 0;
    } else if (!message || !*message) {
        message = co_strerror(status);
    }
    PyObject *path = co_py_path(where);
    if (!path)
        return;
    PyObject *errors = PyImport_ImportModule("custorient._errors");
    if (!errors) {
        Py_DECREF(path);
        return;
    }
    PyObject *exc = PyObject_CallMethod(errors, "_from_status", "iyNnn", status, message,
                                        path, line, column);
    Py_DECREF(errors);
    if (!exc)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

/* 1 if a buffer's element type matches a C element of `kind` ('f' float,
 * 'i' signed, 'u' unsigned) and `size` bytes. */
static int co_py_format_matches(const Py_buffer *view, char kind, size_t size)
{
    const char *f = view->format ? view->format : "B";
    if (*f == '@' || *f == '=' || *f == '<')
        f++;
    if (f[0] == '\0' || f[1] != '\0' || (size_t)view->itemsize != size)
        return 0;
    switch (kind) {
    case 'f': return strchr("fd", *f) != NULL;
    case 'i': return strchr("bhilqn", *f) != NULL;
    default: return strchr("BHILQN", *f) != NULL;
    }
}

static int co_py_get_buffer(PyObject *obj, Py_buffer *view, int writable, char kind,
                            size_t size, const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    if (!co_py_format_matches(view, kind, size)) {
        PyErr_Format(PyExc_TypeError, "expected a contiguous buffer of %s, got format '%s'",
                     what, view->format ? view->format : "B");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}
%}

%typemap(out) int {
    if ($1 < 0) {
        co_py_raise($1);
        SWIG_fail;
    }
    $result = Py_None;
    Py_INCREF(Py_None);
}

%define CO_ARRAY_TYPEMAPS(CTYPE, KIND, WHAT)
%typemap(in) (const CTYPE *IN_ARRAY, size_t IN_LEN) (Py_buffer view, int have_view = 0) {
    if (co_py_get_buffer($input, &view, 0, KIND, sizeof(CTYPE), WHAT) < 0)
        SWIG_fail;
    have_view = 1;
    $1 = (CTYPE *)view.buf;
    $2 = (size_t)(view.len / view.itemsize);
}
%typemap(freearg) (const CTYPE *IN_ARRAY, size_t IN_LEN) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(in) const CTYPE *IN_ARRAY_SAME (Py_buffer view, int have_view = 0) {
    if ($input == Py_None) {
        $1 = NULL;
    } else {
        if (co_py_get_buffer($input, &view, 0, KIND, sizeof(CTYPE), WHAT) < 0)
            SWIG_fail;
        have_view = 1;
        $1 = (CTYPE *)view.buf;
    }
}
%typemap(freearg) const CTYPE *IN_ARRAY_SAME {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}
%typemap(in) CTYPE *OUT_ARRAY (Py_buffer view, int have_view = 0) {
    if (co_py_get_buffer($input, &view, 1, KIND, sizeof(CTYPE), WHAT) < 0)
        SWIG_fail;
    have_view = 1;
    $1 = (CTYPE *)view.buf;
}
%typemap(freearg) CTYPE *OUT_ARRAY {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}
%enddef

CO_ARRAY_TYPEMAPS(double, 'f', "float64")
CO_ARRAY_TYPEMAPS(uint8_t, 'u', "uint8")
CO_ARRAY_TYPEMAPS(int, 'i', "int32")
CO_ARRAY_TYPEMAPS(int64_t, 'i', "int64")
CO_ARRAY_TYPEMAPS(uint64_t, 'u', "uint64")
CO_ARRAY_TYPEMAPS(size_t, 'u', "uint64")

/* `TYPE **out` returns a new, borrowed-by-Python handle pointer. */
%define CO_HANDLE_OUT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *handle = NULL) {
    $1 = &handle;
}
%typemap(argout) TYPE **out {
    $result = SWIG_Python_AppendOutput($result,
                                       SWIG_NewPointerObj(handle$argnum, $descriptor(TYPE *), 0));
}
%enddef

/* An options struct handed to its `_init` function (`TYPE *opts, size_t size`): Python
 * passes the struct only, and the wrapper states the sizeof it was built with. */
%define CO_SIZED_INIT(TYPE)
%typemap(in) (TYPE *opts, size_t size) {
    if (!SWIG_IsOK(SWIG_ConvertPtr($input, (void **)&$1, $1_descriptor, 0)))
        SWIG_exception_fail(SWIG_TypeError, "expected a " #TYPE);
    $2 = sizeof(TYPE);
}
%enddef

/* Scalar out-parameters named `out` become return values. */
%apply double *OUTPUT { double *out };
%apply int64_t *OUTPUT { co_day *out };

/* Borrowed text handed out through `const char **out` becomes a str (SWIG drops
 * the const from the argument type, hence the plain char * holder). */
%typemap(in, numinputs=0) const char **out (char *text = NULL) {
    $1 = &text;
}
%typemap(argout) const char **out {
    $result = SWIG_Python_AppendOutput($result, PyUnicode_FromString(text$argnum));
}

/* Text and names: str or None, no NUL character (co_py_text). */
%typemap(in) const char * {
    if ($input == Py_None) {
        $1 = NULL;
    } else if (!($1 = (char *)co_py_text($input, "$1_name"))) {
        SWIG_fail;
    }
}
%typemap(freearg) const char * "";
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
    $1 = $input == Py_None || PyUnicode_Check($input);
}

/* File names: str (os.fsencode) or bytes, no NUL byte (co_py_path_bytes). */
%typemap(in) const char *path (PyObject *bytes = NULL), const char *dir (PyObject *bytes = NULL) {
    if (!(bytes = co_py_path_bytes($input, "$1_name")))
        SWIG_fail;
    $1 = PyBytes_AS_STRING(bytes);
}
%typemap(freearg) const char *path, const char *dir {
    Py_XDECREF(bytes$argnum);
}

/* Text with an explicit length: str (as UTF-8) or any bytes-like object. */
%typemap(in) (const char *text, size_t len) (Py_buffer view, int have_view = 0) {
    if (PyUnicode_Check($input)) {
        Py_ssize_t size;
        $1 = (char *)PyUnicode_AsUTF8AndSize($input, &size);
        if (!$1)
            SWIG_fail;
        $2 = (size_t)size;
    } else {
        if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
            SWIG_fail;
        have_view = 1;
        $1 = (char *)view.buf;
        $2 = (size_t)view.len;
    }
}
%typemap(freearg) (const char *text, size_t len) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}

/* Serialised partial states (custorient/partial.h): the library's bytes come back as a
 * bytes object (and are freed here); bytes to read may be any bytes-like object. */
%typemap(in, numinputs=0) (void **out, size_t *out_len) (void *data = NULL, size_t size = 0) {
    $1 = &data;
    $2 = &size;
}
%typemap(argout) (void **out, size_t *out_len) {
    PyObject *bytes = PyBytes_FromStringAndSize((const char *)data$argnum, (Py_ssize_t)size$argnum);
    co_partial_free(data$argnum);
    if (!bytes)
        SWIG_fail;
    $result = SWIG_Python_AppendOutput($result, bytes);
}
%typemap(in) (const void *bytes, size_t len) (Py_buffer view, int have_view = 0) {
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
        SWIG_fail;
    have_view = 1;
    $1 = view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const void *bytes, size_t len) {
    if (have_view$argnum)
        PyBuffer_Release(&view$argnum);
}
%apply int *OUTPUT { int *kind_out, int *version_out };

%ignore co_errcode;
%ignore co_errpath;
%ignore co_errline;
%ignore co_errcolumn;
%ignore co_version_number;
%ignore co_set_allocator;
%ignore co_allocator;
%ignore co_date_format;

#define CO_API
%include "custorient/version.h"
%include "custorient/core.h"
%include "custorient/feedback_kind.h"
%include "custorient/units.h"

/* Helpers that build Python objects must keep the GIL. */
%nothread co_py_date_format;
%inline %{
/* co_date_format as a function returning the text. */
static PyObject *co_py_date_format(co_day day)
{
    char text[11];
    int rc = co_date_format(day, text);
    if (rc < 0) {
        co_py_raise(rc);
        return NULL;
    }
    return PyUnicode_FromString(text);
}
%}

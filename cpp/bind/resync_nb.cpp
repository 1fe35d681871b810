// core.resync_once: awaits `exchange(*args)` and, when it raises
// core.UsmResync (a notInTimeWindow Report), awaits a fresh `exchange(*args)`
// once more; a second UsmResync raises codec.report_error(notInTimeWindow)
// instead. The same as
//
//     async def resync_once(codec, exchange, *args):
//         try:
//             return await exchange(*args)
//         except UsmResync:
//             pass
//         try:
//             return await exchange(*args)
//         except UsmResync:
//             raise codec.report_error(NOT_IN_TIME_WINDOW) from None
//
// but as a C awaitable: no coroutine frame is created per request, or entered
// each time the request is resumed, which every v3 request would otherwise
// pay for a resync that almost never happens. It delegates to the running
// exchange's awaitable through am_send/tp_iternext (what `await` calls) and
// its send/throw/close methods (what a coroutine awaiting it calls when it is
// thrown into or closed, e.g. on cancellation).
#include <nanobind/nanobind.h>
#include <nanobind/typing.h>

#include "bind/awaitable.hpp"
#include "bind/bind.hpp"
#include "registry/registry.hpp"
#include "usm/usm_codec.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

namespace {

constexpr const char* kNotInTimeWindow = registry::kReportCounters[registry::NotInTimeWindows].oid;

PyObject* resync_type = nullptr;  // core.UsmResync
PyTypeObject* once_type = nullptr;

enum State : int { NotStarted, First, Second, Done };

struct ResyncOnce {
    PyObject_HEAD
    PyObject* codec;
    PyObject* exchange;
    PyObject* args;   // tuple
    PyObject* inner;  // the running exchange's iterator
    int state;
};

// Calls exchange(*args) and keeps the iterator its awaitable yields through.
int start(ResyncOnce* self) {
    self->inner = awaitable::iter_of(PyObject_Call(self->exchange, self->args, nullptr));
    return self->inner ? 0 : -1;
}

// The second UsmResync: raise codec.report_error(notInTimeWindow) from None,
// with the UsmResync as its __context__ (as the `raise ... from None` above).
PySendResult give_up(ResyncOnce* self) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    Py_XDECREF(type);
    Py_XDECREF(traceback);
    PyObject* error = PyObject_CallMethod(self->codec, "report_error", "s", kNotInTimeWindow);
    if (!error) {
        Py_XDECREF(value);
        return PYGEN_ERROR;
    }
    if (!PyExceptionInstance_Check(error)) {
        Py_DECREF(error);
        Py_XDECREF(value);
        PyErr_SetString(PyExc_TypeError, "report_error() must return an exception");
        return PYGEN_ERROR;
    }
    PyException_SetContext(error, value);  // steals value
    PyException_SetCause(error, nullptr);  // and sets __suppress_context__
    PyObject* error_type = reinterpret_cast<PyObject*>(Py_TYPE(error));
    Py_INCREF(error_type);
    PyErr_Restore(error_type, error, nullptr);
    return PYGEN_ERROR;
}

// After the exchange's awaitable has run one step: a UsmResync restarts it
// (once), and an end (return or error) ends this awaitable.
PySendResult settle(ResyncOnce* self, PySendResult status, PyObject** result) {
    while (status == PYGEN_ERROR && PyErr_ExceptionMatches(resync_type)) {
        Py_CLEAR(self->inner);
        if (self->state == Second) {
            self->state = Done;
            return give_up(self);
        }
        PyErr_Clear();
        self->state = Second;
        if (start(self) < 0) {
            self->state = Done;
            return PYGEN_ERROR;
        }
        status = PyIter_Send(self->inner, Py_None, result);
    }
    if (status != PYGEN_NEXT) {
        self->state = Done;
        Py_CLEAR(self->inner);
    }
    return status;
}

bool check_not_done(ResyncOnce* self) {
    if (self->state != Done) return true;
    PyErr_SetString(PyExc_RuntimeError, "cannot reuse already awaited resync_once");
    return false;
}

// Starts the exchange on the first step; a fresh awaitable takes None.
bool ensure_started(ResyncOnce* self, PyObject** arg) {
    if (self->state != NotStarted) return true;
    self->state = First;
    *arg = Py_None;
    if (start(self) == 0) return true;
    self->state = Done;
    return false;
}

PySendResult am_send(PyObject* o, PyObject* arg, PyObject** result) {
    auto* self = reinterpret_cast<ResyncOnce*>(o);
    *result = nullptr;
    if (!check_not_done(self) || !ensure_started(self, &arg)) return PYGEN_ERROR;
    return settle(self, PyIter_Send(self->inner, arg, result), result);
}

PyObject* throw_(PyObject* o, PyObject* const* args, Py_ssize_t nargs) {
    auto* self = reinterpret_cast<ResyncOnce*>(o);
    PyObject* ignored = Py_None;
    if (!check_not_done(self) || !ensure_started(self, &ignored)) return nullptr;
    PyObject* method = PyObject_GetAttrString(self->inner, "throw");
    if (!method) {
        self->state = Done;
        Py_CLEAR(self->inner);
        return nullptr;
    }
    PyObject* yielded = PyObject_Vectorcall(method, args, static_cast<size_t>(nargs), nullptr);
    Py_DECREF(method);
    if (yielded) return yielded;  // the exchange caught it and goes on
    if (PyErr_ExceptionMatches(PyExc_StopIteration)) {  // it returned: pass its StopIteration on
        self->state = Done;
        Py_CLEAR(self->inner);
        return nullptr;
    }
    PyObject* result = nullptr;
    PySendResult status = settle(self, PYGEN_ERROR, &result);
    return awaitable::as_next(status, result);
}

PyObject* close(PyObject* o, PyObject*) {
    auto* self = reinterpret_cast<ResyncOnce*>(o);
    PyObject* inner = self->inner;
    self->inner = nullptr;
    self->state = Done;
    if (!inner) Py_RETURN_NONE;
    PyObject* result = PyObject_CallMethod(inner, "close", nullptr);
    Py_DECREF(inner);
    return result;
}

int traverse(PyObject* o, visitproc visit, void* arg) {
    auto* self = reinterpret_cast<ResyncOnce*>(o);
    Py_VISIT(Py_TYPE(o));
    Py_VISIT(self->codec);
    Py_VISIT(self->exchange);
    Py_VISIT(self->args);
    Py_VISIT(self->inner);
    return 0;
}

int clear(PyObject* o) {
    auto* self = reinterpret_cast<ResyncOnce*>(o);
    Py_CLEAR(self->codec);
    Py_CLEAR(self->exchange);
    Py_CLEAR(self->args);
    Py_CLEAR(self->inner);
    return 0;
}

}  // namespace

void bind_resync(nb::module_& m) {
    static nb::exception<usm::Resync> resync(m, "UsmResync");
    resync.doc() =
        "Raised by a UsmCodec made with raise_reports=True for a notInTimeWindow Report: "
        "send the request once more (resync_once does).";
    resync_type = resync.ptr();

    // Not in the module's namespace: made by resync_once only.
    once_type = awaitable::make_type<ResyncOnce, am_send, throw_, close, traverse, clear>(
        m.ptr(), "anysnmp._core.ResyncOnce", "A request that is sent once more after a notInTimeWindow Report.");
    if (!once_type) throw nb::python_error();

    m.attr("T") = nb::type_var("T");
    m.def(
        "resync_once",
        [](nb::object codec, nb::object exchange, nb::args args) {
            auto* self = PyObject_GC_New(ResyncOnce, once_type);
            if (!self) throw nb::python_error();
            self->codec = codec.release().ptr();
            self->exchange = exchange.release().ptr();
            self->args = args.release().ptr();
            self->inner = nullptr;
            self->state = NotStarted;
            PyObject_GC_Track(self);
            return nb::steal(reinterpret_cast<PyObject*>(self));
        },
        "codec"_a, "exchange"_a, "args"_a,
        nb::sig("def resync_once(codec: UsmCodec, exchange: collections.abc.Callable[..., "
                "collections.abc.Awaitable[T]], /, *args: object) -> collections.abc.Awaitable[T]"),
        "Awaits exchange(*args); after a UsmResync, awaits a fresh exchange(*args) once more, and "
        "raises codec.report_error(usmStatsNotInTimeWindows.0) if that raises UsmResync too.");
}

}  // namespace anysnmp

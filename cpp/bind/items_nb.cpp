// Items: an async iterator over the items of a stream of batches (Python lists), with no
// Python frame per item.
//
// `async for item in items` runs GET_ANEXT, then SEND (YIELD_FROM on 3.10) on what it
// returned. While the current batch has items left, am_anext returns the iterator itself;
// _PyCoro_GetAwaitableIter turns that into an awaitable through am_await (self again:
// tp_iternext makes it pass PyIter_Check), and SEND completes it at once: PyIter_Send calls
// am_send, which returns PYGEN_RETURN with the next item, so no StopIteration is created
// (CPython 3.10 and 3.11). From 3.12, SEND calls tp_iternext for objects other than
// generators and coroutines, as 3.10/3.11 do under a tracer: tp_iternext completes by
// raising StopIteration(item).
//
// When the batch is exhausted, am_anext calls `refill(items)` and returns the awaitable it
// returns: a coroutine that awaits the next batch and hands it over with `items.load(batch)`
// (which returns the batch's first item), or raises StopAsyncIteration at the end. Errors and
// cancellation pass through that coroutine unchanged. `items` is an argument, not captured,
// so a refill never needs a reference back to its iterator; tp_traverse/tp_clear still see
// every reference held here, so a cycle through a refill or a batch is collected.
#include <nanobind/nanobind.h>

#include "bind/bind.hpp"
#include "pdu/pyvalues.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

namespace {

struct Items {
    nb::object refill;      // refill(items) -> awaitable of the next item
    nb::object close;       // close() -> awaitable, awaited by aclose(); may be None
    nb::object batch;       // the current batch (a list), or null
    Py_ssize_t index = 0;   // its next item
    bool closed = false;    // aclose() was called: no more refills
};

Items& state(PyObject* self) { return *nb::inst_ptr<Items>(self); }

// Drops a reference the way Py_CLEAR does: the member is null before the object can run code.
void clear(nb::object& member) { nb::object gone = std::move(member); }

// The next item of the current batch (a new reference), or null when it is exhausted.
PyObject* take(Items& it) {
    PyObject* batch = it.batch.ptr();
    if (batch != nullptr && it.index < PyList_GET_SIZE(batch)) {
        return Py_NewRef(PyList_GET_ITEM(batch, it.index++));
    }
    return nullptr;
}

// Completes the awaitable protocol's tp_iternext with `value` (stolen): StopIteration(value).
// PyErr_SetObject(PyExc_StopIteration, value) would unpack a tuple into the exception's
// arguments, so the exception is built here.
PyObject* stop_iteration(PyObject* value) {
    if (value == Py_None) {
        PyErr_SetNone(PyExc_StopIteration);
    } else {
        PyObject* exc = PyObject_CallOneArg(PyExc_StopIteration, value);
        if (exc != nullptr) {
            PyErr_SetObject(PyExc_StopIteration, exc);
            Py_DECREF(exc);
        }
    }
    Py_DECREF(value);
    return nullptr;
}

// __aiter__, __await__ and __iter__: self. `yield from awaitable.__await__()` (asyncio's
// ensure_future on 3.10/3.11) needs the awaitable's iterator to be iterable.
PyObject* items_self(PyObject* self) { return Py_NewRef(self); }

PyObject* items_anext(PyObject* self) {
    Items& it = state(self);
    PyObject* batch = it.batch.ptr();
    if (batch != nullptr && it.index < PyList_GET_SIZE(batch)) {
        return Py_NewRef(self);  // the awaitable of the next item: am_send serves it
    }
    if (!nb::inst_ready(self)) {
        PyErr_SetString(PyExc_TypeError, "Items: __init__ was not called");
        return nullptr;
    }
    clear(it.batch);
    it.index = 0;
    if (it.closed || !it.refill.is_valid()) {
        PyErr_SetNone(PyExc_StopAsyncIteration);
        return nullptr;
    }
    nb::object refill = it.refill;  // alive through the call, whatever it does to `it`
    return PyObject_CallOneArg(refill.ptr(), self);
}

PySendResult items_send(PyObject* self, PyObject* /* arg */, PyObject** result) {
    Items& it = state(self);
    if ((*result = take(it)) != nullptr) {
        return PYGEN_RETURN;
    }
    if (it.closed) {  // the awaitable aclose() returns when there is nothing to close
        *result = Py_NewRef(Py_None);
        return PYGEN_RETURN;
    }
    // A plain `for` (or next()) over the async iterator, the iterator awaited as a list
    // would be, or an __anext__() not awaited: the package's UsageError (a RuntimeError)
    // once registered.
    const nb::object& usage_error = py::registry().usage_error;
    PyErr_SetString(usage_error.is_valid() ? usage_error.ptr() : PyExc_RuntimeError,
                    "this is an async iterator: iterate with 'async for', not 'for' nor 'await' "
                    "(a list of it: [item async for item in session.fetch(oid)]; await each "
                    "__anext__() before calling the next)");
    return PYGEN_ERROR;
}

PyObject* items_iternext(PyObject* self) {
    PyObject* result;
    if (items_send(self, Py_None, &result) == PYGEN_ERROR) {
        return nullptr;
    }
    return stop_iteration(result);
}

int items_traverse(PyObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));
    if (!nb::inst_ready(self)) {
        return 0;
    }
    Items& it = state(self);
    Py_VISIT(it.refill.ptr());
    Py_VISIT(it.close.ptr());
    Py_VISIT(it.batch.ptr());
    return 0;
}

int items_clear(PyObject* self) {
    Items& it = state(self);
    clear(it.refill);
    clear(it.close);
    clear(it.batch);
    it.index = 0;
    return 0;
}

// Python subclasses (anysnmp.WalkResults) inherit am_aiter, am_anext and am_await, but not
// am_send: CPython's inherit_slots leaves it out, and SEND would then complete each item with
// tp_iternext and a StopIteration. A subclass that kept this type's awaitable protocol gets
// am_send back when it is created (Items.__init_subclass__).
void adopt_subclass(nb::handle cls) {
    PyTypeObject* type = (PyTypeObject*)cls.ptr();
    PyAsyncMethods* as_async = type->tp_as_async;
    if (PyType_HasFeature(type, Py_TPFLAGS_HEAPTYPE) && as_async != nullptr &&
        as_async->am_send == nullptr && as_async->am_await == items_self &&
        type->tp_iternext == items_iternext) {
        as_async->am_send = items_send;
    }
}

PyType_Slot items_slots[] = {
    {Py_am_aiter, (void*)items_self},
    {Py_am_anext, (void*)items_anext},
    {Py_am_await, (void*)items_self},
    {Py_am_send, (void*)items_send},
    {Py_tp_iter, (void*)items_self},
    {Py_tp_iternext, (void*)items_iternext},
    {Py_tp_traverse, (void*)items_traverse},
    {Py_tp_clear, (void*)items_clear},
    {0, nullptr},
};

}  // namespace

void bind_items(nb::module_& m) {
    auto items = nb::class_<Items>(
        m, "Items", nb::type_slots(items_slots), nb::is_weak_referenceable(),
        nb::sig("class Items(collections.abc.AsyncIterator[typing.Any])"),
        "An async iterator over the items of batches: ``async for item in items``.\n\n"
        "Items of the current batch are served from C++, with no Python frame per item.\n"
        "When the batch runs out, ``__anext__`` returns ``refill(items)``: an awaitable\n"
        "that gets the next batch and returns ``items.load(batch)``, or raises\n"
        "StopAsyncIteration at the end. An Items object is also the awaitable that\n"
        "``__anext__`` returns while its batch lasts: await each before the next call.")
        .def(
            "__init__",
            [](Items* self, nb::object refill, nb::object close) {
                new (self) Items{std::move(refill), std::move(close)};
            },
            "refill"_a, "close"_a = nb::none(),
            nb::sig("def __init__(self, refill: collections.abc.Callable[[typing_extensions.Self], "
                    "collections.abc.Awaitable[typing.Any]], close: collections.abc.Callable[[], "
                    "collections.abc.Awaitable[object]] | None = None) -> None"),
            "`refill(items)` is called when the batch runs out; `close()` by `aclose`.")
        .def(
            "load",
            [](Items& it, nb::list batch) -> nb::object {
                if (batch.size() == 0) {
                    throw nb::value_error("Items.load() needs a non-empty batch");
                }
                nb::object first = batch[0];
                if (!it.closed) {
                    it.batch = std::move(batch);
                    it.index = 1;
                }
                return first;
            },
            "batch"_a,
            nb::sig("def load(self, batch: list[typing.Any]) -> typing.Any"),
            "Makes `batch` (a non-empty list) the current batch; returns its first item.")
        .def(
            "rest",
            [](Items& it) -> nb::list {
                nb::list out;
                PyObject* batch = it.batch.ptr();
                if (batch != nullptr && it.index < PyList_GET_SIZE(batch)) {
                    PyObject* rest = PyList_GetSlice(batch, it.index, PyList_GET_SIZE(batch));
                    if (rest == nullptr) {
                        throw nb::python_error();
                    }
                    out = nb::steal<nb::list>(rest);
                }
                clear(it.batch);
                it.index = 0;
                return out;
            },
            nb::sig("def rest(self) -> list[typing.Any]"),
            "The items of the current batch not served yet, which are then dropped.")
        .def(
            "aclose",
            [](nb::pointer_and_handle<Items> self) -> nb::object {
                Items& it = *self.p;
                it.closed = true;
                clear(it.batch);
                it.index = 0;
                clear(it.refill);
                nb::object close = std::move(it.close);
                if (close.is_valid() && !close.is_none()) {
                    return close();
                }
                return nb::borrow(self.h);  // completes at once (am_send returns None once closed)
            },
            nb::sig("def aclose(self) -> collections.abc.Awaitable[object]"),
            "Stops the iteration: later ``__anext__`` calls raise StopAsyncIteration. Returns\n"
            "the awaitable of ``close()`` (given to the constructor), or one that completes\n"
            "at once.");
    items.attr("__init_subclass__") = nb::module_::import_("builtins").attr("classmethod")(
        nb::cpp_function(adopt_subclass, nb::sig("def __init_subclass__(cls) -> None"),
                         "Gives a Python subclass the am_send slot, which CPython does not "
                         "inherit."));
}

}  // namespace anysnmp

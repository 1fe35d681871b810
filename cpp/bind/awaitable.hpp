// What the C awaitables of the bindings share (core.resync_once, UdpRequests.exchange):
// awaiting another awaitable's iterator, and the send/__next__ protocol over am_send.
#pragma once

#include <Python.h>

namespace anysnmp::awaitable {

// The iterator that `await awaitable` runs: steals `awaitable`, returns a new reference,
// or null with TypeError when it is not awaitable (or its __await__ failed).
inline PyObject* iter_of(PyObject* awaitable) {
    if (awaitable == nullptr) return nullptr;
    if (PyCoro_CheckExact(awaitable)) return awaitable;
    unaryfunc await =
        Py_TYPE(awaitable)->tp_as_async ? Py_TYPE(awaitable)->tp_as_async->am_await : nullptr;
    PyObject* iter = nullptr;
    if (await == nullptr) {
        PyErr_Format(PyExc_TypeError, "%.100s is not awaitable", Py_TYPE(awaitable)->tp_name);
    } else {
        iter = await(awaitable);
    }
    Py_DECREF(awaitable);
    return iter;
}

// An am_send result as send() and __next__ give it: a return raises StopIteration(result).
inline PyObject* as_next(PySendResult status, PyObject* result) {
    if (status == PYGEN_NEXT) return result;
    if (status == PYGEN_ERROR) return nullptr;
    if (result == Py_None) {
        Py_DECREF(result);
        PyErr_SetNone(PyExc_StopIteration);
        return nullptr;
    }
    PyObject* stop = PyObject_CallOneArg(PyExc_StopIteration, result);  // a tuple stays one value
    Py_DECREF(result);
    if (stop) {
        PyErr_SetObject(PyExc_StopIteration, stop);
        Py_DECREF(stop);
    }
    return nullptr;
}

using SendFunc = PySendResult (*)(PyObject*, PyObject*, PyObject**);

// send(value) and __next__ (tp_iternext) of an awaitable whose am_send is `AmSend`.
template <SendFunc AmSend>
PyObject* send(PyObject* o, PyObject* arg) {
    PyObject* result = nullptr;
    PySendResult status = AmSend(o, arg, &result);
    return as_next(status, result);
}

template <SendFunc AmSend>
PyObject* iternext(PyObject* o) {
    return send<AmSend>(o, Py_None);
}

// __await__ and __iter__: the awaitable is its own iterator.
inline PyObject* self(PyObject* o) { return Py_NewRef(o); }

template <inquiry Clear>
void dealloc(PyObject* o) {
    PyTypeObject* type = Py_TYPE(o);
    PyObject_GC_UnTrack(o);
    Clear(o);
    type->tp_free(o);
    Py_DECREF(type);
}

using FastFunc = PyObject* (*)(PyObject*, PyObject* const*, Py_ssize_t);

// The (heap) type of a C awaitable of struct `T`, made once: its own am_send, throw(),
// close(), and GC slots; send(), __next__, __await__ and __iter__ as above. Instances
// are made in C only (PyObject_GC_New).
template <typename T, SendFunc AmSend, FastFunc Throw, PyCFunction Close, traverseproc Traverse,
          inquiry Clear>
PyTypeObject* make_type(PyObject* module, const char* name, const char* doc) {
    static PyMethodDef methods[] = {
        {"send", reinterpret_cast<PyCFunction>(send<AmSend>), METH_O,
         "Sends a value into what it awaits."},
        {"throw", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)(void)>(Throw)),
         METH_FASTCALL, "Raises an exception in what it awaits."},
        {"close", Close, METH_NOARGS, "Ends it, closing what it awaits."},
        {nullptr, nullptr, 0, nullptr},
    };
    static PyType_Slot slots[] = {
        {Py_tp_doc, const_cast<char*>(doc)},
        {Py_tp_dealloc, reinterpret_cast<void*>(dealloc<Clear>)},
        {Py_tp_traverse, reinterpret_cast<void*>(Traverse)},
        {Py_tp_clear, reinterpret_cast<void*>(Clear)},
        {Py_tp_iter, reinterpret_cast<void*>(self)},
        {Py_tp_iternext, reinterpret_cast<void*>(iternext<AmSend>)},
        {Py_tp_methods, methods},
        {Py_am_await, reinterpret_cast<void*>(self)},
        {Py_am_send, reinterpret_cast<void*>(AmSend)},
        {0, nullptr},
    };
    static PyType_Spec spec = {
        name, sizeof(T), 0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_DISALLOW_INSTANTIATION, slots};
    return reinterpret_cast<PyTypeObject*>(PyType_FromModuleAndSpec(module, &spec, nullptr));
}

}  // namespace anysnmp::awaitable

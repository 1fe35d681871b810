// UdpRequests: the async UDP backends' request loop, one C awaitable per request.
//
// A backend piece, not part of the sans-IO core: `AsyncUdpEndpoint.exchange` returns
// `requests(addr, encode, decode, timeout, attempts, policer)`, an awaitable that runs one
// request to its end as this coroutine would:
//
//     async def exchange(addr, encode, decode, timeout, attempts, policer):
//         if endpoint.closed: raise closed_error()
//         pending = Pending(addr)
//         try:
//             for _ in range(attempts):
//                 key = <a fresh random id, routed to pending in ids>
//                 data = encode(key)
//                 if policer is not None: await policer.wait()
//                 if not endpoint.try_send(data, addr): await endpoint.send(data, addr)
//                 pending.due, pending.expired = clock() + timeout, False
//                 watchdog.waiting.add(pending)
//                 if pending.due < watchdog.check_at: watchdog.watch(pending)
//                 try:
//                     while True:
//                         if not pending.queue:
//                             if pending.expired: break
//                             await wait(pending)   # asyncio: pending.waiter = a new future
//                             if endpoint.closed: raise closed_error()
//                             continue
//                         try: result = decode(*pending.queue.popleft())
//                         except DecodeError as exc: malformed(addr, exc); continue
//                         if result is not None: return result
//                 finally:
//                     watchdog.waiting.discard(pending)
//             return None
//         finally:
//             <its ids stop routing>
//
// but with no coroutine frame created and resumed per request, and no Python call for
// the ids or, under asyncio, the future: those cost more than the rest of a request's
// bookkeeping (a v3 GETBULK walk: 5% of its client CPU). It delegates to what it awaits
// through am_send (what `await` calls) and its send/throw/close methods (what a coroutine
// awaiting it calls when thrown into or closed, e.g. on cancellation), as resync_once does.
#include <nanobind/nanobind.h>

#include <cerrno>
#include <vector>

#include <sys/socket.h>

#include "bind/awaitable.hpp"
#include "bind/bind.hpp"
#include "bind/random_ids.hpp"
#include "pdu/pyvalues.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

namespace {

PyTypeObject* exchange_type = nullptr;

// The endpoint's side of its requests: routing table, ids, watchdog, how to wait.
struct Requests {
    nb::object endpoint;      // its `closed`, `try_send(data, addr)`, `send(data, addr)`
    nb::object ids;           // {request_id: Pending}
    nb::object random_owner;  // the RandomIds
    RandomIds* random;
    nb::object pending_type;  // Pending(addr)
    nb::object watchdog;      // `waiting` (a set), `check_at`, `watch(pending)`
    nb::object waiting;
    nb::object clock;         // clock() -> float
    nb::object wait;          // wait(pending) -> awaitable; None: a future of new_future
    nb::object new_future;    // new_future(loop=loop), or new_future() when loop is None
    nb::object loop;
    nb::object closed_error;  // closed_error() -> the exception of a request the close ended
    nb::object malformed;     // malformed(addr, exc): a reply decode rejected
    int fd;                   // the socket when connected (sent to directly), else -1
    nb::object foreign_error;  // foreign_error() -> the exception of a request from another thread
    unsigned long thread;      // the thread whose event loop opened the endpoint
};

struct Names {
    PyObject *closed, *try_send, *send_failed, *send, *queue, *due, *expired, *check_at, *watch, *waiter,
        *wait, *popleft, *loop_kw;
};

Names& names() {
    static Names n = [] {
        Names n;
        n.closed = PyUnicode_InternFromString("closed");
        n.try_send = PyUnicode_InternFromString("try_send");
        n.send_failed = PyUnicode_InternFromString("_send_failed");
        n.send = PyUnicode_InternFromString("send");
        n.queue = PyUnicode_InternFromString("queue");
        n.due = PyUnicode_InternFromString("due");
        n.expired = PyUnicode_InternFromString("expired");
        n.check_at = PyUnicode_InternFromString("check_at");
        n.watch = PyUnicode_InternFromString("watch");
        n.waiter = PyUnicode_InternFromString("waiter");
        n.wait = PyUnicode_InternFromString("wait");
        n.popleft = PyUnicode_InternFromString("popleft");
        n.loop_kw = Py_BuildValue("(s)", "loop");
        return n;
    }();
    return n;
}

// Where the request's loop resumes after what it awaits returns.
enum Phase : int { NotStarted, Send, Arm, Check, Woken, Done };

struct Exchange {
    PyObject_HEAD
    PyObject* owner;  // the UdpRequests
    PyObject* addr;
    PyObject* encode;
    PyObject* decode;
    PyObject* policer;  // or None
    PyObject* pending;
    PyObject* queue;    // pending.queue
    PyObject* data;     // the attempt's datagram until it is sent
    PyObject* inner;    // the iterator of what it awaits
    std::vector<PyObject*>* keys;  // the ids of its attempts (owned references)
    double timeout;
    int attempts;
    int attempt;
    int phase;
    bool watched;  // in watchdog.waiting
};

Requests& requests(Exchange* x) { return *nb::inst_ptr<Requests>(x->owner); }

// Its ids stop routing and the watchdog forgets it; keeps any exception being raised.
// The garbage collector may have cleared its owner (or itself) first: what is gone is
// skipped.
void finish(Exchange* x) {
    if (x->phase == Done && x->keys == nullptr) return;
    x->phase = Done;
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    Requests* r = x->owner != nullptr ? &requests(x) : nullptr;
    bool routing = r != nullptr && r->ids.is_valid();
    if (x->watched) {
        x->watched = false;
        if (r != nullptr && r->waiting.is_valid() && x->pending != nullptr &&
            PySet_Discard(r->waiting.ptr(), x->pending) < 0)
            PyErr_Clear();
    }
    if (x->keys != nullptr) {
        for (PyObject* key : *x->keys) {
            if (routing && PyDict_DelItem(r->ids.ptr(), key) < 0) PyErr_Clear();
            Py_DECREF(key);
        }
        delete x->keys;
        x->keys = nullptr;
    }
    Py_CLEAR(x->inner);
    Py_CLEAR(x->data);
    PyErr_Restore(type, value, traceback);
}

// A fresh id routed to the request (the look-up and insertion run no Python code).
PyObject* new_key(Exchange* x) {
    Requests& r = requests(x);
    if (r.random == nullptr) {
        PyErr_SetString(PyExc_RuntimeError, "the endpoint's requests were cleared");
        return nullptr;
    }
    for (;;) {
        uint32_t id;
        try {
            id = r.random->next();
        } catch (const std::exception& e) {
            PyErr_SetString(PyExc_OSError, e.what());
            return nullptr;
        }
        if (id == 0) continue;
        PyObject* key = PyLong_FromUnsignedLong(id);
        if (key == nullptr) return nullptr;
        int taken = PyDict_Contains(r.ids.ptr(), key);
        if (taken == 0 && PyDict_SetItem(r.ids.ptr(), key, x->pending) == 0) {
            x->keys->push_back(key);
            return key;
        }
        Py_DECREF(key);
        if (taken < 0 || taken == 0) return nullptr;
    }
}

bool endpoint_closed(Exchange* x) {
    PyObject* closed = PyObject_GetAttr(requests(x).endpoint.ptr(), names().closed);
    if (closed == nullptr) return true;
    int truth = PyObject_IsTrue(closed);
    Py_DECREF(closed);
    if (truth < 0) return true;
    if (truth == 0) return false;
    PyObject* error = PyObject_CallNoArgs(requests(x).closed_error.ptr());
    if (error != nullptr) {
        PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error)), error);
        Py_DECREF(error);
    }
    return true;
}

// The wait for the request's datagram: `wait(pending)`, or a future set as its waiter.
PyObject* start_wait(Exchange* x) {
    Requests& r = requests(x);
    if (!r.wait.is_none()) return awaitable::iter_of(PyObject_CallOneArg(r.wait.ptr(), x->pending));
    PyObject* future;
    if (r.loop.is_none()) {
        future = PyObject_CallNoArgs(r.new_future.ptr());
    } else {
        PyObject* args[] = {r.loop.ptr()};
        future = PyObject_Vectorcall(r.new_future.ptr(), args, 0, names().loop_kw);
    }
    if (future == nullptr) return nullptr;
    if (PyObject_SetAttr(x->pending, names().waiter, future) < 0) {
        Py_DECREF(future);
        return nullptr;
    }
    return awaitable::iter_of(future);
}

// The decoded answer in the next queued reply: a new reference, None (not its answer, or
// malformed: logged), or null with an exception.
PyObject* decode_next(Exchange* x) {
    PyObject* reply = PyObject_CallMethodNoArgs(x->queue, names().popleft);
    if (reply == nullptr) return nullptr;
    PyObject* answer = nullptr;
    if (PyTuple_Check(reply) && PyTuple_GET_SIZE(reply) == 2) {
        answer = PyObject_Vectorcall(x->decode, &PyTuple_GET_ITEM(reply, 0), 2, nullptr);
    } else {
        PyErr_SetString(PyExc_TypeError, "a queued reply is (data, request_id)");
    }
    Py_DECREF(reply);
    if (answer == nullptr && PyErr_ExceptionMatches(py::registry().decode_error.ptr())) {
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        PyObject* logged =
            PyObject_CallFunctionObjArgs(requests(x).malformed.ptr(), x->addr, value, nullptr);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
        if (logged == nullptr) return nullptr;
        Py_DECREF(logged);
        answer = Py_NewRef(Py_None);
    }
    return answer;
}

// Sends the attempt's datagram without waiting: 1, 0 when the send buffer is full, -1 with
// an exception. On a connected socket, the system call itself: `endpoint.try_send` only
// for other sockets, other objects than bytes, or a closed endpoint (whose descriptor may
// be another socket's now); its errors go to `endpoint._send_failed(exc, addr)`, as there.
int try_send(Exchange* x) {
    Requests& r = requests(x);
    Names& n = names();
    if (r.fd >= 0 && PyBytes_CheckExact(x->data)) {
        PyObject* closed = PyObject_GetAttr(r.endpoint.ptr(), n.closed);
        if (closed == nullptr) return -1;
        bool open = closed == Py_False;
        Py_DECREF(closed);
        while (open) {
            if (::send(r.fd, PyBytes_AS_STRING(x->data), PyBytes_GET_SIZE(x->data), 0) >= 0) return 1;
            int err = errno;
            if (err == EINTR) {
                if (PyErr_CheckSignals() < 0) return -1;
                continue;
            }
            if (err == EAGAIN || err == EWOULDBLOCK) return 0;
            errno = err;
            PyErr_SetFromErrno(PyExc_OSError);
            PyObject *type, *value, *traceback;
            PyErr_Fetch(&type, &value, &traceback);
            PyErr_NormalizeException(&type, &value, &traceback);
            PyObject* handled = PyObject_CallMethodObjArgs(r.endpoint.ptr(), n.send_failed, value,
                                                           x->addr, nullptr);
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(traceback);
            if (handled == nullptr) return -1;
            Py_DECREF(handled);
            return 1;
        }
    }
    PyObject* sent =
        PyObject_CallMethodObjArgs(r.endpoint.ptr(), n.try_send, x->data, x->addr, nullptr);
    if (sent == nullptr) return -1;
    int ok = PyObject_IsTrue(sent);
    Py_DECREF(sent);
    return ok;
}

// Runs the request from its phase until it awaits something that does not complete at
// once (PYGEN_NEXT, *result yielded), answers (PYGEN_RETURN) or fails (PYGEN_ERROR).
PySendResult run(Exchange* x, PyObject** result) {
    Requests& r = requests(x);
    Names& n = names();
    for (;;) {
        switch (x->phase) {
            case NotStarted:
                if (endpoint_closed(x)) goto fail;
                x->pending = PyObject_CallOneArg(r.pending_type.ptr(), x->addr);
                if (x->pending == nullptr) goto fail;
                x->queue = PyObject_GetAttr(x->pending, n.queue);
                if (x->queue == nullptr) goto fail;
                x->keys = new std::vector<PyObject*>();
                [[fallthrough]];
            case Send: {  // the next attempt (or, after the policer, its sending)
                if (x->data == nullptr) {
                    if (x->attempt == x->attempts) {
                        finish(x);
                        *result = Py_NewRef(Py_None);
                        return PYGEN_RETURN;
                    }
                    ++x->attempt;
                    PyObject* key = new_key(x);
                    if (key == nullptr) goto fail;
                    x->data = PyObject_CallOneArg(x->encode, key);
                    if (x->data == nullptr) goto fail;
                    if (x->policer != Py_None) {
                        x->phase = Send;
                        x->inner = awaitable::iter_of(PyObject_CallMethodNoArgs(x->policer, n.wait));
                        break;
                    }
                }
                int ok = try_send(x);
                if (ok < 0) goto fail;
                x->phase = Arm;
                if (!ok) {
                    x->inner = awaitable::iter_of(PyObject_CallMethodObjArgs(r.endpoint.ptr(), n.send,
                                                                     x->data, x->addr, nullptr));
                    break;
                }
                [[fallthrough]];
            }
            case Arm: {
                Py_CLEAR(x->data);
                PyObject* now = PyObject_CallNoArgs(r.clock.ptr());
                if (now == nullptr) goto fail;
                double due = PyFloat_AsDouble(now) + x->timeout;
                Py_DECREF(now);
                if (due == -1.0 && PyErr_Occurred()) goto fail;
                PyObject* when = PyFloat_FromDouble(due);
                if (when == nullptr) goto fail;
                int set = PyObject_SetAttr(x->pending, n.due, when);
                Py_DECREF(when);
                if (set < 0 || PyObject_SetAttr(x->pending, n.expired, Py_False) < 0) goto fail;
                if (PySet_Add(r.waiting.ptr(), x->pending) < 0) goto fail;
                x->watched = true;
                PyObject* check_at = PyObject_GetAttr(r.watchdog.ptr(), n.check_at);
                if (check_at == nullptr) goto fail;
                double next_check = PyFloat_AsDouble(check_at);
                Py_DECREF(check_at);
                if (next_check == -1.0 && PyErr_Occurred()) goto fail;
                if (due < next_check) {
                    PyObject* done = PyObject_CallMethodOneArg(r.watchdog.ptr(), n.watch, x->pending);
                    if (done == nullptr) goto fail;
                    Py_DECREF(done);
                }
                x->phase = Check;
                [[fallthrough]];
            }
            case Check: {
                Py_ssize_t queued = PyObject_Length(x->queue);
                if (queued < 0) goto fail;
                if (queued > 0) {
                    PyObject* answer = decode_next(x);
                    if (answer == nullptr) goto fail;
                    if (answer != Py_None) {
                        finish(x);
                        *result = answer;
                        return PYGEN_RETURN;
                    }
                    Py_DECREF(answer);
                    continue;
                }
                PyObject* expired = PyObject_GetAttr(x->pending, n.expired);
                if (expired == nullptr) goto fail;
                int is_expired = PyObject_IsTrue(expired);
                Py_DECREF(expired);
                if (is_expired < 0) goto fail;
                if (is_expired) {  // the next attempt
                    x->watched = false;
                    if (PySet_Discard(r.waiting.ptr(), x->pending) < 0) goto fail;
                    x->phase = Send;
                    continue;
                }
                x->phase = Woken;
                x->inner = start_wait(x);
                break;
            }
            case Woken:
                if (endpoint_closed(x)) goto fail;
                x->phase = Check;
                continue;
            default:
                PyErr_SetString(PyExc_RuntimeError, "cannot reuse an awaited UDP request");
                *result = nullptr;
                return PYGEN_ERROR;
        }
        // Await x->inner: what it yields goes up; when it returns, the loop goes on.
        if (x->inner == nullptr) goto fail;
        PyObject* value = nullptr;
        PySendResult status = PyIter_Send(x->inner, Py_None, &value);
        if (status == PYGEN_NEXT) {
            *result = value;
            return PYGEN_NEXT;
        }
        Py_CLEAR(x->inner);
        if (status == PYGEN_ERROR) goto fail;
        Py_DECREF(value);
    }
fail:
    finish(x);
    *result = nullptr;
    return PYGEN_ERROR;
}

// After the awaited iterator ran one step (`status`): up, or on with the request.
PySendResult resume(Exchange* x, PySendResult status, PyObject** result) {
    if (status == PYGEN_NEXT) return PYGEN_NEXT;
    Py_CLEAR(x->inner);
    if (status == PYGEN_ERROR) {
        finish(x);
        *result = nullptr;
        return PYGEN_ERROR;
    }
    Py_DECREF(*result);
    return run(x, result);
}

PySendResult am_send(PyObject* o, PyObject* arg, PyObject** result) {
    auto* x = reinterpret_cast<Exchange*>(o);
    *result = nullptr;
    if (x->inner == nullptr) return run(x, result);
    return resume(x, PyIter_Send(x->inner, arg, result), result);
}

// Raises the exception given to throw() (as coroutine.throw takes it).
void raise_thrown(PyObject* const* args, Py_ssize_t nargs) {
    PyObject* first = nargs > 0 ? args[0] : Py_None;
    if (PyExceptionInstance_Check(first)) {
        PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(first)), first);
    } else if (PyExceptionClass_Check(first)) {
        PyErr_SetObject(first, nargs > 1 ? args[1] : nullptr);
    } else {
        PyErr_SetString(PyExc_TypeError, "throw() takes an exception");
    }
}

PyObject* throw_(PyObject* o, PyObject* const* args, Py_ssize_t nargs) {
    auto* x = reinterpret_cast<Exchange*>(o);
    if (x->inner == nullptr) {  // not awaiting anything: raised here, as in a coroutine
        raise_thrown(args, nargs);
        finish(x);
        return nullptr;
    }
    PyObject* method = PyObject_GetAttrString(x->inner, "throw");
    PyObject* yielded = nullptr;
    if (method != nullptr) {
        yielded = PyObject_Vectorcall(method, args, static_cast<size_t>(nargs), nullptr);
        Py_DECREF(method);
    }
    if (yielded != nullptr) return yielded;  // it caught the exception and goes on
    PyObject* result = nullptr;
    PySendResult status = PYGEN_ERROR;
    if (PyErr_ExceptionMatches(PyExc_StopIteration)) {  // it returned: the request goes on
        PyObject *type, *value, *traceback;
        PyErr_Fetch(&type, &value, &traceback);
        PyErr_NormalizeException(&type, &value, &traceback);
        result = value != nullptr ? PyObject_GetAttrString(value, "value") : Py_NewRef(Py_None);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
        if (result != nullptr) status = PYGEN_RETURN;
    }
    PySendResult resumed = resume(x, status, &result);
    return awaitable::as_next(resumed, result);
}

PyObject* close(PyObject* o, PyObject*) {
    auto* x = reinterpret_cast<Exchange*>(o);
    PyObject* inner = x->inner;
    x->inner = nullptr;
    PyObject* closed = Py_NewRef(Py_None);
    if (inner != nullptr) {
        Py_DECREF(closed);
        closed = PyObject_CallMethod(inner, "close", nullptr);
        Py_DECREF(inner);
    }
    finish(x);
    return closed;
}

int traverse(PyObject* o, visitproc visit, void* arg) {
    auto* x = reinterpret_cast<Exchange*>(o);
    Py_VISIT(Py_TYPE(o));
    Py_VISIT(x->owner);
    Py_VISIT(x->addr);
    Py_VISIT(x->encode);
    Py_VISIT(x->decode);
    Py_VISIT(x->policer);
    Py_VISIT(x->pending);
    Py_VISIT(x->queue);
    Py_VISIT(x->data);
    Py_VISIT(x->inner);
    return 0;
}

int clear(PyObject* o) {
    auto* x = reinterpret_cast<Exchange*>(o);
    finish(x);  // its ids stop routing (the owner holds them)
    Py_CLEAR(x->owner);
    Py_CLEAR(x->addr);
    Py_CLEAR(x->encode);
    Py_CLEAR(x->decode);
    Py_CLEAR(x->policer);
    Py_CLEAR(x->pending);
    Py_CLEAR(x->queue);
    Py_CLEAR(x->data);
    Py_CLEAR(x->inner);
    return 0;
}

Requests& state(PyObject* self) { return *nb::inst_ptr<Requests>(self); }

int requests_traverse(PyObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));
    if (!nb::inst_ready(self)) return 0;
    Requests& r = state(self);
    for (nb::object* o : {&r.endpoint, &r.ids, &r.random_owner, &r.pending_type, &r.watchdog,
                          &r.waiting, &r.clock, &r.wait, &r.new_future, &r.loop, &r.closed_error,
                          &r.malformed, &r.foreign_error}) {
        Py_VISIT(o->ptr());
    }
    return 0;
}

int requests_clear(PyObject* self) {
    Requests& r = state(self);
    r.random = nullptr;  // with its owner: a request still running draws no more ids
    for (nb::object* o : {&r.endpoint, &r.ids, &r.random_owner, &r.pending_type, &r.watchdog,
                          &r.waiting, &r.clock, &r.wait, &r.new_future, &r.loop, &r.closed_error,
                          &r.malformed, &r.foreign_error}) {
        nb::object gone = std::move(*o);
    }
    return 0;
}

PyType_Slot requests_slots[] = {
    {Py_tp_traverse, (void*)requests_traverse},
    {Py_tp_clear, (void*)requests_clear},
    {0, nullptr},
};

}  // namespace

void bind_udp_exchange(nb::module_& m) {
    exchange_type = awaitable::make_type<Exchange, am_send, throw_, close, traverse, clear>(
        m.ptr(), "anysnmp._core.UdpExchange", "One UDP request of an async endpoint, awaited once.");
    if (!exchange_type) throw nb::python_error();

    nb::class_<Requests>(m, "UdpRequests", nb::type_slots(requests_slots),
                         "An async UDP endpoint's requests: each one a C awaitable.")
        .def(
            "__init__",
            [](Requests* self, nb::object endpoint, nb::object ids, nb::handle_t<RandomIds> random,
               nb::object pending_type, nb::object watchdog, nb::object clock, nb::object wait,
               nb::object new_future, nb::object loop, nb::object closed_error,
               nb::object malformed, int fd, nb::object foreign_error) {
                nb::object waiting = watchdog.attr("waiting");
                new (self) Requests{std::move(endpoint), std::move(ids), nb::borrow(random),
                                    nb::inst_ptr<RandomIds>(random), std::move(pending_type),
                                    std::move(watchdog), std::move(waiting), std::move(clock),
                                    std::move(wait), std::move(new_future), std::move(loop),
                                    std::move(closed_error), std::move(malformed), fd,
                                    std::move(foreign_error), PyThread_get_thread_ident()};
            },
            "endpoint"_a, "ids"_a, "random"_a, "pending_type"_a, "watchdog"_a, "clock"_a,
            "wait"_a.none(), "new_future"_a.none(), "loop"_a.none(), "closed_error"_a,
            "malformed"_a, "fd"_a, "foreign_error"_a,
            nb::sig("def __init__(self, endpoint: typing.Any, ids: dict[int, typing.Any], "
                    "random: RandomIds, pending_type: collections.abc.Callable[[typing.Any], "
                    "typing.Any], watchdog: typing.Any, clock: collections.abc.Callable[[], "
                    "float], wait: collections.abc.Callable[[typing.Any], "
                    "collections.abc.Awaitable[object]] | None, new_future: "
                    "collections.abc.Callable[..., typing.Any] | None, loop: typing.Any, "
                    "closed_error: collections.abc.Callable[[], BaseException], malformed: "
                    "collections.abc.Callable[[typing.Any, Exception], object], fd: int, "
                    "foreign_error: collections.abc.Callable[[], BaseException]) -> None"),
            "The requests of `endpoint` (its `closed`, `try_send`, `_send_failed`, `send`), "
            "routed by `ids` "
            "(ids from `random`) to a `pending_type(addr)` each, expired by `watchdog`. A "
            "request waits for its datagrams with `wait(pending)`, or, when `wait` is None, "
            "on a future ``new_future(loop=loop)`` (``new_future()`` when `loop` is None) "
            "set as ``pending.waiter``. `fd`: the endpoint's socket when it is connected "
            "(requests send on it directly while the endpoint is open), else -1. A request "
            "made in another thread than this one's (another event loop) raises "
            "``foreign_error()``.")
        .def(
            "exchange",
            [](nb::handle self, nb::handle addr, nb::handle encode, nb::handle decode,
               double timeout, int attempts, nb::handle policer) {
                Requests& r = state(self.ptr());
                if (PyThread_get_thread_ident() != r.thread) {
                    // Its loop's futures, readers and watchdog are of another thread's loop.
                    nb::object error = r.foreign_error();
                    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(error.ptr())), error.ptr());
                    throw nb::python_error();
                }
                auto* x = PyObject_GC_New(Exchange, exchange_type);
                if (!x) throw nb::python_error();
                x->owner = Py_NewRef(self.ptr());
                x->addr = Py_NewRef(addr.ptr());
                x->encode = Py_NewRef(encode.ptr());
                x->decode = Py_NewRef(decode.ptr());
                x->policer = Py_NewRef(policer.ptr());
                x->pending = x->queue = x->data = x->inner = nullptr;
                x->keys = nullptr;
                x->timeout = timeout;
                x->attempts = attempts;
                x->attempt = 0;
                x->phase = NotStarted;
                x->watched = false;
                PyObject_GC_Track(x);
                return nb::steal(reinterpret_cast<PyObject*>(x));
            },
            "addr"_a, "encode"_a, "decode"_a, "timeout"_a, "attempts"_a, "policer"_a.none() = nb::none(),
            nb::sig("def exchange(self, addr: typing.Any, encode: collections.abc.Callable[[int], "
                    "bytes], decode: collections.abc.Callable[[bytes, int], T | None], timeout: "
                    "float, attempts: int, policer: typing.Any = None) -> "
                    "collections.abc.Awaitable[T | None]"),
            "One request: sends ``encode(request_id)`` until ``decode(reply, request_id)`` "
            "accepts a reply (None once every attempt timed out).");
}

}  // namespace anysnmp

// UdpReceiver: the async UDP backends' receive path, every waiting datagram per call.
//
// A backend piece, not part of the sans-IO core: `anysnmp._backends._udp` calls
// `receive(fd)` when its non-blocking socket is readable. recvmmsg reads up to kBatch
// datagrams per system call, again while a batch comes back full, but no more than one per
// request id in flight: recvmmsg returns only once a read finds nothing or the batch is
// full, and that last, empty read cost a lone GET about 3% of its client CPU (bench e).
// Datagrams left over (duplicates) keep the socket readable (the backends' polls are
// level-triggered): the next wake-up reads them. A full batch that held a datagram no
// request takes (a stray, junk, a flood of them) is followed by full batches, up to
// kMaxCalls: read one at a time, a flood from the peer (or from anyone, to a Manager's
// socket) kept a trio request from reaching its reply within its timeout. Each datagram is routed
// as `UdpEndpoint.route` routes one: its request-id (msgID for v3) must name a request in
// the endpoint's {request_id: Pending} dict whose peer address is the datagram's source
// (on a connected socket the kernel checks the source), and then (data, request_id) is
// appended to that Pending's queue; an id whose value is a GetPoller (`anysnmp.poll`'s GETs)
// hands the datagram to it in C++, and the poller's Pending is returned once. Any other
// datagram goes to dropped(source, request_id).
// With many requests in flight several replies wait at each wake-up: one system call and
// one C++ call route them all, where a recvfrom and a Python routing step per datagram
// cost more than the rest of a reply's handling.
#include <nanobind/nanobind.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "bind/bind.hpp"
#include "bind/get_poller.hpp"
#include "pdu/pdu.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

namespace {

#ifndef __linux__
struct mmsghdr {  // Linux's, for the recvmsg loop elsewhere
    msghdr msg_hdr;
    unsigned msg_len;
};
#endif

// Datagrams per recvmmsg, and recvmmsg calls per `receive` at most (the rest waits for
// the next wake-up, so one busy socket cannot hold the event loop indefinitely).
constexpr unsigned kBatch = 32;
constexpr int kMaxCalls = 16;

// The receive buffers of one thread (an event loop runs in one thread): kBatch slots of
// the endpoint's datagram size, shared by every endpoint of that thread, since a datagram
// is copied into its bytes object before `receive` returns. Left uninitialized: only the
// pages datagrams are written to become resident.
struct Slots {
    size_t size;
    std::unique_ptr<uint8_t[]> data;
    mmsghdr headers[kBatch];
    iovec vectors[kBatch];
    sockaddr_storage sources[kBatch];

    explicit Slots(size_t size) : size(size), data(new uint8_t[size * kBatch]) {}
};

Slots& slots(size_t size) {
    static thread_local std::unique_ptr<Slots> kept;
    if (!kept || kept->size != size) kept = std::make_unique<Slots>(size);
    return *kept;
}

// The source as the socket module gives it: (host, port), or (host, port, flowinfo,
// scope_id) for IPv6.
nb::object source_tuple(const sockaddr_storage& source) {
    char host[INET6_ADDRSTRLEN];
    if (source.ss_family == AF_INET) {
        auto& in = reinterpret_cast<const sockaddr_in&>(source);
        inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
        return nb::make_tuple(nb::str(host), ntohs(in.sin_port));
    }
    if (source.ss_family == AF_INET6) {
        auto& in6 = reinterpret_cast<const sockaddr_in6&>(source);
        inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
        return nb::make_tuple(nb::str(host), ntohs(in6.sin6_port), ntohl(in6.sin6_flowinfo),
                              in6.sin6_scope_id);
    }
    return nb::none();
}

bool long_equals(PyObject* value, unsigned long expected) {
    if (!PyLong_Check(value)) return false;
    unsigned long got = PyLong_AsUnsignedLong(value);
    if (got == static_cast<unsigned long>(-1) && PyErr_Occurred()) {
        PyErr_Clear();
        return false;
    }
    return got == expected;
}

// Whether `addr` (a request's peer, as getaddrinfo gave it) is `source`, compared as the
// Python routing compares them: host, port, and an IPv6 address's scope id (addr[3:]).
bool same_peer(PyObject* addr, const sockaddr_storage& source) {
    if (!PyTuple_Check(addr) || PyTuple_GET_SIZE(addr) < 2) return false;
    Py_ssize_t size = PyTuple_GET_SIZE(addr);
    PyObject* host = PyTuple_GET_ITEM(addr, 0);
    if (!PyUnicode_Check(host)) return false;
    char text[INET6_ADDRSTRLEN];
    if (source.ss_family == AF_INET) {
        auto& in = reinterpret_cast<const sockaddr_in&>(source);
        inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
        return size <= 3 && long_equals(PyTuple_GET_ITEM(addr, 1), ntohs(in.sin_port)) &&
               PyUnicode_CompareWithASCIIString(host, text) == 0;
    }
    if (source.ss_family == AF_INET6) {
        auto& in6 = reinterpret_cast<const sockaddr_in6&>(source);
        inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
        return size == 4 && long_equals(PyTuple_GET_ITEM(addr, 1), ntohs(in6.sin6_port)) &&
               long_equals(PyTuple_GET_ITEM(addr, 3), in6.sin6_scope_id) &&
               PyUnicode_CompareWithASCIIString(host, text) == 0;
    }
    return false;
}

// Reads up to `batch` (<= kBatch) datagrams into `s` without waiting: how many, or -1 with
// errno set.
// Linux: one recvmmsg; elsewhere a recvfrom each.
int read_batch(int fd, Slots& s, bool connected, unsigned batch) {
    for (unsigned i = 0; i < batch; ++i) {
        s.vectors[i] = {s.data.get() + i * s.size, s.size};
        msghdr& h = s.headers[i].msg_hdr;
        std::memset(&h, 0, sizeof h);
        h.msg_iov = &s.vectors[i];
        h.msg_iovlen = 1;
        if (!connected) {
            h.msg_name = &s.sources[i];
            h.msg_namelen = sizeof s.sources[i];
        }
    }
#ifdef __linux__
    return recvmmsg(fd, s.headers, batch, MSG_DONTWAIT, nullptr);
#else
    for (unsigned i = 0; i < batch; ++i) {
        ssize_t n = recvmsg(fd, &s.headers[i].msg_hdr, MSG_DONTWAIT);
        if (n < 0) return i > 0 ? static_cast<int>(i) : -1;  // errno: the first read's
        s.headers[i].msg_len = static_cast<unsigned>(n);
    }
    return static_cast<int>(batch);
#endif
}

struct UdpReceiver {
    nb::object ids;      // {request_id: Pending}, the endpoint's routing table
    nb::object peer;     // the connected socket's peer, or None
    nb::object dropped;  // dropped(source, request_id): a datagram answering no request
    size_t size;

    UdpReceiver(nb::object ids, nb::object peer, nb::object dropped, size_t size)
        : ids(std::move(ids)), peer(std::move(peer)), dropped(std::move(dropped)), size(size) {
        if (size == 0) throw nb::value_error("size must be > 0");
    }

    nb::list receive(int fd) {
        static PyObject* queue_name = PyUnicode_InternFromString("queue");
        static PyObject* addr_name = PyUnicode_InternFromString("addr");
        static PyObject* append_name = PyUnicode_InternFromString("append");
        bool connected = !peer.is_none();
        static auto* poller_type = reinterpret_cast<PyTypeObject*>(nb::type<GetPoller>().ptr());
        Slots& s = slots(size);
        // At least one, so that a stray datagram arriving with no request in flight is read.
        Py_ssize_t in_flight = PyDict_Size(ids.ptr());
        if (in_flight < 0) throw nb::python_error();
        unsigned batch = kBatch;
        if (in_flight < Py_ssize_t{kBatch}) batch = in_flight < 1 ? 1u : unsigned(in_flight);
        nb::list routed;
        // The GetPollers delivered to: each returned once, and pumped after the batches (their
        // next requests leave together); after a failure, their next call pumps them.
        std::vector<nb::object> pollers;
        struct Untouch {
            std::vector<nb::object>& pollers;
            ~Untouch() {
                for (nb::object& poller : pollers) nb::inst_ptr<GetPoller>(poller)->touched = false;
            }
        } untouch{pollers};
        for (int call = 0; call < kMaxCalls; ++call) {
            bool strays = false;  // a datagram of this batch no request took
            int n = read_batch(fd, s, connected, batch);
            if (n < 0) {
                int err = errno;
                if (err == EINTR) {
                    if (PyErr_CheckSignals() < 0) throw nb::python_error();
                    --call;
                    continue;
                }
                if (err == EAGAIN || err == EWOULDBLOCK) break;
                if (call > 0) break;  // reported by the next call, after these are routed
                errno = err;
                PyErr_SetFromErrno(PyExc_OSError);
                throw nb::python_error();
            }
            for (int i = 0; i < n; ++i) {
                const uint8_t* data = s.data.get() + i * size;
                size_t length = s.headers[i].msg_len;
                nb::bytes datagram(data, length);
                nb::object key = nb::none();
                int64_t id = 0;
                if (pdu::peek_request_id(data, length, id)) {
                    key = nb::steal(PyLong_FromLongLong(id));
                    if (!key.is_valid()) throw nb::python_error();
                }
                PyObject* pending = PyDict_GetItemWithError(ids.ptr(), key.ptr());
                if (pending == nullptr && PyErr_Occurred()) throw nb::python_error();
                if (pending != nullptr && Py_TYPE(pending) == poller_type) {
                    GetPoller& poller = *nb::inst_ptr<GetPoller>(pending);
                    nb::object held = nb::borrow(pending);  // finishing a device unregisters ids
                    if (poller.deliver(uint32_t(id), datagram, connected ? nullptr : &s.sources[i])) {
                        if (!poller.touched) {
                            poller.touched = true;
                            pollers.push_back(held);
                            routed.append(poller.pending);
                        }
                    } else {
                        strays = true;
                        dropped(connected ? peer : source_tuple(s.sources[i]), key);
                    }
                    continue;
                }
                if (pending != nullptr && !connected) {
                    nb::object addr = nb::steal(PyObject_GetAttr(pending, addr_name));
                    if (!addr.is_valid()) throw nb::python_error();
                    if (!same_peer(addr.ptr(), s.sources[i])) pending = nullptr;
                }
                if (pending == nullptr) {
                    strays = true;
                    dropped(connected ? peer : source_tuple(s.sources[i]), key);
                    continue;
                }
                nb::object queue = nb::steal(PyObject_GetAttr(pending, queue_name));
                if (!queue.is_valid()) throw nb::python_error();
                nb::object item = nb::make_tuple(datagram, key);
                PyObject* done = PyObject_CallMethodOneArg(queue.ptr(), append_name, item.ptr());
                if (done == nullptr) throw nb::python_error();
                Py_DECREF(done);
                routed.append(nb::handle(pending));
            }
            if (n < static_cast<int>(batch)) break;  // the socket is empty
            if (batch < kBatch) {
                if (!strays) break;  // each request in flight may have had its reply
                batch = kBatch;
            }
        }
        for (nb::object& poller : pollers) nb::inst_ptr<GetPoller>(poller)->pump();
        return routed;
    }
};

// asyncio's `_resume_now` (`anysnmp._backends._asyncio`): completes `future` and runs its
// task's wake-up at once, in the task's context, when that is its only callback.
void resume_now(nb::handle future) {
    static PyObject* done_name = PyUnicode_InternFromString("done");
    static PyObject* callbacks_name = PyUnicode_InternFromString("_callbacks");
    static PyObject* remove_name = PyUnicode_InternFromString("remove_done_callback");
    static PyObject* set_result_name = PyUnicode_InternFromString("set_result");
    static PyObject* run_name = PyUnicode_InternFromString("run");
    nb::object done = nb::steal(PyObject_CallMethodNoArgs(future.ptr(), done_name));
    if (!done.is_valid()) throw nb::python_error();
    if (done.ptr() == Py_True) return;  // cancelled
    nb::object callbacks = nb::steal(PyObject_GetAttr(future.ptr(), callbacks_name));
    if (!callbacks.is_valid()) throw nb::python_error();
    PyObject* only = nullptr;
    if (PyList_Check(callbacks.ptr()) && PyList_GET_SIZE(callbacks.ptr()) == 1) {
        only = PyList_GET_ITEM(callbacks.ptr(), 0);
        if (!PyTuple_Check(only) || PyTuple_GET_SIZE(only) != 2) only = nullptr;
    }
    auto call = [](nb::handle target, PyObject* name, PyObject* arg) {
        PyObject* out = PyObject_CallMethodOneArg(target.ptr(), name, arg);
        if (out == nullptr) throw nb::python_error();
        Py_DECREF(out);
    };
    if (only == nullptr) {
        call(future, set_result_name, Py_None);
        return;
    }
    nb::object wakeup = nb::borrow(PyTuple_GET_ITEM(only, 0));
    nb::object context = nb::borrow(PyTuple_GET_ITEM(only, 1));
    call(future, remove_name, wakeup.ptr());
    call(future, set_result_name, Py_None);
    PyObject* args[] = {nullptr, context.ptr(), wakeup.ptr(), future.ptr()};  // args[0]: spare
    PyObject* out =
        PyObject_VectorcallMethod(run_name, args + 1, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET, nullptr);
    if (out == nullptr) throw nb::python_error();
    Py_DECREF(out);
}

// asyncio's reader callback: routes what `receive` reads and resumes each request waiting
// on a future (`pending.waiter`) at once; an OSError of the read goes to failed(exc).
void wake(UdpReceiver& receiver, int fd, nb::handle failed) {
    static PyObject* waiter_name = PyUnicode_InternFromString("waiter");
    nb::list routed;
    try {
        routed = receiver.receive(fd);
    } catch (nb::python_error& e) {
        if (!e.matches(PyExc_OSError)) throw;
        failed(e.value());
        return;
    }
    for (nb::handle pending : routed) {
        nb::object future = nb::steal(PyObject_GetAttr(pending.ptr(), waiter_name));
        if (!future.is_valid()) throw nb::python_error();
        if (future.is_none()) continue;
        if (PyObject_SetAttr(pending.ptr(), waiter_name, Py_None) < 0) throw nb::python_error();
        resume_now(future);
    }
}

UdpReceiver& state(PyObject* self) { return *nb::inst_ptr<UdpReceiver>(self); }

int udp_receiver_traverse(PyObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));
    if (!nb::inst_ready(self)) return 0;
    UdpReceiver& s = state(self);
    Py_VISIT(s.ids.ptr());
    Py_VISIT(s.peer.ptr());
    Py_VISIT(s.dropped.ptr());
    return 0;
}

int udp_receiver_clear(PyObject* self) {
    UdpReceiver& s = state(self);
    nb::object gone[] = {std::move(s.ids), std::move(s.peer), std::move(s.dropped)};
    (void)gone;
    return 0;
}

PyType_Slot udp_receiver_slots[] = {
    {Py_tp_traverse, (void*)udp_receiver_traverse},
    {Py_tp_clear, (void*)udp_receiver_clear},
    {0, nullptr},
};

}  // namespace

void bind_udp_receive(nb::module_& m) {
    nb::class_<UdpReceiver>(m, "UdpReceiver", nb::type_slots(udp_receiver_slots),
                            "Routes the datagrams waiting on a non-blocking UDP socket, a batch "
                            "per system call, to the requests they answer.")
        .def(nb::init<nb::object, nb::object, nb::object, size_t>(), "ids"_a, "peer"_a.none(),
             "dropped"_a, "size"_a,
             nb::sig("def __init__(self, ids: dict[int, typing.Any], peer: typing.Any, "
                     "dropped: collections.abc.Callable[[typing.Any, int | None], None], "
                     "size: int) -> None"),
             "Routes to the requests of `ids` (Pendings with `addr` and `queue`); `peer` is "
             "the connected socket's peer (the kernel checks sources), or None; datagrams of "
             "up to `size` octets.")
        .def("receive", &UdpReceiver::receive, "fd"_a,
             nb::sig("def receive(self, fd: int) -> list[typing.Any]"),
             "Reads the datagrams waiting on `fd`, no more than one per request id in flight "
             "(at least one), and queues each as (data, request_id) on its "
             "request's Pending; returns those Pendings in arrival order. OSError when the "
             "first read fails otherwise than finding nothing to read.")
        .def("wake", &wake, "fd"_a, "failed"_a,
             nb::sig("def wake(self, fd: int, failed: collections.abc.Callable[[OSError], "
                     "object]) -> None"),
             "asyncio's reader callback: `receive`, then each request routed to that waits on "
             "a future (its Pending's `waiter`, then set to None) is resumed at once: the "
             "future completes and, when its task's wake-up is its only callback, that runs "
             "now, in the task's context, not a loop turn later. An OSError of the read goes "
             "to `failed`.");
}

}  // namespace anysnmp

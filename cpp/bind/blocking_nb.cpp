// BlockingUdp: the blocking backend's request loop on a connected UDP socket, in one call.
//
// A backend piece, not part of the sans-IO core: `anysnmp._backends._blocking` runs a
// request here when its thread is the socket's only reader (the common case: one thread
// per session), and through its Python leader/follower loop otherwise. One call sends
// each attempt (a fresh request id from the endpoint's id source, registered in its
// {request_id: Pending} dict), waits in a blocking recv bounded by SO_RCVTIMEO with the
// GIL released, hands each datagram answering one of the request's ids to `decode`, and
// returns the first answer it accepts (None once every attempt timed out, or when the
// endpoint closed). Datagrams for other requests, or none, go to `route` (which queues
// them for their threads, or drops and counts them); a reply `decode` rejects with
// DecodeError goes to `malformed` (logged and dropped). What a request costs besides the
// two system calls is the codec's work: no Python frame runs per request here.
#include <nanobind/nanobind.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <optional>
#include <vector>

#include <sys/socket.h>
#include <sys/time.h>

#include "bind/bind.hpp"
#include "bind/socket_errors.hpp"
#include "bind/random_ids.hpp"
#include "pdu/pdu.hpp"
#include "pdu/pyvalues.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

namespace {

[[noreturn]] void raise_os_error(int err) {
    errno = err;
    PyErr_SetFromErrno(PyExc_OSError);
    throw nb::python_error();
}

// Python signal handlers run on EINTR, as the socket module's calls do; one that raises
// ends the request.
void check_signals() {
    if (PyErr_CheckSignals() < 0) throw nb::python_error();
}

// A signal interrupts a recv only when it comes to this thread while the recv runs; one
// that came just before it, or to another thread, is seen when the recv returns. Reads
// wait at most this long, so such a signal (Ctrl-C) ends a request within it.
constexpr double kSignalPoll = 0.25;

struct BlockingUdp {
    int fd;
    nb::object ids;        // {request_id: Pending}, the endpoint's routing table
    nb::object new_id;     // the RandomIds the ids come from
    RandomIds* random;     // new_id's
    nb::object route;      // route(data): a datagram answering no id of this request
    nb::object malformed;  // malformed(peer, exc): a reply decode rejected
    nb::object peer;       // the socket's peer address, for malformed()
    std::vector<uint8_t> buffer;
    bool closed = false;
    // Whether a thread reads the socket (this one's exchange, or the endpoint's Python
    // loop): claimed and released with the GIL held, so a plain bool is atomic enough.
    bool reading = false;
    double receive_timeout = -1.0;  // SO_RCVTIMEO as last set

    BlockingUdp(int fd, nb::object peer, size_t buffer_size, nb::object ids,
                nb::handle_t<RandomIds> new_id, nb::object route, nb::object malformed)
        : fd(fd), ids(std::move(ids)), new_id(nb::borrow(new_id)),
          random(nb::inst_ptr<RandomIds>(new_id)), route(std::move(route)),
          malformed(std::move(malformed)), peer(std::move(peer)), buffer(buffer_size) {}

    // SO_RCVTIMEO for `left` seconds, at most kSignalPoll, set again only when far from its
    // last value: most reads then cost one recv, no setsockopt.
    void set_receive_timeout(double left) {
        left = std::min(left, kSignalPoll);
        if (std::fabs(receive_timeout - left) <= 0.002 + left * 0.01) return;
        double whole = std::floor(left);
        timeval tv;
        tv.tv_sec = static_cast<time_t>(whole);
        tv.tv_usec = std::max<suseconds_t>(1, static_cast<suseconds_t>((left - whole) * 1e6));
        if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) raise_os_error(errno);
        receive_timeout = left;
    }

    // A fresh id routed to `request`: the look-up and the insertion run with the GIL held
    // (int keys run no Python code), atomic against other threads' ids.
    nb::object register_id(nb::handle request) {
        for (;;) {
            uint32_t id = random->next();
            if (id == 0) continue;  // not a request id
            nb::object key = nb::steal(PyLong_FromUnsignedLong(id));
            if (!key.is_valid()) throw nb::python_error();
            int taken = PyDict_Contains(ids.ptr(), key.ptr());
            if (taken < 0 || (!taken && PyDict_SetItem(ids.ptr(), key.ptr(), request.ptr()) < 0))
                throw nb::python_error();
            if (!taken) return key;
        }
    }

    // The request's datagram, held as a buffer while the attempt sends it.
    struct Outgoing {
        Py_buffer view;
        explicit Outgoing(nb::handle data) {
            if (PyObject_GetBuffer(data.ptr(), &view, PyBUF_SIMPLE) < 0) throw nb::python_error();
        }
        ~Outgoing() { PyBuffer_Release(&view); }
        Outgoing(const Outgoing&) = delete;
        Outgoing& operator=(const Outgoing&) = delete;
    };

    // One attempt: sends `data` (none: it was sent ahead), then returns the answer among the
    // datagrams received until `due`, or an invalid object; it reads once even past `due`.
    // The send and the first read share one release of the GIL (two system calls, one
    // hand-over of the GIL), as most replies come to that read.
    nb::object attempt(nb::handle data, nb::handle request, nb::handle decode, double due) {
        std::optional<Outgoing> out;
        if (data.is_valid()) out.emplace(data);
        bool sending = out.has_value(), first = true;
        for (;;) {
            double left = due - monotonic();
            if (left <= 0 && !first) return nb::object();
            first = false;
            set_receive_timeout(std::max(left, 0.0));
            ssize_t n = -1;
            int send_err = 0, err = 0;
            bool read = true;
            {
                nb::gil_scoped_release released;
                if (sending) {
                    send_err = send_once(*out);
                    read = send_err == 0 || sent_or_lost(send_err);
                }
                if (read) {
                    n = ::recv(fd, buffer.data(), buffer.size(), 0);
                    err = errno;
                }
            }
            if (!read) {
                if (send_err != EINTR) raise_os_error(send_err);
                check_signals();
                first = true;
                continue;
            }
            sending = false;
            if (closed) return nb::object();
            if (n < 0) {
                check_signals();
                continue;  // its timeout, an ICMP error, or a failed read: until `due`
            }
            nb::object answer = accept(static_cast<size_t>(n), request, decode);
            if (answer.is_valid()) return answer;
        }
    }

    // Sends a request's datagram once: 0, or the send's errno.
    int send_once(const Outgoing& out) {
        return ::send(fd, out.view.buf, static_cast<size_t>(out.view.len), 0) < 0 ? errno : 0;
    }

    // A send's error after which the attempt waits as for a lost datagram: a full send
    // buffer or an ICMP error (others raise; an interrupted send is sent again).
    static bool sent_or_lost(int err) {
        return err == EAGAIN || err == EWOULDBLOCK || connection_error(err);
    }

    // The answer in the datagram of `n` octets in `buffer`, or an invalid object when it
    // answers another request (routed), is malformed (logged), or is not an answer.
    nb::object accept(size_t n, nb::handle request, nb::handle decode) {
        nb::bytes data(buffer.data(), n);
        int64_t id = 0;
        nb::object key;
        if (pdu::peek_request_id(buffer.data(), n, id)) {
            key = nb::steal(PyLong_FromLongLong(id));
            if (!key.is_valid()) throw nb::python_error();
        }
        PyObject* owner = key.is_valid() ? PyDict_GetItemWithError(ids.ptr(), key.ptr()) : nullptr;
        if (owner == nullptr && PyErr_Occurred()) throw nb::python_error();
        if (owner != request.ptr()) {
            route(data);
            return nb::object();
        }
        return decoded(data, key, decode);
    }

    // decode(data, key): the answer, or an invalid object when it is none or malformed (logged).
    nb::object decoded(nb::handle data, nb::handle key, nb::handle decode) {
        PyObject* args[] = {data.ptr(), key.ptr()};
        PyObject* answer = PyObject_Vectorcall(decode.ptr(), args, 2, nullptr);
        if (answer == nullptr) {
            if (!PyErr_ExceptionMatches(py::registry().decode_error.ptr())) throw nb::python_error();
            nb::python_error rejected;  // fetches it
            malformed(peer, rejected.value());
            return nb::object();
        }
        if (answer != Py_None) return nb::steal(answer);
        Py_DECREF(answer);
        return nb::object();
    }

    bool claim() {
        if (reading) return false;
        reading = true;
        return true;
    }

    // A request's first attempt, sent before its answer is waited for: a fresh id routed to
    // `request` (a Pending: another thread reading meanwhile queues the reply there), and
    // encode(id) sent. The id, or None when nothing was sent (closed, or a send error, which
    // the request's exchange then meets again in its place).
    nb::object send_ahead(nb::handle request, nb::handle encode) {
        if (closed) return nb::none();
        nb::object key = register_id(request);
        int err = EINTR;
        {
            struct Unregister {
                BlockingUdp& self;
                nb::handle key;
                bool keep = false;
                ~Unregister() {
                    if (!keep && PyDict_DelItem(self.ids.ptr(), key.ptr()) < 0) PyErr_Clear();
                }
            } unregister{*this, key};
            nb::object data;
            try {
                data = encode(key);
            } catch (nb::python_error&) {
                return nb::none();  // raised again by the exchange's own encode
            }
            Outgoing out(data);
            while (err == EINTR) {
                nb::gil_scoped_release released;
                err = send_once(out);
            }
            unregister.keep = err == 0 || sent_or_lost(err);
            if (unregister.keep) return key;
        }
        return nb::none();
    }

    nb::object exchange(nb::handle encode, nb::handle decode, double timeout, int attempts,
                        nb::handle sent, nb::handle sent_key) {
        if (!claim()) return nb::borrow(Py_NotImplemented);
        struct Release {
            bool& reading;
            ~Release() { reading = false; }
        } release{reading};
        std::vector<nb::object> keys;
        // Whatever ends the request, its ids stop routing to it.
        struct Unregister {
            BlockingUdp& self;
            std::vector<nb::object>& keys;
            ~Unregister() {
                for (auto& key : keys)
                    if (PyDict_DelItem(self.ids.ptr(), key.ptr()) < 0) PyErr_Clear();
            }
        } unregister{*this, keys};
        // The request's entry in `ids`: other threads' requests hold Pending objects there.
        nb::object request;
        if (!sent.is_none()) {
            request = nb::borrow(sent);
            keys.push_back(nb::borrow(sent_key));
        }
        if (closed) return nb::none();  // the socket may be closed: its fd is not ours now
        if (request.is_valid()) {
            // Replies another thread read while this one was not reading.
            nb::object queue = request.attr("queue");
            while (PyObject_Length(queue.ptr()) > 0) {
                nb::tuple reply = nb::cast<nb::tuple>(queue.attr("popleft")());
                nb::object answer = decoded(reply[0], reply[1], decode);
                if (answer.is_valid()) return answer;
            }
        } else {
            request = nb::steal(PyObject_CallNoArgs(reinterpret_cast<PyObject*>(&PyBaseObject_Type)));
            if (!request.is_valid()) throw nb::python_error();
        }
        for (int i = 0; i < attempts; ++i) {
            nb::object data;
            if (i || sent.is_none()) {
                keys.push_back(register_id(request));
                data = encode(keys.back());
            }
            nb::object answer = this->attempt(data, request, decode, monotonic() + timeout);
            if (answer.is_valid()) return answer;
            if (closed) break;
        }
        return nb::none();
    }
};

BlockingUdp& state(PyObject* self) { return *nb::inst_ptr<BlockingUdp>(self); }

int blocking_udp_traverse(PyObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));
    if (!nb::inst_ready(self)) return 0;
    BlockingUdp& s = state(self);
    Py_VISIT(s.ids.ptr());
    Py_VISIT(s.new_id.ptr());
    Py_VISIT(s.route.ptr());
    Py_VISIT(s.malformed.ptr());
    Py_VISIT(s.peer.ptr());
    return 0;
}

int blocking_udp_clear(PyObject* self) {
    BlockingUdp& s = state(self);
    nb::object gone[] = {std::move(s.ids), std::move(s.new_id), std::move(s.route),
                         std::move(s.malformed), std::move(s.peer)};
    (void)gone;
    return 0;
}

PyType_Slot blocking_udp_slots[] = {
    {Py_tp_traverse, (void*)blocking_udp_traverse},
    {Py_tp_clear, (void*)blocking_udp_clear},
    {0, nullptr},
};

}  // namespace

void bind_blocking(nb::module_& m) {
    // The blocking backends' longest wait in one system call (see kSignalPoll).
    m.attr("SIGNAL_POLL") = kSignalPoll;
    nb::class_<RandomIds>(m, "RandomIds",
                          "Request ids from the OS CSPRNG, read 4 KiB at a time (one getrandom "
                          "per 1024 ids).")
        .def(nb::init<>())
        .def("next", &RandomIds::next, "A random 31-bit id (0 included: callers skip it).")
        .def("reset", &RandomIds::reset,
             "Forgets the ids read (after a fork: a child must not draw its parent's).");
    nb::class_<BlockingUdp>(
        m, "BlockingUdp", nb::type_slots(blocking_udp_slots),
        "The blocking backend's request loop on a connected UDP socket (its only reader).")
        .def(nb::init<int, nb::object, size_t, nb::object, nb::handle_t<RandomIds>, nb::object,
                      nb::object>(),
             "fd"_a, "peer"_a.none(), "buffer_size"_a, "ids"_a, "new_id"_a, "route"_a, "malformed"_a,
             nb::sig("def __init__(self, fd: int, peer: typing.Any, buffer_size: int, "
                     "ids: dict[int, typing.Any], "
                     "new_id: RandomIds, "
                     "route: collections.abc.Callable[[bytes], None], "
                     "malformed: collections.abc.Callable[[typing.Any, Exception], None]) -> None"),
             "Runs requests on the blocking socket `fd` (connected to `peer`), receiving into a "
             "buffer of buffer_size octets; request ids come from new_id and are routed to their "
             "request in `ids`.")
        .def_rw("closed", &BlockingUdp::closed,
                "Set (before the socket's SHUT_RD wakes the read) when the endpoint closes.")
        .def_prop_ro("reading", [](const BlockingUdp& s) { return s.reading; },
                     "Whether a thread reads the socket.")
        .def("claim", &BlockingUdp::claim,
             "Makes the calling thread the socket's reader: False when another one is.")
        .def("release", [](BlockingUdp& s) { s.reading = false; },
             "Ends the calling thread's reading (claim's).")
        .def("set_receive_timeout", &BlockingUdp::set_receive_timeout, "seconds"_a,
             "SO_RCVTIMEO for a read of at most `seconds` (and SIGNAL_POLL), set only when far "
             "from its last value.")
        .def("send_ahead", &BlockingUdp::send_ahead, "request"_a, "encode"_a,
             nb::sig("def send_ahead(self, request: typing.Any, "
                     "encode: collections.abc.Callable[[int], bytes]) -> int | None"),
             "Sends a request's first attempt before its answer is waited for (by exchange(..., "
             "request, id)): encode(id) with a fresh id routed to `request` (a Pending) in `ids`; "
             "the id, or None when nothing was sent (the endpoint closed, or a send error, which "
             "the exchange meets in its turn).")
        .def("exchange", &BlockingUdp::exchange, "encode"_a, "decode"_a, "timeout"_a, "attempts"_a,
             "sent"_a = nb::none(), "sent_id"_a = nb::none(),
             nb::sig("def exchange(self, encode: collections.abc.Callable[[int], bytes], "
                     "decode: collections.abc.Callable[[bytes, int], typing.Any], timeout: float, "
                     "attempts: int, sent: typing.Any = None, sent_id: int | None = None) "
                     "-> typing.Any"),
             "As the socket's reader for its duration: sends encode(request_id) up to `attempts` "
             "times, each with a fresh id (routed to this request in `ids`) and waiting `timeout` "
             "seconds, until decode(reply, request_id) returns an answer; None when every attempt "
             "timed out or the endpoint closed; NotImplemented (and nothing sent) when another "
             "thread reads. OSError when a datagram cannot be sent. With `sent` (a Pending) and "
             "`sent_id` (send_ahead's), the first attempt is that one: its replies queued on "
             "`sent` meanwhile are decoded first, then it is waited for `timeout` seconds from now.");
}

}  // namespace anysnmp

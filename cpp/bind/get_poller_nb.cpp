// GetPoller (see get_poller.hpp): the per-device request loop of `anysnmp.poll`'s GETs.
#include "bind/get_poller.hpp"

#include <nanobind/stl/string.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

#include "ber/tlv.hpp"
#include "bind/bind.hpp"
#include "bind/socket_errors.hpp"
#include "pdu/pyvalues.hpp"

namespace anysnmp {

using namespace nb::literals;

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
// Datagrams per sendmmsg.
constexpr size_t kSendBatch = 64;

// The errors Python raises as ConnectionError (an ICMP error queued on the socket), and a
// full send buffer: the attempt goes unanswered and times out like a lost datagram, as the
// blocking backend's sends do.
bool lost_datagram(int err) {
    return err == EAGAIN || err == EWOULDBLOCK || connection_error(err);
}

// A socket address from the sockaddr tuple getaddrinfo gives: (host, port) for IPv4,
// (host, port, flowinfo, scope_id) for IPv6.
socklen_t to_sockaddr(nb::handle addr, sockaddr_storage& out) {
    std::memset(&out, 0, sizeof out);
    if (!PyTuple_Check(addr.ptr())) throw nb::type_error("a socket address tuple");
    Py_ssize_t size = PyTuple_GET_SIZE(addr.ptr());
    if (size != 2 && size != 4) throw nb::value_error("a socket address of 2 or 4 items");
    std::string host = nb::cast<std::string>(addr[0]);
    auto port = nb::cast<uint16_t>(addr[1]);
    if (size == 2) {
        auto& in = reinterpret_cast<sockaddr_in&>(out);
        in.sin_family = AF_INET;
        in.sin_port = htons(port);
        if (inet_pton(AF_INET, host.c_str(), &in.sin_addr) != 1)
            throw nb::value_error("not an IPv4 address");
        return sizeof in;
    }
    auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    in6.sin6_flowinfo = htonl(nb::cast<uint32_t>(addr[2]));
    in6.sin6_scope_id = nb::cast<uint32_t>(addr[3]);
    std::string bare = host.substr(0, host.find('%'));  // a link-local address's "%eth0"
    if (inet_pton(AF_INET6, bare.c_str(), &in6.sin6_addr) != 1)
        throw nb::value_error("not an IPv6 address");
    return sizeof in6;
}

// Whether a datagram from `source` comes from `addr`, compared as the Python routing does:
// host, port, and an IPv6 address's scope id.
bool same_peer(const sockaddr_storage& addr, const sockaddr_storage& source) {
    if (addr.ss_family != source.ss_family) return false;
    if (addr.ss_family == AF_INET) {
        auto& a = reinterpret_cast<const sockaddr_in&>(addr);
        auto& b = reinterpret_cast<const sockaddr_in&>(source);
        return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
    }
    if (addr.ss_family == AF_INET6) {
        auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
        auto& b = reinterpret_cast<const sockaddr_in6&>(source);
        return a.sin6_port == b.sin6_port && a.sin6_scope_id == b.sin6_scope_id &&
               std::memcmp(&a.sin6_addr, &b.sin6_addr, sizeof a.sin6_addr) == 0;
    }
    return false;
}

// OSError(err, strerror(err)), as the socket module raises it.
nb::object os_error(int err) {
    PyObject* exc = PyObject_CallFunction(PyExc_OSError, "is", err, std::strerror(err));
    if (exc == nullptr) throw nb::python_error();
    return nb::steal(exc);
}

// The Python exception of the C++ exception being handled, as the module's exception
// translator would raise it (DecodeError, EncodeError, else RuntimeError).
nb::object handled_exception() {
    auto make = [](PyObject* cls, const char* what) {
        PyObject* exc = PyObject_CallFunction(cls, "s", what);
        if (exc == nullptr) throw nb::python_error();
        return nb::steal(exc);
    };
    auto& registry = py::registry();
    try {
        throw;
    } catch (nb::python_error& e) {
        return nb::borrow(e.value());
    } catch (const ber::DecodeError& e) {
        return make(registry.decode_error.ptr(), e.what());
    } catch (const ber::EncodeError& e) {
        return make(registry.encode_error.ptr(), e.what());
    } catch (const std::exception& e) {
        return make(PyExc_RuntimeError, e.what());
    } catch (...) {
        return make(PyExc_RuntimeError, "unknown C++ exception");
    }
}

}  // namespace

GetPoller::GetPoller(nb::object ids, nb::handle_t<RandomIds> random, int fd, nb::object pending,
                     nb::handle devices, int concurrency, int buffer, double deadline,
                     nb::object malformed)
    : pending(std::move(pending)), ids_(std::move(ids)), random_obj_(nb::borrow(random)),
      malformed_(std::move(malformed)), random_(nb::inst_ptr<RandomIds>(random)), fd_(fd),
      concurrency_(concurrency < 1 ? 1 : size_t(concurrency)),
      buffer_(buffer < 1 ? 1 : size_t(buffer)), deadline_(deadline > 0 ? deadline : kNever) {
    if (!PyDict_Check(ids_.ptr())) throw nb::type_error("ids must be a dict");
    for (nb::handle item : devices) {
        nb::tuple t = nb::cast<nb::tuple>(item);
        if (t.size() != 4) throw nb::value_error("devices are (addr, GetRequest, timeout, attempts)");
        Device d;
        d.addr = nb::borrow(t[0]);
        d.request = nb::borrow(t[1]);
        d.get = nb::cast<pdu::GetRequest*>(t[1]);
        d.sockaddr_len = to_sockaddr(t[0], d.sockaddr);
        d.timeout = nb::cast<double>(t[2]);
        d.attempts_left = nb::cast<int>(t[3]);
        devices_.push_back(std::move(d));
    }
}

nb::handle GetPoller::self() {
    if (self_ == nullptr) self_ = nb::find(this).ptr();  // borrowed: the object owns this
    return self_;
}

void GetPoller::start(size_t index) {
    Device& d = devices_[index];
    d.flying = true;
    d.deadline = deadline_ == kNever ? kNever : monotonic() + deadline_;
    flying_.push_back(index);
    send_attempt(index);
}

void GetPoller::send_attempt(size_t index) {
    Device& d = devices_[index];
    --d.attempts_left;
    try {
        uint32_t id;
        for (;;) {
            id = random_->next();
            if (id == 0) continue;  // not a request id
            nb::object key = nb::steal(PyLong_FromUnsignedLong(id));
            if (!key.is_valid()) throw nb::python_error();
            int taken = PyDict_Contains(ids_.ptr(), key.ptr());
            if (taken < 0 || (!taken && PyDict_SetItem(ids_.ptr(), key.ptr(), self().ptr()) < 0))
                throw nb::python_error();
            if (!taken) break;
        }
        d.ids.push_back(id);
        by_id_[id] = index;
        d.due = std::min(monotonic() + d.timeout, d.deadline);
        outgoing_.emplace_back(index, d.get->encode(id));
    } catch (...) {
        finish(index, kFailed, handled_exception());
    }
}

void GetPoller::finish(size_t index, Outcome outcome, nb::object answer) {
    Device& d = devices_[index];
    for (uint32_t id : d.ids) {
        by_id_.erase(id);
        nb::object key = nb::steal(PyLong_FromUnsignedLong(id));
        if (!key.is_valid() || PyDict_DelItem(ids_.ptr(), key.ptr()) < 0) PyErr_Clear();
    }
    d.ids.clear();
    d.flying = false;
    auto at = std::find(flying_.begin(), flying_.end(), index);
    if (at != flying_.end()) {
        *at = flying_.back();
        flying_.pop_back();
    }
    finished_.append(nb::make_tuple(index, int(outcome), answer));
}

bool GetPoller::deliver(uint32_t id, nb::handle data, const sockaddr_storage* source) {
    auto found = by_id_.find(id);
    if (found == by_id_.end()) return false;
    size_t index = found->second;
    Device& d = devices_[index];
    if (source != nullptr && !same_peer(d.sockaddr, *source)) return false;
    nb::object failure;
    try {
        std::optional<nb::tuple> answer = d.get->decode(nb::borrow<nb::bytes>(data), id);
        if (answer) finish(index, kAnswered, std::move(*answer));
        return true;
    } catch (...) {
        failure = handled_exception();
    }
    int malformed = PyObject_IsInstance(failure.ptr(), py::registry().decode_error.ptr());
    if (malformed < 0) PyErr_Clear();
    if (malformed <= 0) {
        finish(index, kFailed, failure);
        return true;
    }
    PyObject* args[] = {d.addr.ptr(), failure.ptr()};  // logged and dropped, as routing does
    PyObject* done = PyObject_Vectorcall(malformed_.ptr(), args, 2, nullptr);
    if (done == nullptr)
        PyErr_WriteUnraisable(malformed_.ptr());  // a log handler failed: the batch goes on
    Py_XDECREF(done);
    return true;
}

void GetPoller::pump() {
    while (flying_.size() < concurrency_ && next_ < devices_.size() &&
           size_t(PyList_GET_SIZE(finished_.ptr())) < buffer_)
        start(next_++);
    flush();
}

void GetPoller::flush() {
    mmsghdr headers[kSendBatch];
    iovec vectors[kSendBatch];
    size_t done = 0;
    while (done < outgoing_.size()) {
        size_t n = 0;
        for (size_t i = done; i < outgoing_.size() && n < kSendBatch; ++i, ++n) {
            Device& d = devices_[outgoing_[i].first];
            nb::bytes& data = outgoing_[i].second;
            vectors[n] = {const_cast<char*>(data.c_str()), data.size()};
            msghdr& h = headers[n].msg_hdr;
            std::memset(&h, 0, sizeof h);
            h.msg_name = &d.sockaddr;
            h.msg_namelen = d.sockaddr_len;
            h.msg_iov = &vectors[n];
            h.msg_iovlen = 1;
        }
        int sent = sendmmsg(fd_, headers, unsigned(n), MSG_DONTWAIT);
        if (sent > 0) {
            done += size_t(sent);
            continue;
        }
        int err = errno;
        if (err == EINTR) continue;
        size_t index = outgoing_[done++].first;  // the datagram that failed
        if (!lost_datagram(err) && devices_[index].flying) finish(index, kFailed, os_error(err));
    }
    outgoing_.clear();
}

void GetPoller::expire() {
    double now = monotonic();
    std::vector<size_t> due;
    for (size_t index : flying_)
        if (devices_[index].due <= now) due.push_back(index);
    for (size_t index : due) {
        Device& d = devices_[index];
        if (d.deadline <= now)
            finish(index, kDeadline, nb::none());
        else if (d.attempts_left > 0)
            send_attempt(index);  // earlier attempts' ids still count
        else
            finish(index, kTimedOut, nb::none());
    }
    pump();
}

double GetPoller::due_in() const {
    if (flying_.empty()) return -1.0;
    double due = kNever;
    for (size_t index : flying_) due = std::min(due, devices_[index].due);
    return std::max(0.0, due - monotonic());
}

double GetPoller::deadline_in(size_t index) const {
    if (index >= devices_.size()) throw nb::index_error("no such device");
    return devices_[index].deadline - monotonic();
}

nb::list GetPoller::take() {
    nb::list out = std::move(finished_);
    finished_ = nb::list();
    taken_ += size_t(PyList_GET_SIZE(out.ptr()));
    pump();
    return out;
}

nb::list GetPoller::close() {
    nb::list unfinished;
    for (size_t index : flying_) unfinished.append(index);
    for (size_t index = next_; index < devices_.size(); ++index) unfinished.append(index);
    for (size_t index : flying_) {
        Device& d = devices_[index];
        for (uint32_t id : d.ids) {
            nb::object key = nb::steal(PyLong_FromUnsignedLong(id));
            if (!key.is_valid() || PyDict_DelItem(ids_.ptr(), key.ptr()) < 0) PyErr_Clear();
        }
        d.ids.clear();
        d.flying = false;
    }
    flying_.clear();
    by_id_.clear();
    outgoing_.clear();
    next_ = devices_.size();
    taken_ += size_t(PyList_GET_SIZE(unfinished.ptr()));
    return unfinished;
}

int GetPoller::traverse(visitproc visit, void* arg) {
    Py_VISIT(ids_.ptr());
    Py_VISIT(random_obj_.ptr());
    Py_VISIT(malformed_.ptr());
    Py_VISIT(pending.ptr());
    Py_VISIT(finished_.ptr());
    for (Device& d : devices_) {
        Py_VISIT(d.addr.ptr());
        Py_VISIT(d.request.ptr());
    }
    return 0;
}

void GetPoller::clear() {
    nb::object gone[] = {std::move(ids_), std::move(random_obj_), std::move(malformed_),
                         std::move(pending)};
    (void)gone;
    finished_ = nb::list();
    flying_.clear();
    by_id_.clear();
    outgoing_.clear();
    devices_.clear();
}

namespace {

int get_poller_traverse(PyObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));
    if (!nb::inst_ready(self)) return 0;
    return nb::inst_ptr<GetPoller>(self)->traverse(visit, arg);
}

int get_poller_clear(PyObject* self) {
    nb::inst_ptr<GetPoller>(self)->clear();
    return 0;
}

PyType_Slot get_poller_slots[] = {
    {Py_tp_traverse, (void*)get_poller_traverse},
    {Py_tp_clear, (void*)get_poller_clear},
    {0, nullptr},
};

}  // namespace

void bind_get_poller(nb::module_& m) {
    nb::class_<GetPoller>(m, "GetPoller", nb::type_slots(get_poller_slots),
                          "anysnmp.poll's GETs of many devices over one shared UDP socket: sends, "
                          "routing, timeouts and re-sends in C++; a device's answer comes out once.")
        .def(nb::init<nb::object, nb::handle_t<RandomIds>, int, nb::object, nb::handle, int, int,
                      double, nb::object>(),
             "ids"_a, "random"_a, "fd"_a, "pending"_a, "devices"_a, "concurrency"_a, "buffer"_a,
             "deadline"_a, "malformed"_a,
             nb::sig("def __init__(self, ids: dict[int, typing.Any], random: RandomIds, fd: int, "
                     "pending: typing.Any, devices: collections.abc.Iterable[tuple[typing.Any, "
                     "GetRequest, float, int]], concurrency: int, buffer: int, deadline: float, "
                     "malformed: collections.abc.Callable[[typing.Any, Exception], None]) -> None"),
             "Polls `devices` ((sockaddr, GetRequest, timeout, attempts) each) on the unconnected, "
             "non-blocking socket `fd`, its ids registered in `ids` (the endpoint's routing "
             "table, which routes them here); at most `concurrency` in flight, no new device "
             "while `buffer` results wait; `deadline` seconds for a device (<= 0: none); "
             "`malformed(addr, exc)` for a reply its decode rejects. `pending` is what a "
             "receive batch returns when it delivered here.")
        .def_ro("pending", &GetPoller::pending, nb::sig("def pending(self) -> typing.Any"))
        .def("pump", &GetPoller::pump, "Starts devices while there is room; sends what waits.")
        .def("expire", &GetPoller::expire,
             "Re-sends the attempts that timed out, finishes devices out of attempts or past "
             "their deadline; then pumps.")
        .def("due_in", &GetPoller::due_in,
             "Seconds until the next expiry is due; negative when nothing is in flight.")
        .def("take", &GetPoller::take,
             nb::sig("def take(self) -> list[tuple[int, int, typing.Any]]"),
             "The devices finished since the last call, (index, outcome, answer) each: outcome "
             "0 answered (the GetRequest's decode), 1 every attempt timed out, 2 past the "
             "deadline, 3 failed (answer: the exception); then pumps.")
        .def("deadline_in", &GetPoller::deadline_in, "index"_a,
             "Seconds left of a started device's deadline (inf without one).")
        .def("left", &GetPoller::left, "Devices not taken yet.")
        .def("close", &GetPoller::close, nb::sig("def close(self) -> list[int]"),
             "Unregisters every id in flight and starts nothing more; returns the devices that "
             "had not finished (in flight or not started).");
}

}  // namespace anysnmp

// GetPoller: `anysnmp.poll`'s GET of many devices over one shared (unconnected) UDP socket.
//
// A backend piece, not part of the sans-IO core. Each device is a v1/v2c GetRequest and the
// device's socket address; at most `concurrency` devices have a request in flight. Every
// attempt draws a fresh id, registered in the endpoint's {request_id: Pending} dict with
// the poller itself as its value: `UdpReceiver` hands such datagrams to `deliver` (in C++,
// during its recvmmsg batch), which checks the source, decodes the answer with the
// device's GetRequest and starts the next device; the sends of a batch leave in one
// sendmmsg (`pump`). Timeouts are checked by `expire` (the poll's wait on the endpoint's
// watchdog ends at `due_in`): an attempt re-sent with a new id, or the device finished.
// Finished devices wait in a list until the caller takes them (`take`); while `buffer` of
// them wait, no new device starts (a slow consumer pauses the polling).
//
// What each finished device's answer means is the Python status policy's
// (`_protocol/_answers.py`): the poller hands over the codec's answer as it is.
#pragma once

#include <nanobind/nanobind.h>

#include <sys/socket.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "bind/random_ids.hpp"
#include "pdu/get_request.hpp"

namespace anysnmp {

namespace nb = nanobind;

class GetPoller {
  public:
    // How a device ended, the second item of `take`'s tuples.
    enum Outcome : int { kAnswered = 0, kTimedOut = 1, kDeadline = 2, kFailed = 3 };

    // `devices`: (sockaddr tuple, GetRequest, timeout, attempts) each. `deadline`: seconds
    // for a device's whole work (<= 0: none). `pending`: the Python object a receive
    // batch returns to wake the poll's waiter.
    GetPoller(nb::object ids, nb::handle_t<RandomIds> random, int fd, nb::object pending,
              nb::handle devices, int concurrency, int buffer, double deadline,
              nb::object malformed);

    // A datagram for `id` (one of this poller's) from `source` (nullptr: not known);
    // false when it must be dropped (another peer's). `data` is the datagram's bytes.
    bool deliver(uint32_t id, nb::handle data, const sockaddr_storage* source);
    // Starts devices while there is room, and sends what waits to be sent.
    void pump();
    // Expires what is due: re-sends, or finishes devices; then pumps.
    void expire();
    // Seconds until the next expiry check is due; negative when nothing is in flight.
    double due_in() const;
    // The devices finished since the last call: (index, outcome, answer) each; then pumps.
    nb::list take();
    // Seconds left of device `index`'s deadline (infinite without one).
    double deadline_in(size_t index) const;
    // Devices not taken yet (in flight, waiting to start, or finished).
    size_t left() const { return devices_.size() - taken_; }
    // Unregisters every id in flight and starts nothing more (the poll ends); returns the
    // indexes of the devices that had not finished.
    nb::list close();

    // Set while a receive batch holds this poller in its list of pollers to pump.
    bool touched = false;
    nb::object pending;

    int traverse(visitproc visit, void* arg);
    void clear();

  private:
    struct Device {
        nb::object addr, request;  // the sockaddr tuple, the GetRequest
        pdu::GetRequest* get;
        sockaddr_storage sockaddr;
        socklen_t sockaddr_len;
        double timeout, due = 0, deadline = 0;
        int attempts_left;
        bool flying = false;
        std::vector<uint32_t> ids;
    };

    void start(size_t index);
    void send_attempt(size_t index);
    void finish(size_t index, Outcome outcome, nb::object answer);
    void flush();

    nb::handle self();

    nb::object ids_, random_obj_, malformed_;
    PyObject* self_ = nullptr;  // this poller's Python object (borrowed: it owns this)
    RandomIds* random_;
    int fd_;
    size_t concurrency_, buffer_;
    double deadline_;
    std::vector<Device> devices_;
    std::unordered_map<uint32_t, size_t> by_id_;
    std::vector<size_t> flying_;
    size_t next_ = 0, taken_ = 0;
    nb::list finished_;
    // Datagrams waiting for the next flush: (device, request bytes).
    std::vector<std::pair<size_t, nb::bytes>> outgoing_;
};

}  // namespace anysnmp

// What the socket loops of the bindings (blocking requests, the GET poller) share: their clock
// and the send errors that leave an attempt unanswered rather than failing it.
#pragma once

#include <cerrno>
#include <ctime>

namespace anysnmp {

// Seconds on time.monotonic()'s clock.
inline double monotonic() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

// The errors Python raises as ConnectionError: an ICMP error queued on the socket. The
// request goes unanswered and times out like any lost one.
inline bool connection_error(int err) {
    return err == ECONNREFUSED || err == ECONNRESET || err == ECONNABORTED || err == EPIPE ||
           err == ESHUTDOWN;
}

}  // namespace anysnmp

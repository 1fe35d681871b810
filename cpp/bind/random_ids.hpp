// RandomIds: request ids from the OS CSPRNG, read 4 KiB at a time (one getrandom per 1024
// ids). Used with the GIL held: by the Python backends (`_udp.random_ids`) and by
// BlockingUdp, which draws them without a Python call.
#pragma once

#include <sys/random.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <system_error>

namespace anysnmp {

class RandomIds {
  public:
    // A random 31-bit id (0 included: callers skip it).
    uint32_t next() {
        if (left_ == 0) refill();
        return ids_[--left_] & 0x7fffffffu;
    }

    // Forgets the ids read: a forked child must not draw its parent's.
    void reset() { left_ = 0; }

  private:
    void refill() {
        auto* out = reinterpret_cast<uint8_t*>(ids_);
        size_t got = 0;
        while (got < sizeof ids_) {
            ssize_t n = getrandom(out + got, sizeof ids_ - got, 0);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw std::system_error(errno, std::generic_category(), "getrandom");
            }
            got += static_cast<size_t>(n);
        }
        left_ = kCount;
    }

    static constexpr size_t kCount = 1024;
    uint32_t ids_[kCount];
    size_t left_ = 0;
};

}  // namespace anysnmp

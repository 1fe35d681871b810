// Key material that is wiped (OPENSSL_cleanse) whenever its storage is freed.
#pragma once

#include <openssl/crypto.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace anysnmp::usm {

template <class T>
struct CleansingAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = CleansingAllocator<U>;
    };
    CleansingAllocator() = default;
    template <class U>
    CleansingAllocator(const CleansingAllocator<U>&) {}
    void deallocate(T* p, size_t n) {
        OPENSSL_cleanse(p, n * sizeof(T));
        std::allocator<T>::deallocate(p, n);
    }
};

using Secret = std::vector<uint8_t, CleansingAllocator<uint8_t>>;

}  // namespace anysnmp::usm

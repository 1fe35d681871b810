// HMAC message authentication (RFC 3414 6/7, RFC 7860) with a truncated MAC.
#pragma once

#include <openssl/evp.h>

#include "usm/keys.hpp"

namespace anysnmp::usm {

class Authenticator {
  public:
    Authenticator(Auth a, const Secret& key);
    ~Authenticator();
    Authenticator(const Authenticator&) = delete;
    Authenticator& operator=(const Authenticator&) = delete;

    size_t mac_size() const { return mac_size_; }
    // The truncated MAC (mac_size() octets) of msg with its mac_size() octets
    // at `hole` taken as zeros, as msgAuthenticationParameters are (RFC 3414 6.3.1).
    void compute(const uint8_t* msg, size_t n, size_t hole, uint8_t* out) const;
    // Writes the MAC into msg at `hole` (which holds the zero placeholder).
    void sign(uint8_t* msg, size_t n, size_t hole) const { compute(msg, n, hole, msg + hole); }
    // Compares, in constant time, the MAC at `hole` with the one computed.
    bool verify(const uint8_t* msg, size_t n, size_t hole) const;

  private:
    EVP_MAC_CTX* keyed_;  // HMAC context holding the key; duplicated per message
    size_t mac_size_;
};

}  // namespace anysnmp::usm

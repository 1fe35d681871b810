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
    // HMAC (RFC 2104) over OpenSSL's EVP digests, keyed once: inner_ and
    // outer_ hold the digest states after the (key ^ ipad) and (key ^ opad)
    // blocks and are never modified after construction; each message copies
    // them into work_ (EVP_MD_CTX_copy_ex), which costs far less than
    // duplicating a keyed EVP_MAC_CTX (three digest contexts) per message.
    //
    // work_ is per-object mutable scratch, so compute() (although const) must
    // not run concurrently on one Authenticator. That holds: each codec or
    // engine owns its Authenticators and is only called with the GIL held
    // (the bindings release it only around key derivation, which builds new
    // Authenticators and never touches existing ones).
    EVP_MD_CTX* inner_ = nullptr;
    EVP_MD_CTX* outer_ = nullptr;
    mutable EVP_MD_CTX* work_ = nullptr;
    size_t mac_size_;
};

}  // namespace anysnmp::usm

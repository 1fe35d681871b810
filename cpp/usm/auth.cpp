#include "usm/auth.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

#include <cstring>
#include <stdexcept>

namespace anysnmp::usm {

static EVP_MAC* hmac() {
    static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
    return mac;
}

Authenticator::Authenticator(Auth a, const Secret& key) : keyed_(nullptr), mac_size_(usm::mac_size(a)) {
    if (a == Auth::None) throw std::invalid_argument("Authenticator needs an auth protocol");
    keyed_ = EVP_MAC_CTX_new(hmac());
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(EVP_MD_get0_name(digest(a))), 0),
        OSSL_PARAM_construct_end()};
    if (!keyed_ || !EVP_MAC_init(keyed_, key.data(), key.size(), params)) {
        EVP_MAC_CTX_free(keyed_);
        throw std::runtime_error("HMAC initialisation failed");
    }
}

Authenticator::~Authenticator() { EVP_MAC_CTX_free(keyed_); }

void Authenticator::compute(const uint8_t* msg, size_t n, size_t hole, uint8_t* out) const {
    if (hole > n || n - hole < mac_size_) throw std::logic_error("MAC placeholder outside the message");
    static const uint8_t zeros[64] = {};
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(keyed_);
    uint8_t full[EVP_MAX_MD_SIZE];
    size_t len = 0, after = hole + mac_size_;
    bool ok = ctx && EVP_MAC_update(ctx, msg, hole) && EVP_MAC_update(ctx, zeros, mac_size_) &&
              EVP_MAC_update(ctx, msg + after, n - after) && EVP_MAC_final(ctx, full, &len, sizeof(full));
    EVP_MAC_CTX_free(ctx);
    if (!ok || len < mac_size_) throw std::runtime_error("HMAC computation failed");
    std::memcpy(out, full, mac_size_);
    OPENSSL_cleanse(full, sizeof(full));
}

bool Authenticator::verify(const uint8_t* msg, size_t n, size_t hole) const {
    uint8_t expected[EVP_MAX_MD_SIZE];
    compute(msg, n, hole, expected);
    return CRYPTO_memcmp(expected, msg + hole, mac_size_) == 0;
}

}  // namespace anysnmp::usm

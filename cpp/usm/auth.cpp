#include "usm/auth.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <stdexcept>

namespace anysnmp::usm {

namespace {

constexpr size_t kMaxBlock = 128;  // SHA-384/512; MD5 and SHA-1/224/256 have 64

// A digest context holding `md` after hashing key ^ pad over one block.
EVP_MD_CTX* padded(const EVP_MD* md, const uint8_t* key, size_t key_size, size_t block, uint8_t pad) {
    uint8_t buf[kMaxBlock];
    std::memset(buf, pad, block);
    for (size_t i = 0; i < key_size; ++i) buf[i] ^= key[i];
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex2(ctx, md, nullptr) && EVP_DigestUpdate(ctx, buf, block);
    OPENSSL_cleanse(buf, sizeof(buf));
    if (!ok) {
        EVP_MD_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

}  // namespace

Authenticator::Authenticator(Auth a, const Secret& key) : mac_size_(usm::mac_size(a)) {
    if (a == Auth::None) throw std::invalid_argument("Authenticator needs an auth protocol");
    // OpenSSL's HMAC refuses an empty key; so do we (this used EVP_MAC before).
    if (key.empty()) throw std::runtime_error("HMAC initialisation failed");
    const EVP_MD* md = digest(a);
    size_t block = static_cast<size_t>(EVP_MD_get_block_size(md));
    if (block == 0 || block > kMaxBlock) throw std::runtime_error("HMAC initialisation failed");

    // RFC 2104 2: keys longer than the block are hashed first.
    Secret hashed;
    const uint8_t* k = key.data();
    size_t k_size = key.size();
    if (k_size > block) {
        hashed = hash(a, key.data(), key.size());
        k = hashed.data();
        k_size = hashed.size();
    }

    inner_ = padded(md, k, k_size, block, 0x36);
    outer_ = padded(md, k, k_size, block, 0x5c);
    work_ = EVP_MD_CTX_new();
    if (!inner_ || !outer_ || !work_) {
        EVP_MD_CTX_free(inner_);
        EVP_MD_CTX_free(outer_);
        EVP_MD_CTX_free(work_);
        throw std::runtime_error("HMAC initialisation failed");
    }
}

// EVP_MD_CTX_free cleanses the digest states (they are key material).
Authenticator::~Authenticator() {
    EVP_MD_CTX_free(inner_);
    EVP_MD_CTX_free(outer_);
    EVP_MD_CTX_free(work_);
}

void Authenticator::compute(const uint8_t* msg, size_t n, size_t hole, uint8_t* out) const {
    if (hole > n || n - hole < mac_size_) throw std::logic_error("MAC placeholder outside the message");
    static const uint8_t zeros[64] = {};
    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned inner_len = 0, outer_len = 0;
    size_t after = hole + mac_size_;
    // inner = H((K ^ ipad) || msg with the MAC field zeroed); MAC = H((K ^ opad) || inner).
    bool ok = EVP_MD_CTX_copy_ex(work_, inner_) && EVP_DigestUpdate(work_, msg, hole) &&
              EVP_DigestUpdate(work_, zeros, mac_size_) && EVP_DigestUpdate(work_, msg + after, n - after) &&
              EVP_DigestFinal_ex(work_, digest, &inner_len) && EVP_MD_CTX_copy_ex(work_, outer_) &&
              EVP_DigestUpdate(work_, digest, inner_len) && EVP_DigestFinal_ex(work_, digest, &outer_len);
    if (!ok || outer_len < mac_size_) {
        OPENSSL_cleanse(digest, sizeof(digest));
        throw std::runtime_error("HMAC computation failed");
    }
    std::memcpy(out, digest, mac_size_);
    OPENSSL_cleanse(digest, sizeof(digest));
}

bool Authenticator::verify(const uint8_t* msg, size_t n, size_t hole) const {
    uint8_t expected[EVP_MAX_MD_SIZE];
    compute(msg, n, hole, expected);
    return CRYPTO_memcmp(expected, msg + hole, mac_size_) == 0;
}

}  // namespace anysnmp::usm

#include "usm/priv.hpp"

#include <openssl/provider.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <iterator>
#include <string>
#include <stdexcept>

namespace anysnmp::usm {

// The cipher of a privacy protocol, fetched once. DES lives in OpenSSL 3's
// legacy provider: it is loaded (with default) into a private library context
// so the process-wide configuration is untouched.
static EVP_CIPHER* cipher_of(Priv p) {
    static const auto ciphers = [] {
        OSSL_LIB_CTX* legacy = OSSL_LIB_CTX_new();
        if (legacy && !(OSSL_PROVIDER_load(legacy, "legacy") && OSSL_PROVIDER_load(legacy, "default"))) {
            OSSL_LIB_CTX_free(legacy);
            legacy = nullptr;
        }
        std::array<EVP_CIPHER*, std::size(registry::kPrivAlgorithms)> out{};
        for (size_t i = 0; i < out.size(); ++i) {
            const registry::PrivAlgorithm& row = registry::kPrivAlgorithms[i];
            bool in_legacy = static_cast<Priv>(row.id) == Priv::Des;
            if (!in_legacy || legacy) out[i] = EVP_CIPHER_fetch(in_legacy ? legacy : nullptr, row.cipher, nullptr);
        }
        return out;
    }();
    EVP_CIPHER* c = ciphers[static_cast<size_t>(p) - 1];
    if (!c && p == Priv::Des)
        throw std::runtime_error("DES is unavailable: OpenSSL's legacy provider could not be loaded");
    if (!c) throw std::runtime_error(std::string("OpenSSL lacks ") + registry::row(p).cipher);
    return c;
}

static EVP_CIPHER_CTX* keyed(const EVP_CIPHER* cipher, const uint8_t* key, bool encrypt) {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    if (!ctx || !EVP_CipherInit_ex2(ctx, cipher, key, nullptr, encrypt ? 1 : 0, nullptr) ||
        !EVP_CIPHER_CTX_set_padding(ctx, 0)) {
        EVP_CIPHER_CTX_free(ctx);
        throw std::runtime_error("cipher initialisation failed");
    }
    return ctx;
}

Cipher::Cipher(Priv p, const Secret& key) : priv_(p), enc_(nullptr), dec_(nullptr) {
    if (p == Priv::None) throw std::invalid_argument("Cipher needs a privacy protocol");
    if (key.size() != priv_key_size(p)) throw std::invalid_argument("privacy key has the wrong length");
    const EVP_CIPHER* cipher = cipher_of(p);
    if (p == Priv::Des) pre_iv_.assign(key.begin() + 8, key.begin() + 16);
    enc_ = keyed(cipher, key.data(), true);
    try {
        dec_ = keyed(cipher, key.data(), false);
    } catch (...) {
        EVP_CIPHER_CTX_free(enc_);
        throw;
    }
    if (RAND_bytes(reinterpret_cast<uint8_t*>(&salt_), sizeof(salt_)) != 1) {
        EVP_CIPHER_CTX_free(enc_);
        EVP_CIPHER_CTX_free(dec_);
        throw std::runtime_error("RAND_bytes failed");
    }
}

Cipher::~Cipher() {
    EVP_CIPHER_CTX_free(enc_);
    EVP_CIPHER_CTX_free(dec_);
}

static void put_be32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

void Cipher::iv(uint32_t boots, uint32_t time, const uint8_t salt[8], uint8_t out[16]) const {
    if (priv_ == Priv::Des) {
        for (size_t i = 0; i < 8; ++i) out[i] = salt[i] ^ pre_iv_[i];
        return;
    }
    put_be32(out, boots);
    put_be32(out + 4, time);
    std::memcpy(out + 8, salt, 8);
}

bool Cipher::run(EVP_CIPHER_CTX* ctx, const uint8_t* iv, const uint8_t* in, size_t n, uint8_t* out) {
    int len = 0, tail = 0;
    return EVP_CipherInit_ex2(ctx, nullptr, nullptr, iv, -1, nullptr) &&
           EVP_CipherUpdate(ctx, out, &len, in, static_cast<int>(n)) &&
           EVP_CipherFinal_ex(ctx, out + len, &tail) && static_cast<size_t>(len + tail) == n;
}

void Cipher::encrypt(uint32_t boots, uint32_t time, const uint8_t* in, size_t n, std::vector<uint8_t>& out,
                     uint8_t salt[8]) {
    uint64_t counter = salt_++;
    if (priv_ == Priv::Des) {
        put_be32(salt, boots);
        put_be32(salt + 4, static_cast<uint32_t>(counter));
    } else {
        put_be32(salt, static_cast<uint32_t>(counter >> 32));
        put_be32(salt + 4, static_cast<uint32_t>(counter));
    }
    uint8_t v[16];
    iv(boots, time, salt, v);
    size_t padded = priv_ == Priv::Des ? (n + 7) / 8 * 8 : n;
    out.resize(padded);
    if (padded != n) {  // DES: zero-pad a copy and encrypt that in place
        if (n) std::memcpy(out.data(), in, n);
        std::memset(out.data() + n, 0, padded - n);
        in = out.data();
    }
    if (!run(enc_, v, in, padded, out.data())) throw std::runtime_error("encryption failed");
}

bool Cipher::decrypt(uint32_t boots, uint32_t time, const uint8_t salt[8], const uint8_t* in, size_t n,
                     std::vector<uint8_t>& out) {
    if (priv_ == Priv::Des && n % 8 != 0) return false;
    uint8_t v[16];
    iv(boots, time, salt, v);
    out.resize(n);
    return run(dec_, v, in, n, out.data());
}

}  // namespace anysnmp::usm

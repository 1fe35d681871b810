// USM privacy: DES-CBC (RFC 3414 8) and AES-CFB128 (RFC 3826), with the
// 8-octet msgPrivacyParameters (salt) of each message.
#pragma once

#include <openssl/evp.h>

#include <vector>

#include "usm/keys.hpp"

namespace anysnmp::usm {

class Cipher {
  public:
    // key: the localized (and extended) privacy key, priv_key_size(p) octets.
    Cipher(Priv p, const Secret& key);
    ~Cipher();
    Cipher(const Cipher&) = delete;
    Cipher& operator=(const Cipher&) = delete;

    // Encrypts in (DES pads it with zeros to a multiple of 8) into out and
    // writes the salt to salt[8].
    void encrypt(uint32_t boots, uint32_t time, const uint8_t* in, size_t n, std::vector<uint8_t>& out,
                 uint8_t salt[8]);
    // Decrypts into out; false when the input cannot be this cipher's output.
    bool decrypt(uint32_t boots, uint32_t time, const uint8_t salt[8], const uint8_t* in, size_t n,
                 std::vector<uint8_t>& out);

  private:
    void iv(uint32_t boots, uint32_t time, const uint8_t salt[8], uint8_t out[16]) const;
    bool run(EVP_CIPHER_CTX* ctx, const uint8_t* iv, const uint8_t* in, size_t n, uint8_t* out);

    Priv priv_;
    Secret pre_iv_;  // DES only: octets 9-16 of the key
    // Keyed once; each message only resets the IV. Mutable per-object state:
    // fine because a Cipher belongs to one codec or engine, which Python calls
    // with the GIL held (never concurrently).
    EVP_CIPHER_CTX* enc_;
    EVP_CIPHER_CTX* dec_;
    uint64_t salt_;  // random start, incremented per message (RFC 3414 8.1.1.1, RFC 3826 3.1.2.1)
};

}  // namespace anysnmp::usm

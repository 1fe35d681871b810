// USM key derivation: password to key (RFC 3414 A.2), localization, and the
// two incompatible key extensions for AES-192/256 over short hashes.
#pragma once

#include <openssl/evp.h>

#include <string_view>

#include "registry/registry.hpp"
#include "usm/secret.hpp"

namespace anysnmp::usm {

using registry::Auth;
using registry::Priv;
using registry::Extension;
using registry::KeyType;

Auth to_auth(int v);
Priv to_priv(int v);
Extension to_extension(int v);
KeyType to_key_type(int v);

const EVP_MD* digest(Auth a);
// Full hash output (the length of Ku and Kul); 0 for None.
inline size_t digest_size(Auth a) { return a == Auth::None ? 0 : registry::row(a).digest_size; }
// Truncated HMAC length carried in msgAuthenticationParameters; 0 for None.
inline size_t mac_size(Auth a) { return a == Auth::None ? 0 : registry::row(a).mac_size; }
// Octets of localized key a privacy protocol consumes (DES: key + pre-IV); 0 for None.
inline size_t priv_key_size(Priv p) { return p == Priv::None ? 0 : registry::row(p).key_size; }

Secret hash(Auth a, const uint8_t* data, size_t n);

// Ku: the hash of 1,048,576 octets of the repeated password; cached per
// (protocol, password) for the life of the process.
Secret password_to_key(Auth a, const uint8_t* password, size_t n);

// Kul = H(Ku || engineID || Ku).
Secret localize(Auth a, const Secret& ku, std::string_view engine_id);

// Extends a localized privacy key to `need` octets (no-op when long enough).
Secret extend(Auth a, Extension e, Secret kul, std::string_view engine_id, size_t need);

// The localized auth key of a key given as password, master or localized key.
Secret auth_key(Auth a, KeyType t, std::string_view key, std::string_view engine_id);
// The localized privacy key (hashed with the auth protocol), extended as needed.
Secret priv_key(Auth a, Priv p, KeyType t, Extension e, std::string_view key, std::string_view engine_id);

}  // namespace anysnmp::usm

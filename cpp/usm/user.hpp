// An SNMPv3 user's configuration and its keys localized to one engine.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "usm/auth.hpp"
#include "usm/priv.hpp"

namespace anysnmp::usm {

struct UserConfig {
    std::string user;
    Auth auth = Auth::None;
    Secret auth_key;
    KeyType auth_key_type = KeyType::Password;
    Priv priv = Priv::None;
    Secret priv_key;
    KeyType priv_key_type = KeyType::Password;
    Extension extension = Extension::Blumenthal;

    // msgFlags auth (1) and priv (2) bits of the user's security level.
    uint8_t level() const { return static_cast<uint8_t>((auth != Auth::None ? 1 : 0) | (priv != Priv::None ? 2 : 0)); }
};

// The security state localized to one engine id.
struct Keys {
    std::unique_ptr<Authenticator> auth;
    std::unique_ptr<Cipher> priv;
};

// The user's authenticator for an engine (null without an auth protocol).
std::unique_ptr<Authenticator> derive_auth(const UserConfig& c, std::string_view engine_id);
// The user's cipher for an engine (null without a privacy protocol).
std::unique_ptr<Cipher> derive_priv(const UserConfig& c, std::string_view engine_id);

}  // namespace anysnmp::usm

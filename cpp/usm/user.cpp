#include "usm/user.hpp"

namespace anysnmp::usm {

static std::string_view view(const Secret& s) { return {reinterpret_cast<const char*>(s.data()), s.size()}; }

std::unique_ptr<Authenticator> derive_auth(const UserConfig& c, std::string_view engine_id) {
    if (c.auth == Auth::None) return nullptr;
    return std::make_unique<Authenticator>(c.auth, auth_key(c.auth, c.auth_key_type, view(c.auth_key), engine_id));
}

std::unique_ptr<Cipher> derive_priv(const UserConfig& c, std::string_view engine_id) {
    if (c.priv == Priv::None) return nullptr;
    return std::make_unique<Cipher>(
        c.priv, priv_key(c.auth, c.priv, c.priv_key_type, c.extension, view(c.priv_key), engine_id));
}

}  // namespace anysnmp::usm

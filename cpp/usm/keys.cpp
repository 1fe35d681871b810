#include "usm/keys.hpp"

#include <array>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace anysnmp::usm {

template <class E>
static E checked(int v, size_t max, const char* what) {
    if (v < 0 || static_cast<size_t>(v) > max)
        throw std::invalid_argument(std::string("unknown ") + what + " " + std::to_string(v));
    return static_cast<E>(v);
}

Auth to_auth(int v) { return checked<Auth>(v, std::size(registry::kAuthAlgorithms), "auth protocol"); }
Priv to_priv(int v) { return checked<Priv>(v, std::size(registry::kPrivAlgorithms), "privacy protocol"); }
Extension to_extension(int v) {
    return checked<Extension>(v, std::size(registry::kKeyExpansions) - 1, "key extension");
}
KeyType to_key_type(int v) { return checked<KeyType>(v, std::size(registry::kKeyTypes) - 1, "key type"); }

const EVP_MD* digest(Auth a) {
    // Fetched once; EVP_MD_fetch avoids the implicit per-call fetch of EVP_md5() and co.
    static const auto mds = [] {
        std::array<const EVP_MD*, std::size(registry::kAuthAlgorithms)> out{};
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = EVP_MD_fetch(nullptr, registry::kAuthAlgorithms[i].digest, nullptr);
        return out;
    }();
    const EVP_MD* md = a == Auth::None ? nullptr : mds[static_cast<size_t>(a) - 1];
    if (!md) throw std::invalid_argument("auth protocol has no digest (or OpenSSL lacks it)");
    return md;
}

namespace {

struct MdCtx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    explicit MdCtx(Auth a) {
        if (!ctx || !EVP_DigestInit_ex2(ctx, digest(a), nullptr)) throw std::runtime_error("EVP_DigestInit failed");
    }
    ~MdCtx() { EVP_MD_CTX_free(ctx); }
    void update(const void* p, size_t n) {
        if (!EVP_DigestUpdate(ctx, p, n)) throw std::runtime_error("EVP_DigestUpdate failed");
    }
    Secret final() {
        Secret out(static_cast<size_t>(EVP_MD_CTX_get_size(ctx)));
        if (!EVP_DigestFinal_ex(ctx, out.data(), nullptr)) throw std::runtime_error("EVP_DigestFinal failed");
        return out;
    }
};

constexpr size_t kExpandedPasswordSize = 1048576;

Secret compute_ku(Auth a, const uint8_t* password, size_t n) {
    // The repeated password has period n: hash a whole number of periods at a time.
    size_t periods = (4096 + n - 1) / n;
    Secret chunk(periods * n);
    for (size_t i = 0; i < periods; ++i) std::memcpy(chunk.data() + i * n, password, n);
    MdCtx md(a);
    size_t left = kExpandedPasswordSize;
    for (; left >= chunk.size(); left -= chunk.size()) md.update(chunk.data(), chunk.size());
    md.update(chunk.data(), left);
    return md.final();
}

}  // namespace

Secret hash(Auth a, const uint8_t* data, size_t n) {
    MdCtx md(a);
    md.update(data, n);
    return md.final();
}

Secret password_to_key(Auth a, const uint8_t* password, size_t n) {
    if (a == Auth::None) throw std::invalid_argument("password_to_key needs an auth protocol");
    if (n == 0) throw std::invalid_argument("an empty password cannot be turned into a key");
    // Cache index: SHA-256 of protocol and password, so passwords are not kept.
    MdCtx id(Auth::Sha256);
    uint8_t proto = static_cast<uint8_t>(a);
    id.update(&proto, 1);
    id.update(password, n);
    Secret index = id.final();

    static std::mutex mutex;
    static auto* cache = new std::map<Secret, Secret>();  // never destroyed: used until exit
    {
        std::lock_guard<std::mutex> lock(mutex);
        auto it = cache->find(index);
        if (it != cache->end()) return it->second;
    }
    Secret ku = compute_ku(a, password, n);
    std::lock_guard<std::mutex> lock(mutex);
    if (cache->size() >= 4096) cache->clear();
    cache->emplace(std::move(index), ku);
    return ku;
}

Secret localize(Auth a, const Secret& ku, std::string_view engine_id) {
    MdCtx md(a);
    md.update(ku.data(), ku.size());
    md.update(engine_id.data(), engine_id.size());
    md.update(ku.data(), ku.size());
    return md.final();
}

Secret extend(Auth a, Extension e, Secret kul, std::string_view engine_id, size_t need) {
    // Both drafts append material computed from the whole key so far.
    while (kul.size() < need) {
        Secret more = e == Extension::Blumenthal
                          ? hash(a, kul.data(), kul.size())  // Kul || H(Kul)
                          : localize(a, password_to_key(a, kul.data(), kul.size()), engine_id);
        size_t take = std::min(more.size(), need - kul.size());
        kul.insert(kul.end(), more.begin(), more.begin() + static_cast<std::ptrdiff_t>(take));
    }
    return kul;
}

static Secret localized(Auth a, KeyType t, std::string_view key, std::string_view engine_id) {
    auto* p = reinterpret_cast<const uint8_t*>(key.data());
    if (t == KeyType::Localized) return Secret(p, p + key.size());
    if (t == KeyType::Master) {
        if (key.size() != digest_size(a))
            throw std::invalid_argument("a master key for this auth protocol must be " +
                                        std::to_string(digest_size(a)) + " octets, got " +
                                        std::to_string(key.size()));
        return localize(a, Secret(p, p + key.size()), engine_id);
    }
    return localize(a, password_to_key(a, p, key.size()), engine_id);
}

Secret auth_key(Auth a, KeyType t, std::string_view key, std::string_view engine_id) {
    if (a == Auth::None) return {};
    Secret kul = localized(a, t, key, engine_id);
    if (kul.size() != digest_size(a))
        throw std::invalid_argument("a localized auth key for this protocol must be " +
                                    std::to_string(digest_size(a)) + " octets, got " +
                                    std::to_string(kul.size()));
    return kul;
}

Secret priv_key(Auth a, Priv p, KeyType t, Extension e, std::string_view key, std::string_view engine_id) {
    if (p == Priv::None) return {};
    if (a == Auth::None) throw std::invalid_argument("privacy needs an auth protocol");
    Secret kul = localized(a, t, key, engine_id);
    size_t need = priv_key_size(p);
    if (kul.size() < need && registry::row(p).extends_key()) kul = extend(a, e, std::move(kul), engine_id, need);
    if (kul.size() < need)
        throw std::invalid_argument("a localized privacy key for this protocol needs at least " +
                                    std::to_string(need) + " octets, got " + std::to_string(kul.size()));
    kul.resize(need);
    return kul;
}

}  // namespace anysnmp::usm

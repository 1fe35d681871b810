// Requests as the agent decodes them: version sniffing, the whole request,
// and each of its varbinds on its own.
#include "agent/keys.hpp"
#include "harness.hpp"

using namespace anysnmp;
namespace nb = nanobind;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nb::bytes input = fuzz::to_bytes(data, size);
    agent::message_version(input);
    nb::object request;
    if (fuzz::decode([&] { request = agent::decode_request(input); })) {
        // The varbind list content (element 7) re-read one varbind at a time.
        nb::bytes raw = nb::cast<nb::bytes>(request[7]);
        ber::Reader r(reinterpret_cast<const uint8_t*>(raw.c_str()), raw.size());
        while (!r.empty()) {
            const uint8_t* start = r.position();
            r.next();
            nb::bytes one(reinterpret_cast<const char*>(start), static_cast<size_t>(r.position() - start));
            if (!fuzz::decode([&] { agent::decode_varbind(one); }))
                fuzz::fail("a varbind of a decoded request does not decode alone");
        }
    }
    fuzz::decode([&] { agent::decode_varbind(input); });
    return 0;
}

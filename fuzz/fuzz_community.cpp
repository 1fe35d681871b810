// v1/v2c messages as the client and notification receivers decode them:
// decode_message (every PDU type, Trap-PDU included), the session codec's
// decode_response, decode_walk and decode_get (checked against
// decode_response), and the request-id peek.
#include "harness.hpp"
#include "pdu/codec.hpp"
#include "pdu/message.hpp"

using namespace anysnmp;
namespace nb = nanobind;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::init();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nb::bytes input = fuzz::to_bytes(data, size);
    std::optional<int64_t> id = pdu::peek_message_id(input);
    int64_t rid = id ? *id : 1;
    fuzz::decode([&] { pdu::decode_message(input, false); });
    fuzz::decode([&] { pdu::decode_message(input, true); });
    for (int64_t version : {0, 1}) {
        pdu::Codec codec(version, "public");
        fuzz::decode([&] { codec.decode_response(input, rid, true); });
        pdu::Walker walker("1.3.6.1.2.1", true, false);
        // A walk continues over successive responses: feed the input twice.
        fuzz::decode([&] { codec.decode_walk(input, rid, walker); });
        fuzz::decode([&] { codec.decode_walk(input, rid, walker); });
        fuzz::check_get(codec, input, rid);
    }
    return 0;
}

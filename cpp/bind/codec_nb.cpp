// Binding glue for the BER/PDU codec.
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>

#include "bind/bind.hpp"
#include "pdu/codec.hpp"
#include "pdu/message.hpp"

namespace anysnmp {

namespace nb = nanobind;
using namespace nb::literals;

static void raise(const nb::object& cls, PyObject* fallback, const char* what) {
    PyErr_SetString(cls.is_valid() ? cls.ptr() : fallback, what);
}

void bind_codec(nb::module_& m) {
    nb::register_exception_translator([](const std::exception_ptr& p, void*) {
        auto& r = py::registry();
        try {
            std::rethrow_exception(p);
        } catch (const ber::DecodeError& e) {
            raise(r.decode_error, PyExc_ValueError, e.what());
        } catch (const ber::EncodeError& e) {
            raise(r.encode_error, PyExc_ValueError, e.what());
        } catch (const py::OidNotIncreasing& e) {
            raise(r.oid_not_increasing_error, PyExc_ValueError, e.what());
        }
    });

    m.def(
        "register",
        [](nb::object decode_error, nb::object encode_error, nb::object oid_not_increasing_error,
           nb::object usage_error, nb::object no_such_object, nb::object no_such_instance,
           nb::object end_of_mib_view) {
            auto& r = py::registry();
            r.decode_error = decode_error;
            r.encode_error = encode_error;
            r.oid_not_increasing_error = oid_not_increasing_error;
            r.usage_error = usage_error;
            r.no_such_object = no_such_object;
            r.no_such_instance = no_such_instance;
            r.end_of_mib_view = end_of_mib_view;
        },
        "decode_error"_a, "encode_error"_a, "oid_not_increasing_error"_a, "usage_error"_a,
        "no_such_object"_a,
        "no_such_instance"_a, "end_of_mib_view"_a,
        "Registers the package's error classes and exception-value sentinels.");

    m.def(
        "parse_oid", [](std::string_view text) { return ber::Oid::parse(text).str(); }, "text"_a,
        "The OID in `text` as dotted decimal without a leading dot: the one check of OID text.\n\n"
        "ASCII digits only, no arc with a leading zero, first arc 0-2, second arc under 40 below\n"
        "0 and 1, arcs under 2^32, 2 to 128 arcs, an optional leading dot. Raises EncodeError\n"
        "with the reason otherwise.");

    nb::class_<pdu::Walker>(m, "Walker", "Walk state: subtree root and last OID seen.")
        .def(nb::init<std::string_view, bool, bool, bool>(), "root"_a, "check_increasing"_a = true,
             "typed"_a = false, "against_request"_a = false)
        .def_prop_ro("root", &pdu::Walker::root)
        .def_prop_ro("last", &pdu::Walker::last)
        .def_prop_ro("done", &pdu::Walker::done)
        .def_prop_ro("typed", &pdu::Walker::typed)
        .def_prop_ro("error", &pdu::Walker::error,
                     "Why the walk ended early (an OID that did not increase), else None.")
        .def_prop_ro("error_after", &pdu::Walker::error_after,
                     "The OID the OID that did not increase was compared with (with "
                     "against_request: the request's), else None.")
        .def_prop_ro("ended_by", &pdu::Walker::ended_by,
                     "(oid, tag) of the varbind that ended the walk: out of the subtree, or an "
                     "exception value (tag 0x80-0x82); None while walking.")
        .def_prop_ro("ended_tail", &pdu::Walker::ended_tail,
                     "The varbinds after the exception value that ended the walk, those in the "
                     "subtree, as the walk's items (after an OID that did not increase: that "
                     "varbind and those after it in the subtree); empty otherwise.");

    nb::class_<pdu::GetRequest>(
        m, "GetRequest",
        "A GET of fixed OIDs: parsed and encoded once, answers matched by their encoded OIDs.")
        .def(
            "__init__",
            [](pdu::GetRequest* self, nb::handle_t<pdu::Codec> codec, nb::handle oids, bool typed) {
                new (self) pdu::GetRequest(nb::borrow(codec), nb::inst_ptr<pdu::Codec>(codec), oids, typed);
            },
            "codec"_a, "oids"_a, "typed"_a = false,
            nb::sig("def __init__(self, codec: Codec, oids: collections.abc.Sequence[str], typed: bool = False) "
                    "-> None"),
            "Parses the OIDs (EncodeError for a malformed one) and encodes their varbind list once; "
            "encode and decode go through codec (its encode_get and decode_get).")
        .def("encode", &pdu::GetRequest::encode, "request_id"_a, "codec.encode_get(request_id, self).")
        .def("decode", &pdu::GetRequest::decode, "data"_a, "request_id"_a,
             nb::sig("def decode(self, data: bytes, request_id: int) -> "
                     "tuple[int, int, int, list[typing.Any] | dict[str, typing.Any]] | None"),
             "codec.decode_get(data, request_id, self): a codec with raise_reports raises for a "
             "Report.")
        .def("__len__", &pdu::GetRequest::size)
        .def_prop_ro("typed", &pdu::GetRequest::typed)
        .def_prop_ro("keys", &pdu::GetRequest::keys,
                     nb::sig("def keys(self) -> list[str]"),
                     "The answer's keys in request order: each OID str as given, without a leading dot.")
        .def_prop_ro(
            "varbinds",
            [](const pdu::GetRequest& r) {
                return nb::bytes(reinterpret_cast<const char*>(r.varbinds().data()), r.varbinds().size());
            },
            "The encoded varbind list's content (without its SEQUENCE header).")
        .def(
            "match",
            [](const pdu::GetRequest& r, nb::bytes varbinds) -> nb::object {
                nb::object d = r.match(ber::Reader(reinterpret_cast<const uint8_t*>(varbinds.c_str()), varbinds.size()));
                return d.is_valid() ? d : nb::none();
            },
            "varbinds"_a, nb::sig("def match(self, varbinds: bytes) -> dict[str, typing.Any] | None"),
            "{key: value} (or {key: (tag, value)} when typed) when a varbind list's content answers "
            "exactly these OIDs in order, exception values left out; else None (decode it in general form).");

    nb::class_<pdu::Codec>(m, "Codec", "Encodes a session's requests and decodes their answers.")
        .def(
            "__init__",
            [](pdu::Codec* self, int64_t version, nb::bytes community) {
                new (self) pdu::Codec(version, std::string(community.c_str(), community.size()));
            },
            "version"_a, "community"_a)
        .def_prop_ro("version", &pdu::Codec::version)
        .def("encode_request", &pdu::Codec::encode_request, "pdu_type"_a, "request_id"_a, "varbinds"_a,
             "non_repeaters"_a = 0, "max_repetitions"_a = 0,
             "Encodes a request; varbinds are OID strings or (oid, tag, value) triples.")
        .def("encode_walk", &pdu::Codec::encode_walk, "request_id"_a, "walker"_a, "bulk"_a,
             "max_repetitions"_a = 0, "Encodes the next GETNEXT/GETBULK request of a walk.")
        .def("decode_response", &pdu::Codec::decode_response, "data"_a, "request_id"_a,
             "typed"_a = false,
             "(pdu_type, error_status, error_index, varbinds), or None if not an answer to request_id.")
        .def("decode_walk", &pdu::Codec::decode_walk, "data"_a, "request_id"_a, "walker"_a,
             "Like decode_response, keeping only the walk's varbinds and updating the walker.")
        .def(
            "walk_encoder",
            [](nb::handle self, nb::handle walker, bool bulk, int64_t max_repetitions) {
                // The codec and walker stay alive with the function, which holds them.
                auto& codec = nb::cast<pdu::Codec&>(self);
                auto& state = nb::cast<pdu::Walker&>(walker);
                return nb::cpp_function(
                    [&codec, &state, bulk, max_repetitions, held = nb::make_tuple(self, walker)](
                        int64_t request_id) {
                        return codec.encode_walk(request_id, state, bulk, max_repetitions);
                    },
                    "request_id"_a, nb::sig("def encode(request_id: int) -> bytes"));
            },
            "walker"_a, "bulk"_a, "max_repetitions"_a,
            nb::sig("def walk_encoder(self, walker: Walker, bulk: bool, max_repetitions: int) -> "
                    "collections.abc.Callable[[int], bytes]"),
            "``encode_walk`` bound to its walker and settings: ``encode(request_id)``, a C++ "
            "function (a walk's requests call no Python function to be encoded).")
        .def(
            "walk_decoder",
            [](nb::handle self, nb::handle walker) {
                auto& codec = nb::cast<pdu::Codec&>(self);
                auto& state = nb::cast<pdu::Walker&>(walker);
                return nb::cpp_function(
                    [&codec, &state, held = nb::make_tuple(self, walker)](nb::bytes data,
                                                                         int64_t request_id) {
                        return codec.decode_walk(std::move(data), request_id, state);
                    },
                    "data"_a, "request_id"_a,
                    nb::sig("def decode(data: bytes, request_id: int) -> "
                            "tuple[int, int, int, list[typing.Any]] | None"));
            },
            "walker"_a,
            nb::sig("def walk_decoder(self, walker: Walker) -> collections.abc.Callable[[bytes, "
                    "int], tuple[int, int, int, list[typing.Any]] | None]"),
            "``decode_walk`` bound to its walker: ``decode(data, request_id)``, a C++ function.")
        .def("encode_get", &pdu::Codec::encode_get, "request_id"_a, "request"_a,
             "Encodes a GetRequest PDU of the request's OIDs.")
        .def("decode_get", &pdu::Codec::decode_get, "data"_a, "request_id"_a, "request"_a,
             nb::sig("def decode_get(self, data: bytes, request_id: int, request: GetRequest) -> "
                     "tuple[int, int, int, list[typing.Any] | dict[str, typing.Any]] | None"),
             "Like decode_response(typed=request.typed); a Response answering exactly the request's "
             "OIDs in order (error-status 0) carries request.match's dict in place of the list.");

    m.def("decode_message", &pdu::decode_message, "data"_a, "typed"_a = false,
          "Decodes a v1/v2c message: (version, community, pdu_type, fields, varbinds).");
    m.def("decode_pdu", &pdu::decode_pdu, "pdu"_a,
          nb::sig("def decode_pdu(pdu: bytes) -> "
                  "tuple[int, tuple[int, int, int], list[tuple[str, int, object]], bytes]"),
          "Decodes a PDU element (an SNMPv3 scopedPDU's): "
          "(pdu_type, (request_id, error_status, error_index), [(oid, tag, value)], raw_varbinds).");
    m.def("encode_varbinds", &pdu::encode_varbinds, "varbinds"_a,
          "The content of a varbind list of OID strings or (oid, tag, value) triples.");
    m.def("encode_message", &pdu::encode_message, "version"_a, "community"_a, "pdu_type"_a, "request_id"_a,
          "error_status"_a, "error_index"_a, "varbinds"_a, "Encodes a v1/v2c message.");
    m.def("encode_trap_v1", &pdu::encode_trap_v1, "community"_a, "enterprise"_a, "agent_addr"_a,
          "generic_trap"_a, "specific_trap"_a, "time_stamp"_a, "varbinds"_a,
          "Encodes an SNMPv1 Trap-PDU message.");
    m.def("peek_request_id", &pdu::peek_message_id, "data"_a,
          "The request-id (v1/v2c) or msgID (v3) of a message, or None if it is not SNMP.");
}

}  // namespace anysnmp

#include "pdu/pyvalues.hpp"

#include <vector>

namespace anysnmp::py {

using ber::DecodeError;
using ber::EncodeError;
namespace tag = ber::tag;

Registry& registry() {
    static Registry* r = new Registry();  // never destroyed: outlives the interpreter's teardown
    return *r;
}

nb::object oid_str(const ber::Oid& oid) {
    size_t n = oid.text_size();
    // ASCII by construction: build the str directly, without UTF-8 decoding.
    PyObject* s = PyUnicode_New(static_cast<Py_ssize_t>(n), 127);
    if (!s) throw nb::python_error();
    oid.format_tail(0, reinterpret_cast<char*>(PyUnicode_1BYTE_DATA(s)));
    return nb::steal(s);
}

nb::object OidText::make(const ber::Oid& oid, size_t shared) {
    size_t n = oid.size();
    if (shared > prev_n_) shared = prev_n_;
    if (shared > n) shared = n;
    ends_[0] = 0;
    size_t len = ends_[shared];
    for (size_t i = shared; i < n; ++i) {
        len += ber::arc_text_size(oid[i]) + (i != 0);
        ends_[i + 1] = len;
    }
    PyObject* s = PyUnicode_New(static_cast<Py_ssize_t>(len), 127);
    if (!s) throw nb::python_error();
    char* p = reinterpret_cast<char*>(PyUnicode_1BYTE_DATA(s));
    if (shared) std::memcpy(p, PyUnicode_1BYTE_DATA(prev_.ptr()), ends_[shared]);
    for (size_t i = shared; i < n; ++i) {
        if (i) p[ends_[i]] = '.';
        ber::put_arc_text(p + ends_[i + 1], oid[i]);
    }
    prev_ = nb::steal(s);
    prev_n_ = n;
    return prev_;
}

static nb::object ip_str(const uint8_t* a) {
    char buf[16];
    int n = snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    return nb::steal(PyUnicode_FromStringAndSize(buf, n));
}

static nb::object bytes_of(const ber::Tlv& tlv) {
    return nb::steal(PyBytes_FromStringAndSize(reinterpret_cast<const char*>(tlv.data),
                                               static_cast<Py_ssize_t>(tlv.size)));
}

// An OBJECT IDENTIFIER value; an empty one is the OID 0, as Net-SNMP reads it.
static nb::object oid_value(const ber::Tlv& tlv) {
    if (tlv.size != 0) return oid_str(ber::Oid::decode(tlv));
    ber::Oid zero;
    zero.push_back(0);
    return oid_str(zero);
}

// Net-SNMP's Opaque-wrapped float, double and 64-bit integers (9f 78, 79; 76, 7a, 7b,
// then a length): an Opaque of 3 octets or more starting so is read as one, and one that
// is malformed (a float not of 4 octets, a double not of 8, an integer past 9 octets, or
// a length not ending at the Opaque's end) drops the whole message, as Net-SNMP drops it.
static void check_opaque(const ber::Tlv& tlv) {
    const uint8_t* d = tlv.data;
    size_t n = tlv.size;
    if (n < 3 || d[0] != 0x9f) return;
    uint8_t kind = d[1];
    size_t start = 3, size = d[2];
    if (kind == 0x78 || kind == 0x79) {
        if (size != (kind == 0x78 ? 4u : 8u) || size != n - 3)
            throw DecodeError("malformed Opaque float or double");
        return;
    }
    if (kind != 0x76 && kind != 0x7a && kind != 0x7b) return;
    if (size & 0x80) {  // a long-form length
        start += size & 0x7f;
        if (start > n || start - 3 > sizeof(size_t)) throw DecodeError("malformed Opaque integer");
        size = 0;
        for (size_t i = 3; i < start; ++i) size = (size << 8) | d[i];
    }
    if (n - start != size || size > 9 || (size == 9 && d[start] != 0))
        throw DecodeError("malformed Opaque 64-bit integer");
}

// Values are read as Net-SNMP reads them: what it drops the whole response for
// raises DecodeError, the rest decodes (content after NULL or an exception is
// ignored, out-of-range integers fold as in ber/integer.hpp).
nb::object value(const ber::Tlv& tlv) {
    switch (tlv.tag) {
        case tag::Integer:
            return nb::steal(PyLong_FromLongLong(ber::decode_integer32(tlv)));
        case tag::Opaque:
            check_opaque(tlv);
            return bytes_of(tlv);
        case tag::OctetString:
        case tag::NsapAddress:
            return bytes_of(tlv);
        case tag::BitString:
            if (tlv.size == 0) throw DecodeError("empty BIT STRING");
            return bytes_of(tlv);
        case tag::Null:
            return nb::none();
        case tag::ObjectId:
            return oid_value(tlv);
        case tag::IpAddress:
            if (tlv.size != 4) throw DecodeError("IpAddress must be 4 octets");
            return ip_str(tlv.data);
        case tag::Counter32:
        case tag::Gauge32:
        case tag::TimeTicks:
        case tag::UInteger32:
            return nb::steal(PyLong_FromUnsignedLongLong(ber::decode_unsigned(tlv, 32)));
        case tag::Counter64:
            return nb::steal(PyLong_FromUnsignedLongLong(tlv.size ? ber::decode_unsigned(tlv, 64) : 0));
        case tag::NoSuchObject:
            return registry().no_such_object;
        case tag::NoSuchInstance:
            return registry().no_such_instance;
        case tag::EndOfMibView:
            return registry().end_of_mib_view;
        default:
            throw DecodeError("unsupported value tag " + ber::hex_tag(tlv.tag));
    }
}

static nb::object make_varbind(nb::object name, const ber::Tlv& tlv, bool typed) {
    nb::object val = value(tlv);
    PyObject* t = PyTuple_New(typed ? 3 : 2);
    if (!t) throw nb::python_error();
    PyTuple_SET_ITEM(t, 0, name.release().ptr());
    if (!typed) {
        PyTuple_SET_ITEM(t, 1, val.release().ptr());
        return nb::steal(t);
    }
    PyObject* tag_obj = PyLong_FromLong(tlv.tag);  // a cached small int
    if (!tag_obj) {
        Py_DECREF(t);
        throw nb::python_error();
    }
    PyTuple_SET_ITEM(t, 1, tag_obj);
    if (tlv.tag >= tag::NoSuchObject) {  // exception values are None
        Py_INCREF(Py_None);
        PyTuple_SET_ITEM(t, 2, Py_None);
    } else {
        PyTuple_SET_ITEM(t, 2, val.release().ptr());
    }
    return nb::steal(t);
}

nb::object varbind(const pdu::Varbind& vb, bool typed) { return make_varbind(oid_str(vb.oid), vb.value, typed); }

nb::object varbind(const pdu::Varbind& vb, bool typed, OidText& text, size_t shared) {
    return make_varbind(text.make(vb.oid, shared), vb.value, typed);
}

nb::list varbind_list(ber::Reader varbinds, bool typed) {
    ListBuilder out;
    OidText text;
    pdu::Varbind slot[2];  // this varbind and the previous one
    size_t n = 0, cur = 0;
    while (!varbinds.empty()) {
        if (++n > pdu::kMaxVarbinds) throw DecodeError("too many varbinds");
        pdu::Varbind& vb = slot[cur];
        pdu::next_varbind(varbinds, vb);
        size_t shared = n > 1 ? vb.oid.common_prefix(slot[cur ^ 1].oid) : 0;
        out.push(varbind(vb, typed, text, shared));
        cur ^= 1;
    }
    return out.finish();
}

// --- encoding -------------------------------------------------------------

static int64_t int_in_range(nb::handle v, int64_t lo, int64_t hi, const char* what) {
    if (!PyLong_Check(v.ptr()) || PyBool_Check(v.ptr()))
        throw EncodeError(std::string(what) + " needs an int, got " +
                          std::string(nb::str(v.type().attr("__name__")).c_str()));
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (overflow || x < lo || x > hi)
        throw EncodeError(std::string(what) + " value " + std::string(nb::repr(v).c_str()) +
                          " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    return x;
}

static uint64_t uint64_value(nb::handle v) {
    if (!PyLong_Check(v.ptr()) || PyBool_Check(v.ptr())) throw EncodeError("Counter64 needs an int");
    unsigned long long x = PyLong_AsUnsignedLongLong(v.ptr());
    if (x == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
        PyErr_Clear();
        throw EncodeError("Counter64 value " + std::string(nb::repr(v).c_str()) +
                          " is out of range 0..18446744073709551615");
    }
    return x;
}

static std::string_view octets(nb::handle v, const char* what) {
    char* data = nullptr;
    Py_ssize_t size = 0;
    if (PyBytes_Check(v.ptr())) {
        PyBytes_AsStringAndSize(v.ptr(), &data, &size);
    } else if (PyByteArray_Check(v.ptr())) {
        data = PyByteArray_AsString(v.ptr());
        size = PyByteArray_Size(v.ptr());
    } else if (PyUnicode_Check(v.ptr())) {
        const char* s = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
        if (!s) {
            PyErr_Clear();
            throw EncodeError(std::string(what) + " text is not encodable as UTF-8");
        }
        data = const_cast<char*>(s);
    } else {
        throw EncodeError(std::string(what) + " needs bytes or str");
    }
    if (size > 65535) throw EncodeError(std::string(what) + " longer than 65535 octets");
    return {data, static_cast<size_t>(size)};
}

static std::string_view text(nb::handle v, const char* what) {
    Py_ssize_t size = 0;
    const char* s = PyUnicode_Check(v.ptr()) ? PyUnicode_AsUTF8AndSize(v.ptr(), &size) : nullptr;
    if (!s) {
        PyErr_Clear();
        throw EncodeError(std::string(what) + " needs a str");
    }
    return {s, static_cast<size_t>(size)};
}

static void put_ip_address(ber::Writer& w, nb::handle v) {
    uint8_t addr[4];
    if (PyBytes_Check(v.ptr()) && PyBytes_GET_SIZE(v.ptr()) == 4) {
        std::memcpy(addr, PyBytes_AS_STRING(v.ptr()), 4);
    } else {
        std::string_view s = text(v, "IpAddress");
        unsigned a, b, c, d;
        char tail;
        std::string z(s);
        if (sscanf(z.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 ||
            c > 255 || d > 255)
            throw EncodeError("IpAddress '" + z + "' is not a dotted IPv4 address");
        addr[0] = static_cast<uint8_t>(a);
        addr[1] = static_cast<uint8_t>(b);
        addr[2] = static_cast<uint8_t>(c);
        addr[3] = static_cast<uint8_t>(d);
    }
    w.put_bytes(addr, 4);
    w.put_header(tag::IpAddress, 4);
}

void put_value(ber::Writer& w, uint8_t t, nb::handle v) {
    switch (t) {
        case tag::Integer:
            ber::put_integer(w, t, int_in_range(v, INT32_MIN, INT32_MAX, "Integer"));
            return;
        case tag::OctetString:
        case tag::Opaque: {
            std::string_view s = octets(v, t == tag::Opaque ? "Opaque" : "OctetString");
            w.put_bytes(s.data(), s.size());
            w.put_header(t, s.size());
            return;
        }
        case tag::Null:
        case tag::NoSuchObject:
        case tag::NoSuchInstance:
        case tag::EndOfMibView:
            w.put_header(t, 0);
            return;
        case tag::ObjectId:
            ber::Oid::parse(text(v, "ObjectIdentifier")).put(w);
            return;
        case tag::IpAddress:
            put_ip_address(w, v);
            return;
        case tag::Counter32:
        case tag::Gauge32:
        case tag::TimeTicks:
            ber::put_unsigned(w, t, static_cast<uint64_t>(int_in_range(v, 0, UINT32_MAX, "unsigned32")));
            return;
        case tag::Counter64:
            ber::put_unsigned(w, t, uint64_value(v));
            return;
        default:
            throw EncodeError("unsupported value tag " + ber::hex_tag(t));
    }
}

void put_varbinds(ber::Writer& w, nb::handle items) {
    nb::object seq = nb::steal(PySequence_Fast(items.ptr(), "varbinds must be a sequence"));
    if (!seq.is_valid()) {
        PyErr_Clear();
        throw EncodeError("varbinds must be a sequence");
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.ptr());
    if (static_cast<size_t>(n) > pdu::kMaxVarbinds) throw EncodeError("too many varbinds");
    PyObject** item = PySequence_Fast_ITEMS(seq.ptr());
    for (Py_ssize_t i = n; i-- > 0;) {
        nb::handle it(item[i]);
        size_t mark = w.size();
        if (PyUnicode_Check(it.ptr())) {
            w.put_header(tag::Null, 0);
            ber::Oid::parse(text(it, "OID")).put(w);
        } else {
            if (!PyTuple_Check(it.ptr()) || PyTuple_GET_SIZE(it.ptr()) != 3)
                throw EncodeError("a varbind must be an OID str or an (oid, tag, value) tuple");
            nb::handle oid(PyTuple_GET_ITEM(it.ptr(), 0));
            long t = PyLong_AsLong(PyTuple_GET_ITEM(it.ptr(), 1));
            if (t < 0 || t > 255) {
                PyErr_Clear();
                throw EncodeError("varbind tag must be an int 0..255");
            }
            put_value(w, static_cast<uint8_t>(t), PyTuple_GET_ITEM(it.ptr(), 2));
            ber::Oid::parse(text(oid, "OID")).put(w);
        }
        w.wrap(tag::Sequence, mark);
    }
}

}  // namespace anysnmp::py

"""Public namespaces: what their objects say of where they live."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable, Mapping

__all__ = ("fix_module_names",)


def fix_module_names(namespace: str, names: Mapping[str, object], public: Iterable[str]) -> None:
    """Sets ``__module__`` of the public classes and functions to their public namespace.

    Done as trio does, so that reprs, tracebacks and the documentation show
    ``anysnmp.SnmpSession`` rather than ``anysnmp._session.SnmpSession``. A
    class's own annotations are evaluated first, in the module that wrote them:
    ``typing.get_type_hints`` looks names up in ``__module__``'s globals.

    Args:
        namespace: the public module (``anysnmp``, ``anysnmp.lowlevel``).
        names: its globals.
        public: its ``__all__``.
    """
    for name in public:
        obj = names[name]
        if not getattr(obj, "__module__", "").startswith("anysnmp._"):
            continue
        if isinstance(obj, type):
            obj.__annotations__ = _evaluated(obj)
        obj.__module__ = namespace


def _evaluated(cls: type) -> dict[str, object]:
    """The class's own annotations, evaluated where they can be (TYPE_CHECKING names stay text)."""
    module = sys.modules[cls.__module__].__dict__
    out: dict[str, object] = {}
    for name, annotation in inspect.get_annotations(cls).items():
        try:
            out[name] = (
                eval(annotation, module, dict(vars(cls)))
                if isinstance(annotation, str)
                else annotation
            )
        except NameError:
            out[name] = annotation
    return out

"""Public namespaces: what their objects say of where they live."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ("fix_module_names", "lazy_exports")


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
    for name, annotation in dict(vars(cls).get("__annotations__", {})).items():
        try:
            out[name] = (
                eval(annotation, module, dict(vars(cls)))
                if isinstance(annotation, str)
                else annotation
            )
        except NameError:
            out[name] = annotation
    return out


def lazy_exports(
    namespace: str,
    names: dict[str, Any],
    sources: Mapping[str, Iterable[str]],
    *,
    submodules: Iterable[str] = (),
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` (PEP 562) importing its names on first use.

    The first use of a name imports its private module and binds every public
    name of that module in the package (``__module__`` fixed as by
    `fix_module_names`), and those of the private modules it imported in turn, so that
    what they raise or name shows its public name (``anysnmp.TimeoutError`` in a
    traceback, ``anysnmp.Manager`` in a message) before the package's name of it is
    used; later uses are plain attribute reads.

    Args:
        namespace: the package (``anysnmp``).
        names: its globals.
        sources: its private modules (``_session``) and the public names each holds.
        submodules: public submodules (``lowlevel``), imported on first use too.
    """
    where = {name: module for module, public in sources.items() for name in public}
    listed = sorted({*names, *where, *submodules})

    def bind(module: str) -> None:
        found = vars(sys.modules[f"{namespace}.{module}"])
        public = tuple(sources[module])
        if all(each in found for each in public):  # else still being imported
            names.update({each: found[each] for each in public})
            fix_module_names(namespace, names, public)

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is not None:
            importlib.import_module(f"{namespace}.{module}")
            for each in sources:
                if f"{namespace}.{each}" in sys.modules:
                    bind(each)
            return names[name]
        if name in submodules:
            return importlib.import_module(f"{namespace}.{name}")
        if name == "__version__":  # importlib.metadata is slow to import: only when asked
            from importlib.metadata import version

            return version(namespace)
        raise AttributeError(f"module {namespace!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return listed

    return __getattr__, __dir__

"""Every public name of every custorient module has a docstring, so help()
answers, and a declaration in the module's type stub (<module>.pyi) with the
same parameters; the stubs declare nothing the modules lack.

Public names of a module: its __all__, else the names without a leading
underscore that it defines itself. Of a class: its attributes without a
leading underscore that come from a custorient class; an inherited one is
checked once, in the stub of the class that defines it (a private base such
as btyd._Fitter or _uncertainty.UncertaintyMixin). custorient.capi, the
SWIG-generated layer under the package, is left out; custorient.dask is checked
where its optional dependency, dask, is installed.
"""

import ast
import functools
import importlib
import inspect
import os
import pkgutil

import pytest

import custorient

PUBLIC_MODULES = ["custorient"] + sorted(
    "custorient." + m.name for m in pkgutil.iter_modules(custorient.__path__)
    if not m.name.startswith("_") and m.name != "capi")
# Modules that import an optional package when they are imported.
OPTIONAL = {"custorient.dask": "dask"}


def import_public(module_name):
    """The module; skips the test when it needs an optional package that is missing."""
    if module_name in OPTIONAL:
        pytest.importorskip(OPTIONAL[module_name])
    return importlib.import_module(module_name)


class Stub:
    """The declarations of one .pyi file: top-level names, and per class its
    members (functions and properties apart from annotated attributes)."""

    def __init__(self, path):
        self.path = path
        self.names = {}  # name -> [ast nodes]
        self.classes = {}  # class name -> {member: [ast nodes]}
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        for node in tree.body:
            for name in _declared(node):
                self.names.setdefault(name, []).append(node)
            if isinstance(node, ast.ClassDef):
                members = self.classes.setdefault(node.name, {})
                for item in node.body:
                    for name in _declared(item):
                        members.setdefault(name, []).append(item)


def _declared(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.ImportFrom):  # re-exports: `from .x import a as a`
        return [a.asname for a in node.names if a.asname == a.name]
    if isinstance(node, ast.Import):
        return [a.asname for a in node.names if a.asname == a.name]
    return []


@functools.lru_cache(maxsize=None)
def stub_of(module_name):
    module = importlib.import_module(module_name)
    path = os.path.splitext(module.__file__)[0] + ".pyi"
    return Stub(path) if os.path.exists(path) else None


def public_names(module):
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    return [name for name, value in vars(module).items()
            if not name.startswith("_") and not inspect.ismodule(value)
            and getattr(value, "__module__", module.__name__) == module.__name__]


def own_doc(obj):
    """The docstring obj itself carries (a class's not inherited, a namedtuple's
    generated "Name(field, ...)" not counted)."""
    if inspect.isclass(obj):
        doc = vars(obj).get("__doc__")
        fields = getattr(obj, "_fields", None)
        if fields is not None and doc == "%s(%s)" % (obj.__name__, ", ".join(fields)):
            return None
        return doc
    return getattr(obj, "__doc__", None)


def stub_parameters(node):
    a = node.args
    names = [p.arg for p in a.posonlyargs + a.args]
    if a.vararg:
        names.append("*" + a.vararg.arg)
    names += [p.arg for p in a.kwonlyargs]
    if a.kwarg:
        names.append("**" + a.kwarg.arg)
    return names


def runtime_parameters(function):
    names = []
    for p in inspect.signature(function).parameters.values():
        prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        names.append(prefix + p.name)
    return names


def check_signature(where, function, nodes, problems):
    try:
        expected = runtime_parameters(function)
    except (TypeError, ValueError):  # no signature to compare (a builtin)
        return
    for node in nodes:
        if isinstance(node, ast.FunctionDef) and not _is_property(node):
            declared = stub_parameters(node)
            if declared != expected:
                problems.append("%s: the stub declares (%s), the code takes (%s)"
                                % (where, ", ".join(declared), ", ".join(expected)))


def _is_property(node):
    return any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list)


def unwrap(value):
    """The function behind a class attribute, or None for data."""
    if isinstance(value, (classmethod, staticmethod)):
        return value.__func__
    if inspect.isfunction(value):
        return value
    return None


def lacks_doc(value):
    """A method or property without a docstring (data such as a namedtuple's
    fields is described by its class's docstring)."""
    if isinstance(value, property):
        return not (value.fget and value.fget.__doc__)
    function = unwrap(value)
    return function is not None and not function.__doc__


def check_class(cls, problems, seen):
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next(k for k in cls.__mro__ if name in vars(k))
        if not owner.__module__.startswith("custorient") or (owner, name) in seen:
            continue
        seen.add((owner, name))
        value = vars(owner)[name]
        where = "%s.%s.%s" % (owner.__module__, owner.__name__, name)
        if lacks_doc(value):
            problems.append(where + " has no docstring")
        nodes = stub_declaration(owner, name)
        if nodes is None:
            problems.append(where + " is not in the stub")
            continue
        function = unwrap(value)
        if function is not None:
            check_signature(where, function, nodes, problems)


def stub_declaration(owner, name):
    """The stub's declaration of `name` in class `owner` or, as type checkers read
    stubs, in one of its custorient bases (an attribute a subclass only sets anew)."""
    for cls in owner.__mro__:
        stub = stub_of(cls.__module__) if cls.__module__.startswith("custorient") else None
        members = stub.classes.get(cls.__name__, {}) if stub else {}
        if name in members:
            return members[name]
    return None


def check_stub_against_module(module, stub, problems):
    """What the stub declares exists: top-level public names, every class, and the
    methods and properties of each class (annotated attributes may be set per
    instance)."""
    for name in stub.names:
        if (not name.startswith("_") or name in stub.classes) and not hasattr(module, name):
            problems.append("%s declares %s, which %s lacks" % (stub.path, name, module.__name__))
    for cls_name, members in stub.classes.items():
        cls = getattr(module, cls_name, None)
        if cls is None:
            continue
        for name, nodes in members.items():
            if any(isinstance(n, ast.FunctionDef) for n in nodes) and not hasattr(cls, name):
                problems.append("%s declares %s.%s, which the class lacks"
                                % (stub.path, cls_name, name))


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_names_have_docstrings_and_stubs(module_name):
    module = import_public(module_name)
    stub = stub_of(module_name)
    assert stub is not None, "%s has no stub %s" % (module_name, module.__file__[:-3] + ".pyi")
    assert module.__doc__, module_name + " has no docstring"
    problems, seen = [], set()
    for name in public_names(module):
        value = getattr(module, name)
        where = "%s.%s" % (module_name, name)
        if (inspect.isclass(value) or callable(value)) and not own_doc(value):
            problems.append(where + " has no docstring")
        if name not in stub.names:
            problems.append(where + " is not in the stub")
        elif inspect.isfunction(value):
            check_signature(where, value, stub.names[name], problems)
        if inspect.isclass(value) and value.__module__.startswith("custorient"):
            check_class(value, problems, seen)
    for owner_module in {m for m, _ in ((k.__module__, n) for k, n in seen)} | {module_name}:
        owner_stub = stub_of(owner_module)
        if owner_stub is not None:
            check_stub_against_module(importlib.import_module(owner_module), owner_stub,
                                      problems)
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_missing_stub_entry_and_docstring(tmp_path):
    """The rules above catch what they promise: a name absent from a stub, a
    function without a docstring, and a stub whose parameters differ."""
    stub_path = tmp_path / "example.pyi"
    stub_path.write_text("def documented(a: int, b: int = ...) -> int: ...\n")
    stub = Stub(str(stub_path))

    def documented(a, c=0):
        """Has a docstring."""
        return a + c

    def bare():
        return 0

    problems = []
    check_signature("example.documented", documented, stub.names["documented"], problems)
    assert problems == ["example.documented: the stub declares (a, b), the code takes (a, c)"]
    assert "bare" not in stub.names
    assert own_doc(bare) is None and own_doc(documented)
    assert own_doc(custorient.InstrumentItem)  # given its own, not the generated one

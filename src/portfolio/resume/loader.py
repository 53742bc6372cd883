"""Load the résumé YAML keeping the line and column of every key and value."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Document",
    "Position",
    "ResumeError",
    "ResumeValidationError",
    "display_name",
    "format_path",
    "load_document",
    "merge_overlay",
    "overlay_path",
    "parse_document",
]

#: A field path: mapping keys and sequence indices from the document root.
FieldPath = tuple[str | int, ...]

#: Keys whose values are dates; a bare ``2019`` in YAML is read as the string ``"2019"``.
DATE_KEYS = frozenset({"startDate", "endDate", "date", "releaseDate"})


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in the source file."""

    line: int
    column: int


@dataclass(frozen=True)
class ResumeError:
    """One problem in the data, printed as ``file:line:col: field.path: message``.

    Examples
    --------
    >>> str(ResumeError("docs/resume.yaml", Position(42, 18), "work[1].startDate", "bad"))
    'docs/resume.yaml:42:18: work[1].startDate: bad'
    """

    file: str
    position: Position
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.position.line}:{self.position.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ResumeValidationError(Exception):
    """Raised with every :class:`ResumeError` found in one run (never only the first)."""

    def __init__(self, errors: list[ResumeError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.position, e.field, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


def format_path(path: FieldPath) -> str:
    """Render a field path the way error messages show it.

    Examples
    --------
    >>> format_path(("work", 1, "startDate"))
    'work[1].startDate'
    >>> format_path(())
    ''
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class Document:
    """The parsed data plus where each field came from.

    ``keys`` maps a field path to the position of its key, ``values`` to the position of its
    value; the root's value position is ``(1, 1)``. ``origins`` names the file of each field that
    a local overlay supplied (see :func:`merge_overlay`); every other field is from ``file``.
    """

    file: str
    data: Any
    raw: bytes
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    values: dict[FieldPath, Position] = field(default_factory=dict)
    origins: dict[FieldPath, str] = field(default_factory=dict)

    def locate(self, path: FieldPath, *, key: bool = False) -> tuple[str, Position]:
        """Return the file and best known position for ``path`` (its key, value, or a parent's)."""
        for i in range(len(path), -1, -1):
            sub = path[:i]
            if key and sub in self.keys:
                return self.origins.get(sub, self.file), self.keys[sub]
            if sub in self.values:
                return self.origins.get(sub, self.file), self.values[sub]
        return self.file, Position(1, 1)

    def position(self, path: FieldPath, *, key: bool = False) -> Position:
        """Return the best known position for ``path`` (its key, its value, or a parent's)."""
        return self.locate(path, key=key)[1]

    def error(self, path: FieldPath, message: str, *, key: bool = False) -> ResumeError:
        """Build a :class:`ResumeError` located at ``path``, in whichever file supplied it."""
        file, position = self.locate(path, key=key)
        return ResumeError(file, position, format_path(path), message)


class _Loader(yaml.SafeLoader):
    """A safe loader that never turns ``2021-06-01`` into a :class:`datetime.date`."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


#: What YAML (and most editors) count as a line break: CR LF, CR, LF, NEL, LS and PS.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def text_position(text: str, offset: int) -> Position:
    """The 1-based line and column of character ``offset``, counting lines as YAML does.

    Examples
    --------
    >>> text_position("a\\r\\nb\\rcd", 6)
    Position(line=3, column=2)
    """
    breaks = list(LINE_BREAK.finditer(text, 0, offset))
    start = breaks[-1].end() if breaks else 0
    return Position(len(breaks) + 1, offset - start + 1)


def _mark(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def display_name(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def parse_document(text: bytes, file: str) -> Document:
    """Parse YAML ``text``; raise :class:`ResumeValidationError` on malformed YAML.

    Examples
    --------
    >>> doc = parse_document(b"work:\\n  - name: Example\\n", "r.yaml")
    >>> doc.data
    {'work': [{'name': 'Example'}]}
    >>> doc.values[("work", 0, "name")]
    Position(line=2, column=11)
    """
    doc = Document(file=file, data=None, raw=text)
    errors: list[ResumeError] = []
    try:
        loader = _Loader(text.decode("utf-8"))
        try:
            node = loader.get_single_node()
            doc.data = _convert(loader, node, (), doc, errors) if node is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise ResumeValidationError(
            [ResumeError(file, Position(1, 1), "", f"not UTF-8 text ({exc.reason})")]
        ) from None
    except yaml.reader.ReaderError as exc:
        position = text_position(text.decode("utf-8", errors="replace"), exc.position)
        raise ResumeValidationError(
            [ResumeError(file, position, "", f"malformed YAML: {exc.reason}")]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = ": ".join(p for p in (exc.context, exc.problem) if p)
        raise ResumeValidationError(
            [ResumeError(file, pos, "", f"malformed YAML: {problem}")]
        ) from None
    if errors:
        raise ResumeValidationError(errors)
    return doc


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse the YAML file at ``path`` (the file is only ever read)."""
    name = display_name(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ResumeValidationError(
            [ResumeError(name, Position(1, 1), "", f"cannot read the file: {exc.strerror}")]
        ) from None
    return parse_document(raw, name)


def _convert(
    loader: _Loader,
    node: yaml.Node,
    path: FieldPath,
    doc: Document,
    errors: list[ResumeError],
) -> Any:
    doc.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            sub = (*path, key)
            if key in out:
                errors.append(
                    ResumeError(doc.file, _mark(key_node), format_path(sub), "duplicate key")
                )
                continue
            doc.keys[sub] = _mark(key_node)
            out[key] = _convert(loader, value_node, sub, doc, errors)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, item, (*path, i), doc, errors) for i, item in enumerate(node.value)
        ]
    value = loader.construct_object(node, deep=True)
    if path and path[-1] in DATE_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return str(node.value)
    return value


def overlay_path(path: str | os.PathLike[str]) -> Path:
    """The private overlay beside a data file: ``resume.yaml`` -> ``resume.local.yaml``.

    Examples
    --------
    >>> overlay_path("docs/resume.yaml").as_posix()
    'docs/resume.local.yaml'
    """
    p = Path(path)
    return p.with_name(f"{p.stem}.local{p.suffix}")


def merge_overlay(base: Document, overlay: Document) -> Document:
    """Return ``base`` with ``overlay`` merged over it; neither input is changed.

    Mappings merge key by key, recursively; any other value in the overlay (a string, a list)
    replaces the base's value whole. Every field the overlay supplied keeps the overlay's file,
    line and column, so an error in it names the overlay. The content hash stays the base's:
    the overlay holds private additions, never a different public résumé.

    Examples
    --------
    >>> base = parse_document(b"basics:\\n  name: P\\n  email: p@example.com\\n", "r.yaml")
    >>> local = parse_document(b"basics:\\n  phone: 555-0100\\n", "r.local.yaml")
    >>> merged = merge_overlay(base, local)
    >>> merged.data["basics"]
    {'name': 'P', 'email': 'p@example.com', 'phone': '555-0100'}
    >>> print(merged.error(("basics", "phone"), "bad"))
    r.local.yaml:2:10: basics.phone: bad
    >>> print(merged.error(("basics", "name"), "bad"))
    r.yaml:2:9: basics.name: bad
    """
    out = Document(
        file=base.file,
        data=None,
        raw=base.raw,
        keys=dict(base.keys),
        values=dict(base.values),
        origins=dict(base.origins),
    )

    def take(path: FieldPath) -> None:
        # The overlay's subtree at `path` replaces the base's: drop the base's positions below it.
        for table in (out.keys, out.values, out.origins):
            for sub in [k for k in table if k[: len(path)] == path and k != path]:
                del table[sub]
        for table, source in ((out.keys, overlay.keys), (out.values, overlay.values)):
            for sub, position in source.items():
                if sub[: len(path)] == path:
                    table[sub] = position
                    out.origins[sub] = overlay.origins.get(sub, overlay.file)

    def merge(old: Any, new: Any, path: FieldPath) -> Any:
        if isinstance(old, dict) and isinstance(new, dict):
            merged = dict(old)
            for key, value in new.items():
                sub = (*path, key)
                merged[key] = merge(old[key], value, sub) if key in old else value
                if key not in old:
                    take(sub)
            return merged
        take(path)
        return new

    out.data = merge(base.data, overlay.data, ()) if overlay.data is not None else base.data
    return out

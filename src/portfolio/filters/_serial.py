"""Framing shared by every filter's ``to_bytes``/``from_bytes``: a CRC-32 trailer.

A serialised filter that lost or changed a byte must never load as a filter that quietly
misses keys, so every blob ends in the CRC-32 (:func:`zlib.crc32`) of everything before it.
CRC-32 detects every error burst of up to 32 bits and every truncation except with
probability :math:`2^{-32}`.

Examples
--------
>>> blob = seal(b"PZXX", b"payload")
>>> unseal(blob, b"PZXX", "Thing")
b'payload'
>>> unseal(blob[:-1], b"PZXX", "Thing")
Traceback (most recent call last):
...
ValueError: data is not a serialised Thing: checksum mismatch (truncated or corrupted)
"""

from __future__ import annotations

import struct
import zlib
from typing import Any

__all__ = ["Reader", "seal", "unseal"]

_CRC = struct.Struct("<I")


def seal(magic: bytes, body: bytes) -> bytes:
    """Return ``magic + body`` followed by its CRC-32."""
    data = magic + body
    return data + _CRC.pack(zlib.crc32(data))


def unseal(data: object, magic: bytes, what: str, *, older: tuple[bytes, ...] = ()) -> bytes:
    """Check the type, magic and CRC-32 of ``data``; return the body between them.

    ``older`` lists earlier versions' magics (of the same length) that still load.

    Raises
    ------
    TypeError
        If ``data`` is not bytes-like.
    ValueError
        If the magic or the checksum does not match.
    """
    if isinstance(data, str) or not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    raw = bytes(data)
    if len(raw) < len(magic) + _CRC.size or not raw.startswith((magic, *older)):
        raise ValueError(f"data is not a serialised {what} (bad magic or too short)")
    (crc,) = _CRC.unpack_from(raw, len(raw) - _CRC.size)
    if zlib.crc32(raw[: -_CRC.size]) != crc:
        raise ValueError(
            f"data is not a serialised {what}: checksum mismatch (truncated or corrupted)"
        )
    return raw[len(magic) : -_CRC.size]


class Reader:
    """Sequential, bounds-checked reads from a body; every failure is a ``ValueError``.

    Examples
    --------
    >>> r = Reader(b"\\x02\\x00ab", "Thing")
    >>> r.unpack(struct.Struct("<H")), r.take(2)
    ((2,), b'ab')
    >>> r.take(1)
    Traceback (most recent call last):
    ...
    ValueError: data is not a serialised Thing: truncated at byte 4
    """

    def __init__(self, body: bytes, what: str) -> None:
        self.body, self.what, self.pos = body, what, 0

    @classmethod
    def open(
        cls,
        data: object,
        magic: bytes,
        what: str,
        header: struct.Struct,
        *,
        older: tuple[bytes, ...] = (),
    ) -> tuple[Reader, tuple[Any, ...], str]:
        """Unseal ``data`` (see :func:`unseal`) and read its header and the name after it.

        The header's last field is the name's length in bytes. Returns the reader, positioned
        after the name, the header's other fields and the name.

        Examples
        --------
        >>> head = struct.Struct("<HB")
        >>> reader, fields, name = Reader.open(
        ...     seal(b"PZXX", head.pack(7, 3) + b"abc" + b"rest"), b"PZXX", "Thing", head
        ... )
        >>> fields, name, reader.rest()
        ((7,), 'abc', b'rest')
        """
        reader = cls(unseal(data, magic, what, older=older), what)
        *fields, name_len = reader.unpack(header)
        return reader, tuple(fields), reader.text(name_len)

    def fail(self, reason: str) -> ValueError:
        """The error to raise for a malformed body."""
        return ValueError(f"data is not a serialised {self.what}: {reason}")

    def take(self, size: int) -> bytes:
        """The next ``size`` bytes."""
        if size < 0 or self.pos + size > len(self.body):
            raise self.fail(f"truncated at byte {self.pos}")
        out = self.body[self.pos : self.pos + size]
        self.pos += size
        return out

    def unpack(self, fmt: struct.Struct) -> tuple[Any, ...]:
        """The next fixed-size record."""
        return fmt.unpack(self.take(fmt.size))

    def text(self, size: int) -> str:
        """The next ``size`` bytes as UTF-8."""
        try:
            return self.take(size).decode()
        except UnicodeDecodeError:
            raise self.fail("a name is not UTF-8") from None

    def rest(self) -> bytes:
        """Everything not read yet."""
        out = self.body[self.pos :]
        self.pos = len(self.body)
        return out

    def done(self) -> bool:
        """Whether every byte has been read."""
        return self.pos == len(self.body)

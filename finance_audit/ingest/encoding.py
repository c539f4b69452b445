"""Detect a text file's encoding and hand back UTF-8 bytes.

Registers export UTF-8 (with or without BOM), Windows-1252 (older UK exports: the pound sign
is byte 0xA3) and UTF-16 (Excel's "Unicode text"). The detection is deterministic: byte order
marks, then the NUL pattern of UTF-16, then strict UTF-8, then Windows-1252. A general-purpose
guesser (charset-normalizer) was tried in thought and rejected: on short Western European
files it names Latin-2 or Cyrillic code pages as often as the right one, and we only ever need
to tell these four apart.
"""

from __future__ import annotations

import codecs
import re

from finance_audit.errors import UnreadableFileError

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Name the UTF-16 byte order of a BOM-less sample, or None if it is not UTF-16."""
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _decode_mixed(data: bytes) -> str:
    """Decode line by line: UTF-8 where a line is valid UTF-8, else Windows-1252."""
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(_decode_cp1252(line))
    return "\n".join(lines)


# The five bytes Windows-1252 leaves undefined become '?' so a stray byte never aborts a file.
_CP1252_SAFE = bytes.maketrans(b"\x81\x8d\x8f\x90\x9d", b"?????")


def _decode_cp1252(data: bytes) -> str:
    return data.translate(_CP1252_SAFE).decode("cp1252")


def to_utf8(data: bytes, *, file: str) -> tuple[bytes, str]:
    """Return the file's text as UTF-8 bytes without a BOM, and the encoding it was in.

    Raises:
        UnreadableFileError: the file is empty or binary.
    """
    if not data[:65536].strip() and not data.strip():
        raise UnreadableFileError("the file is empty", file=file)
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            body.decode("utf-8")
            return body, "utf-8-sig"
        except UnicodeDecodeError:
            return _decode_mixed(body).encode("utf-8"), "utf-8-sig+cp1252"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _decode_utf16(data[len(bom) :], name, file), "utf-16"
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return _decode_utf16(data, utf16, file), utf16
    sample = data[:65536]
    if b"\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise UnreadableFileError("the file is binary, not a text table", file=file)
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(data):
        return _decode_mixed(data).encode("utf-8"), "utf-8+cp1252"
    return _decode_cp1252(data).encode("utf-8"), "cp1252"


def _decode_utf16(data: bytes, name: str, file: str) -> bytes:
    if len(data) % 2:
        data = data[:-1]
    try:
        return data.decode(name).encode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFileError(f"invalid {name} text ({err.reason})", file=file) from err

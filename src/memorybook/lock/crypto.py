"""The cryptography of a locked site: standard primitives only, in one place.

- A random 256-bit **site key**. From it, by HKDF-SHA256, a content key (AES-256-GCM)
  and a name key (HMAC-SHA256): one secret, two purposes kept apart.
- Each file is AES-256-GCM encrypted under the content key with a fresh random 96-bit
  nonce, its site path as associated data (a host cannot swap two files unnoticed), and
  its length padded to a Padmé bucket (Nikitin et al., "Reducing metadata leakage from
  encrypted files and communication with PURBs", PETS 2019) of at least 4 KiB.
- A large file (from `CHUNKED_FROM`, a clip) is sealed in chunks instead, so that a seek
  decrypts only what it needs (format MBL2, see `ChunkedHeader`): a header (a random 128-bit
  file id, the chunk size, the file's length, the number of chunks), then each chunk of 64 KiB
  sealed on its own with AES-256-GCM under a fresh random 96-bit nonce, its associated data
  binding it to the header (so to this file, this version of it and its length), its index,
  whether it is the last, and the path. A chunk altered, moved, swapped with another file's or
  another version's, or dropped from the end is refused; the chunks past the file's length
  hold the Padmé padding, encrypted like the rest.
- A file's name on the host is HMAC-SHA256(name key, path), truncated to 128 bits.
- The site key is wrapped (AES-256-GCM) once per passphrase by a key derived with
  PBKDF2-HMAC-SHA256, 600,000 iterations (OWASP's figure) and a random 128-bit salt.

Every constant here has its twin in theme/lock/*.js, which does the same with Web Crypto.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
import secrets
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

FORMAT = "memorybook-lock-1"
MAGIC = b"MBL1"
"""The first bytes of every encrypted file sealed whole: the format, so a later one can change
it."""
CHUNKED_MAGIC = b"MBL2"
"""The first bytes of a file sealed in chunks."""
CHUNK_BYTES = 64 * 1024
"""Plaintext bytes per chunk: a seek decrypts at most this much it does not need."""
CHUNKED_FROM = 1024 * 1024
"""Files of this many bytes and more are sealed in chunks (smaller ones are read whole)."""
MAX_CHUNK_BYTES = 16 * 1024 * 1024
"""The largest chunk a reader accepts from a header."""
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
SALT_BYTES = 16
ITERATIONS = 600_000
"""PBKDF2-HMAC-SHA256 iterations: OWASP's 2023 recommendation."""
NAME_HEX = 32
"""A file's opaque name: 128 bits of HMAC as hex."""
MIN_BUCKET = 4096
_HKDF_SALT = b"memorybook lock v1"
_FILE_AAD = b"memorybook lock v1 file\x00"
_WRAP_AAD = b"memorybook lock v1 site key"
_CHUNK_AAD = b"memorybook lock v2 chunk\x00"
_CHUNK_HEADER = struct.Struct(">4s16sIQI")
"""MBL2, file id, chunk size, the file's length, the number of chunks."""
_CHUNK_POSITION = struct.Struct(">IB")
"""A chunk's index and whether it is the last, in its associated data."""
FILE_ID_BYTES = 16
_LENGTH = struct.Struct(">Q")
_HEADER = len(MAGIC) + NONCE_BYTES
_OVERHEAD = _HEADER + _LENGTH.size + TAG_BYTES


class WrongKey(Exception):
    """A wrapped key or a file that this key (or passphrase) does not open, or that was altered."""


@dataclass(frozen=True)
class SiteKeys:
    """The keys derived from one site key (kept in memory only)."""

    content: bytes
    """AES-256-GCM key for every file."""
    names: bytes
    """HMAC-SHA256 key for the files' opaque names."""

    @classmethod
    def derive(cls, site_key: bytes) -> SiteKeys:
        return cls(content=_hkdf(site_key, b"content"), names=_hkdf(site_key, b"names"))

    @property
    def key_id(self) -> str:
        """Tells two site keys apart (in the cache's index) without revealing either."""
        return hmac.new(self.names, b"key id", hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True)
class Slot:
    """The site key wrapped by one passphrase."""

    salt: bytes
    nonce: bytes
    wrapped: bytes
    iterations: int = ITERATIONS

    def to_json(self) -> dict[str, object]:
        return {
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
            "iterations": self.iterations,
        }

    @classmethod
    def from_json(cls, data: object) -> Slot:
        if not isinstance(data, dict):
            raise ValueError("a key slot must be a mapping")
        return cls(
            salt=base64.b64decode(data["salt"]),
            nonce=base64.b64decode(data["nonce"]),
            wrapped=base64.b64decode(data["wrapped"]),
            iterations=int(data["iterations"]),
        )


def new_site_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def passphrase_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """PBKDF2-HMAC-SHA256 of the passphrase (Unicode NFC, UTF-8, as the browser does)."""
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return PBKDF2HMAC(hashes.SHA256(), KEY_BYTES, salt, iterations).derive(data)


def wrap(site_key: bytes, passphrase: str) -> Slot:
    """A new slot: the site key under a key derived from the passphrase and a fresh salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    kek = passphrase_key(passphrase, salt)
    return Slot(salt, nonce, AESGCM(kek).encrypt(nonce, site_key, _WRAP_AAD))


def unwrap(slot: Slot, passphrase: str) -> bytes:
    """The site key from a slot; WrongKey if this passphrase did not make it."""
    kek = passphrase_key(passphrase, slot.salt, slot.iterations)
    try:
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, _WRAP_AAD)
    except InvalidTag:
        raise WrongKey("that passphrase does not open this site") from None


def opaque_name(keys: SiteKeys, path: str) -> str:
    """The file's name on the host: says nothing of its path without the site key."""
    return hmac.new(keys.names, path.encode("utf-8"), hashlib.sha256).hexdigest()[:NAME_HEX]


def padded_size(length: int) -> int:
    """The encrypted file's size for `length` bytes sealed whole: Padmé's bucket, at least
    4 KiB."""
    return _padme(max(length + _OVERHEAD, MIN_BUCKET))


def _padme(n: int) -> int:
    """Padmé's bucket for `n`: only the top ~log2(log2(n)) bits kept, costing at most 12 %."""
    exponent = n.bit_length() - 1
    kept = exponent.bit_length()
    mask = (1 << (exponent - kept)) - 1
    return (n + mask) & ~mask


def encrypt_file(keys: SiteKeys, path: str, data: bytes) -> bytes:
    """The file sealed whole (MBL1) or, from `CHUNKED_FROM` bytes, in chunks (MBL2)."""
    if len(data) >= CHUNKED_FROM:
        into = io.BytesIO()
        encrypt_stream(keys, path, io.BytesIO(data), len(data), into)
        return into.getvalue()
    nonce = os.urandom(NONCE_BYTES)
    padding = padded_size(len(data)) - len(data) - _OVERHEAD
    framed = _LENGTH.pack(len(data)) + data + bytes(padding)
    return MAGIC + nonce + AESGCM(keys.content).encrypt(nonce, framed, _FILE_AAD + _path(path))


def decrypt_file(keys: SiteKeys, path: str, blob: bytes) -> bytes:
    """The file's bytes; WrongKey for another key, another path, or any altered byte."""
    if blob.startswith(CHUNKED_MAGIC):
        header = ChunkedHeader.parse(path, blob)
        if len(blob) != header.size:
            raise WrongKey(
                f"{path}: cut short or lengthened ({len(blob)} bytes, not {header.size})"
            )
        return read_range(keys, path, header, lambda start, end: blob[start:end], 0, header.length)
    if not blob.startswith(MAGIC) or len(blob) < _OVERHEAD:
        raise WrongKey(f"{path}: not a file of a locked memorybook site")
    nonce = blob[len(MAGIC) : _HEADER]
    try:
        framed = AESGCM(keys.content).decrypt(nonce, blob[_HEADER:], _FILE_AAD + _path(path))
    except InvalidTag:
        raise WrongKey(f"{path}: altered, or not of this site (its tag does not match)") from None
    (length,) = _LENGTH.unpack_from(framed)
    return framed[_LENGTH.size : _LENGTH.size + length]


@dataclass(frozen=True)
class ChunkedHeader:
    """The clear header of a file sealed in chunks: what a reader needs to find a byte in it.

    It is bound into every chunk's associated data, so a header altered opens no chunk."""

    file_id: bytes
    """Random for each encryption: no chunk of another file, or another version of this one,
    fits."""
    chunk_size: int
    """Plaintext bytes per chunk (the last one too: the padding fills it)."""
    length: int
    """The file's length; the chunks past it hold the padding."""
    chunks: int

    SIZE = _CHUNK_HEADER.size

    def pack(self) -> bytes:
        return _CHUNK_HEADER.pack(
            CHUNKED_MAGIC, self.file_id, self.chunk_size, self.length, self.chunks
        )

    @classmethod
    def parse(cls, path: str, data: bytes) -> ChunkedHeader:
        """The header at the start of `data`; WrongKey if it cannot be one."""
        if len(data) < cls.SIZE or not data.startswith(CHUNKED_MAGIC):
            raise WrongKey(f"{path}: not a file of a locked memorybook site")
        _magic, file_id, chunk_size, length, chunks = _CHUNK_HEADER.unpack_from(data)
        header = cls(file_id, chunk_size, length, chunks)
        if not 0 < chunk_size <= MAX_CHUNK_BYTES or chunks * chunk_size < length:
            raise WrongKey(f"{path}: altered (its header does not add up)")
        return header

    @property
    def size(self) -> int:
        """The whole encrypted file's size."""
        return self.SIZE + self.chunks * self.sealed_size

    @property
    def sealed_size(self) -> int:
        return NONCE_BYTES + self.chunk_size + TAG_BYTES

    def offset(self, index: int) -> int:
        """Where chunk `index` starts in the encrypted file."""
        return self.SIZE + index * self.sealed_size

    def chunks_for(self, start: int, end: int) -> range:
        """The chunks holding the file's bytes [start, end)."""
        return range(start // self.chunk_size, -(-end // self.chunk_size))


def encrypt_stream(
    keys: SiteKeys, path: str, source: BinaryIO, length: int, into: BinaryIO
) -> None:
    """The `length` bytes of `source` sealed into `into`: whole if small, else a chunk at a
    time (the header, then each chunk of (data, zero padding) sealed on its own), so a long
    clip is never held in memory."""
    if length < CHUNKED_FROM:
        into.write(encrypt_file(keys, path, source.read(length)))
        return
    size = CHUNK_BYTES
    header = ChunkedHeader(os.urandom(FILE_ID_BYTES), size, length, -(-_padme(length) // size))
    sealer = AESGCM(keys.content)
    into.write(header.pack())
    for index in range(header.chunks):
        wanted = min(size, max(0, length - index * size))
        plain = source.read(wanted)
        if len(plain) != wanted:
            raise OSError(f"{path} changed while it was being encrypted")
        nonce = os.urandom(NONCE_BYTES)
        aad = _chunk_aad(header, index, path)
        into.write(nonce + sealer.encrypt(nonce, plain + bytes(size - len(plain)), aad))


def decrypt_chunk(
    keys: SiteKeys, path: str, header: ChunkedHeader, index: int, sealed: bytes
) -> bytes:
    """The file's bytes in chunk `index` (its padding dropped), from the sealed chunk; WrongKey
    if it is not that chunk of that file."""
    if len(sealed) != header.sealed_size or not 0 <= index < header.chunks:
        raise WrongKey(f"{path}: chunk {index} is cut short or out of place")
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    try:
        plain = AESGCM(keys.content).decrypt(nonce, body, _chunk_aad(header, index, path))
    except InvalidTag:
        raise WrongKey(f"{path}: chunk {index} altered, moved, or not of this file") from None
    return plain[: max(0, header.length - index * header.chunk_size)]


def read_range(
    keys: SiteKeys,
    path: str,
    header: ChunkedHeader,
    read: Callable[[int, int], bytes],
    start: int,
    end: int,
) -> bytes:
    """The file's bytes [start, end), reading (`read(first, past)` of the encrypted file) and
    decrypting only the chunks that hold them, as the service worker does for a Range."""
    wanted = header.chunks_for(start, end)
    if not wanted:
        return b""
    sealed = read(header.offset(wanted.start), header.offset(wanted.stop))
    size = header.sealed_size
    plain = b"".join(
        decrypt_chunk(keys, path, header, index, sealed[i * size : (i + 1) * size])
        for i, index in enumerate(wanted)
    )
    skip = start - wanted.start * header.chunk_size
    return plain[skip : skip + end - start]


def _chunk_aad(header: ChunkedHeader, index: int, path: str) -> bytes:
    final = index == header.chunks - 1
    return _CHUNK_AAD + header.pack() + _CHUNK_POSITION.pack(index, final) + _path(path)


def _path(path: str) -> bytes:
    return path.encode("utf-8")


def _hkdf(site_key: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, _HKDF_SALT, info).derive(site_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

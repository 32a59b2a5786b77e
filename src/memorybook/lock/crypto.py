"""The cryptography of a locked site: standard primitives only, in one place.

- A random 256-bit **site key**. From it, by HKDF-SHA256, a content key (AES-256-GCM)
  and a name key (HMAC-SHA256): one secret, two purposes kept apart.
- Each file is AES-256-GCM encrypted under the content key with a fresh random 96-bit
  nonce, its site path as associated data (a host cannot swap two files unnoticed), and
  its length padded to a Padmé bucket (Nikitin et al., "Reducing metadata leakage from
  encrypted files and communication with PURBs", PETS 2019) of at least 4 KiB.
- A file's name on the host is HMAC-SHA256(name key, path), truncated to 128 bits.
- The site key is wrapped (AES-256-GCM) once per passphrase by a key derived with
  PBKDF2-HMAC-SHA256, 600,000 iterations (OWASP's figure) and a random 128-bit salt.

Every constant here has its twin in theme/lock/*.js, which does the same with Web Crypto.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import struct
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

FORMAT = "memorybook-lock-1"
MAGIC = b"MBL1"
"""The first bytes of every encrypted file: the format, so a later one can change it."""
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
    """The encrypted file's size for `length` bytes: Padmé's bucket, at least 4 KiB.

    Padmé keeps only the top ~log2(log2(n)) bits of the size, costing at most 12 %."""
    n = max(length + _OVERHEAD, MIN_BUCKET)
    exponent = n.bit_length() - 1
    kept = exponent.bit_length()
    mask = (1 << (exponent - kept)) - 1
    return (n + mask) & ~mask


def encrypt_file(keys: SiteKeys, path: str, data: bytes) -> bytes:
    """MAGIC, nonce, then AES-GCM of (length, data, zero padding) bound to the path."""
    nonce = os.urandom(NONCE_BYTES)
    padding = padded_size(len(data)) - len(data) - _OVERHEAD
    framed = _LENGTH.pack(len(data)) + data + bytes(padding)
    return MAGIC + nonce + AESGCM(keys.content).encrypt(nonce, framed, _FILE_AAD + _path(path))


def decrypt_file(keys: SiteKeys, path: str, blob: bytes) -> bytes:
    """The file's bytes; WrongKey for another key, another path, or any altered byte."""
    if not blob.startswith(MAGIC) or len(blob) < _OVERHEAD:
        raise WrongKey(f"{path}: not a file of a locked memorybook site")
    nonce = blob[len(MAGIC) : _HEADER]
    try:
        framed = AESGCM(keys.content).decrypt(nonce, blob[_HEADER:], _FILE_AAD + _path(path))
    except InvalidTag:
        raise WrongKey(f"{path}: altered, or not of this site (its tag does not match)") from None
    (length,) = _LENGTH.unpack_from(framed)
    return framed[_LENGTH.size : _LENGTH.size + length]


def _path(path: str) -> bytes:
    return path.encode("utf-8")


def _hkdf(site_key: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, _HKDF_SALT, info).derive(site_key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

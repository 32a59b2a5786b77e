"""Large files of a locked site (clips) sealed in chunks (issue #24): a seek decrypts only the
chunks it needs, and a chunk altered, moved, swapped or dropped opens nothing."""

from __future__ import annotations

import random
import struct
import tracemalloc
from pathlib import Path

import pytest

from memorybook.lock import crypto
from memorybook.lock.crypto import ChunkedHeader, WrongKey
from memorybook.lock.site import CipherCache

CLIP = "clips/0a1b2c/first-dance.mp4"
SIZE = crypto.CHUNK_BYTES


@pytest.fixture(scope="module")
def keys() -> crypto.SiteKeys:
    return crypto.SiteKeys.derive(crypto.new_site_key())


def clip_bytes(length: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(length)


def sealed(keys: crypto.SiteKeys, data: bytes, path: str = CLIP) -> bytes:
    return crypto.encrypt_file(keys, path, data)


def chunk(blob: bytes, index: int) -> bytes:
    header = ChunkedHeader.parse(CLIP, blob)
    return blob[header.offset(index) : header.offset(index + 1)]


def with_chunk(blob: bytes, index: int, replacement: bytes) -> bytes:
    header = ChunkedHeader.parse(CLIP, blob)
    return blob[: header.offset(index)] + replacement + blob[header.offset(index + 1) :]


def read_all(keys: crypto.SiteKeys, blob: bytes, path: str = CLIP) -> bytes:
    """The whole file read chunk by chunk, as the service worker reads it without a Range."""
    header = ChunkedHeader.parse(path, blob)
    return crypto.read_range(keys, path, header, lambda a, b: blob[a:b], 0, header.length)


@pytest.mark.parametrize(
    ("length", "magic"),
    [
        (crypto.CHUNKED_FROM - 1, crypto.MAGIC),
        (crypto.CHUNKED_FROM, crypto.CHUNKED_MAGIC),
        (crypto.CHUNKED_FROM + 7 * SIZE + 1, crypto.CHUNKED_MAGIC),
        (5 * crypto.CHUNKED_FROM + 12_345, crypto.CHUNKED_MAGIC),
    ],
)
def test_a_large_file_is_sealed_in_chunks_and_reads_back(
    keys: crypto.SiteKeys, length: int, magic: bytes
) -> None:
    data = clip_bytes(length)
    blob = sealed(keys, data)
    assert blob.startswith(magic)
    assert crypto.decrypt_file(keys, CLIP, blob) == data
    assert data[1000:1100] not in blob  # encrypted, not merely framed


def test_any_range_reads_back_the_files_bytes(keys: crypto.SiteKeys) -> None:
    data = clip_bytes(3 * crypto.CHUNKED_FROM + 999)
    blob = sealed(keys, data)
    header = ChunkedHeader.parse(CLIP, blob)
    pick = random.Random(7)
    edges = [0, 1, SIZE - 1, SIZE, SIZE + 1, 5 * SIZE, len(data) - 1, len(data)]
    spans = [(a, b) for a in edges for b in edges if a < b]
    spans += [tuple(sorted(pick.sample(range(len(data) + 1), 2))) for _ in range(50)]
    for start, end in spans:
        got = crypto.read_range(keys, CLIP, header, lambda a, b: blob[a:b], start, end)
        assert got == data[start:end], (start, end)


def test_a_seek_reads_and_decrypts_only_the_chunks_it_needs(keys: crypto.SiteKeys) -> None:
    data = clip_bytes(4 * crypto.CHUNKED_FROM)
    blob = sealed(keys, data)
    header = ChunkedHeader.parse(CLIP, blob)
    reads: list[tuple[int, int]] = []

    def read(first: int, past: int) -> bytes:
        reads.append((first, past))
        return blob[first:past]

    start = 40 * SIZE + 100
    got = crypto.read_range(keys, CLIP, header, read, start, start + 2 * SIZE)
    assert got == data[start : start + 2 * SIZE]
    assert reads == [(header.offset(40), header.offset(43))]  # three chunks, nothing else


def test_the_padding_hides_the_length_in_whole_chunks(keys: crypto.SiteKeys) -> None:
    """Padmé's buckets, as for small files: at 16 MiB they are 512 KiB (8 chunks) wide."""
    sizes = set()
    for length in range(16 * crypto.CHUNKED_FROM, 16 * crypto.CHUNKED_FROM + 2_600_000, 200_000):
        blob = sealed(keys, bytes(length))
        header = ChunkedHeader.parse(CLIP, blob)
        assert len(blob) == header.size and header.length == length
        assert header.size < 1.12 * length + SIZE
        sizes.add(len(blob))
    assert len(sizes) <= 6  # 13 lengths, each over 3 chunks apart


# -- tampering -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clip(keys: crypto.SiteKeys) -> bytes:
    return sealed(keys, clip_bytes(2 * crypto.CHUNKED_FROM + 3 * SIZE + 17))


def test_an_altered_chunk_is_refused(keys: crypto.SiteKeys, clip: bytes) -> None:
    header = ChunkedHeader.parse(CLIP, clip)
    altered = bytearray(clip)
    altered[header.offset(9) + 100] ^= 1
    with pytest.raises(WrongKey, match="chunk 9"):
        crypto.decrypt_file(keys, CLIP, bytes(altered))
    start = 9 * SIZE
    with pytest.raises(WrongKey):  # a seek into it too
        crypto.read_range(keys, CLIP, header, lambda a, b: altered[a:b], start, start + 10)


def test_an_altered_header_opens_no_chunk(keys: crypto.SiteKeys, clip: bytes) -> None:
    header = ChunkedHeader.parse(CLIP, clip)
    shorter = ChunkedHeader(header.file_id, header.chunk_size, header.length - 5, header.chunks)
    forged = shorter.pack() + clip[header.SIZE :]
    with pytest.raises(WrongKey, match="chunk 0"):
        crypto.read_range(keys, CLIP, shorter, lambda a, b: forged[a:b], 0, 10)


def test_two_chunks_swapped_are_refused(keys: crypto.SiteKeys, clip: bytes) -> None:
    swapped = with_chunk(with_chunk(clip, 3, chunk(clip, 4)), 4, chunk(clip, 3))
    with pytest.raises(WrongKey):
        crypto.decrypt_file(keys, CLIP, swapped)
    header = ChunkedHeader.parse(CLIP, swapped)
    with pytest.raises(WrongKey, match="chunk 3"):  # a seek into the swapped one
        crypto.read_range(keys, CLIP, header, lambda a, b: swapped[a:b], 3 * SIZE, 3 * SIZE + 1)


def test_a_chunk_of_another_file_or_version_is_refused(keys: crypto.SiteKeys, clip: bytes) -> None:
    header = ChunkedHeader.parse(CLIP, clip)
    same_size = clip_bytes(header.length, seed=2)
    for other in (sealed(keys, same_size, "clips/ffff/other.mp4"), sealed(keys, same_size)):
        mixed = with_chunk(clip, 5, chunk(other, 5))
        with pytest.raises(WrongKey, match="chunk 5"):
            crypto.decrypt_file(keys, CLIP, mixed)


def test_a_file_cut_short_is_refused(keys: crypto.SiteKeys, clip: bytes) -> None:
    header = ChunkedHeader.parse(CLIP, clip)
    cut = clip[: header.offset(header.chunks - 1)]
    with pytest.raises(WrongKey, match="cut short"):
        crypto.decrypt_file(keys, CLIP, cut)
    end = header.length
    with pytest.raises(WrongKey, match="cut short"):  # a range reaching the missing chunk
        crypto.read_range(keys, CLIP, header, lambda a, b: cut[a:b], end - 10, end)
    # ... and one whose header says it ends sooner: no chunk fits that header
    fewer = ChunkedHeader(header.file_id, SIZE, (header.chunks - 1) * SIZE, header.chunks - 1)
    relabelled = fewer.pack() + cut[header.SIZE :]
    with pytest.raises(WrongKey):
        crypto.decrypt_file(keys, CLIP, relabelled)


def test_a_file_moved_to_another_name_is_refused(keys: crypto.SiteKeys, clip: bytes) -> None:
    with pytest.raises(WrongKey):
        crypto.decrypt_file(keys, "clips/0a1b2c/other.mp4", clip)
    other_key = crypto.SiteKeys.derive(crypto.new_site_key())
    with pytest.raises(WrongKey):
        crypto.decrypt_file(other_key, CLIP, clip)


@pytest.mark.parametrize(
    "header",
    [
        struct.pack(">4s16sIQI", b"MBL2", bytes(16), 0, 10, 1),  # no chunk size
        struct.pack(">4s16sIQI", b"MBL2", bytes(16), 2**31, 10, 1),  # a reader's memory
        struct.pack(">4s16sIQI", b"MBL2", bytes(16), SIZE, 10 * SIZE, 2),  # fewer than length
        b"MBL2\x00",
    ],
)
def test_a_header_that_does_not_add_up_is_refused(keys: crypto.SiteKeys, header: bytes) -> None:
    with pytest.raises(WrongKey):
        crypto.decrypt_file(keys, CLIP, header + bytes(100))


def test_a_long_clip_is_sealed_a_chunk_at_a_time(keys: crypto.SiteKeys, tmp_path: Path) -> None:
    """Before: a clip was read, and its ciphertext made, whole in memory (three copies of a
    100 MB clip at once); now the build holds a chunk or so."""
    clip = tmp_path / "plain" / CLIP
    clip.parent.mkdir(parents=True)
    with clip.open("wb") as stream:
        for block in range(40):
            stream.write(random.Random(block).randbytes(1_000_000))
    cache = CipherCache(tmp_path / "cache", keys)
    tracemalloc.start()
    try:
        rel = cache.put(tmp_path / "site", CLIP, clip)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"{peak / 1e6:.1f} MB held at once"
    sealed_clip = (tmp_path / "site" / rel).read_bytes()
    assert crypto.decrypt_file(keys, CLIP, sealed_clip) == clip.read_bytes()


def test_an_unchanged_clip_keeps_its_ciphertext_and_a_changed_one_gets_fresh_chunks(
    keys: crypto.SiteKeys, tmp_path: Path
) -> None:
    """As every file of a locked site: a rebuild uploads nothing new for a clip unchanged."""
    clip = tmp_path / "plain" / CLIP
    clip.parent.mkdir(parents=True)
    clip.write_bytes(clip_bytes(crypto.CHUNKED_FROM + 5))
    sealed_once = []
    for _build in range(2):
        cache = CipherCache(tmp_path / "cache", keys)
        rel = cache.put(tmp_path / "site", CLIP, clip)
        cache.save(prune=True)
        sealed_once.append((tmp_path / "site" / rel).read_bytes())
    assert sealed_once[0] == sealed_once[1] and cache.reused == 1
    clip.write_bytes(clip_bytes(crypto.CHUNKED_FROM + 5, seed=9))
    CipherCache(tmp_path / "cache", keys).put(tmp_path / "site", CLIP, clip)
    changed = (tmp_path / "site" / rel).read_bytes()
    first, second = (ChunkedHeader.parse(CLIP, blob) for blob in (sealed_once[0], changed))
    assert first.file_id != second.file_id  # a fresh file id and fresh nonces
    assert chunk(changed, 0)[:12] != chunk(sealed_once[0], 0)[:12]

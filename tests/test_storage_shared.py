"""Blob storage on a mount that several hosts write at once: names come from content and every write is a
rename of a finished temporary file, so racing writers of the same blob leave one whole file and no debris."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from reviewer.documents.storage import BlobStore

_WRITER = """
import sys
from reviewer.documents.storage import BlobStore
store = BlobStore(sys.argv[1])
sys.stdin.readline()  # both writers start together
for n in range(int(sys.argv[2])):
    store.put(bytes([n % 251]) * (1 << 20) + str(n).encode())
"""


def test_two_processes_writing_the_same_blobs_at_once(tmp_path: Path) -> None:
    count = 40
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(count)], stdin=subprocess.PIPE)
               for _ in range(2)]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write(b"go\n")
        writer.stdin.close()
    for writer in writers:
        assert writer.wait(timeout=60) == 0
    store = BlobStore(tmp_path)
    for n in range(count):
        data = bytes([n % 251]) * (1 << 20) + str(n).encode()
        assert store.get(hashlib.sha256(data).hexdigest()) == data
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == count and not [p for p in files if p.name.startswith(".incoming-")]


def test_every_stored_file_is_readable_by_the_services_group_whatever_the_umask(tmp_path: Path) -> None:
    """On a shared mount the web app and the workers often run as different users of one group: each must
    read what the other wrote (uploads one way, previews the other), and nobody else may."""
    import io
    import os

    from reviewer.documents.storage import write_atomically

    old = os.umask(0o077)  # the strictest umask a service account may carry
    try:
        store = BlobStore(tmp_path)
        written = [store.path_for(store.put(b"a whole blob")),
                   store.path_for(store.put_stream(io.BytesIO(b"a streamed upload"))[0])]
        write_atomically(tmp_path / "previews" / "page-1.png", b"a preview")
        written.append(tmp_path / "previews" / "page-1.png")
    finally:
        os.umask(old)
    assert [oct(p.stat().st_mode & 0o777) for p in written] == [oct(0o640)] * 3

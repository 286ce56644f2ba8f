"""Issue 10, finding 3: no PDF holds a worker. Every filter chain is counted, and a page's content is bounded.

Two files once got past the inflate check and each held a worker for the whole 120 s document timeout:
a Flate bomb behind `/ASCIIHexDecode`, and one page of 190 MB of path operators, just under the total.
"""

from __future__ import annotations

import base64
import binascii
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import lzwdecode
from pdfminer.runlength import rldecode

from reviewer.config import from_env, limits_from
from tests import hostile
from workers.checks import CheckContext
from workers.errors import PipelineError
from workers.reading.pdf_content import check_stream_sizes
from workers.reading.pdf_filters import decode, decoded_size
from workers.reading.sniff import sniff
from workers.runtime.isolation import process_isolated
from workers.runtime.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
CHAINS = sorted(hostile.FILTER_BOMBS) + ["lzw"]
_NO_DEADLINE = float("inf")


def _refusal(data: bytes, limits: Limits, ctx: CheckContext) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(PipelineError) as err:
        process_isolated(data, limits, ctx)
    assert err.value.message and "Traceback" not in err.value.message
    return err.value.code, time.monotonic() - started


@pytest.mark.parametrize("chain", CHAINS)
def test_bomb_behind_any_filter_chain_is_refused_within_seconds(chain: str, limits: Limits, ctx: CheckContext) -> None:
    """As a page's content it is stopped at the page limit; hidden in an embedded file, at the total."""
    for data, expected in ((hostile.filter_bomb_pdf(chain), "page_too_large"),
                           (hostile.filter_bomb_pdf(chain, hidden=True), "too_large")):
        code, seconds = _refusal(data, limits, ctx)
        assert code == expected and seconds < 10


def test_the_issues_chained_file_is_the_size_it_reported(limits: Limits) -> None:
    data = hostile.filter_bomb_pdf("hex")
    assert 780_000 < len(data) < 840_000  # 816 KB that inflate to 400 MB
    with pytest.raises(PipelineError) as err:
        sniff(data, limits)
    assert err.value.code == "page_too_large" and "16 MiB" in err.value.message


def test_page_of_path_operators_under_the_total_is_refused_within_seconds(limits: Limits, ctx: CheckContext) -> None:
    code, seconds = _refusal(hostile.drawing_flood_pdf(), limits, ctx)
    assert code == "page_too_large" and seconds < 10


def test_page_content_split_over_several_streams_is_summed(limits: Limits) -> None:
    """Four streams of 6 MiB each stay under the page limit one by one; the page does not."""
    with pytest.raises(PipelineError) as err:
        sniff(hostile.split_drawing_flood_pdf(streams=4, inflated_mib=6), limits)
    assert err.value.code == "page_too_large"
    assert sniff(hostile.split_drawing_flood_pdf(streams=2, inflated_mib=6), limits).pages == 1


def test_the_page_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWER_MAX_PAGE_CONTENT_BYTES", str(4 << 20))
    config = from_env()
    assert limits_from(config).max_page_content_bytes == 4 << 20
    monkeypatch.delenv("REVIEWER_MAX_PAGE_CONTENT_BYTES")
    assert limits_from(from_env()).max_page_content_bytes == Limits().max_page_content_bytes == 16 << 20


def _flood(mib: int = 2) -> bytes:
    return hostile._deflated(b"0 0 m 9 9 l S\n", mib, 6)


SMALL = replace(Limits(), max_page_content_bytes=1 << 20)


def _refused_code(data: bytes, limits: Limits = SMALL) -> str | None:
    try:
        check_stream_sizes(data, limits)
    except PipelineError as exc:
        return exc.code
    return None


def test_page_contents_are_found_through_arrays_object_streams_and_escaped_names() -> None:
    stream = hostile._stream(_flood(), b"/Filter /FlateDecode /Subtype /Image")  # dressed as an image
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    through_array = hostile._pdf([catalog, pages, b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
                                  stream, b"[4 0 R]"])
    escaped = hostile._pdf([catalog, pages, b"<< /Type /Page /Parent 2 0 R /Cont#65nts 4 0 R >>", stream])
    page = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"
    objects = b"3 0 " + page
    object_stream = hostile._stream(zlib.compress(objects), b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode")
    in_object_stream = hostile._pdf([catalog, pages, b"null", stream, object_stream])
    unreferenced = hostile._pdf([catalog, pages, b"<< /Type /Page /Parent 2 0 R >>", stream])
    assert [_refused_code(d) for d in (through_array, escaped, in_object_stream, unreferenced)] == [
        "page_too_large", "page_too_large", "page_too_large", None]


def test_text_inside_strings_cannot_pose_as_the_filter_or_the_object() -> None:
    for decoy in (b"/Note (/Filter /DCTDecode)", b"/Note (1 0 obj <<)", b"/Note (>> stream\n)", b"/Note (endobj)"):
        data = hostile._one_page_pdf([hostile._stream(_flood(), b"/Filter /FlateDecode " + decoy)])
        assert _refused_code(data) == "page_too_large", decoy


def test_a_predictor_inside_a_chain_is_refused_rather_than_miscounted() -> None:
    data = hostile._one_page_pdf([hostile._stream(zlib.compress(_flood(1)), b"/Filter [/FlateDecode /FlateDecode] "
                                                  b"/DecodeParms [<< /Predictor 12 /Columns 4 >> null]")])
    assert _refused_code(data) == "corrupt"


def test_every_real_pdf_passes_and_counts_quickly(limits: Limits) -> None:
    files = sorted(ROOT.glob("sample_docs/*.pdf")) + sorted(ROOT.glob("sample_docs/replicas/*.pdf"))
    blobs = [f.read_bytes() for f in files] + [hostile.certificate_with_background_pdf(),
                                               hostile.text_pdf(hostile.CERTIFICATE_LINES, pages=40)]
    started = time.monotonic()
    for blob in blobs:
        check_stream_sizes(blob, limits)
    assert time.monotonic() - started < 0.05 * len(blobs)  # a few milliseconds each


# The decoders against pdfminer's: the count is only as good as the decoding.
_DATA = (b"Certificate of completion. " * 400 + bytes(range(256)) * 40) * 3


@pytest.mark.parametrize("name, encoded, reference", [
    ("ASCIIHexDecode", binascii.hexlify(_DATA, b"\n", 38) + b">", asciihexdecode),
    ("ASCII85Decode", base64.a85encode(_DATA, wrapcol=75) + b"~>", ascii85decode),
    ("RunLengthDecode", hostile.run_length_encode(_DATA), rldecode),
    ("LZWDecode", hostile.lzw_encode(_DATA), lzwdecode),
    ("FlateDecode", zlib.compress(_DATA) + b"\r\n", zlib.decompress),
])
def test_decoders_agree_with_pdfminer(name: str, encoded: bytes, reference) -> None:
    expected = reference(encoded.rstrip(b"\r\n") if name == "FlateDecode" else encoded)
    assert expected == _DATA
    assert b"".join(decode(encoded, [name])) == _DATA
    assert decoded_size(encoded, [name], 1 << 30, _NO_DEADLINE) == len(_DATA)


def test_junk_between_hex_digits_and_overflowing_ascii85_do_not_end_the_count() -> None:
    bomb = hostile._deflated(b" ", 4)
    noisy_hex = b"zz".join(binascii.hexlify(bomb)[i:i + 64] for i in range(0, 2 * len(bomb), 64)) + b">"
    assert decoded_size(noisy_hex, ["ASCIIHexDecode", "FlateDecode"], 1 << 30, _NO_DEADLINE) == 4 << 20
    overflow = b"".join(decode(b"uuuuu" + base64.a85encode(b"abcd") + b"~>", ["ASCII85Decode"]))
    assert overflow == ((85**5 - 1) % 2**32).to_bytes(4, "big") + b"abcd"  # wrapped, as pdfium does


def test_counting_stops_past_the_budget_and_at_the_deadline() -> None:
    lzw = hostile.lzw_space_bomb(64)
    assert (1 << 20) < decoded_size(lzw, ["LZWDecode"], 1 << 20, _NO_DEADLINE) <= 3 << 20
    with pytest.raises(PipelineError) as err:
        decoded_size(lzw, ["LZWDecode"], 1 << 40, time.monotonic() - 1)
    assert err.value.code == "timeout"

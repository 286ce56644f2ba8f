"""`reviewer extract` as people use it: the JSON contract, the table, exit codes, and no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner

from reviewer.cli.extract import extract_command
from tests import hostile

CONTRACT_KEYS = ["file", "status", "error", "mime", "pages", "text_source", "recipient", "issuer", "third_party",
                 "third_party_reasons", "activities", "flags", "flag_reasons", "certificate_number"]
ACTIVITY_KEYS = ["title", "start_date", "date", "amount", "contact_hours"]


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_json_one_object_per_file_in_order(runner: FlaskCliRunner, samples: Path) -> None:
    files = [str(samples / "01_certificate_text_pdf.pdf"), str(samples / "25_transcript_text_pdf.pdf")]
    result = runner.invoke(extract_command, ["--json", "--as-of", "2026-11-01", *files])
    assert result.exit_code == 0, result.output
    records = _lines(result.output)
    assert [r["file"] for r in records] == files
    for record in records:
        assert list(record) == CONTRACT_KEYS
        assert record["status"] == "ok" and record["error"] is None
        assert record["mime"] == "application/pdf" and record["text_source"] == "text_layer"
        for activity in record["activities"]:
            assert list(activity) == ACTIVITY_KEYS
        assert set(record["flag_reasons"]) == set(record["flags"])
    transcript = records[1]
    assert len(transcript["activities"]) == 4
    assert all(a["amount"]["unit"] == "credit_hours" for a in transcript["activities"])
    assert all(a["contact_hours"] == a["amount"]["value"] * 15 for a in transcript["activities"])


def test_a_bad_file_is_an_error_record_and_the_run_goes_on(runner: FlaskCliRunner, samples: Path,
                                                            tmp_path: Path) -> None:
    fake = tmp_path / "certificate.pdf"
    fake.write_bytes(hostile.zip_file())
    good = samples / "16_hr_letter_text_pdf.pdf"
    result = runner.invoke(extract_command, ["--json", str(fake), str(good)])
    assert result.exit_code == 1
    bad_record, good_record = _lines(result.output)
    assert bad_record["status"] == "error"
    assert bad_record["error"]["code"] == "unsupported_type"
    assert "application/zip" in bad_record["error"]["message"]
    assert list(bad_record) == CONTRACT_KEYS
    assert good_record["status"] == "ok" and good_record["third_party"] is True
    assert "Traceback" not in result.output


def test_applicant_and_window_options_drive_the_flags(runner: FlaskCliRunner, samples: Path) -> None:
    path = str(samples / "01_certificate_text_pdf.pdf")
    ok = _lines(runner.invoke(extract_command, ["--json", "--as-of", "2026-11-01", path]).output)[0]
    assert ok["flags"] == []
    other = runner.invoke(extract_command, ["--json", "--as-of", "2026-11-01", "--applicant", "Zed Nobody", path])
    assert _lines(other.output)[0]["flags"] == ["name_mismatch"]
    early = runner.invoke(extract_command, ["--json", "--as-of", "2020-01-01", path])
    assert _lines(early.output)[0]["flags"] == ["outside_window"]
    narrow = runner.invoke(extract_command, ["--json", "--as-of", "2030-01-01", "--window-years", "1", path])
    assert _lines(narrow.output)[0]["flags"] == ["outside_window"]


def test_table_output(runner: FlaskCliRunner, samples: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = runner.invoke(extract_command, ["--as-of", "2026-11-01", str(samples / "19_self_statement_text_pdf.pdf"),
                                             str(empty)])
    assert result.exit_code == 1
    header, self_row, error_row = result.output.splitlines()
    assert header.split() == ["file", "activities", "hours", "third", "party", "flags"]
    assert "19_self_statement_text_pdf.pdf" in self_row and "self_issued" in self_row and " no " in self_row
    assert "ERROR empty" in error_row


def test_usage_errors_exit_2(runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert runner.invoke(extract_command, []).exit_code == 2
    assert runner.invoke(extract_command, [str(tmp_path / "missing.pdf")]).exit_code == 2
    some = tmp_path / "x.pdf"
    some.write_bytes(b"%PDF")
    assert runner.invoke(extract_command, ["--as-of", "yesterday", str(some)]).exit_code == 2
    assert runner.invoke(extract_command, ["--window-years", "0", str(some)]).exit_code == 2


def test_console_script_is_a_flask_cli_group(runner: FlaskCliRunner) -> None:
    from reviewer.cli.main import cli
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "evaluate" in result.output

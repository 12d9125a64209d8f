"""The one check of stored attached files that the SQLite file's check, the server's check and
every read share: size and SHA-256, whatever type the driver hands the bytes back as."""

from __future__ import annotations

import hashlib

from giaoban.core.check_report import CheckReport, check_attachments, intact

GOOD = "Biên bản đã ký".encode()
DIGEST = hashlib.sha256(GOOD).hexdigest()


def test_intact_accepts_the_bytes_in_any_buffer_and_refuses_anything_else():
    assert intact(GOOD, len(GOOD), DIGEST)
    assert intact(memoryview(GOOD), len(GOOD), DIGEST)  # psycopg2 hands back memoryviews
    assert intact(bytearray(GOOD), len(GOOD), DIGEST)
    assert not intact(None, len(GOOD), DIGEST)
    assert not intact(GOOD.decode(), len(GOOD), DIGEST)  # stored as text by something else
    assert not intact(GOOD[:-1], len(GOOD), DIGEST)
    flipped = bytearray(GOOD)
    flipped[3] ^= 0xFF
    assert not intact(bytes(flipped), len(GOOD), DIGEST)


def test_check_attachments_counts_and_names_only_the_files_on_damaged_bytes():
    report = CheckReport()
    asked: list[list[int]] = []

    def names_of(damaged: list[int]) -> list[tuple[int, str]]:
        asked.append(damaged)
        return [(10 + blob_id, f"tệp {blob_id}.pdf") for blob_id in damaged]

    blobs = [(1, DIGEST, len(GOOD), GOOD), (2, DIGEST, len(GOOD), GOOD[:-1]),
             (3, DIGEST, len(GOOD), None)]
    check_attachments(report, 7, iter(blobs), names_of)
    assert asked == [[2, 3]]
    assert not report.ok
    assert report.lines[0] == "Số tệp đính kèm: 7"
    assert len(report.problems) == 1
    assert "“tệp 2.pdf” (số 12)" in report.problems[0]
    assert "“tệp 3.pdf” (số 13)" in report.problems[0]


def test_check_attachments_with_sound_bytes_reports_no_problem_and_asks_no_names():
    report = CheckReport()
    check_attachments(report, 1, [(1, DIGEST, len(GOOD), GOOD)], lambda ids: [][0])
    assert report.ok and report.lines == ["Số tệp đính kèm: 1"]

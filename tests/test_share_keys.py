"""Sharing keys, attacked: guessable keys refused everywhere, key files owner-only, new keys made safely."""

from __future__ import annotations

import datetime
import os
import secrets
import stat
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fosterkit import DataCollectionRecord, Departure, Initiator, InterviewStage, LeavingRoute, load_taxonomy
from fosterkit.adapters.jsonl import read_jsonl, write_jsonl
from fosterkit.adapters.share_keys import (
    KEY_VARIABLE,
    MAX_KEY_FILE_BYTES,
    key_from_environment,
    new_key,
    read_key_file,
    write_new_key,
)
from fosterkit.analysis.sharing import (
    MIN_HEX_KEY_DIGITS,
    MIN_KEY_BYTES,
    NEW_KEY_BYTES,
    SharingError,
    SharingPolicy,
    key_weakness,
)
from fosterkit.cli import main
from fosterkit.errors import FieldError

TAXONOMY = load_taxonomy()
D = datetime.date
PRINTABLE = string.printable.encode()  # letters, digits, punctuation and white space
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


# -- what a key must be --------------------------------------------------------------------------


def test_the_key_from_the_attack_is_refused() -> None:
    # with it, FCnnnnn ids were reversed by a table of all 99,999 of them
    weakness = key_weakness(b"passwordpassword")
    assert weakness is not None
    assert "typed password" in weakness
    assert "fosterkit share --new-key FILE" in weakness
    with pytest.raises(FieldError, match="typed password") as caught:
        SharingPolicy(key=b"passwordpassword", taxonomy=TAXONOMY)
    assert caught.value.field == "key"


@given(
    st.binary(min_size=MIN_KEY_BYTES, max_size=200).map(
        lambda b: bytes(PRINTABLE[x % len(PRINTABLE)] for x in b)
    )
)
def test_printable_keys_are_refused_however_long(key: bytes) -> None:
    if len(key) >= MIN_HEX_KEY_DIGITS and all(chr(b) in string.hexdigits for b in key):
        return  # the one text form accepted: tested below
    assert key_weakness(key) is not None


@given(st.text(st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn"]), min_size=8, max_size=60))
def test_typed_text_in_any_script_is_refused(text: str) -> None:
    key = text.encode("utf-8")
    if len(key) >= MIN_HEX_KEY_DIGITS and all(c in string.hexdigits for c in text):
        return
    assert key_weakness(key) is not None


@pytest.mark.parametrize("length", [NEW_KEY_BYTES, 48, 64])
def test_random_keys_are_accepted(length: int) -> None:
    # a random key of 32 bytes or more passes for typed or patterned far less than once in 10**9
    for _ in range(300):
        key = secrets.token_bytes(length)
        assert key_weakness(key) is None, key.hex()
    assert SharingPolicy(key=secrets.token_bytes(NEW_KEY_BYTES), taxonomy=TAXONOMY).key


def test_a_random_key_of_the_shortest_length_is_accepted() -> None:
    # 16 random bytes read as text about once in 100,000 keys, so this one is fixed (from token_bytes(16))
    assert key_weakness(bytes.fromhex("e7316ab29b7b6045c9d1f0a83c5e2b17")) is None


def test_long_random_hex_keys_are_accepted_and_short_ones_refused() -> None:
    for _ in range(100):
        assert key_weakness(secrets.token_hex(32).encode()) is None
        assert key_weakness(secrets.token_hex(32).upper().encode()) is None
        assert key_weakness(secrets.token_hex(16).encode()) is not None  # 128 bits as text: typed-looking
    assert key_weakness(b"0123456789abcdef" * 4) is not None
    assert key_weakness(b"deadbeef" * 8) is not None


@given(st.binary(min_size=0, max_size=MIN_KEY_BYTES - 1))
def test_short_keys_are_refused(key: bytes) -> None:
    weakness = key_weakness(key)
    assert weakness is not None
    assert f"at least {MIN_KEY_BYTES} random bytes" in weakness


@given(st.binary(min_size=1, max_size=16), st.integers(2, 8))
def test_a_repeated_block_is_refused(block: bytes, times: int) -> None:
    assert key_weakness(block * max(times, -(-MIN_KEY_BYTES // len(block)) + 1)) is not None


@given(st.data())
def test_keys_of_few_different_bytes_are_refused(data: st.DataObject) -> None:
    alphabet = data.draw(st.lists(st.integers(0, 255), min_size=1, max_size=4, unique=True))
    key = bytes(data.draw(st.lists(st.sampled_from(alphabet), min_size=MIN_KEY_BYTES, max_size=64)))
    assert key_weakness(key) is not None


@pytest.mark.parametrize(
    "key",
    [
        bytes(range(32)),  # a run
        bytes(range(200, 232)),
        bytes(range(0, 256, 8)),  # steps of 8
        secrets.token_bytes(8) + bytes(24),  # a little randomness, padded
        b"\x00" * 31 + b"\x01",
    ],
    ids=["run", "run-high", "steps", "padded", "zeros"],
)
def test_patterned_keys_are_refused(key: bytes) -> None:
    assert key_weakness(key) is not None


def test_new_keys_are_good_and_read_back_whole() -> None:
    for _ in range(200):
        key = new_key()
        assert len(key) == NEW_KEY_BYTES
        assert key_weakness(key) is None
        assert key[-1:] not in (b"\n", b"\r")


# -- key files -----------------------------------------------------------------------------------


@posix_only
def test_new_key_writes_32_random_bytes_readable_by_the_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "sharing.key"
    old = os.umask(0)  # even with a permissive umask
    try:
        write_new_key(target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(target.read_bytes()) == NEW_KEY_BYTES
    assert read_key_file(target) == target.read_bytes()


def test_new_key_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "sharing.key"
    target.write_bytes(b"the old key, still needed")
    with pytest.raises(SharingError, match="already exists"):
        write_new_key(target)
    assert target.read_bytes() == b"the old key, still needed"


@posix_only
def test_new_key_does_not_follow_a_link_planted_at_the_target(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "sharing.key").symlink_to(elsewhere)
    with pytest.raises(SharingError, match="already exists"):
        write_new_key(tmp_path / "sharing.key")
    assert not elsewhere.exists()


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_key_file_others_can_read_is_refused_unless_allowed(tmp_path: Path, mode: int) -> None:
    key = secrets.token_bytes(NEW_KEY_BYTES)
    path = tmp_path / "sharing.key"
    path.write_bytes(key)
    path.chmod(mode)
    with pytest.raises(SharingError, match=f"can be read by other users \\(mode {mode:04o}\\)"):
        read_key_file(path)
    assert read_key_file(path, allow_shared=True) == key


def test_a_weak_key_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "sharing.key"
    path.write_bytes(b"passwordpassword\n")
    path.chmod(0o600)
    with pytest.raises(SharingError, match=f"^{path}: this key is refused: .*typed password"):
        read_key_file(path)


def test_a_records_file_given_as_the_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(secrets.token_bytes(MAX_KEY_FILE_BYTES + 1))
    path.chmod(0o600)
    with pytest.raises(SharingError, match="not a key file"):
        read_key_file(path)


@posix_only
def test_a_named_pipe_or_folder_is_not_waited_on_or_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    for path in (tmp_path / "pipe", tmp_path):
        with pytest.raises(SharingError, match="must be a regular file"):
            read_key_file(path)


def test_a_missing_key_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(SharingError, match="share --new-key"):
        read_key_file(tmp_path / "nowhere.key")


def test_the_environment_key_is_checked_the_same_way() -> None:
    assert key_from_environment({}) is None
    assert key_from_environment({KEY_VARIABLE: ""}) is None
    hex_key = secrets.token_hex(32)
    assert key_from_environment({KEY_VARIABLE: hex_key}) == hex_key.encode()
    for weak in ("passwordpassword", "another key, also long enough", secrets.token_hex(16)):
        with pytest.raises(SharingError, match=f"^{KEY_VARIABLE}: this key is refused"):
            key_from_environment({KEY_VARIABLE: weak})


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    left = Departure(
        id="FC00123",
        household_id="HH-00123",
        notice_on=D(2026, 5, 17),
        initiated_by=Initiator.CARER,
        route=LeavingRoute.RESIGNATION,
        stated_reasons=("Mrs Jane Smith", "personal.health"),
    )
    refused = DataCollectionRecord(
        id="R1",
        departure_id="FC00123",
        stage=InterviewStage.EXIT_STAGE_1,
        interviewed_on=D(2026, 6, 2),
        primary_reason="allegations.allegation",
        went_well="the carer hit the child",
        consent_to_anonymised_use=False,
    )
    agreed = DataCollectionRecord(
        id="R2",
        departure_id="FC00123",
        stage=InterviewStage.EXIT_STAGE_2,
        interviewed_on=D(2026, 8, 2),
        primary_reason="14 Acacia Avenue",
        secondary_reasons=("finance.fees_allowances", "HIV positive"),
        went_well="Training with Jo",
        consent_to_anonymised_use=True,
    )
    write_jsonl([left, refused, agreed], path)
    return path


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)


def refused_in_one_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_share_new_key_then_share_with_it(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "sharing.key"
    assert main(["share", "--new-key", str(key)]) == 0
    said = capsys.readouterr().out
    assert f"Wrote a new sharing key to {key}: {NEW_KEY_BYTES} random bytes" in said
    if os.name == "posix":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    out = tmp_path / "shared.jsonl"
    assert (
        main(["share", str(records), "--out", str(out), "--key-file", str(key), "--keep", "went_well"]) == 0
    )
    said = capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    for secret in (
        "FC00123",
        "HH-00123",
        "Smith",
        "hit the child",
        "allegations.allegation",
        "Acacia",
        "HIV",
    ):
        assert secret not in text
        assert secret not in said
    assert "Training with Jo" in text  # kept by name, with consent
    assert said.splitlines()[1:] == [
        "Removed (interview content withheld, no consent to anonymised use): DataCollectionRecord 1",
        "Removed (not a reason code): DataCollectionRecord.primary_reason 1, "
        "DataCollectionRecord.secondary_reasons 1, Departure.stated_reasons 1",
    ]
    policy = SharingPolicy(key=key.read_bytes(), taxonomy=TAXONOMY)
    assert read_jsonl(out)[0].id == policy.pseudonym("departure", "FC00123")  # type: ignore[attr-defined]


def test_share_new_key_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "sharing.key"
    key.write_bytes(b"old")
    err = refused_in_one_line(capsys, "share", "--new-key", str(key))
    assert f"{key} already exists" in err
    assert key.read_bytes() == b"old"


def test_share_new_key_does_nothing_else(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "sharing.key"
    err = refused_in_one_line(
        capsys, "share", str(records), "--out", str(tmp_path / "s.jsonl"), "--new-key", str(key)
    )
    assert "--new-key FILE makes a key and does nothing else" in err
    assert not key.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"passwordpassword", "typed password"),
        (b"FC00123FC00123FC00123", "typed password"),
        (bytes(range(32)), "repeats itself or has too few different bytes"),
        (b"\x8f\x01" * 16, "repeats itself or has too few different bytes"),
        (b"0123456789abcdef0123", "typed password"),
        (b"\x8f\x01\x77", "at least 16 random bytes"),
    ],
)
def test_share_refuses_a_weak_key_file_and_writes_nothing(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    key = tmp_path / "weak.key"
    key.write_bytes(content)
    key.chmod(0o600)
    out = tmp_path / "shared.jsonl"
    err = refused_in_one_line(capsys, "share", str(records), "--out", str(out), "--key-file", str(key))
    assert words in err
    assert "fosterkit share --new-key FILE" in err
    assert not out.exists()


@posix_only
def test_share_refuses_a_key_file_others_can_read(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "sharing.key"
    key.write_bytes(secrets.token_bytes(NEW_KEY_BYTES))
    key.chmod(0o644)
    out = tmp_path / "shared.jsonl"
    err = refused_in_one_line(capsys, "share", str(records), "--out", str(out), "--key-file", str(key))
    assert "can be read by other users (mode 0644)" in err
    assert "--allow-shared-key-file" in err
    assert not out.exists()
    args = ["share", str(records), "--out", str(out), "--key-file", str(key), "--allow-shared-key-file"]
    assert main(args) == 0
    assert out.exists()


def test_share_refuses_a_weak_key_in_the_environment(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, "passwordpassword")
    out = tmp_path / "shared.jsonl"
    err = refused_in_one_line(capsys, "share", str(records), "--out", str(out))
    assert f"{KEY_VARIABLE}: this key is refused" in err
    assert not out.exists()
    hex_key = secrets.token_hex(32)
    monkeypatch.setenv(KEY_VARIABLE, hex_key)
    assert main(["share", str(records), "--out", str(out)]) == 0
    policy = SharingPolicy(key=hex_key.encode(), taxonomy=TAXONOMY)
    assert read_jsonl(out)[0].id == policy.pseudonym("departure", "FC00123")  # type: ignore[attr-defined]


def test_share_without_records_says_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused_in_one_line(capsys, "share")
    assert "share needs RECORDS.jsonl and --out SHARED.jsonl (or --new-key FILE" in err

"""The MI record routing, fed with captured GDB lines, and the session's reading, with a stand-in for
GDB (no GDB process)."""

import sys
import threading
import time

import pytest
from pygdbmi.gdbmiparser import parse_response

from ukrepl.target import gdbmi
from ukrepl.target.gdbmi import GdbDied, GdbError, MiRecords, MiSession, Wakeup, mi_quote


def test_mi_quote_escapes():
    assert mi_quote('a "b" \\ c\n') == '"a \\"b\\" \\\\ c\\n"'


def records_for(*tokens: int) -> MiRecords:
    records = MiRecords()
    records.in_flight.update(tokens)
    return records


def test_console_text_is_attached_to_the_next_result():
    records = records_for(7)
    for line in ['~"type = int\\n"', "7^done", '*stopped,reason="breakpoint-hit",frame={func="ukrepl_idle"}']:
        records.dispatch(parse_response(line))
    res = records.take_result(7)
    assert (res.message, res.console) == ("done", "type = int\n")
    assert records.stops.popleft()["frame"]["func"] == "ukrepl_idle"


def test_console_text_without_a_command_in_flight_is_dropped():
    records = MiRecords()
    records.dispatch(parse_response('~"Breakpoint 1, ukrepl_idle ()\\n"'))
    records.in_flight.add(2)
    records.dispatch(parse_response("2^done"))
    assert records.take_result(2).console == ""


def test_error_result_raises_with_gdbs_message():
    records = records_for(3)
    records.dispatch(parse_response('3^error,msg="No symbol \\"nope\\" in current context."'))
    with pytest.raises(GdbError, match='No symbol "nope"'):
        records.take_result(3)


# A stand-in for GDB on pipes: answers `<token>-echo <word>` with `<token>^done,value="<word>"`, holds
# the answer to `hold` back until the next command came, and exits at `-gdb-exit` without a word.
FAKE_GDB = """
import sys
held = []
for line in sys.stdin:
    token, command = line[: len(line) - len(line.lstrip("0123456789"))], line.strip().lstrip("0123456789")
    if command == "-gdb-exit":
        sys.exit(0)
    reply = f'{token}^done,value="{command.split()[-1]}"'
    if command.endswith("hold"):
        held.append(reply)
        continue
    print(reply, *held, sep="\\n", flush=True)
    held.clear()
"""


@pytest.fixture
def fake_gdb(tmp_path):
    script = tmp_path / "gdb"
    script.write_text(f"#!{sys.executable}\n{FAKE_GDB}")
    script.chmod(0o755)
    session = MiSession(Wakeup(), gdb=str(script))
    yield session
    session.close()


def test_two_waiting_threads_each_get_their_own_result(fake_gdb):
    """One waiter reads GDB's output for all: the other, waiting on the condition, still gets its
    answer, which came in the same read."""
    answers = {}
    first = threading.Thread(
        target=lambda: answers.update(first=fake_gdb.command("-echo hold").payload["value"])
    )
    first.start()
    while not fake_gdb.records.in_flight:  # the held command is on its way
        time.sleep(0.001)
    answers["second"] = fake_gdb.command("-echo now").payload["value"]
    first.join(timeout=10)
    assert answers == {"first": "hold", "second": "now"}


def test_a_notify_all_wakes_the_waiter_reading_gdb(fake_gdb, monkeypatch):
    """The console reader's notify_all reaches the waiter in select() (through Wakeup's eventfd), so
    console text streams while GDB says nothing; it does not wait for select's bound."""
    monkeypatch.setattr(gdbmi, "SIGNAL_CHECK_INTERVAL", 3600)
    flag = threading.Event()

    def console_arrives():
        while not fake_gdb.wakeup.selecting:
            time.sleep(0.001)
        with fake_gdb.wakeup:
            flag.set()
            fake_gdb.wakeup.notify_all()

    threading.Thread(target=console_arrives).start()
    waiter = threading.Thread(target=fake_gdb.wait_for, args=(flag.is_set,))
    waiter.start()
    waiter.join(timeout=10)
    assert not waiter.is_alive()


def test_gdbs_exit_ends_the_wait(fake_gdb):
    with pytest.raises(GdbDied):
        fake_gdb.command("-gdb-exit")

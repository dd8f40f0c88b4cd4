"""The MI record routing, fed with captured GDB lines (no GDB process)."""

import pytest
from pygdbmi.gdbmiparser import parse_response

from ukrepl.target.gdbmi import GdbError, MiRecords, mi_quote


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

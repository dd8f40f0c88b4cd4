"""The MI session's record routing, fed with captured GDB lines (no GDB process)."""

import threading

from pygdbmi.gdbmiparser import parse_response

from ukrepl.gdbmi import MiSession, mi_quote


def test_mi_quote_escapes():
    assert mi_quote('a "b" \\ c\n') == '"a \\"b\\" \\\\ c\\n"'


def make_session():
    session = MiSession.__new__(MiSession)
    session.wakeup = threading.Condition()
    session._results, session._console, session.dead = {}, [], False
    session._in_flight = {7}
    from collections import deque

    session._stops = deque()
    return session


def test_console_text_is_attached_to_the_next_result():
    s = make_session()
    for line in ['~"type = int\\n"', "7^done", '*stopped,reason="breakpoint-hit",frame={func="ukrepl_idle"}']:
        s._dispatch(parse_response(line))
    res = s.result(7)
    assert (res.message, res.console) == ("done", "type = int\n")
    assert s.wait_stopped()["frame"]["func"] == "ukrepl_idle"


def test_error_result_raises_with_gdbs_message():
    s = make_session()
    s._dispatch(parse_response('3^error,msg="No symbol \\"nope\\" in current context."'))
    try:
        s.result(3)
    except RuntimeError as err:
        assert 'No symbol "nope"' in str(err)
    else:
        raise AssertionError("expected GdbError")

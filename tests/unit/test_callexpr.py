"""callexpr splits calls out of C expressions, innermost first, without a guest."""

import contextlib

import pytest

from ukrepl.compiler import callexpr


class Recorder:
    def __init__(self):
        self.calls = []
        self.strings = []

    def perform(self, callee, args, text):
        self.calls.append((callee, args, text))
        return f"((long)0x{len(self.calls)})"

    def place(self, data):
        self.strings.append(data)
        return f"((char *)0x{0x9000 + len(self.strings):x})"


def test_nested_calls_run_innermost_first():
    rec = Recorder()
    out = callexpr.rewrite("uk_malloc(uk_alloc_get_default(), 64)", rec.perform, rec.place)
    assert rec.calls == [
        ("uk_alloc_get_default", [], "uk_alloc_get_default()"),
        ("uk_malloc", ["((long)0x1)", "64"], "uk_malloc(((long)0x1), 64)"),
    ]
    assert out == "((long)0x2)"


def test_call_through_function_pointer_member():
    rec = Recorder()
    out = callexpr.rewrite("a->palloc(a, 8) + 8 * __PAGE_SIZE", rec.perform, rec.place)
    assert rec.calls[0][0] == "a->palloc"
    assert out == "((long)0x1) + (8 * __PAGE_SIZE)"


def test_string_literals_are_placed_in_guest_memory():
    rec = Recorder()
    callexpr.rewrite(r'strlen("hi\n")', rec.perform, rec.place)
    assert rec.strings == [b"hi\n\0"]
    assert rec.calls[0][1] == ["((char *)0x9001)"]


def test_typedef_names_allow_casts():
    rec = Recorder()
    with pytest.raises(callexpr.NotC):
        callexpr.rewrite("(size_t)f(1)", rec.perform, rec.place)
    out = callexpr.rewrite("(size_t)f(1)", rec.perform, rec.place, frozenset({"size_t"}))
    assert out == "(size_t) ((long)0x1)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("sizeof(int) + x", False), ("f (3)", True), ("(int)x", False), ("a[1](2)", True), ('"s"', True)],
)
def test_may_call(text, expected):
    assert callexpr.may_call(text) is expected


def test_gdb_syntax_is_not_c():
    with pytest.raises(callexpr.NotC):
        callexpr.parse("$rax + arr@4")


@pytest.mark.parametrize(
    "text", ["tour_fib(10)", "  tour_fib( 10 ) ", "memset(p, -1, 0x10UL)", "uk_alloc_get_default()"]
)
def test_a_lone_call_with_plain_arguments_is_split_as_pycparser_would(text, monkeypatch):
    expected = Recorder()  # in parentheses, the text goes the long way, through pycparser
    assert callexpr.rewrite(f"({text})", expected.perform, expected.place) == "((long)0x1)"
    monkeypatch.setattr(callexpr, "parse", lambda *_: pytest.fail("pycparser was asked"))
    rec = Recorder()
    assert callexpr.rewrite(text, rec.perform, rec.place) == "((long)0x1)"
    assert rec.calls == expected.calls


@pytest.mark.parametrize("text", ["sizeof(x)", "int(3)", "size_t(3)", "f(1.5)", 'f("a")', "f(g(1))"])
def test_what_is_not_a_plain_lone_call_goes_through_pycparser(text):
    asked = []
    real = callexpr.parse

    def parse(expression, typedef_names=frozenset()):
        asked.append(expression)
        return real(expression, typedef_names)

    rec = Recorder()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(callexpr, "parse", parse)
        with contextlib.suppress(callexpr.NotC):
            callexpr.rewrite(text, rec.perform, rec.place, frozenset({"size_t"}))
    assert asked == [text]

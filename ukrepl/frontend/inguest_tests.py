"""In-guest test cases (lib/uktest): list them from the kernel ELF, run one in a live guest.

The kernel keeps one `struct uk_testcase` per case in the linker section `uk_testtab`
(lib/uktest/include/uk/test.h): 64-bit words, Unikraft 0.10's name, desc, func, asserts
and file, then ukrepl's suite and line. Listing needs no guest; running calls
`uk_test_run_case(suite, name)` on CPU 0 and reads the case's lines from the console, in
0.10's format: "test: <suite>-><case>", one "    :\t<message> ..... [ PASSED ]" line per
assertion ("[ FAILED ]  in <file>:<line>" when it fails), and our closing
"test: <suite>-><case>: PASSED (n assertions)" or "...: FAILED (k of n assertions)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from elftools.elf.elffile import ELFFile

from ..guest import Guest
from ..kernel_contract import TESTCASE

SECTION = "uk_testtab"
RECORD = TESTCASE.format  # struct uk_testcase: name, desc, func, asserts, file, suite, line, ...


@dataclass(frozen=True)
class TestCase:
    suite: str
    name: str
    file: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.suite}.{self.name}"


@dataclass(frozen=True)
class CaseResult:
    passed: bool
    summary: str  # the end of the case's last line, e.g. "PASSED (4 assertions)"
    failures: list[str]  # one line per failed assertion: "file:line: message"


def list_cases(elf: Path) -> list[TestCase]:
    """Every case built into the kernel, in the order the kernel runs them (file, line)."""
    with open(elf, "rb") as f:
        image = ELFFile(f)
        table = image.get_section_by_name(SECTION)
        if table is None:
            return []
        sections = [s for s in image.iter_sections() if s["sh_addr"] and s["sh_type"] == "SHT_PROGBITS"]
        contents = {s.name: s.data() for s in sections}

        def string(address: int) -> str:
            for s in sections:
                offset = address - s["sh_addr"]
                if 0 <= offset < s["sh_size"]:
                    data = contents[s.name]
                    return data[offset : data.index(b"\0", offset)].decode()
            raise ValueError(f"no string at {address:#x}")

        cases = []
        for fields in RECORD.iter_unpack(table.data()):
            name, _desc, _func, _asserts, file, suite, line = fields[:7]
            cases.append(TestCase(string(suite), string(name), string(file), line))
    return sorted(cases, key=lambda c: (c.file, c.line))


def run_case(guest: Guest, case: TestCase) -> CaseResult:
    """Run one case on CPU 0 and collect what it printed about itself."""
    start = len(guest.console_log)
    rc = int(guest.call("uk_test_run_case", f'"{case.suite}"', f'"{case.name}"').text)
    guest.flush_console()
    return parse_output(guest.console_log[start:], case, rc)


ASSERTION = re.compile(r"^    :\t(.*?)[ .]*\[ (PASSED|FAILED) \](?:  in (\S+))?$", re.M)


def parse_output(text: str, case: TestCase, rc: int) -> CaseResult:
    """The case's result from its console lines and uk_test_run_case's return value."""
    head = rf"^test: {re.escape(case.suite)}->{re.escape(case.name)}"
    title = re.compile(rf"{head}(?::.*)?$", re.M)
    final = re.compile(rf"{head}: ((PASSED|FAILED) \(.*)$", re.M)
    start, match = title.search(text), final.search(text)
    summary = match.group(1) if match else f"no result line (uk_test_run_case returned {rc})"
    body = text[start.end() if start else 0 : match.start() if match else len(text)]
    failures = [f"{at}: {message}" for message, verdict, at in ASSERTION.findall(body) if verdict == "FAILED"]
    return CaseResult(rc == 0 and bool(match) and match.group(2) == "PASSED", summary, failures)

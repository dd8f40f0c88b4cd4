"""In-guest test cases (lib/uktest): list them from the kernel ELF, run one in a live guest.

The kernel keeps one `struct uk_testcase` per case in the linker section `uk_testtab`
(lib/uktest/include/uk/test.h): eight 64-bit words, the first two pointing at the
suite's and the case's names, then description, function, file and line. Listing
needs no guest; running calls `uk_test_run_case(suite, name)` on CPU 0 and reads the
case's lines from the console.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from elftools.elf.elffile import ELFFile

from ..guest import Guest
from ..kernel_contract import TESTCASE

SECTION = "uk_testtab"
RECORD = TESTCASE.format  # struct uk_testcase: suite, name, desc, func, file, line, expects, failures


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
    summary: str  # the case's last line, e.g. "PASS [4 expectations]"
    failures: list[str]  # one line per failed expectation: "file:line: message"


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
            suite, name, _desc, _func, file, line = fields[:6]
            cases.append(TestCase(string(suite), string(name), string(file), line))
    return sorted(cases, key=lambda c: (c.file, c.line))


def run_case(guest: Guest, case: TestCase) -> CaseResult:
    """Run one case on CPU 0 and collect what it printed about itself."""
    start = len(guest.console_log)
    rc = int(guest.call("uk_test_run_case", f'"{case.suite}"', f'"{case.name}"').text)
    guest.flush_console()
    return parse_output(guest.console_log[start:], case, rc)


def parse_output(text: str, case: TestCase, rc: int) -> CaseResult:
    """The case's result from its console lines and uk_test_run_case's return value."""
    failure = re.compile(rf"^uktest:   {re.escape(case.id)}: (.*)$", re.M)
    final = re.compile(rf"^uktest: {re.escape(case.id)}: ((PASS|FAIL).*)$", re.M)
    match = final.search(text)
    summary = match.group(1) if match else f"no result line (uk_test_run_case returned {rc})"
    return CaseResult(rc == 0 and bool(match) and match.group(2) == "PASS", summary, failure.findall(text))

"""The driver's plan for a cell's compile (gcc -###), read without gcc."""

from ukrepl.compiler import compile_pipe
from ukrepl.compiler.compile_pipe import DUMP_BASE, OBJECT, SOURCE

# What gcc 12 prints for `gcc -pipe -c ukrepl-unit.c -o ukrepl-cell.o -###` (trimmed)
LISTING = f"""Using built-in specs.
COLLECT_GCC=gcc
Target: x86_64-linux-gnu
 /usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet -nostdinc -D "__STR_BASENAME__=\\"cell.c\\"" {SOURCE} -quiet \
-dumpbase {DUMP_BASE} -dumpbase-ext .c "-mcmodel=small" -Og -o - |
 as --gdwarf-4 --64 -o {OBJECT}
COMPILER_PATH=/usr/lib/gcc/x86_64-linux-gnu/12/
"""


def test_the_plan_is_cc1_piped_into_as_with_the_drivers_arguments():
    front, back = compile_pipe.driver_plan(LISTING)
    assert front[0].endswith("/cc1") and front[-2:] == ["-o", "-"]
    assert '__STR_BASENAME__="cell.c"' in front and "-mcmodel=small" in front  # unquoted as exec gets them
    assert back == ["as", "--gdwarf-4", "--64", "-o", OBJECT]


def test_each_compile_gets_its_own_file_names():
    front, back = compile_pipe.driver_plan(LISTING)
    front = compile_pipe.with_names(front, "unit7.c", "cell7.o")
    assert "unit7.c" in front and SOURCE not in front
    assert front[front.index("-dumpbase") + 1] == "cell7.c"
    assert compile_pipe.with_names(back, "unit7.c", "cell7.o")[-1] == "cell7.o"


def test_any_other_plan_leaves_the_compile_to_the_driver():
    assert compile_pipe.driver_plan(" cc1 -quiet x.c -o /tmp/x.s\n as -o x.o /tmp/x.s\n") is None  # no -pipe
    assert compile_pipe.driver_plan(" ccache gcc -c x.c\n") is None
    assert compile_pipe.driver_plan("") is None

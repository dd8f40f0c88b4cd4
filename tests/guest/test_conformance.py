"""The Jupyter project's kernel conformance suite against the installed ukrepl kernelspec."""

import unittest

import jupyter_kernel_test
import pytest


@pytest.mark.usefixtures("kernel_elf")
class UkreplKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "ukrepl"
    language_name = "c"
    file_extension = ".c"
    code_hello_world = '%%python\nprint("hello, world")'
    code_stderr = '%%python\nimport sys\nprint("oops", file=sys.stderr)'
    completion_samples = [{"text": "%resh", "matches": []}, {"text": "%reb", "matches": ["%reboot"]}]
    complete_code_samples = ["1 + 2", "tour_fib(3)", "%boot --accel tcg"]
    incomplete_code_samples = ["tour_fib(3", "(1 + (2"]
    invalid_code_samples = ["1 + 2)"]
    code_generate_error = "no_such_symbol"
    code_execute_result = [
        {"code": "1 + 2", "result": "(int) 3"},
        {"code": "tour_fib(10)", "result": "(int) 55"},
    ]
    code_display_data = [
        {
            "code": "%%python\nfrom IPython.display import HTML, display\ndisplay(HTML('<b>x</b>'))",
            "mime": "text/html",
        },
    ]
    # History is IPython's; its 'range' replies label the current session 0, which
    # jupyter_kernel_test 0.7 compares with the number 'tail' reports, so only these two:
    supported_history_operations = ("tail", "search")
    code_history_pattern = "1 *"
    code_inspect_sample = "tour_fib"
    code_clear_output = "%%python\nfrom IPython.display import clear_output\nclear_output()"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Boot once under TCG so the expression samples don't pick KVM or pay the boot.
        cls.kc.execute_interactive("%boot --accel tcg", timeout=60)


if __name__ == "__main__":
    unittest.main()

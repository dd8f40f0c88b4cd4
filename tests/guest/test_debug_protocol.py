"""JupyterLab's debugger panel at the protocol level: debug requests on the control channel as the
panel sends them, debug events on IOPub, a C cell's call stopped, looked at, stepped and resumed."""

from __future__ import annotations

import queue

import pytest
from ipykernel.compiler import get_tmp_hash_seed, murmur2_x86
from test_jupyter import run, text_of

SQ = """struct tour_pair { int a, b; };
int pair_sum(struct tour_pair *q) { return q->a + q->b; }
int sq(int x)
{
	struct tour_pair p = { x, -x };
	int y = x * x;
	return y + pair_sum(&p);
}
"""
SQ_LINE_Y = 6  # `int y = x * x;`, the line the panel's gutter is clicked on


class Panel:
    """What JupyterLab's debugger service does with a kernel, request by request."""

    def __init__(self, kc) -> None:
        self.kc = kc
        self.seq = 0
        self.events: list[dict] = []
        self.outputs: list[dict] = []

    def request(self, command: str, **arguments) -> dict:
        self.seq += 1
        content = {"type": "request", "seq": self.seq, "command": command, "arguments": arguments}
        msg = self.kc.session.msg("debug_request", content)
        self.kc.control_channel.send(msg)
        while True:
            reply = self.kc.control_channel.get_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                assert reply["msg_type"] == "debug_reply"
                return reply["content"]

    def ok(self, command: str, **arguments) -> dict:
        reply = self.request(command, **arguments)
        assert reply["success"], reply
        assert reply["command"] == command and reply["request_seq"] == self.seq
        return reply.get("body", {})

    def event(self, name: str, timeout: float = 60) -> dict:
        """The next debug event of that name (IOPub), keeping the cells' outputs seen on the way."""
        while True:
            found = next((e for e in self.events if e["event"] == name), None)
            if found is not None:
                self.events.remove(found)
                return found["body"]
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"no {name} event; events: {self.events}, outputs: {self.outputs}")
            self._keep(msg)

    def _keep(self, msg: dict) -> None:
        if msg["msg_type"] == "debug_event":
            self.events.append(msg["content"])
        elif msg["msg_type"] in ("stream", "execute_result", "error"):
            self.outputs.append(msg)

    def values(self) -> list[str]:
        """The values the cells showed so far."""
        return [m["content"]["data"]["text/plain"] for m in self.outputs if m["msg_type"] == "execute_result"]

    def printed(self, text: str) -> None:
        """Until a cell has printed `text` (a call is known to be running then)."""
        while text not in "".join(m["content"].get("text", "") for m in self.outputs):
            self._keep(self.kc.get_iopub_msg(timeout=60))

    def run(self, code: str) -> dict:
        """Execute a cell (its debug events kept, which execute_interactive would drop); its reply."""
        msg_id = self.kc.execute(code)
        reply = shell_reply(self.kc, msg_id)
        self.until_idle(msg_id)
        return reply

    def until_idle(self, msg_id: str) -> None:
        """Read IOPub until the cell of that execute_request is done (every output of it seen)."""
        while True:
            msg = self.kc.get_iopub_msg(timeout=60)
            self._keep(msg)
            ours = msg["parent_header"].get("msg_id") == msg_id
            if ours and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return

    def start(self) -> dict:
        """Enabling the debugger: initialize, attach, then debugInfo as restoreState sends it."""
        capabilities = self.ok(
            "initialize",
            clientID="jupyterlab",
            clientName="JupyterLab",
            adapterID="ukrepl",
            pathFormat="path",
            linesStartAt1=True,
            columnsStartAt1=True,
            supportsVariableType=True,
            supportsVariablePaging=True,
            supportsRunInTerminalRequest=True,
            locale="en",
        )
        assert capabilities["supportsConfigurationDoneRequest"]
        self.ok("attach")
        return self.ok("debugInfo")

    def variables(self, reference: int) -> dict[str, dict]:
        return {v["name"]: v for v in self.ok("variables", variablesReference=reference)["variables"]}

    def scopes(self, frame_id: int) -> dict[str, int]:
        return {s["name"]: s["variablesReference"] for s in self.ok("scopes", frameId=frame_id)["scopes"]}


def shell_reply(kc, msg_id: str) -> dict:
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"]["msg_id"] == msg_id:
            return reply["content"]


def test_kernel_info_advertises_the_debugger(kernel):
    km, kc = kernel
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=30)["content"]
    assert "debugger" in info["supported_features"] and info["debugger"] is True
    assert km.kernel_spec.metadata["debugger"] is True  # what JupyterLab checks before its toggle shows


def test_gutter_breakpoint_stop_step_and_value(kernel):
    """The panel's sequence: initialize, attach, debugInfo, dumpCell, setBreakpoints on the dumped
    path, configurationDone; a call stops on the cell's line, stackTrace/scopes/variables show it,
    next steps, continue lets the call return and the cell shows its value."""
    km, kc = kernel
    assert run(kc, "%boot --accel tcg --smp 2")[0]["status"] == "ok"
    panel = Panel(kc)
    info = panel.start()
    assert info["isStarted"] and info["hashMethod"] == "Murmur2" and info["tmpFileSuffix"] == ".c"
    assert info["stoppedThreads"] == [] and info["breakpoints"] == []
    reply, out = run(kc, SQ)
    assert reply["status"] == "ok", text_of(out)

    path = panel.ok("dumpCell", code=SQ)["sourcePath"]
    assert path == f"{info['tmpFilePrefix']}{murmur2_x86(SQ, info['hashSeed'])}.c"  # as JupyterLab names it
    assert info["hashSeed"] == get_tmp_hash_seed()
    placed = panel.ok(
        "setBreakpoints",
        source={"path": path},
        breakpoints=[{"line": SQ_LINE_Y}],
        lines=[SQ_LINE_Y],
        sourceModified=False,
    )["breakpoints"]
    assert placed[0]["verified"] and placed[0]["line"] == SQ_LINE_Y, placed
    panel.ok("configurationDone")
    assert panel.ok("debugInfo")["breakpoints"] == [{"source": path, "breakpoints": [{"line": SQ_LINE_Y}]}]

    call = kc.execute("sq(7)")
    stopped = panel.event("stopped")
    assert (stopped["reason"], stopped["threadId"]) == ("breakpoint", 1)
    threads = panel.ok("threads")["threads"]
    assert threads[0] == {"id": 1, "name": "CPU 0 (stopped in sq)"} and len(threads) == 2

    frames = panel.ok("stackTrace", threadId=1)["stackFrames"]
    top = frames[0]
    assert (top["name"], top["line"], top["source"]["path"]) == ("sq", SQ_LINE_Y, path)
    assert frames[-1]["presentationHint"] == "label"  # the host's call below the cell's function
    scopes = panel.scopes(top["id"])
    assert list(scopes) == ["Locals", "Registers"]
    assert list(panel.variables(scopes["Locals"]))[0] == "x"  # the arguments first
    assert panel.variables(scopes["Locals"])["x"]["value"] == "7"
    p = panel.variables(scopes["Locals"])["p"]
    assert p["type"] == "struct tour_pair" and p["variablesReference"] > 0
    members = panel.variables(p["variablesReference"])
    assert {n: v["value"] for n, v in members.items()} == {"a": "7", "b": "-7"}
    assert "rip" in panel.variables(scopes["Registers"])
    assert panel.ok("evaluate", expression="x * 3", frameId=top["id"], context="watch")["result"] == "21"
    assert panel.ok("source", source={"path": path})["content"] == SQ
    rich = panel.ok("richInspectVariables", variableName="p", frameId=top["id"])
    assert rich["data"]["text/plain"] == "{a = 7, b = -7}"

    assert panel.ok("next", threadId=1)["allThreadsContinued"]
    assert panel.event("continued")["threadId"] == 1
    assert panel.event("stopped")["reason"] == "step"
    top = panel.ok("stackTrace", threadId=1)["stackFrames"][0]
    assert top["line"] == SQ_LINE_Y + 1
    assert panel.variables(panel.scopes(top["id"])["Locals"])["y"]["value"] == "49"
    assert "y" in {v["name"] for v in panel.ok("inspectVariables")["variables"]}

    panel.ok("continue", threadId=1)
    assert shell_reply(kc, call)["status"] == "ok"
    panel.until_idle(call)
    panel.event("continued")
    assert panel.values() == ["(int) 49"]
    assert "stopped on CPU 0 in sq" in "".join(m["content"].get("text", "") for m in panel.outputs)
    panel.ok("setBreakpoints", source={"path": path}, breakpoints=[], lines=[], sourceModified=False)
    assert text_of(run(kc, "sq(8)")[1]).strip() == "(int) 64"  # the gutter cleared: no stop


def test_breakpoints_before_the_cell_runs_kernel_sources_pause_and_disconnect(kernel):
    """A gutter breakpoint in a cell not run yet is placed when it runs; a breakpoint in a kernel
    source (the path a frame showed); pause stops a spinning call; switching the panel off lets a
    stopped cell run on to its value."""
    km, kc = kernel
    panel = Panel(kc)
    panel.start()
    assert panel.ok("threads")["threads"] == []  # no guest yet
    early = panel.ok("setBreakpoints", source={"path": "/nowhere/tour.c"}, breakpoints=[{"line": 3}])
    assert early["breakpoints"][0]["message"] == "set once the guest has booted"
    refused = panel.request("pause", threadId=1)
    assert refused["message"] == "nothing runs in the guest to pause (run a call, or set a breakpoint first)"
    refused = panel.request("evaluate", expression="tour_fib(3)", context="repl")
    assert refused["message"] == "the guest is not stopped: no frame to evaluate in (evaluate it in a cell)"
    refused = panel.request("stepBack", threadId=1)
    assert refused["message"] == "ukrepl's debugger has no 'stepBack' request"
    refused = panel.request("source", source={"path": "/nowhere/tour.c"})
    assert refused["message"] == (
        "no source /nowhere/tour.c: No such file or directory (only cells and kernel sources have one)"
    )
    panel.ok("setBreakpoints", source={"path": "/nowhere/tour.c"}, breakpoints=[])
    assert run(kc, "%boot --accel tcg")[0]["status"] == "ok"
    path = panel.ok("dumpCell", code=SQ)["sourcePath"]
    waiting = panel.ok("setBreakpoints", source={"path": path}, breakpoints=[{"line": SQ_LINE_Y}])
    assert not waiting["breakpoints"][0]["verified"]
    assert "once the cell has run" in waiting["breakpoints"][0]["message"]
    assert panel.run(SQ)["status"] == "ok"
    changed = panel.event("breakpoint")
    assert changed["breakpoint"]["verified"] and changed["breakpoint"]["line"] == SQ_LINE_Y

    call = kc.execute("sq(3)")
    assert panel.event("stopped")["reason"] == "breakpoint"
    frames = panel.ok("stackTrace", threadId=1)["stackFrames"]
    assert frames[0]["source"]["path"] == path
    panel.ok("disconnect", restart=False, terminateDebuggee=False)
    assert shell_reply(kc, call)["status"] == "ok"
    panel.until_idle(call)
    assert panel.values() == ["(int) 9"]

    panel.start()
    spin = kc.execute("tour_spin()")
    panel.printed("tour_spin: spinning")
    panel.ok("pause", threadId=1)
    assert panel.event("stopped")["reason"] == "pause"
    top = panel.ok("stackTrace", threadId=1)["stackFrames"][0]
    assert top["name"] == "tour_spin" and top["source"]["path"].endswith("/tour/tour.c")
    tour_c = top["source"]["path"]
    assert "int tour_fib(int n)" in panel.ok("source", source={"path": tour_c})["content"]
    refused = panel.request("variables", variablesReference=999)
    assert not refused["success"] and "gone" in refused["message"]
    km.interrupt_kernel()  # the stop button while the panel has the cell: the guest stays stopped
    reply = shell_reply(kc, spin)
    assert reply["status"] == "error" and "stays stopped" in reply["evalue"]
    refused = panel.request("continue", threadId=1)
    assert not refused["success"] and "%continue" in refused["message"]

    placed = panel.ok("setBreakpoints", source={"path": tour_c}, breakpoints=[{"line": 17}])["breakpoints"]
    assert placed[0]["verified"]
    assert panel.run("%reboot")["status"] == "ok"  # the breakpoints are placed again after it
    assert panel.event("breakpoint")["breakpoint"]["verified"]
    fib = kc.execute("tour_fib(5)")
    assert panel.event("stopped")["reason"] == "breakpoint"
    top = panel.ok("stackTrace", threadId=1)["stackFrames"][0]
    assert (top["name"], top["line"], top["source"]["path"]) == ("tour_fib", 17, tour_c)
    panel.ok("setBreakpoints", source={"path": tour_c}, breakpoints=[])  # the loop's line: once is enough
    panel.ok("continue", threadId=1)
    assert shell_reply(kc, fib)["status"] == "ok"
    panel.until_idle(fib)
    assert panel.values()[-1] == "(int) 5"


WORKER = """#include <uk/plat/lcpu.h>
volatile int worker_done;
void worker(struct __regs *regs __unused, void *arg __unused)
{
\tworker_done = 1;
}
int dispatch(void)
{
\tconst __lcpuidx cpu1 = 1;
\tunsigned int one = 1;
\tstruct ukplat_lcpu_func fn = { .fn = worker, .user = NULL };

\tworker_done = 0;
\tif (ukplat_lcpu_run(&cpu1, &one, &fn, 0))
\t\treturn -1;
\twhile (!worker_done)
\t\tbarrier();
\treturn 2;
}
"""


def test_a_stop_on_another_cpu_is_that_cpus_thread(kernel):
    """A breakpoint hit on CPU 1 stops thread 2 (CPUs are threads, GDB's numbering); each CPU's
    stack is its thread's; continuing lets CPU 0's call return."""
    km, kc = kernel
    panel = Panel(kc)
    assert panel.run("%boot --accel tcg --smp 2")["status"] == "ok"
    assert panel.run("%lcpu start")["status"] == "ok"
    assert panel.run(WORKER)["status"] == "ok"
    panel.start()
    path = panel.ok("dumpCell", code=WORKER)["sourcePath"]
    assert panel.ok("setBreakpoints", source={"path": path}, breakpoints=[{"line": 5}])["breakpoints"][0][
        "verified"
    ]
    call = kc.execute("dispatch()")
    stopped = panel.event("stopped")
    assert (stopped["reason"], stopped["threadId"]) == ("breakpoint", 2)
    names = [t["name"] for t in panel.ok("threads")["threads"]]
    assert names[1] == "CPU 1 (stopped in worker)" and names[0].startswith("CPU 0 (stopped")
    top = panel.ok("stackTrace", threadId=2)["stackFrames"][0]
    assert (top["name"], top["line"], top["source"]["path"]) == ("worker", 5, path)
    cpu0 = [f["name"] for f in panel.ok("stackTrace", threadId=1)["stackFrames"]]
    assert "dispatch" in cpu0
    assert panel.ok("debugInfo")["stoppedThreads"] == [2]
    panel.ok("continue", threadId=2)
    assert shell_reply(kc, call)["status"] == "ok"
    panel.until_idle(call)
    assert panel.values() == ["(int) 2"]

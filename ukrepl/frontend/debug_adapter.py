"""The Debug Adapter Protocol of JupyterLab's debugger panel, translated into the guest's debugger.

GDB 13 speaks no DAP, so this is the adapter. Path of a request: the Jupyter binding
(debug_panel) hands a DAP request to DebugAdapter.handle -> the `_<command>` method here -> the
guest's Debugger (breakpoints, frames) and StoppedView (threads, variables, registers) over
GDB/MI -> a DAP response; events go out through `emit`. CPUs are DAP threads (id = CPU + 1, as
GDB numbers them); a frame id packs CPU and level. Requests that run the guest (continue, next,
stepIn, stepOut) are handed to `resume`: the cell whose call stopped runs them, on its own thread,
once the `continued` event is out (JupyterLab forgets a stop whose events come the other way round).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from itertools import count

from ..errors import UkreplError
from ..guest import Guest, GuestError, State
from ..guest.debugger import Frame
from ..guest.stopped_view import StoppedView, Variable
from .cell_files import HASH_METHOD, HASH_SEED, SUFFIX, CellFiles

RESUMES = {"continue": "continue", "next": "next", "stepIn": "step", "stepOut": "finish"}
FRAME_STRIDE = 10_000  # frame id = cpu * FRAME_STRIDE + level + 1
CAPABILITIES = {
    "supportsConfigurationDoneRequest": True,
    "supportsConditionalBreakpoints": True,
    "supportsEvaluateForHovers": True,
    "supportsSetVariable": False,
    "supportsStepBack": False,
    "exceptionBreakpointFilters": [],
}


def stop_reason(stop: dict) -> str:
    """The DAP reason of a GDB *stopped record."""
    reason = str(stop.get("reason", ""))
    if "watchpoint" in reason:
        return "data breakpoint"
    if reason == "breakpoint-hit":
        return "breakpoint"
    return "pause" if reason == "signal-received" else "step"


def shown_type(variable: Variable) -> str:
    """The type JupyterLab's variables tree is given. It renders Python's way: an "int" parsed as a
    number, a "str" as its text, any other type by its name (an object's class). So C's aggregates
    keep their type (the tree shows `struct x`, opened member by member), and scalars are labelled
    by how their text reads (a pointer's `0x... <sym>`, `<optimized out>` stay text)."""
    if variable.handle and variable.value.startswith(("{", "[")):
        return variable.type
    try:
        int(variable.value, 10)
    except ValueError:
        return "str"
    return "int"


class DebugAdapter:
    """One debugger panel's session with one guest."""

    def __init__(
        self,
        guest: Guest,
        files: CellFiles,
        emit: Callable[[str, dict], None],
        resume: Callable[[str, Callable[[], None]], None],
    ) -> None:
        self.guest, self.files, self.emit, self.resume = guest, files, emit, resume
        self.view = StoppedView(guest)
        self.started = False
        self.wanted: dict[str, list[dict]] = {}  # source path -> the DAP breakpoints asked for there
        self.placed: dict[str, dict[int, int]] = {}  # source path -> line -> guest breakpoint number
        self.references: dict[int, Callable[[], list[Variable]]] = {}
        self._references = count(1)

    def handle(self, request: dict) -> dict:
        command = request.get("command", "")
        response = {"type": "response", "request_seq": request.get("seq", 0), "command": command}
        handler = getattr(self, f"_{command}", None)
        if handler is None:
            return response | {"success": False, "message": f"ukrepl's debugger has no {command!r} request"}
        try:
            body = handler(request.get("arguments") or {})
        except UkreplError as err:
            return response | {"success": False, "message": str(err)}
        return response | {"success": True, "body": body or {}}

    # -- the session ---------------------------------------------------------

    def _initialize(self, args: dict) -> dict:
        self.emit("initialized", {})
        return CAPABILITIES

    def _attach(self, args: dict) -> dict:
        self.started = True
        for thread in self._threads_or_none():
            self.emit("thread", {"reason": "started", "threadId": thread.cpu + 1})
        return {}

    def _configurationDone(self, args: dict) -> dict:
        return {}

    def _disconnect(self, args: dict) -> dict:
        """The panel is switched off: its breakpoints go, a stopped cell runs on to its end."""
        self.started = False
        for path in list(self.wanted):
            self._setBreakpoints({"source": {"path": path}, "breakpoints": []})
        self.wanted.clear()
        if self.guest.state is State.STOPPED:
            with contextlib.suppress(GuestError):  # no cell waits (the stop button): the magics have it
                self._resume("continue")
        return {}

    def _debugInfo(self, args: dict) -> dict:
        stopped = self.guest.state is State.STOPPED
        return {
            "isStarted": self.started,
            "hashMethod": HASH_METHOD,
            "hashSeed": HASH_SEED,
            "tmpFilePrefix": self.files.prefix,
            "tmpFileSuffix": SUFFIX,
            "breakpoints": [{"source": p, "breakpoints": b} for p, b in self.wanted.items()],
            "stoppedThreads": [self.guest.debugger.cpu + 1] if stopped else [],
            "richRendering": True,
            "exceptionPaths": [],
            "copyToGlobals": False,
        }

    def _dumpCell(self, args: dict) -> dict:
        return {"sourcePath": self.files.dump(args["code"])}

    def _source(self, args: dict) -> dict:
        path = args.get("source", {}).get("path", "")
        try:
            return {"content": self.files.source(path)}
        except OSError as err:
            message = f"no source {path}: {err.strerror}"
            raise GuestError(message, "only cells and kernel sources have one") from None

    def _modules(self, args: dict) -> dict:
        """The panel's kernel sources: the unikernel's C files (opening one asks for its source)."""
        if self.guest.state in (State.OFF, State.DEAD):
            return {"modules": [], "totalModules": 0}
        files = self.view.source_files()
        modules = [{"id": f, "name": f.rsplit("/", 1)[-1], "path": f} for f in files]
        return {"modules": modules, "totalModules": len(modules)}

    # -- breakpoints ---------------------------------------------------------

    def _setBreakpoints(self, args: dict) -> dict:
        """All the breakpoints of one file, as the panel has them now."""
        path = args["source"]["path"]
        asked = args.get("breakpoints", [])
        self.wanted[path] = asked
        debugger, placed = self.guest.debugger, self.placed.setdefault(path, {})
        for line in [n for n in placed if n not in {b["line"] for b in asked}]:
            number = placed.pop(line)
            if number in debugger.breakpoints:
                debugger.delete(number)
        return {"breakpoints": [self._placed(path, b) for b in asked]}

    def _placed(self, path: str, asked: dict) -> dict:
        line, placed = asked["line"], self.placed[path]
        answer = {"line": line, "source": {"path": path}, "verified": False}
        if placed.get(line) in self.guest.debugger.breakpoints:
            return answer | {"verified": True, "id": placed[line]}
        location = self.files.location(path, line)
        if location is None:
            return answer | {"message": "set once the cell has run"}
        if self.guest.state in (State.OFF, State.DEAD):
            return answer | {"message": "set once the guest has booted"}
        try:
            breakpoint = self.guest.debugger.add("break", location, asked.get("condition", ""))
        except GuestError as err:
            return answer | {"message": str(err)}
        placed[line] = breakpoint.number
        return answer | {"verified": True, "id": breakpoint.number}

    def cells_ran(self) -> None:
        """After a cell: place what waited for its code (or a boot), follow code that was redefined."""
        for path, asked in list(self.wanted.items()):
            if self.files.is_cell(path):
                number = self.files.cell_number(path)
                stale = [n for n, b in self.placed.get(path, {}).items() if self._in_other_cell(b, number)]
                for line in stale:
                    self.guest.debugger.delete(self.placed[path].pop(line))
            answers = self._setBreakpoints({"source": {"path": path}, "breakpoints": asked})["breakpoints"]
            for answer in answers:
                self.emit("breakpoint", {"reason": "changed", "breakpoint": answer})

    def _in_other_cell(self, number: int, cell: int | None) -> bool:
        breakpoint = self.guest.debugger.breakpoints.get(number)
        return breakpoint is not None and not breakpoint.where.startswith(f"cell{cell}:")

    # -- running -------------------------------------------------------------

    def _continue(self, args: dict) -> dict:
        return self._resume("continue")

    def _next(self, args: dict) -> dict:
        return self._resume("next")

    def _stepIn(self, args: dict) -> dict:
        return self._resume("stepIn")

    def _stepOut(self, args: dict) -> dict:
        return self._resume("stepOut")

    def _resume(self, command: str) -> dict:
        thread = self.guest.debugger.cpu + 1

        def going() -> None:  # before the guest runs: the next stopped event must come after this
            self.view.forget()
            self.references.clear()
            self.emit("continued", {"threadId": thread, "allThreadsContinued": True})

        self.resume(RESUMES[command], going)  # raises when no stopped cell waits for it
        return {"allThreadsContinued": True}

    def _pause(self, args: dict) -> dict:
        self.guest.debugger.pause()
        return {}

    def stopped_event(self) -> dict:
        """The body of the stopped event for where the guest stopped last."""
        debugger = self.guest.debugger
        return {
            "reason": stop_reason(debugger.stop),
            "threadId": debugger.cpu + 1,
            "allThreadsStopped": True,
            "description": f"CPU {debugger.cpu}",
        }

    # -- looking around ------------------------------------------------------

    def _threads_or_none(self) -> list:
        if self.guest.state in (State.OFF, State.DEAD):
            return []
        return self.view.threads()

    def _threads(self, args: dict) -> dict:
        return {"threads": [{"id": t.cpu + 1, "name": t.name} for t in self._threads_or_none()]}

    def _stackTrace(self, args: dict) -> dict:
        cpu = int(args.get("threadId", 1)) - 1
        frames = self.guest.debugger.frames(cpu)
        first = int(args.get("startFrame", 0))
        levels = int(args.get("levels", 0)) or len(frames)
        shown = frames[first : first + levels]
        return {"stackFrames": [self._frame(cpu, f) for f in shown], "totalFrames": len(frames)}

    def _frame(self, cpu: int, frame: Frame) -> dict:
        record = {
            "id": cpu * FRAME_STRIDE + frame.level + 1,
            "name": frame.function or hex(frame.address),
            "line": frame.line or 0,
            "column": 1,
        }
        if frame.line and frame.file.startswith("cell") and frame.file[4:-2].isdigit():
            path = self.files.path_of_cell(int(frame.file[4:-2]))
            return record | {"source": {"name": frame.file, "path": path}}
        if frame.line and frame.path:
            return record | {"source": {"name": frame.file, "path": frame.path}}
        # No file: still a source object, which JupyterLab's call stack reads the path of.
        return record | {"presentationHint": "label", "source": {"name": "no source"}}

    @staticmethod
    def _cpu_level(frame_id: int) -> tuple[int, int]:
        return (frame_id - 1) // FRAME_STRIDE, (frame_id - 1) % FRAME_STRIDE

    def _scopes(self, args: dict) -> dict:
        cpu, level = self._cpu_level(int(args["frameId"]))
        view = self.view
        scopes = [
            ("Locals", "locals", lambda: view.variables(cpu, level)),  # arguments first, as in C's IDEs
            ("Registers", "registers", lambda: view.registers(cpu, level)),
        ]
        return {
            "scopes": [
                {"name": name, "presentationHint": hint, "variablesReference": self._reference(f)}
                | {"expensive": False}
                for name, hint, f in scopes
            ]
        }

    def _reference(self, variables: Callable[[], list[Variable]]) -> int:
        reference = next(self._references)
        self.references[reference] = variables
        return reference

    def _variables(self, args: dict) -> dict:
        variables = self.references.get(int(args["variablesReference"]))
        if variables is None:
            raise GuestError("these variables are gone (the guest ran on)", "look at the new stop's")
        return {"variables": [self._variable(v) for v in variables()]}

    def _variable(self, variable: Variable) -> dict:
        reference = self._reference(lambda: self.view.members(variable.handle)) if variable.handle else 0
        return {
            "name": variable.name,
            "value": variable.value,
            "type": shown_type(variable),
            "evaluateName": variable.expression,
            "variablesReference": reference,
        }

    def _frame_of(self, args: dict) -> tuple[int, int]:
        if "frameId" in args and args["frameId"] is not None:
            return self._cpu_level(int(args["frameId"]))
        return self.guest.debugger.cpu, 0

    def _evaluate(self, args: dict) -> dict:
        expression = args["expression"]
        if self.guest.state is not State.STOPPED:  # calls run from cells, not from this thread
            raise GuestError("the guest is not stopped: no frame to evaluate in", "evaluate it in a cell")
        variable = self._variable(self.view.evaluate(expression, *self._frame_of(args)))
        return {"result": variable["value"]} | {k: variable[k] for k in ("type", "variablesReference")}

    def _inspectVariables(self, args: dict) -> dict:
        """The variable explorer: the stopped frame's locals and arguments, else the C cells' globals."""
        if self.guest.state is State.STOPPED:
            cpu, view = self.guest.debugger.cpu, self.view
            found = view.variables(cpu, 0)
        else:
            found = self._cell_globals()
        return {"variables": [self._variable(v) for v in found]}

    def _cell_globals(self) -> list[Variable]:
        session = self.guest.cells
        if session is None or self.guest.state is not State.READY:
            return []
        found = []
        for name in sorted(session.addresses):
            value = self.guest.evaluate(name)
            if "(" not in value.type:  # functions are values too, but not variables
                found.append(Variable(name, value.text, value.type, name))
        return found

    def _richInspectVariables(self, args: dict) -> dict:
        cpu, level = self._frame_of(args)
        name = args["variableName"]
        if self.guest.state is State.STOPPED:
            text = self.view.text(name, cpu, level)
        else:
            text = str(self.guest.evaluate(name))
        return {"data": {"text/plain": text}, "metadata": {}}

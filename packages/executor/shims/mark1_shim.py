"""Mark-1's Python function shim.

Runs inside the plugin's sandbox. Reads call requests, one JSON object per line, from fd 4;
imports the plugin's module, calls the function with the inputs as keyword arguments, and writes
one JSON line per call to fd 3. The plugin's own prints go to stdout/stderr (the step's log), so
they can never corrupt the result channel. Without `keep_open`, the parent closes fd 4 after one
request and the shim exits after answering it; a warm worker serves requests until fd 4 closes.
"""

# Only what every call needs is imported up front: an interpreter start is the floor of a call.
import importlib
import json
import os
import sys


def _take_fd(fd, mode):
    # The channel stays out of reach of the plugin's own subprocesses.
    private = os.dup(fd)
    os.close(fd)
    os.set_inheritable(private, False)
    return os.fdopen(private, mode, encoding="utf-8", newline="\n")


def _default(value):
    import dataclasses
    import datetime
    import decimal
    import pathlib

    if isinstance(value, pathlib.PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        # Text when it is UTF-8 (most bytes a library returns are), else base64.
        data = bytes(value)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            import base64

            return base64.b64encode(data).decode("ascii")
    raise TypeError(f"a value of type {type(value).__name__} is not JSON serializable")


def _resolve(module, dotted):
    target = module
    parts = dotted.split(".")
    for index, part in enumerate(parts):
        if not hasattr(target, part):
            where = ".".join(parts[:index]) or module.__name__
            raise LookupError(f"{where} has no attribute {part!r}")
        target = getattr(target, part)
        if isinstance(target, type) and index < len(parts) - 1:
            target = target()
    # A tool object (LangChain's @tool, a Runnable) is called with its inputs as one dict.
    invoke = getattr(target, "invoke", None)
    if not isinstance(target, type) and callable(invoke) and hasattr(target, "args_schema"):
        return lambda **inputs: invoke(inputs)
    if not callable(target):
        raise LookupError(f"{dotted} is not callable")
    return target


def _error(kind, error, with_traceback=True):
    import traceback

    payload = {"kind": kind, "type": type(error).__name__, "message": str(error)}
    if with_traceback:
        payload["traceback"] = "".join(traceback.format_exception(error)[-12:])
    return payload


_BASE_ENV = dict(os.environ)


def _call(request):
    plugin_dir = request["plugin_dir"]
    for folder in [plugin_dir, *reversed(request.get("python_path") or [])]:
        if folder not in sys.path:
            sys.path.insert(0, folder)
    # A warm worker serves many calls: each starts from the worker's environment plus its own.
    os.environ.clear()
    os.environ.update(_BASE_ENV)
    os.environ.update(request.get("env") or {})
    if request.get("cwd"):
        os.chdir(request["cwd"])
    try:
        module = importlib.import_module(request["module"])
        function = _resolve(module, request["function"])
    except BaseException as error:  # noqa: BLE001 - reported to the executor
        return {"type": "error", "error": _error("import", error)}
    try:
        result = function(**(request.get("inputs") or {}))
        if hasattr(result, "__await__"):
            import asyncio

            result = asyncio.run(_await(result))
    except SystemExit as error:
        return {"type": "error", "error": {"kind": "exit", "type": "SystemExit", "message": f"the function called sys.exit({error.code!r})"}}
    except BaseException as error:  # noqa: BLE001 - reported to the executor
        return {"type": "error", "error": _error("exception", error)}
    try:
        return {"type": "result", "value": json.loads(json.dumps(result, default=_default, allow_nan=False))}
    except (TypeError, ValueError) as error:
        return {"type": "error", "error": _error("serialization", error, with_traceback=False)}


async def _await(awaitable):
    return await awaitable


def main():
    results = _take_fd(3, "w")
    requests = _take_fd(4, "r")
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        answer = _call(request)
        answer["id"] = request.get("id")
        sys.stdout.flush()
        sys.stderr.flush()
        results.write(json.dumps(answer) + "\n")
        results.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    # Threads the plugin left running must not keep the call alive.
    os._exit(0)


if __name__ == "__main__":
    main()

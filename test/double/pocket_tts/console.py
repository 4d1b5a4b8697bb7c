"""Rich-like text output of a Typer app: boxed panels, help pages, usage errors and tracebacks."""

import linecache
import os
import sys
import textwrap
import traceback


def terminal_width() -> int:
    """COLUMNS, else the real terminal width of stderr, else 80 (what rich uses)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 10:
        return int(columns)
    try:
        if sys.stderr.isatty():
            return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return 80


def wrap(text: str, width: int) -> list:
    """Word-wrap each paragraph line; an empty line stays empty."""
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width, break_on_hyphens=False, replace_whitespace=False) or [""])
    return lines


def _fit(line: str, width: int) -> str:
    # Crop what does not fit, like rich's ellipsis overflow.
    return line if len(line) <= width else line[: width - 1] + "…"


def panel(title: str, lines: list, width: int, center: bool = False) -> str:
    """A rounded box of `width` columns with a title in its top border."""
    inner = width - 2
    label = f" {title} " if title else ""
    if center:
        left = (inner - len(label)) // 2
        top = "╭" + "─" * left + label + "─" * (inner - left - len(label)) + "╮"
    else:
        top = "╭─" + label + "─" * (inner - 1 - len(label)) + "╮"
    body = ["│ " + _fit(line, inner - 2).ljust(inner - 2) + " │" for line in lines]
    return "\n".join([top] + body + ["╰" + "─" * inner + "╯"])


def error_panel(message: str, width: int) -> str:
    return panel("Error", wrap(message, width - 4), width)


def usage_error_text(usage: str, help_hint: str, message: str) -> str:
    """What Typer prints on stderr for a usage error (exit 2)."""
    width = terminal_width()
    return f"{usage}\n{help_hint}\n{error_panel(message, width)}\n"


def table(rows: list, width: int) -> list:
    """Rows of (left, middle, help) rendered in aligned columns, help wrapped."""
    if not rows:
        return []
    left_w = max(len(r[0]) for r in rows) + 2
    mid_w = max(len(r[1]) for r in rows)
    mid_w = mid_w + 2 if mid_w else 0
    help_w = max(20, width - 4 - left_w - mid_w)
    lines = []
    for left, middle, help_text in rows:
        wrapped = wrap(help_text, help_w) if help_text else [""]
        lines.append((left.ljust(left_w) + middle.ljust(mid_w) + wrapped[0]).rstrip())
        lines.extend((" " * (left_w + mid_w) + extra).rstrip() for extra in wrapped[1:])
    return lines


def help_page(usage: str, description: str, sections: list) -> str:
    """A Typer-style help page: usage, description, then boxed sections [(title, rows)]."""
    width = terminal_width()
    out = ["", " " + usage, ""]
    if description:
        out += [" " + line for line in wrap(description, width - 2)] + [""]
    for title, rows in sections:
        out.append(panel(title, table(rows, width), width))
    return "\n".join(out) + "\n"


def rich_traceback(error: BaseException, skip_frames: int = 1) -> str:
    """A boxed traceback like rich's, then the wrapped `ExceptionType: message` line(s)."""
    width = terminal_width()
    parts = []
    chain = _exception_chain(error)
    for index, exc in enumerate(chain):
        frames = traceback.extract_tb(exc.__traceback__)
        if exc is error:
            frames = frames[skip_frames:] or frames
        parts.append(panel("Traceback (most recent call last)", _frame_lines(frames, width - 4), width, center=True))
        message = str(exc)
        header = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
        parts.append("\n".join(wrap(header, width)))
        if index < len(chain) - 1:
            link = (
                "The above exception was the direct cause of the following exception:"
                if chain[index + 1].__cause__ is exc
                else "During handling of the above exception, another exception occurred:"
            )
            parts.append("\n" + "\n".join(wrap(link, width)) + "\n")
    return "\n".join(parts) + "\n"


def _exception_chain(error: BaseException) -> list:
    # Oldest first, following __cause__ / __context__ like Python does.
    chain = [error]
    while True:
        current = chain[0]
        previous = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if previous is None or previous in chain:
            return chain
        chain.insert(0, previous)


def _frame_lines(frames, width: int) -> list:
    lines = []
    for number, frame in enumerate(frames):
        if number:
            lines.append("")
        lines.extend(wrap(f"{frame.filename}:{frame.lineno} in {frame.name}", width))
        lines.append("")
        for lineno in range(max(1, frame.lineno - 2), frame.lineno + 3):
            code = linecache.getline(frame.filename, lineno).rstrip()
            marker = "❱" if lineno == frame.lineno else " "
            lines.append(f"{marker} {lineno:>4} │ {code}")
    return lines

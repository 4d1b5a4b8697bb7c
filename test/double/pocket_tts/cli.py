"""A Typer-like command-line layer: Click's parsing rules, Typer's rich help, errors and exit codes."""

import difflib
import os
import sys
import traceback
from dataclasses import dataclass, field

from pocket_tts import console

METAVARS = {"text": "TEXT", "integer": "INTEGER", "float": "FLOAT", "path": "PATH", "flag": "", "switch": ""}


@dataclass
class Option:
    dest: str
    names: tuple  # e.g. ("--text",) or ("-q", "--quiet")
    kind: str  # text | integer | float | path | flag (on only) | switch (--x / --no-x)
    default: object = None
    help: str = ""
    default_label: "str | None" = None  # shown as [default: ...]; None hides it
    hidden: bool = False  # accepted, not listed in --help (Typer's hidden=True)


@dataclass
class Argument:
    dest: str
    metavar: str
    help: str = ""


@dataclass
class Command:
    name: str
    help: str
    run: object  # callable(params) -> int | None
    options: list = field(default_factory=list)
    arguments: list = field(default_factory=list)


class UsageError(Exception):
    """A Click usage error: boxed message on stderr, exit 2."""

    def __init__(self, message: str, command: "Command | None" = None):
        super().__init__(message)
        self.message = message
        self.command = command


class ShowHelp(Exception):
    def __init__(self, command: "Command | None"):
        super().__init__()
        self.command = command


def _convert(kind: str, value: str, label: str):
    # Click's INT / FLOAT conversions and their messages.
    try:
        if kind == "integer":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        noun = "integer" if kind == "integer" else "float"
        raise UsageError(f"Invalid value for '{label}': {value!r} is not a valid {noun}.") from None
    return value


def _no_such_option(name: str, known: list) -> UsageError:
    close = difflib.get_close_matches(name, [k for k in known if k.startswith("--")])
    message = f"No such option: {name}"
    if len(close) == 1:
        message += f" Did you mean {close[0]}?"
    elif close:
        message += f" (Possible options: {', '.join(sorted(close))})"
    return UsageError(message)


class _Parser:
    """Click's rules: `--opt value`, `--opt=value`, `-q`, `--` ends options, last occurrence wins."""

    def __init__(self, command: Command):
        self.command = command
        self.lookup = {"--help": (None, True)}
        for option in command.options:
            for name in option.names:
                self.lookup[name] = (option, True)
            if option.kind == "switch":
                self.lookup["--no-" + option.names[-1][2:]] = (option, False)

    def parse(self, argv: list) -> tuple:
        given, positionals, index, help_wanted = [], [], 0, False
        while index < len(argv):
            token = argv[index]
            index += 1
            if token == "--":
                positionals.extend(argv[index:])
                break
            if not token.startswith("-") or token == "-":
                positionals.append(token)
                continue
            name, has_inline, inline = token.partition("=") if token.startswith("--") else (token[:2], False, token[2:])
            if not token.startswith("--") and inline:
                has_inline = True
            if name not in self.lookup:
                raise _no_such_option(name, list(self.lookup))
            option, on = self.lookup[name]
            if option is None or option.kind in ("flag", "switch"):
                if has_inline:
                    raise UsageError(f"Option '{name}' does not take a value.")
                if option is None:
                    help_wanted = True
                else:
                    given.append((option, on, name))
                continue
            if has_inline:
                value = inline
            elif index < len(argv):
                value, index = argv[index], index + 1
            else:
                raise UsageError(f"Option '{name}' requires an argument.")
            given.append((option, value, name))
        return given, positionals, help_wanted


def parse_command(command: Command, argv: list) -> dict:
    """Parameters by dest, or UsageError / ShowHelp."""
    try:
        given, positionals, help_wanted = _Parser(command).parse(argv)
        if help_wanted:
            raise ShowHelp(command)
        params = {option.dest: option.default for option in command.options}
        for option, value, name in given:  # conversion in command-line order, like Click
            params[option.dest] = value if option.kind in ("flag", "switch") else _convert(option.kind, value, option.names[-1])
        for position, argument in enumerate(command.arguments):
            if position >= len(positionals):
                raise UsageError(f"Missing argument '{argument.metavar}'.")
            params[argument.dest] = positionals[position]
        extra = positionals[len(command.arguments):]
        if extra:
            noun = "argument" if len(extra) == 1 else "arguments"
            raise UsageError(f"Got unexpected extra {noun} ({' '.join(extra)})")
        return params
    except UsageError as error:
        error.command = command
        raise


class TyperLikeApp:
    """The `cli_app` object: call it (no arguments) to run the CLI on sys.argv and exit."""

    top_options = [
        ("--install-completion", "", "Install completion for the current shell."),
        ("--show-completion", "", "Show completion for the current shell, to copy it or customize the installation."),
        ("--help", "", "Show this message and exit."),
    ]

    def __init__(self, help_text: str, commands: list):
        self.help_text = help_text
        self.commands = {command.name: command for command in commands}

    # ------------------------------------------------------------ text
    def _usage(self, prog: str, command: "Command | None") -> str:
        if command is None:
            return f"Usage: {prog} [OPTIONS] COMMAND [ARGS]..."
        args = "".join(" " + argument.metavar for argument in command.arguments)
        return f"Usage: {prog} {command.name} [OPTIONS]{args}"

    def _hint(self, prog: str, command: "Command | None") -> str:
        target = prog if command is None else f"{prog} {command.name}"
        return f"Try '{target} --help' for help."

    def help_text_for(self, prog: str, command: "Command | None") -> str:
        if command is None:
            rows = [(name, "", text) for name, _, text in self.top_options]
            commands = [(c.name, "", c.help.split("\n")[0]) for c in self.commands.values()]
            return console.help_page(self._usage(prog, None), self.help_text, [("Options", rows), ("Commands", commands)])
        sections = []
        if command.arguments:
            sections.append(("Arguments", [("* " + a.metavar, "TEXT", f"{a.help} [required]".strip()) for a in command.arguments]))
        rows = [_option_row(option) for option in command.options if not option.hidden]
        rows.append(("--help", "", "Show this message and exit."))
        sections.append(("Options", rows))
        return console.help_page(self._usage(prog, command), command.help, sections)

    # ------------------------------------------------------------ running
    def _select(self, argv: list) -> tuple:
        for index, token in enumerate(argv):
            if token == "--help":
                raise ShowHelp(None)
            if token in ("--install-completion", "--show-completion"):
                raise _Completion(token)
            if token.startswith("-") and token != "-":
                raise _no_such_option(token.partition("=")[0], [o[0] for o in self.top_options])
            if token not in self.commands:
                raise UsageError(f"No such command '{token}'.")
            return self.commands[token], argv[index + 1 :]
        raise UsageError("Missing command.")

    def __call__(self, args=None, prog_name=None, standalone_mode=True):
        argv = list(sys.argv[1:] if args is None else args)
        prog = prog_name or _prog_name()
        command = None
        try:
            command, rest = self._select(argv)
            params = parse_command(command, rest)
        except ShowHelp as wanted:
            sys.stdout.write(self.help_text_for(prog, wanted.command))
            sys.exit(0)
        except _Completion as request:
            sys.stdout.write(f"Shell completion ({request.args[0]}) is not available in the pocket-tts contract double.\n")
            sys.exit(0)
        except UsageError as error:
            where = error.command
            sys.stderr.write(console.usage_error_text(self._usage(prog, where), self._hint(prog, where), error.message))
            sys.exit(2)
        sys.exit(run_command(command, params))


class _Completion(Exception):
    pass


def _option_row(option: Option) -> tuple:
    longs = [n for n in option.names if n.startswith("--")]
    shorts = [n for n in option.names if not n.startswith("--")]
    names = " ".join(longs + shorts)
    if option.kind == "switch":
        names = f"{longs[0]}  --no-{longs[0][2:]}"
    help_text = option.help
    if option.default_label is not None:
        help_text += f" [default: {option.default_label}]"
    return names, METAVARS[option.kind], help_text


def _prog_name() -> str:
    # Click names the program after argv[0]; `python -m pocket_tts` shows as such.
    program = sys.argv[0] if sys.argv and sys.argv[0] else "pocket-tts"
    if os.path.basename(program) == "__main__.py":
        return "python -m pocket_tts"
    return os.path.basename(program)


def run_command(command: Command, params: dict) -> int:
    """Run a command: exceptions become exit 1 with a rich (or, with _TYPER_STANDARD_TRACEBACK, plain) traceback."""
    from pocket_tts.commands import Exit

    try:
        code = command.run(params)
        return 0 if code is None else int(code)
    except Exit as stop:
        return stop.code
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted.\n")  # Typer's abort message
        return 1
    except Exception as error:  # noqa: BLE001 - every exception is reported like Typer does
        _quiet_broken_stdout(error)
        if os.environ.get("_TYPER_STANDARD_TRACEBACK"):
            traceback.print_exception(type(error), error, error.__traceback__)
        else:
            sys.stderr.write(console.rich_traceback(error))
        sys.stderr.flush()
        return 1


def _quiet_broken_stdout(error: BaseException) -> None:
    # A reader that closed stdout: point fd 1 at /dev/null so the exit-time flush cannot fail again.
    if isinstance(error, BrokenPipeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)

"""Logging like upstream's enable_logging: `LEVEL: message` on stderr, for the pocket_tts loggers only."""

import contextlib
import logging
import sys


@contextlib.contextmanager
def enable_logging(level: int):
    """Attach a stderr handler to the "pocket_tts" logger for the duration of a command."""
    logger = logging.getLogger("pocket_tts")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    previous = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # nothing leaks to the root logger's last-resort handler
    try:
        yield logger
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]

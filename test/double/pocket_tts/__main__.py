"""`python -m pocket_tts` runs the same CLI as the `pocket-tts` console script."""

from pocket_tts.main import cli_app

cli_app()

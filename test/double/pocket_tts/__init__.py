"""Contract double of Kyutai's pocket-tts 2.1.0: same CLI, server and API surface, synthetic audio.

Standard library only. Importing it imports `torch` first, like upstream, so a runtime without
PyTorch fails with `ModuleNotFoundError: No module named 'torch'`.
"""

from pocket_tts.model import TTSModel, export_model_state

__version__ = "2.1.0+double"
IS_CONTRACT_DOUBLE = True

__all__ = ["TTSModel", "export_model_state", "__version__", "IS_CONTRACT_DOUBLE"]

"""One shared blank Indonesian spaCy pipeline; rule components load their patterns from vocab/.

``spacy.blank("id")`` spends seconds loading the Indonesian tokenizer's 15,963 exception entries
(reduplications such as "nilai-nilai", abbreviations such as "s.d.") into its tokenizer, and a
decree uses a few dozen of them. So our tokenizer starts with none and, before each text, loads
the entries that text contains: the same tokens as ``spacy.blank("id")`` (a test compares the two
on the corpus) for a fraction of the start-up.

``import spacy`` also imports spaCy's command line (``spacy.cli``: model download, project tools,
requests, httpx), a third of its import time, which a blank pipeline never uses: it is put off
until something asks for it (``defer_spacy_cli``).
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing spaCy takes most of a second: it waits for the first text
    from spacy.language import Language


class _DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet; the first attribute asked of it
    imports the real module, which then replaces it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system probing (``__path__``, ``__spec__``)
            raise AttributeError(name)
        return getattr(_import_for_real(self.__name__), name)


def _import_for_real(name: str) -> types.ModuleType:
    for key in [key for key, module in sys.modules.items() if isinstance(module, _DeferredModule)]:
        del sys.modules[key]
    return importlib.import_module(name)


def _deferred_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, which spaCy's ``__init__`` takes from ``spacy.cli.info``."""
    return _import_for_real("spacy.cli.info").info(*args, **kwargs)


def defer_spacy_cli() -> None:
    """Before spaCy is first imported: leave ``spacy.cli`` unimported until it is used (``python
    -m spacy``, ``spacy.cli.download``, ``spacy.info`` all still work)."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    cli, info = _DeferredModule("spacy.cli"), _DeferredModule("spacy.cli.info")
    info.info = _deferred_info  # type: ignore[attr-defined]
    cli.info = _deferred_info  # type: ignore[attr-defined]  # as in spaCy: the function
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info


def _bind_deferred_cli() -> None:
    """``spacy.cli`` as an attribute of the package too, as its own import would have set it."""
    spacy = sys.modules["spacy"]
    if not hasattr(spacy, "cli"):
        spacy.cli = sys.modules["spacy.cli"]  # type: ignore[attr-defined]


defer_spacy_cli()


@lru_cache(maxsize=1)
def blank() -> Language:
    """``spacy.blank("id")`` with the on-demand tokenizer: no model download. Shared: tokenizing
    is its only state."""
    from spacy.lang.id import Indonesian
    from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    _bind_deferred_cli()
    defaults = Indonesian.Defaults

    def create_tokenizer(nlp: Language) -> Any:  # spaCy's own tokenizer factory, but the rules
        return _tokenizer_class()(
            nlp.vocab,
            TOKENIZER_EXCEPTIONS,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return Indonesian(create_tokenizer=create_tokenizer)


@lru_cache(maxsize=1)
def _tokenizer_class() -> Any:
    from spacy.tokenizer import Tokenizer

    class OnDemandTokenizer(Tokenizer):
        """spaCy's tokenizer whose special cases are loaded, per text, from ``exceptions``."""

        def __init__(self, vocab: Any, exceptions: dict[str, Any], **affixes: Any) -> None:
            super().__init__(vocab, rules={}, **affixes)
            self.exceptions = exceptions
            self.chunks_seen: set[str] = set()
            self.loaded: set[str] = set()
            # Entries spanning whitespace or without punctuation cannot be found per chunk below.
            self.add_cases(key for key in exceptions if not _joins_punctuation(key))

        def __call__(self, text: str) -> Any:
            chunks = set(text.split()) - self.chunks_seen
            self.chunks_seen |= chunks
            self.add_cases(
                substring
                for chunk in chunks
                if _joins_punctuation(chunk)
                for substring in _substrings(chunk, _LONGEST_ENTRY)
                if substring in self.exceptions
            )
            return super().__call__(text)

        def add_cases(self, keys: Iterable[str]) -> None:
            for key in keys:
                if key not in self.loaded:
                    self.loaded.add(key)
                    self.add_special_case(key, self.exceptions[key])

    return OnDemandTokenizer


_LONGEST_ENTRY = 32  # the longest Indonesian entry has 25 characters


def _joins_punctuation(text: str) -> bool:
    """A whitespace-free text with punctuation: only such a chunk can hold an entry not loaded
    up front."""
    return not text.isalnum() and not any(c.isspace() for c in text)


def _substrings(chunk: str, longest: int) -> list[str]:
    return [
        chunk[start:end]
        for start in range(len(chunk))
        for end in range(start + 1, min(len(chunk), start + longest) + 1)
    ]

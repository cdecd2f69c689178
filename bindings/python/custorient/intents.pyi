from typing import Iterable, NamedTuple, TypeVar

from ._handle import Owned
from ._types import Array, Date, StrPath
from .store import Store

__all__ = ["Intent", "IntentRules", "intents", "intents_many", "intents_per_customer",
           "MIN_CONFIDENCE"]

_R = TypeVar("_R", bound="IntentRules")

MIN_CONFIDENCE: float

class Intent(NamedTuple):
    name: str
    confidence: float
    evidence: str

class IntentRules(Owned):
    def __init__(self, path: StrPath | None = ...) -> None: ...
    def load(self: _R, path: StrPath) -> _R: ...
    def load_text(self: _R, text: str | bytes, source: str | None = ...) -> _R: ...
    @property
    def names(self) -> list[str]: ...
    def __len__(self) -> int: ...

def intents(text: str | bytes, rules: IntentRules | None = ...) -> list[Intent]: ...
def intents_many(texts: Iterable[str | bytes],
                 rules: IntentRules | None = ...) -> dict[str, Array]: ...
def intents_per_customer(store: Store, as_of: Date,
                         rules: IntentRules | None = ...) -> dict[str, tuple[Array, Array]]: ...

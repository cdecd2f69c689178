from typing import NamedTuple

from ._handle import Owned
from ._types import ArrayLike, Array, StrPath

__all__ = ["Instrument", "InstrumentItem", "Subscale", "cronbach_alpha"]

class InstrumentItem(NamedTuple):
    id: str
    text: str
    reversed: bool

class Subscale(NamedTuple):
    id: str
    title: str
    aggregate: str
    items: list[str]

class Instrument(Owned):
    def __init__(self, handle: object) -> None: ...
    @classmethod
    def builtin(cls, name: str) -> Instrument: ...
    @staticmethod
    def builtin_names() -> list[str]: ...
    @classmethod
    def parse(cls, text: str | bytes, source: str | None = ...) -> Instrument: ...
    @classmethod
    def load(cls, path: StrPath) -> Instrument: ...
    @property
    def title(self) -> str: ...
    @property
    def scale(self) -> tuple[float, float]: ...
    @property
    def items(self) -> list[InstrumentItem]: ...
    @property
    def subscales(self) -> list[Subscale]: ...
    def score(self, answers: ArrayLike) -> Array: ...
    def alpha(self, answers: ArrayLike, subscale: str | int) -> float: ...

def cronbach_alpha(matrix: ArrayLike) -> float: ...

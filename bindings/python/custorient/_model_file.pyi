from typing import Any, TypeVar

from ._types import StrPath

_M = TypeVar("_M", bound="SavableModel")

class SavableModel:
    def save_model(self, path: StrPath, save_data: bool = ...,
                   save_generate_data_method: bool = ..., values_to_save: Any = ...) -> None: ...
    def load_model(self: _M, path: StrPath) -> _M: ...

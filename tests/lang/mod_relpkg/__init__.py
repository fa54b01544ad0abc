# Package for import_relative_fromlist: relative imports with and without a
# name; sub_c is left for `from mod_relpkg import sub_c` to import.
from .sub_a import greet
from . import sub_b

__all__ = ["greet", "sub_b", "sub_d"]

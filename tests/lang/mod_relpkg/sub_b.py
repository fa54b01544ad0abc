from .sub_a import greet as _greet

VALUE = "sub_b sees " + _greet()

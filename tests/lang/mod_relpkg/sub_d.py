VALUE = "sub_d imported through __all__"

VALUE = "sub_c imported by a fromlist"

# Imported by import_circular_from: imports mod_circ_b, which imports a name
# from this module before it is defined.
import mod_circ_b

X = 1

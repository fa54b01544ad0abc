# Helper module: records how many times its body ran.
runs = []
runs.append('ran')
print('mod_counter body executed')
def value():
    return len(runs)

# A dotted module name with an empty component names no module.
def show(name):
    try:
        print(__import__(name).__name__)
    except (ImportError, ValueError) as e:
        print(type(e).__name__, e)


for name in ("math.", "math..sub", ".math", "mod_relpkg.", "mod_relpkg..sub_a", "mod_relpkg.sub_a"):
    show(name)

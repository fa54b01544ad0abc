# __name__ is '__main__' for the script and the module name when imported.
def main():
    print('main() running, __name__ =', __name__)
    import mod_shapes
    print('imported module name:', mod_shapes.__name__)
if __name__ == '__main__':
    main()
else:
    print('not printed when run directly')
print(__name__ == '__main__')

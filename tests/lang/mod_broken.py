# Helper module that raises while being imported.
print('mod_broken starting')
x = 1
raise ValueError('mod_broken failed during import')

# open() in binary mode, and errors for missing files.
import time
path = '/tmp/weft_lang_builtins_open_binary_%d.bin' % time.time_ns()  # unique: runs may overlap
with open(path, 'wb') as f:
    f.write(bytes(range(0, 256, 51)))
    f.write('é'.encode('utf-8'))
with open(path, 'rb') as f:
    data = f.read()
print(data, len(data), type(data).__name__)
with open(path, 'rb') as f:
    print(f.read(2), f.read(2), f.read())
try:
    open('/tmp/weft_lang_definitely_missing_dir/nofile.txt')
except FileNotFoundError as e:
    print('FileNotFoundError:', e.errno, e.strerror)
    print(isinstance(e, OSError))
with open(path, 'w') as f:
    f.write('line one\nline two')
with open(path) as f:
    lines = [l for l in f]
print(lines)

# Non-ASCII identifiers and string contents.
café = 3
naïve = 'naïve'
π = 3.14159
日本 = '日本語'
print(café, naïve, π, 日本)
print(len(naïve), len(日本), len('😀'))
def grüß(name):
    return 'Grüß ' + name
print(grüß('Gott'))
class Ünicode:
    wert = 'ü'
print(Ünicode.wert, Ünicode.__name__)
s = 'Ελληνικά'
print(s.upper(), s.lower())
print([c for c in 'aé中'])
print('é'.encode('utf-8'), '中'.encode())

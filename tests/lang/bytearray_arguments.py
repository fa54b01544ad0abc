# A bytearray passed as the argument of another object's operation, in a
# program that has started a thread (weft then copies it in its critical
# section first): results, types and errors are those of CPython.
import threading

t = threading.Thread(target=lambda: None)
t.start()
t.join()

ba = bytearray(b"hello world")
print(bytes(ba), type(bytes(ba)).__name__)
print(b">" + ba, type(b">" + ba).__name__)
print(ba + b"<", type(ba + b"<").__name__)
print(b"lo w" in b"hello world", bytearray(b"lo w") in b"hello world", bytearray(b"xyz") in b"hello")
print(b"hello world".find(ba), b"say hello world".find(ba), b"abc".find(bytearray(b"c")))
print(b"hello world".startswith((bytearray(b"x"), bytearray(b"he"))), b"abc".endswith(bytearray(b"bc")))
print(b"hello world".replace(bytearray(b"o"), bytearray(b"0")))
print(b"a,b,c".split(bytearray(b",")), b"a b".partition(bytearray(b" ")), b"a b".rpartition(b" "))
print(bytearray(b"a b").partition(bytearray(b" ")), bytearray(b"a b").rpartition(b"x"))
sep = bytearray(b" ")
print(b"a b".partition(sep)[1] is sep, b"a b".partition(b"x")[1])
print(b"-".join([ba, b"x", bytearray(b"y")]), bytearray(b"-").join([ba, b"z"]))
print(ba.find(ba), ba.count(bytearray(b"l")), ba.split(ba), ba.join([ba, ba])[:15])
print(b"%b|%s|%c" % (ba, bytearray(b"s"), bytearray(b"c")))
print(bytearray(b"%d-%b") % (5, ba))
print(str(ba, "utf-8"), str(bytearray(b"caf\xc3\xa9"), "utf-8"), ba.decode("ascii"))
print(list(bytearray(b"abc")), [c for c in bytearray()], list(iter(bytearray(b"\x00\xff"))))
print(int(bytearray(b"42")), float(bytearray(b"2.5")), int.from_bytes(bytearray(b"\x01\x00"), "big"))
print(b"x".join((bytearray(b"a"),)), b"".join([]), bytes(bytearray()))
for bad in (lambda: b"x" + "s", lambda: b"x".find("s"), lambda: "s" in b"x",
            lambda: b"%c" % bytearray(b"ab"), lambda: b"-".join([ba, 3]),
            lambda: str(3, "utf-8"), lambda: b"%b" % "s"):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
with open("/dev/null", "wb") as f:
    print(f.write(ba), f.write(bytearray(b"!")), f.write(b""), f.write(bytearray()))

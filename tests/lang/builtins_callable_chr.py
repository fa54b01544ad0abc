# callable(), chr(), ord(), and friends.
class WithCall:
    def __call__(self):
        return 1
class Without:
    pass
print(callable(print), callable(len), callable(WithCall()), callable(Without()), callable(Without))
print(callable(None), callable(1), callable(str.upper), callable(lambda: 1), callable([].append))
print(chr(97), chr(0x41), chr(8364), chr(0x1F40D), ord('a'), ord('€'), ord('\U0001F40D'))
print([chr(c) for c in range(ord('a'), ord('f'))])
print(''.join(chr(ord(c) ^ 32) for c in 'Hello'))
caesar = ''.join(chr((ord(c) - 97 + 3) % 26 + 97) if c.islower() else c for c in 'xyz abc!')
print(caesar)

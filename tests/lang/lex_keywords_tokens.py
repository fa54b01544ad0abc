# Operators and delimiters that tokenize tightly.
a=1;b=2;c=a+b
print(a,b,c)
print(2**-1, -2**2, (-2)**2)
print(7//2, 7%3, 7/2)
print(1<<3, 16>>2, 5&3, 5|3, 5^3, ~5)
print(1<2, 2<=2, 3>2, 3>=4, 1==1, 1!=2)
x = [1,2,3][1:][::-1]
print(x)
print(not 0, not 1, 1 if 0 else 2)
y = 10; y += 1; y -= 2; y *= 3; y //= 4; y %= 5; y **= 2
print(y)
z = 6; z <<= 2; z >>= 1; z &= 15; z |= 16; z ^= 1
print(z)
print(1 .real, 1.5.real)
print((1).__add__(2))

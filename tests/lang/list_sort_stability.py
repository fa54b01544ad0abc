# Sorting is stable, including with reverse=True.
records = [('alice', 3), ('bob', 1), ('carol', 3), ('dave', 2), ('eve', 1), ('frank', 2)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: r[1], reverse=True))
by_name = sorted(records)
by_score = sorted(by_name, key=lambda r: r[1])
print(by_score)
data = [(i % 3, i) for i in range(12)]
data.sort(key=lambda t: t[0])
print(data)
data.sort(key=lambda t: t[0], reverse=True)
print(data)
big = [(i * 7919) % 101 for i in range(200)]
s = sorted(big)
print(s[:10], s[-10:], all(s[i] <= s[i + 1] for i in range(len(s) - 1)))
idx = sorted(range(len(big)), key=lambda i: big[i])
print(idx[:12])

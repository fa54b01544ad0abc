# Towers of Hanoi: moves listing and counts.
def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((n, src, dst))
    hanoi(n - 1, via, dst, src, moves)
moves = []
hanoi(3, 'A', 'C', 'B', moves)
for disk, s, d in moves:
    print('move disk %d from %s to %s' % (disk, s, d))
for n in range(1, 16):
    m = []
    hanoi(n, 'A', 'C', 'B', m)
    print(n, len(m), len(m) == 2 ** n - 1)
pegs = {'A': list(range(4, 0, -1)), 'B': [], 'C': []}
m = []
hanoi(4, 'A', 'C', 'B', m)
for disk, s, d in m:
    assert pegs[s][-1] == disk
    assert not pegs[d] or pegs[d][-1] > disk
    pegs[d].append(pegs[s].pop())
print(pegs)

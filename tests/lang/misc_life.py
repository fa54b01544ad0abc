# Conway's Game of Life on a small torus, a few generations.
W, H = 10, 8
def parse(rows):
    return {(x, y) for y, row in enumerate(rows) for x, ch in enumerate(row) if ch == '#'}
def step(live):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % W, (y + dy) % H)
                    counts[key] = counts.get(key, 0) + 1
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in live)}
def show(live, gen):
    print('generation', gen, 'population', len(live))
    for y in range(H):
        print(''.join('#' if (x, y) in live else '.' for x in range(W)))
board = parse([
    '.#........',
    '..#.......',
    '###.......',
    '..........',
    '......###.',
    '..........',
    '..........',
    '..........',
])
for g in range(5):
    show(board, g)
    board = step(board)
for g in range(5, 40):
    board = step(board)
print('after 40 generations:', len(board), sorted(board))

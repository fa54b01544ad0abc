# N-queens: count solutions for small boards and print one solution for 6.
def solve(n):
    solutions = []
    cols, diag1, diag2 = set(), set(), set()
    placement = []
    def place(row):
        if row == n:
            solutions.append(list(placement))
            return
        for c in range(n):
            if c in cols or (row - c) in diag1 or (row + c) in diag2:
                continue
            cols.add(c); diag1.add(row - c); diag2.add(row + c); placement.append(c)
            place(row + 1)
            cols.remove(c); diag1.remove(row - c); diag2.remove(row + c); placement.pop()
    place(0)
    return solutions
for n in range(1, 9):
    print(n, len(solve(n)))
six = solve(6)
print(six)
for c in six[0]:
    print(' '.join('Q' if i == c else '.' for i in range(6)))

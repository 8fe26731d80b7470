# mktable.py ORACLE7 — the table of tests/unit/test_lunar.c: for each lunar
# year 1900–2199 {year, Tết month, Tết day, leap month, mask}, where bit i
# of mask is set when the i-th month of the year (leap included) has 30 days.
import sys
years = {}
for line in open(sys.argv[1]):
    d, y, m, leap, n = line.split()
    years.setdefault(int(y), []).append((d, int(m), int(leap), int(n)))
cells = []
for y in range(1900, 2200):
    ms = years[y]
    assert ms[0][1] == 1 and not ms[0][2]
    leap = next((m for _, m, l, _ in ms if l), 0)
    mask = sum(1 << i for i, (_, _, _, n) in enumerate(ms) if n == 30)
    cells.append('{%d, %d, %d, %d, 0x%04x}' % (y, int(ms[0][0][5:7]), int(ms[0][0][8:10]), leap, mask))
for i in range(0, len(cells), 4):
    print('\t' + ', '.join(cells[i:i + 4]) + ',')

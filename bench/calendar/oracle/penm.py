# penm.py — every new moon from Oct 1897 to Mar 2202 as a Julian Day (UT),
# one per line, from PyEphem (libastro; Debian package python3-ephem).
# Part of the independent check of src/core/lunar.c (README.md here).
import ephem

d = ephem.Date('1897/10/1')
end = ephem.Date('2202/3/1')
while d < end:
    d = ephem.next_new_moon(d)
    print('%.8f' % (float(d) + 2415020.0))  # ephem dates count from 1899-12-31 12:00
    d = ephem.Date(d + 1)

/*
 * lunar.c — the Vietnamese lunisolar calendar computed from astronomy.
 *
 * Method (docs/CALENDAR.md has worked examples):
 *
 *  1. New moons. Meeus, Astronomical Algorithms (2nd ed.), ch. 49: the mean
 *     phase of lunation k plus the 25 periodic terms for a new moon and the
 *     14 planetary terms A1..A14. Result in Terrestrial Time (JDE); Meeus
 *     quotes a mean error of a few seconds against ELP-2000/82.
 *  2. TT → UT with ΔT from the Espenak & Meeus (2006) polynomials; after
 *     ~2020 these are extrapolations, so events within a minute or so of
 *     midnight late in the range are uncertain by nature (docs list them).
 *  3. Sun's apparent longitude. Meeus ch. 25 "higher accuracy": Earth's
 *     heliocentric longitude from the abridged VSOP87D series of Appendix
 *     III, + 180°, the FK5 correction, nutation in longitude (ch. 22, the
 *     IAU 1980 terms down to 0.001″) and aberration (−20.4898″/R). It
 *     reproduces Meeus' example 25.b to 0.01″ and stays within ~2″ (mean
 *     0.6″) of a full VSOP87 ephemeris over 1899–2201: a principal term is
 *     placed within about a minute of its true instant.
 *  4. Local days. Every instant is turned into a day number of Vietnam's
 *     civil calendar (UTC+7, meridian 105°E) by flooring — never rounding —
 *     JD + 0.5 + 7/24 (see local_day). Sun longitudes for the principal-term
 *     test are evaluated at local midnight (00:00 UTC+7), so "month i has a
 *     principal term" means: a term instant's local date lies in
 *     [start_i, start_i+1), which is what the rule says.
 *  5. The rules: month starts on the new moon's local day; month 11 holds
 *     the winter solstice's local day; between two months 11 either 12 or 13
 *     months lie; with 13 the first one after month 11 with no principal
 *     term is leap and repeats the previous month's number.
 *
 * Written from the published method; no code from other lunar calendar
 * programs was used (Ho Ngoc Duc's is under a non-commercial licence).
 *
 * Invariants: month_start[] strictly increases by 29 or 30; year_first[y]
 * indexes month 1 of lunar year LUNAR_Y0 + y; every lunar year of the table
 * has 12 or 13 months; at most one leap month per year.
 *
 * The table is computed at BUILD time (scripts/gen_lunar_table.c runs
 * compute() and writes lunar_table.inc into the build's gen/ directory) and
 * loaded at run time: computing it takes ~5,000 evaluations of VSOP87 (about
 * 50 ms), which start-up should not pay. A build without the generated file
 * (ad-hoc test and fuzz builds) computes it on first use instead.
 * lunar_verify_table() recomputes it and compares (the unit tests do).
 *
 * Threading: init runs exactly once under pthread_once; the tables are
 * never written afterwards, so lookups are safe from any thread
 * (lunar_verify_table excepted: tests only).
 */
#include "core/lunar.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "core/vntime.h"

/* Time zone of the calendar in hours. 7 = Vietnam. Overridable only so the
 * verification in docs/CALENDAR.md can rebuild the Chinese (UTC+8) calendar
 * and compare it with published Chinese tables; never set it in the product. */
#ifndef LUNAR_TZ_HOURS
#define LUNAR_TZ_HOURS 7
#endif

#define PI 3.14159265358979323846
#define RAD (PI / 180.0)
#define JD_UNIX_EPOCH 2440587.5 /* JD of 1970-01-01 00:00 UT */
#define SYNODIC 29.530588861

/* First and last month-11 solstice years computed: lunar years 1899..2199
 * are then complete (months 11/12 of 2199 need the 2200 solstice). */
#define SOLSTICE_Y0 1898
#define SOLSTICE_Y1 2200
#define LUNAR_Y0 (SOLSTICE_Y0 + 1) /* 1899 */
#define LUNAR_Y1 SOLSTICE_Y1       /* 2200: months 1..10 only, from the last sui */
#define NYEARS (LUNAR_Y1 - LUNAR_Y0 + 1)
#define MAX_MONTHS (((SOLSTICE_Y1 - SOLSTICE_Y0) + 1) * 13 + 2)

static int32_t month_start[MAX_MONTHS + 1]; /* local day numbers; one past the end too */
static int16_t month_year[MAX_MONTHS];
static int8_t month_num[MAX_MONTHS];
static int8_t month_leap[MAX_MONTHS];
static int nmonths;                    /* months in the table */
static int32_t year_first[NYEARS + 1]; /* index of month 1 of each lunar year; -1 unknown */
static int8_t year_leap[NYEARS];       /* leap month number, 0 none */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static double sind(double deg)
{
	return sin(fmod(deg, 360.0) * RAD);
}

static double cosd(double deg)
{
	return cos(fmod(deg, 360.0) * RAD);
}

static double norm360(double x)
{
	x = fmod(x, 360.0);
	return x < 0 ? x + 360.0 : x;
}

double lunar_new_moon_jde(int k)
{
	double kk = k, t = kk / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = 2451550.09766 + SYNODIC * kk + 0.00015437 * t2 - 0.000000150 * t3 +
		     0.00000000073 * t4;
	double e = 1.0 - 0.002516 * t - 0.0000074 * t2;
	/* Sun's mean anomaly, Moon's mean anomaly, argument of latitude, node */
	double m = 2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3;
	double mp =
		201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
	double f =
		160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
	double om = 124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3;
	m = norm360(m);
	mp = norm360(mp);
	f = norm360(f);
	om = norm360(om);

	double c = -0.40720 * sind(mp) + 0.17241 * e * sind(m) + 0.01608 * sind(2 * mp) +
		   0.01039 * sind(2 * f) + 0.00739 * e * sind(mp - m) - 0.00514 * e * sind(mp + m) +
		   0.00208 * e * e * sind(2 * m) - 0.00111 * sind(mp - 2 * f) -
		   0.00057 * sind(mp + 2 * f) + 0.00056 * e * sind(2 * mp + m) -
		   0.00042 * sind(3 * mp) + 0.00042 * e * sind(m + 2 * f) +
		   0.00038 * e * sind(m - 2 * f) - 0.00024 * e * sind(2 * mp - m) -
		   0.00017 * sind(om) - 0.00007 * sind(mp + 2 * m) +
		   0.00004 * sind(2 * mp - 2 * f) + 0.00004 * sind(3 * m) +
		   0.00003 * sind(mp + m - 2 * f) + 0.00003 * sind(2 * mp + 2 * f) -
		   0.00003 * sind(mp + m + 2 * f) + 0.00003 * sind(mp - m + 2 * f) -
		   0.00002 * sind(mp - m - 2 * f) - 0.00002 * sind(3 * mp + m) +
		   0.00002 * sind(4 * mp);

	/* Planetary arguments A1..A14 and their coefficients (Meeus 49). */
	static const double pa[14][3] = {
		{299.77, 0.107408, 0.000325},  {251.88, 0.016321, 0.000165},
		{251.83, 26.651886, 0.000164}, {349.42, 36.412478, 0.000126},
		{84.66, 18.206239, 0.000110},  {141.74, 53.303771, 0.000062},
		{207.14, 2.453732, 0.000060},  {154.84, 7.306860, 0.000056},
		{34.52, 27.261239, 0.000047},  {207.19, 0.121824, 0.000042},
		{291.34, 1.844379, 0.000040},  {161.72, 24.198154, 0.000037},
		{239.56, 25.513099, 0.000035}, {331.55, 3.592518, 0.000023},
	};
	double w = 0;
	for (int i = 0; i < 14; i++) {
		double a = pa[i][0] + pa[i][1] * kk;
		if (i == 0)
			a -= 0.009173 * t2;
		w += pa[i][2] * sind(norm360(a));
	}
	return jde + c + w;
}

double lunar_delta_t(double y)
{
	double t, u;
	if (y < 1860) {
		u = (y - 1820) / 100;
		return -20 + 32 * u * u;
	}
	if (y < 1900) {
		t = y - 1860;
		return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t -
		       0.0004473624 * t * t * t * t + t * t * t * t * t / 233174;
	}
	if (y < 1920) {
		t = y - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		       0.000197 * t * t * t * t;
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		       0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	u = (y - 1820) / 100;
	if (y < 2150)
		return -20 + 32 * u * u - 0.5628 * (2150 - y);
	return -20 + 32 * u * u;
}

/*
 * Earth's heliocentric longitude, VSOP87 version D (ecliptic and equinox of
 * date), the abridged series printed by Meeus, Astronomical Algorithms,
 * Appendix III: A·cos(B + C·τ), A in 1e-8 rad, τ in Julian millennia from
 * J2000. The truncation keeps the Sun's longitude within about 1″ over our
 * range (Meeus ch. 25, "higher accuracy").
 */
struct vsop_term {
	double a, b, c;
};

static const struct vsop_term earth_l0[] = {
	{175347046, 0, 0},
	{3341656, 4.6692568, 6283.0758500},
	{34894, 4.62610, 12566.15170},
	{3497, 2.7441, 5753.3849},
	{3418, 2.8289, 3.5231},
	{3136, 3.6277, 77713.7715},
	{2676, 4.4181, 7860.4194},
	{2343, 6.1352, 3930.2097},
	{1324, 0.7425, 11506.7698},
	{1273, 2.0371, 529.6910},
	{1199, 1.1096, 1577.3435},
	{990, 5.233, 5884.927},
	{902, 2.045, 26.298},
	{857, 3.508, 398.149},
	{780, 1.179, 5223.694},
	{753, 2.533, 5507.553},
	{505, 4.583, 18849.228},
	{492, 4.205, 775.523},
	{357, 2.920, 0.067},
	{317, 5.849, 11790.629},
	{284, 1.899, 796.298},
	{271, 0.315, 10977.079},
	{243, 0.345, 5486.778},
	{206, 4.806, 2544.314},
	{205, 1.869, 5573.143},
	{202, 2.458, 6069.777},
	{156, 0.833, 213.299},
	{132, 3.411, 2942.463},
	{126, 1.083, 20.775},
	{115, 0.645, 0.980},
	{103, 0.636, 4694.003},
	{102, 0.976, 15720.839},
	{102, 4.267, 7.114},
	{99, 6.21, 2146.17},
	{98, 0.68, 155.42},
	{86, 5.98, 161000.69},
	{85, 1.30, 6275.96},
	{85, 3.67, 71430.70},
	{80, 1.81, 17260.15},
	{79, 3.04, 12036.46},
	{75, 1.76, 5088.63},
	{74, 3.50, 3154.69},
	{74, 4.68, 801.82},
	{70, 0.83, 9437.76},
	{62, 3.98, 8827.39},
	{61, 1.82, 7084.90},
	{57, 2.78, 6286.60},
	{56, 4.39, 14143.50},
	{56, 3.47, 6279.55},
	{52, 0.19, 12139.55},
	{52, 1.33, 1748.02},
	{51, 0.28, 5856.48},
	{49, 0.49, 1194.45},
	{41, 5.37, 8429.24},
	{41, 2.40, 19651.05},
	{39, 6.17, 10447.39},
	{37, 6.04, 10213.29},
	{37, 2.57, 1059.38},
	{36, 1.71, 2352.87},
	{36, 1.78, 6812.77},
	{33, 0.59, 17789.85},
	{30, 0.44, 83996.85},
	{30, 2.74, 1349.87},
	{25, 3.16, 4690.48},
};
static const struct vsop_term earth_l1[] = {
	{628331966747, 0, 0},       {206059, 2.678235, 6283.075850},
	{4303, 2.6351, 12566.1517}, {425, 1.590, 3.523},
	{119, 5.796, 26.298},       {109, 2.966, 1577.344},
	{93, 2.59, 18849.23},       {72, 1.14, 529.69},
	{68, 1.87, 398.15},         {67, 4.41, 5507.55},
	{59, 2.89, 5223.69},        {56, 2.17, 155.42},
	{45, 0.40, 796.30},         {36, 0.47, 775.52},
	{29, 2.65, 7.11},           {21, 5.34, 0.98},
	{19, 1.85, 5486.78},        {19, 4.97, 213.30},
	{17, 2.99, 6275.96},        {16, 0.03, 2544.31},
	{16, 1.43, 2146.17},        {15, 1.21, 10977.08},
	{12, 2.83, 1748.02},        {12, 3.26, 5088.63},
	{12, 5.27, 1194.45},        {12, 2.08, 4694.00},
	{11, 0.77, 553.57},         {10, 1.30, 6286.60},
	{10, 4.24, 1349.87},        {9, 2.70, 242.73},
	{9, 5.64, 951.72},          {8, 5.30, 2352.87},
	{6, 2.65, 9437.76},         {6, 4.67, 4690.48},
};
static const struct vsop_term earth_l2[] = {
	{52919, 0, 0},     {8720, 1.0721, 6283.0758}, {309, 0.867, 12566.152}, {27, 0.05, 3.52},
	{16, 5.19, 26.30}, {16, 3.68, 155.42},        {10, 0.76, 18849.23},    {9, 2.06, 77713.77},
	{7, 0.83, 775.52}, {5, 4.66, 1577.34},        {4, 1.03, 7.11},         {4, 3.44, 5573.14},
	{3, 5.14, 796.30}, {3, 6.05, 5507.55},        {3, 1.19, 242.73},       {3, 6.12, 529.69},
	{3, 0.31, 398.15}, {3, 2.28, 553.57},         {2, 4.38, 5223.69},      {2, 3.75, 0.98},
};
static const struct vsop_term earth_l3[] = {
	{289, 5.844, 6283.076}, {35, 0, 0},          {17, 5.49, 12566.15}, {3, 5.20, 155.42},
	{1, 4.72, 3.52},        {1, 5.30, 18849.23}, {1, 5.97, 242.73},
};
static const struct vsop_term earth_l4[] = {
	{114, 3.142, 0},
	{8, 4.13, 6283.08},
	{1, 3.84, 12566.15},
};
static const struct vsop_term earth_l5[] = {
	{1, 3.14, 0},
};

#define NTERMS(x) (sizeof(x) / sizeof((x)[0]))

static double vsop_series(const struct vsop_term *t, size_t n, double tau)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += t[i].a * cos(t[i].b + t[i].c * tau);
	return s;
}

/* Nutation in longitude Δψ in arc-seconds (Meeus ch. 22, IAU 1980 theory,
 * the terms of Table 22.A down to 0.001″). */
static double nutation_longitude(double t)
{
	static const struct {
		signed char d, m, mp, f, om;
		double s0, s1; /* 0.0001″ and 0.0001″ per century */
	} tab[] = {
		{0, 0, 0, 0, 1, -171996, -174.2}, {-2, 0, 0, 2, 2, -13187, -1.6},
		{0, 0, 0, 2, 2, -2274, -0.2},     {0, 0, 0, 0, 2, 2062, 0.2},
		{0, 1, 0, 0, 0, 1426, -3.4},      {0, 0, 1, 0, 0, 712, 0.1},
		{-2, 1, 0, 2, 2, -517, 1.2},      {0, 0, 0, 2, 1, -386, -0.4},
		{0, 0, 1, 2, 2, -301, 0},         {-2, -1, 0, 2, 2, 217, -0.5},
		{-2, 0, 1, 0, 0, -158, 0},        {-2, 0, 0, 2, 1, 129, 0.1},
		{0, 0, -1, 2, 2, 123, 0},         {2, 0, 0, 0, 0, 63, 0},
		{0, 0, 1, 0, 1, 63, 0.1},         {2, 0, -1, 2, 2, -59, 0},
		{0, 0, -1, 0, 1, -58, -0.1},      {0, 0, 1, 2, 1, -51, 0},
		{-2, 0, 2, 0, 0, 48, 0},          {0, 0, -2, 2, 1, 46, 0},
		{2, 0, 0, 2, 2, -38, 0},          {0, 0, 2, 2, 2, -31, 0},
		{0, 0, 2, 0, 0, 29, 0},           {-2, 0, 1, 2, 2, 29, 0},
		{0, 0, 0, 2, 0, 26, 0},           {-2, 0, 0, 2, 0, -22, 0},
		{0, 0, -1, 2, 1, 21, 0},          {0, 2, 0, 0, 0, 17, -0.1},
		{2, 0, -1, 0, 1, 16, 0},          {-2, 2, 0, 2, 2, -16, 0.1},
		{0, 1, 0, 0, 1, -15, 0},          {-2, 0, 1, 0, 1, -13, 0},
		{0, -1, 0, 0, 1, -12, 0},         {0, 0, 2, -2, 0, 11, 0},
		{2, 0, -1, 2, 1, -10, 0},
	};
	double t2 = t * t, t3 = t2 * t;
	double d = 297.85036 + 445267.111480 * t - 0.0019142 * t2 + t3 / 189474;
	double m = 357.52772 + 35999.050340 * t - 0.0001603 * t2 - t3 / 300000;
	double mp = 134.96298 + 477198.867398 * t + 0.0086972 * t2 + t3 / 56250;
	double f = 93.27191 + 483202.017538 * t - 0.0036825 * t2 + t3 / 327270;
	double om = 125.04452 - 1934.136261 * t + 0.0020708 * t2 + t3 / 450000;
	double s = 0;
	for (size_t i = 0; i < NTERMS(tab); i++) {
		double arg = tab[i].d * d + tab[i].m * m + tab[i].mp * mp + tab[i].f * f +
			     tab[i].om * om;
		s += (tab[i].s0 + tab[i].s1 * t) * sind(arg);
	}
	return s / 10000.0;
}

double lunar_sun_longitude(double jde)
{
	double tau = (jde - 2451545.0) / 365250.0, t = tau * 10.0;
	double l =
		vsop_series(earth_l0, NTERMS(earth_l0), tau) +
		tau * (vsop_series(earth_l1, NTERMS(earth_l1), tau) +
		       tau * (vsop_series(earth_l2, NTERMS(earth_l2), tau) +
			      tau * (vsop_series(earth_l3, NTERMS(earth_l3), tau) +
				     tau * (vsop_series(earth_l4, NTERMS(earth_l4), tau) +
					    tau * vsop_series(earth_l5, NTERMS(earth_l5), tau)))));
	/* geocentric = heliocentric + 180°; then the FK5 correction (−0.09033″) */
	double theta = l / 1e8 / RAD + 180.0 - 0.09033 / 3600.0;
	/* Earth–Sun distance for the aberration, from ch. 25's low-accuracy
	 * formulas (1e-5 AU is plenty: aberration is 20″). */
	double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
	double ecc = 0.016708634 - 0.000042037 * t - 0.0000001267 * t * t;
	double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sind(m) +
		   (0.019993 - 0.000101 * t) * sind(2 * m) + 0.000289 * sind(3 * m);
	double r = 1.000001018 * (1 - ecc * ecc) / (1 + ecc * cosd(m + c));
	return norm360(theta + (nutation_longitude(t) - 20.4898 / r) / 3600.0);
}

/* TT − UT in days at a Julian Day (either scale: ΔT varies slowly). */
static double delta_t_days(double jd)
{
	return lunar_delta_t(2000.0 + (jd - 2451545.0) / 365.25) / 86400.0;
}

int64_t lunar_local_day(double jd)
{
	/* floor, not round: 23:59:59.9 local is still that day. */
	return (int64_t)floor(jd - JD_UNIX_EPOCH + LUNAR_TZ_HOURS / 24.0);
}

/* Local day of the new moon of lunation k. */
static int64_t new_moon_day(int k)
{
	double jde = lunar_new_moon_jde(k);
	return lunar_local_day(jde - delta_t_days(jde));
}

/* Sun's apparent longitude at 00:00 local time starting day `day`. */
static double sun_at_local_midnight(int64_t day)
{
	double jd = JD_UNIX_EPOCH + (double)day - LUNAR_TZ_HOURS / 24.0;
	return lunar_sun_longitude(jd + delta_t_days(jd));
}

/* Local day of the December solstice (apparent longitude 270°) of year y. */
static int64_t solstice_day(int y)
{
	/* Start at 21 Dec 12:00 UT and refine with Newton's method on the mean
	 * solar motion; converges to < 1e-7 day in 3–4 steps. */
	double jde = JD_UNIX_EPOCH + (double)vn_days_from_civil(y, 12, 21) + 0.5;
	for (int i = 0; i < 10; i++) {
		double diff = 270.0 - lunar_sun_longitude(jde);
		diff = fmod(diff + 540.0, 360.0) - 180.0; /* (−180, 180] */
		double step = diff * 365.2422 / 360.0;
		jde += step;
		if (fabs(step) < 1e-7)
			break;
	}
	return lunar_local_day(jde - delta_t_days(jde));
}

/* The principal term (sector of 30°) the Sun is in at the start of `day`. */
static int sector_at(int64_t day)
{
	return (int)(sun_at_local_midnight(day) / 30.0) % 12;
}

static void compute(void)
{
	/* Lunation numbers: k = 0 is January 2000; start a little before the
	 * December 1898 solstice. */
	int k0 = (int)floor((vn_days_from_civil(SOLSTICE_Y0, 11, 1) + JD_UNIX_EPOCH - 2451550.1) /
			    SYNODIC);
	int n = 0;
	static int32_t nm[MAX_MONTHS + 40];
	static int8_t sect[MAX_MONTHS + 40];
	int64_t last = vn_days_from_civil(SOLSTICE_Y1 + 1, 2, 1);
	for (int k = k0; n < (int)(sizeof nm / sizeof nm[0]); k++) {
		int64_t d = new_moon_day(k);
		nm[n] = (int32_t)d;
		sect[n] = (int8_t)sector_at(d);
		n++;
		if (d > last)
			break;
	}
	assert(n < (int)(sizeof nm / sizeof nm[0]));

	/* m11[y]: index in nm[] of month 11 of solar year SOLSTICE_Y0 + y. */
	int m11[SOLSTICE_Y1 - SOLSTICE_Y0 + 1];
	int j = 0;
	for (int y = SOLSTICE_Y0; y <= SOLSTICE_Y1; y++) {
		int64_t s = solstice_day(y);
		while (j + 1 < n && nm[j + 1] <= s)
			j++;
		assert(nm[j] <= s && s < nm[j + 1]);
		m11[y - SOLSTICE_Y0] = j;
	}

	for (int y = 0; y <= NYEARS; y++)
		year_first[y] = -1;
	int base = m11[0];
	nmonths = 0;
	for (int y = SOLSTICE_Y0 + 1; y <= SOLSTICE_Y1; y++) {
		int a = m11[y - 1 - SOLSTICE_Y0], b = m11[y - SOLSTICE_Y0];
		int leap = -1;
		assert(b - a == 12 || b - a == 13);
		if (b - a == 13) {
			for (int i = a + 1; i < b && leap < 0; i++)
				if (sect[i] == sect[i + 1])
					leap = i;
			assert(leap > 0);
		}
		int num = 11, ly = y - 1;
		for (int i = a; i < b; i++) {
			int isleap = i == leap;
			if (i != a && !isleap) {
				num = num == 12 ? 1 : num + 1;
				if (num == 1) {
					ly = y;
					year_first[ly - LUNAR_Y0] = i - base;
				}
			}
			month_start[i - base] = nm[i];
			month_year[i - base] = (int16_t)ly;
			month_num[i - base] = (int8_t)num;
			month_leap[i - base] = (int8_t)isleap;
			if (isleap && ly >= LUNAR_Y0) /* 1898 is before the table */
				year_leap[ly - LUNAR_Y0] = (int8_t)num;
			nmonths++;
		}
	}
	month_start[nmonths] = nm[m11[SOLSTICE_Y1 - SOLSTICE_Y0]];
	/* Lunar year LUNAR_Y1 (2200) has months 1..10 only: its end is where
	 * the table ends; year_first[NYEARS] stays -1. */
}

#if !defined(LUNAR_NO_TABLE) && defined(__has_include)
#if __has_include("lunar_table.inc")
#define LUNAR_HAVE_TABLE 1
#include "lunar_table.inc"
#endif
#endif

static void init(void)
{
#ifdef LUNAR_HAVE_TABLE
	_Static_assert(sizeof t_month_start == sizeof month_start, "lunar table shape");
	_Static_assert(sizeof t_year_first == sizeof year_first, "lunar table shape");
	memcpy(month_start, t_month_start, sizeof month_start);
	memcpy(month_year, t_month_year, sizeof month_year);
	memcpy(month_num, t_month_num, sizeof month_num);
	memcpy(month_leap, t_month_leap, sizeof month_leap);
	memcpy(year_first, t_year_first, sizeof year_first);
	memcpy(year_leap, t_year_leap, sizeof year_leap);
	nmonths = t_nmonths;
#else
	compute();
#endif
}

void lunar_init(void)
{
	pthread_once(&once, init);
}

int lunar_table_embedded(void)
{
#ifdef LUNAR_HAVE_TABLE
	return 1;
#else
	return 0;
#endif
}

int lunar_verify_table(void)
{
	static int32_t ms[MAX_MONTHS + 1], yf[NYEARS + 1];
	static int16_t my[MAX_MONTHS];
	static int8_t mn[MAX_MONTHS], ml[MAX_MONTHS], yl[NYEARS];
	lunar_init();
	int n = nmonths;
	memcpy(ms, month_start, sizeof ms);
	memcpy(my, month_year, sizeof my);
	memcpy(mn, month_num, sizeof mn);
	memcpy(ml, month_leap, sizeof ml);
	memcpy(yf, year_first, sizeof yf);
	memcpy(yl, year_leap, sizeof yl);
	compute();
	int same = n == nmonths && !memcmp(ms, month_start, sizeof ms) &&
		   !memcmp(my, month_year, sizeof my) && !memcmp(mn, month_num, sizeof mn) &&
		   !memcmp(ml, month_leap, sizeof ml) && !memcmp(yf, year_first, sizeof yf) &&
		   !memcmp(yl, year_leap, sizeof yl);
	return same ? 0 : -1;
}

/* Lunar years whose 12 or 13 months are all in the table. */
#define FULL_Y0 LUNAR_Y0
#define FULL_Y1 (LUNAR_Y1 - 1)

void lunar_range(int64_t *first_day, int64_t *last_day)
{
	lunar_init();
	*first_day = month_start[year_first[FULL_Y0 - LUNAR_Y0]];
	*last_day = month_start[year_first[FULL_Y1 + 1 - LUNAR_Y0]] - 1;
}

/* Index of the month containing day, or -1. */
static int month_index(int64_t day)
{
	int lo = year_first[FULL_Y0 - LUNAR_Y0], hi = year_first[FULL_Y1 + 1 - LUNAR_Y0];
	if (day < month_start[lo] || day >= month_start[hi])
		return -1;
	/* Guess from the mean lunation, then step: at most a couple of steps. */
	int i = lo + (int)((day - month_start[lo]) * 1000 / 29531);
	if (i >= hi)
		i = hi - 1;
	while (month_start[i] > day)
		i--;
	while (month_start[i + 1] <= day)
		i++;
	return i;
}

int lunar_from_days(int64_t days, struct lunar_date *out)
{
	lunar_init();
	int i = month_index(days);
	if (i < 0)
		return -1;
	out->year = month_year[i];
	out->month = month_num[i];
	out->leap = month_leap[i];
	out->day = (int)(days - month_start[i]) + 1;
	return 0;
}

/* Index of a lunar month, or -1 if it does not exist. */
static int find_month(int year, int month, int leap)
{
	if (year < FULL_Y0 || year > FULL_Y1 || month < 1 || month > 12)
		return -1;
	int lm = year_leap[year - LUNAR_Y0];
	if (leap && lm != month)
		return -1;
	int i = year_first[year - LUNAR_Y0] + month - 1;
	if (lm && (month > lm || (month == lm && leap)))
		i++;
	return i;
}

int lunar_to_days(const struct lunar_date *ld, int64_t *days)
{
	lunar_init();
	int i = find_month(ld->year, ld->month, ld->leap != 0);
	if (i < 0 || ld->day < 1 || ld->day > month_start[i + 1] - month_start[i])
		return -1;
	*days = month_start[i] + ld->day - 1;
	return 0;
}

int lunar_leap_month(int year)
{
	lunar_init();
	if (year < FULL_Y0 || year > FULL_Y1)
		return -1;
	return year_leap[year - LUNAR_Y0];
}

int lunar_month_length(int year, int month, int leap)
{
	lunar_init();
	int i = find_month(year, month, leap != 0);
	return i < 0 ? 0 : month_start[i + 1] - month_start[i];
}

package extract

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	waw := func(y, m, d, hh, mm int) time.Time {
		return time.Date(y, time.Month(m), d, hh, mm, 0, 0, warsaw())
	}
	tests := []struct {
		name string
		in   string
		want time.Time
		prec Precision
	}{
		{"iso", "2020-06-10", day(2020, 6, 10), PrecisionDay},
		{"iso with time", "2020-06-10 12:41", waw(2020, 6, 10, 12, 41), PrecisionMinute},
		{"iso T with zone", "2021-03-05T14:20:00+01:00", waw(2021, 3, 5, 14, 20), PrecisionMinute},
		{"iso utc Z", "2021-07-01T10:00:00Z", waw(2021, 7, 1, 12, 0), PrecisionMinute},
		{"dotted with r.", "10.06.2020 r.", day(2020, 6, 10), PrecisionDay},
		{"dotted", "10.06.2020", day(2020, 6, 10), PrecisionDay},
		{"dotted glued r.", "28.05.2018r.", day(2018, 5, 28), PrecisionDay},
		{"dotted single digits", "6.9.2021", day(2021, 9, 6), PrecisionDay},
		{"dodano with time", "dodano: 7.10.2021, 11:29", waw(2021, 10, 7, 11, 29), PrecisionMinute},
		{"dodano one-digit hour", "dodano: 15.02.2021, 9:20", waw(2021, 2, 15, 9, 20), PrecisionMinute},
		{"label", "Data publikacji: 2020-06-10", day(2020, 6, 10), PrecisionDay},
		{"godz", "10.06.2020 r., godz. 14:05", waw(2020, 6, 10, 14, 5), PrecisionMinute},
		{"winter time", "dodano: 12.01.2021, 11:29", waw(2021, 1, 12, 11, 29), PrecisionMinute},
		{"stycznia", "1 stycznia 2021 r.", day(2021, 1, 1), PrecisionDay},
		{"lutego", "28 lutego 2022 r.", day(2022, 2, 28), PrecisionDay},
		{"marca", "2 marca 2020 r.", day(2020, 3, 2), PrecisionDay},
		{"kwietnia", "30 kwietnia 2021", day(2021, 4, 30), PrecisionDay},
		{"maja", "30 maja 2022 r.", day(2022, 5, 30), PrecisionDay},
		{"czerwca", "10 czerwca 2020 r.", day(2020, 6, 10), PrecisionDay},
		{"lipca", "15 lipca 2019 roku", day(2019, 7, 15), PrecisionDay},
		{"sierpnia", "31 sierpnia 2020", day(2020, 8, 31), PrecisionDay},
		{"września", "27 września 2021 r.", day(2021, 9, 27), PrecisionDay},
		{"wrzesnia no diacritics", "27 wrzesnia 2021 r.", day(2021, 9, 27), PrecisionDay},
		{"października", "9 października 2021 r.", day(2021, 10, 9), PrecisionDay},
		{"pazdziernika no diacritics", "9 pazdziernika 2021", day(2021, 10, 9), PrecisionDay},
		{"listopada", "9 listopada 2021 r.", day(2021, 11, 9), PrecisionDay},
		{"grudnia", "23 grudnia 2020 r.", day(2020, 12, 23), PrecisionDay},
		{"capitalised", "10 Czerwca 2020 r.", day(2020, 6, 10), PrecisionDay},
		{"upper case", "10 CZERWCA 2020", day(2020, 6, 10), PrecisionDay},
		{"capitalised diacritics", "5 PAŹDZIERNIKA 2022", day(2022, 10, 5), PrecisionDay},
		{"leading zero day", "05 marca 2021 r.", day(2021, 3, 5), PrecisionDay},
		{"no-break spaces", "10\u00a0czerwca\u00a02020\u202fr.", day(2020, 6, 10), PrecisionDay},
		{"roman month", "10.VI.2020", day(2020, 6, 10), PrecisionDay},
		{"roman month spaced", "10 VI 2020 r.", day(2020, 6, 10), PrecisionDay},
		{"year only glued", "2018r.", day(2018, 1, 1), PrecisionYear},
		{"year only spaced", "2018 r.", day(2018, 1, 1), PrecisionYear},
		{"year only bare", "2018", day(2018, 1, 1), PrecisionYear},
		{"year roku", "roku 2019", day(2019, 1, 1), PrecisionYear},
		{"month year", "czerwiec 2020", day(2020, 6, 1), PrecisionYear},
		{"leap day", "29.02.2020", day(2020, 2, 29), PrecisionDay},
		{"bad time keeps the day", "10.06.2020, 25:99", day(2020, 6, 10), PrecisionDay},
		// rejects
		{"empty", "", time.Time{}, PrecisionNone},
		{"words", "wczoraj", time.Time{}, PrecisionNone},
		{"31 February", "31.02.2020", time.Time{}, PrecisionNone},
		{"not a leap year", "29.02.2021", time.Time{}, PrecisionNone},
		{"month 13", "10.13.2020", time.Time{}, PrecisionNone},
		{"day zero", "0 czerwca 2020", time.Time{}, PrecisionNone},
		{"iso month 00", "2020-00-10", time.Time{}, PrecisionNone},
		{"unknown month", "10 czerwcaa 2020", time.Time{}, PrecisionNone},
		{"year out of range", "10.06.1850", time.Time{}, PrecisionNone},
		{"year far future", "3000", time.Time{}, PrecisionNone},
		{"date inside a sentence", "Spotkanie 10.06.2020 w sali", time.Time{}, PrecisionNone},
		{"phone number", "12 616 12 00", time.Time{}, PrecisionNone},
		{"amount", "12 500,00 zł", time.Time{}, PrecisionNone},
		{"two digit year", "10.06.20", time.Time{}, PrecisionNone},
		{"range", "2019-2022", time.Time{}, PrecisionNone},
		{"iso with zone, year 0", "0000-1-1 0:00+0000", time.Time{}, PrecisionNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, prec := ParseDateDetail(tt.in)
			if prec != tt.prec || !got.Equal(tt.want) {
				t.Errorf("ParseDateDetail(%q) = %v, %v; want %v, %v", tt.in, got, prec, tt.want, tt.prec)
			}
			_, ok := ParseDate(tt.in)
			if ok != (tt.prec != PrecisionNone) {
				t.Errorf("ParseDate(%q) ok = %v", tt.in, ok)
			}
			if prec == PrecisionDay && got.Location() != time.UTC {
				t.Errorf("date-only %q not in UTC: %v", tt.in, got.Location())
			}
		})
	}
}

func TestFindDatesOrder(t *testing.T) {
	ms := findDates("Spotkanie 10 czerwca 2020 r. oraz 2020-07-01, potem 3.08.2020")
	var got []string
	for _, m := range ms {
		got = append(got, m.t.Format("2006-01-02"))
	}
	want := []string{"2020-06-10", "2020-07-01", "2020-08-03"}
	if len(got) != len(want) {
		t.Fatalf("findDates = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("findDates[%d] = %s, want %s", i, got[i], want[i])
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-06-10", "10.06.2020 r.", "10 czerwca 2020 r.", "dodano: 7.10.2021, 11:29", "2018r.", "10.VI.2020", "2021-03-05T14:20:00+01:00", "31.02.2020", "roku 2019"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, prec := ParseDateDetail(s)
		if prec == PrecisionNone {
			if !got.IsZero() {
				t.Fatalf("no date but non-zero time %v for %q", got, s)
			}
			return
		}
		if y := got.Year(); y < 1899 || y > 2101 {
			t.Fatalf("year %d out of range for %q", y, s)
		}
		if prec != PrecisionMinute && (got.Hour() != 0 || got.Minute() != 0) {
			t.Fatalf("date-only %q has a time: %v", s, got)
		}
	})
}

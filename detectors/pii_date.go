package detectors

var monthNames = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// DateOfBirth accepts a calendar date that exists and lies between 1900
// and 2030: ISO (YYYY-MM-DD), day- or month-first numeric dates, and
// English month names. It cannot tell 03/04 apart, so either reading may
// hold.
func DateOfBirth(b []byte, _ Options) Verdict {
	var nums, lens [3]int
	n, month := 0, 0
	for i := 0; i < len(b); {
		c := b[i] | 0x20
		switch {
		case b[i] >= '0' && b[i] <= '9':
			j := i
			v := 0
			for j < len(b) && b[j] >= '0' && b[j] <= '9' {
				v = v*10 + dval(b[j])
				j++
			}
			if n == 3 {
				return Reject
			}
			nums[n], lens[n] = v, j-i
			n++
			i = j
		case c >= 'a' && c <= 'z':
			j := i
			for j < len(b) && (b[j]|0x20) >= 'a' && (b[j]|0x20) <= 'z' {
				j++
			}
			if j-i < 3 || month != 0 {
				return Reject
			}
			w := [3]byte{b[i] | 0x20, b[i+1] | 0x20, b[i+2] | 0x20}
			for k, m := range monthNames {
				if string(w[:]) == m {
					month = k + 1
				}
			}
			if month == 0 {
				return Reject
			}
			i = j
		default:
			i++
		}
	}
	year := func(v, l int) int {
		if l == 2 {
			if v <= 30 {
				return 2000 + v
			}
			return 1900 + v
		}
		return v
	}
	ok := func(y, m, d int) bool { return y >= 1900 && y <= 2030 && validDate(y, m, d) }
	switch {
	case month > 0 && n == 2:
		if lens[0] == 4 {
			return verdictPlausible(ok(nums[0], month, nums[1]))
		}
		return verdictPlausible(ok(year(nums[1], lens[1]), month, nums[0]))
	case month == 0 && n == 3 && lens[0] == 4:
		return verdictPlausible(ok(nums[0], nums[1], nums[2]))
	case month == 0 && n == 3 && (lens[2] == 4 || lens[2] == 2):
		y := year(nums[2], lens[2])
		return verdictPlausible(ok(y, nums[1], nums[0]) || ok(y, nums[0], nums[1]))
	}
	return Reject
}

func verdictPlausible(ok bool) Verdict {
	if ok {
		return Plausible
	}
	return Reject
}

package main

// counts of what went wrong.
func (r *report) failures() (fivexx, transport, unexpected, limitOK, limitBad int) {
	for _, res := range r.lt.results {
		if res.status >= 500 {
			fivexx++
		}
		if res.status == 0 {
			transport++
		}
		if kinds[res.kind].name == "over-limit" {
			if res.failure == "" {
				limitOK++
			} else {
				limitBad++
			}
		}
		if res.failure != "" {
			unexpected++
		}
	}
	return
}

func (r *report) passed() bool {
	fivexx, transport, unexpected, _, _ := r.failures()
	return fivexx == 0 && transport == 0 && unexpected == 0 && len(r.lt.results) > 0
}

package stats

import "net/url"

func urlValues(q string) (url.Values, error) { return url.ParseQuery(q) }

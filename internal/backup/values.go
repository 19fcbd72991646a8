package backup

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Values are written as JSON with their type kept: null, strings, booleans and
// integers as themselves, and the rest as one-key objects: {"f": "1.5"} for a
// floating-point number (as text, so it reads back exactly), {"b": base64} for
// bytes, {"t": RFC 3339} for an instant (PostgreSQL timestamptz).

func encodeValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64:
		return x
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float64:
		return map[string]string{"f": fmt.Sprint(x)}
	case float32:
		return map[string]string{"f": fmt.Sprint(x)}
	case []byte:
		return map[string]string{"b": base64.StdEncoding.EncodeToString(x)}
	case time.Time:
		return map[string]string{"t": x.Format(time.RFC3339Nano)}
	}
	// NOTE: anything else the driver hands back is kept as its text, which both
	// engines accept for the column it came from.
	return fmt.Sprint(v)
}

// decodeRow reads one row written by encodeValue.
func decodeRow(line []byte, n int) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var raw []any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	if len(raw) != n {
		return nil, fmt.Errorf("a row has %d values for %d columns", len(raw), n)
	}
	out := make([]any, n)
	for i, v := range raw {
		d, err := decodeValue(v)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func decodeValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool:
		return x, nil
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return x.Float64()
		}
		return x.Int64()
	case map[string]any:
		for k, s := range x {
			str, _ := s.(string)
			switch k {
			case "f":
				var f float64
				_, err := fmt.Sscan(str, &f)
				return f, err
			case "b":
				return base64.StdEncoding.DecodeString(str)
			case "t":
				return time.Parse(time.RFC3339Nano, str)
			}
		}
	}
	return nil, fmt.Errorf("a value of an unknown kind: %v", v)
}

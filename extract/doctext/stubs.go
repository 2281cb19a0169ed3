package doctext

func readRTF(body []byte, lim Limits) (*Text, error) { return nil, ErrUnsupported }

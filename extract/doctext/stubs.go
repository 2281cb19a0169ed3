package doctext

import "context"

func readODT(body []byte, lim Limits) (*Text, error)                      { return nil, ErrUnsupported }
func readODS(body []byte, lim Limits) (*Text, error)                      { return nil, ErrUnsupported }
func readRTF(body []byte, lim Limits) (*Text, error)                      { return nil, ErrUnsupported }
func readDOC(ctx context.Context, body []byte, lim Limits) (*Text, error) { return nil, ErrUnsupported }
func readXLS(ctx context.Context, body []byte, lim Limits) (*Text, error) { return nil, ErrUnsupported }

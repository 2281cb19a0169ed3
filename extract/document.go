package extract

import (
	"context"
	"fmt"
	"net/url"
)

func fromDocument(ctx context.Context, in Input, u *url.URL) (Result, error) {
	return Result{}, fmt.Errorf("%w: %s", ErrUnsupported, in.Header.Get("Content-Type"))
}

package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/krakow-ngo/ngosearch/model"
)

// errorBody is the one JSON error envelope of the API:
//
//	{"error": {"status": 400, "code": "bad_request", "message": "size must be ..."}}
type errorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// statusOf is the one place that maps an error to an HTTP status and code.
func statusOf(err error) (int, string) {
	switch {
	case errors.Is(err, model.ErrBadRequest), errors.Is(err, model.ErrInvalid):
		return http.StatusBadRequest, "bad_request"
	case errors.Is(err, model.ErrNotFound):
		return http.StatusNotFound, "not_found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "timeout"
	case errors.Is(err, context.Canceled):
		return 499, "canceled"
	default:
		return http.StatusInternalServerError, "internal"
	}
}

// badRequest builds an error that statusOf maps to 400.
func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", model.ErrBadRequest, fmt.Sprintf(format, args...))
}

// fail writes err as the JSON envelope. Internal errors are logged, and their
// text is not shown to the client.
func (s *Server) fail(c *gin.Context, err error) {
	status, code := statusOf(err)
	msg := err.Error()
	if status >= 500 {
		s.cfg.Logger.Error("request failed", "path", c.Request.URL.Path, "err", err)
		msg = http.StatusText(status)
	}
	c.AbortWithStatusJSON(status, errorBody{apiError{status, code, msg}})
}

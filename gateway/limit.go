package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"google.golang.org/grpc/codes"
)

// grpc-gateway v1.6.4 reads a whole request body into memory (client-streaming bodies too), so
// the size limit is what bounds the gateway's memory per request.

type limitKey struct{}

type limitState struct {
	limit    int64
	exceeded bool
}

var errBodyTooLarge = errors.New("request body too large")

// limitedBody fails once more than limit bytes have been read, and records that it did so
// that writeError can answer 413 instead of the decoder's 400.
type limitedBody struct {
	body  io.ReadCloser
	state *limitState
	read  int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.state.exceeded {
		return 0, errBodyTooLarge
	}
	if room := b.state.limit + 1 - b.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.body.Read(p)
	b.read += int64(n)
	if b.read > b.state.limit {
		b.state.exceeded = true
		return 0, errBodyTooLarge
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.body.Close() }

// limitRequestBody answers 413 at once when Content-Length announces too much, and otherwise
// (chunked bodies) stops reading at the limit.
func limitRequestBody(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			writeStatus(w, http.StatusRequestEntityTooLarge, codes.ResourceExhausted,
				fmt.Sprintf("request body larger than %d bytes", limit))
			return
		}
		state := &limitState{limit: limit}
		r = r.WithContext(context.WithValue(r.Context(), limitKey{}, state))
		r.Body = &limitedBody{body: r.Body, state: state}
		next.ServeHTTP(w, r)
	})
}

func bodyTooLarge(r *http.Request) bool {
	state, ok := r.Context().Value(limitKey{}).(*limitState)
	return ok && state.exceeded
}

func bodyLimit(r *http.Request) int64 {
	if state, ok := r.Context().Value(limitKey{}).(*limitState); ok {
		return state.limit
	}
	return 0
}

package api

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// The response media types of the GraphQL-over-HTTP specification.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// negotiate picks the media type of an answer from the request's Accept
// header: the one of the two the client ranks highest, the newer one on a tie,
// application/json for a wildcard or no header (as the graphql-http audit
// expects, and as older clients need), and "" when the client accepts neither.
func negotiate(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON
	}
	best, bestQ, bestExact := "", 0.0, false
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			continue // survgraph answers in UTF-8 only
		}
		var media string
		exact := true
		switch mt {
		case mediaGraphQLResponse, mediaJSON:
			media = mt
		case "application/*", "*/*":
			media, exact = mediaJSON, false
		default:
			continue
		}
		if q <= 0 {
			continue
		}
		better := q > bestQ ||
			q == bestQ && exact && !bestExact ||
			q == bestQ && exact == bestExact && media == mediaGraphQLResponse
		if better {
			best, bestQ, bestExact = media, q, exact
		}
	}
	return best
}

// outcome is what answering a GraphQL request came to, before it is written
// in the media type the client asked for.
type outcome struct {
	// status is the HTTP status of a request that failed as a whole with one
	// of survgraph's errors (a limit, bad input, the database); 200 otherwise.
	status int
	resp   graphQLResponse
	op     string // the operation's name, for metrics
	// requestError marks the request errors the GraphQL specification
	// defines (parse, validation, operation selection, variable coercion),
	// whose status depends on the media type.
	requestError bool
}

// httpStatus is the status an outcome is answered with, in the given media
// type, as the GraphQL-over-HTTP specification prescribes; docs/http.md has
// the table.
func httpStatus(media string, o outcome) int {
	switch {
	case o.resp.Data != nil:
		// Data, even partial, MUST be answered with 200 in both media types.
		return http.StatusOK
	case o.requestError && media == mediaJSON:
		return http.StatusOK
	case o.requestError:
		return http.StatusBadRequest
	}
	return o.status
}

// contentType is the Content-Type header of an answer in media.
func contentType(media string) string {
	if media == "" {
		media = mediaJSON
	}
	return media + "; charset=utf-8"
}

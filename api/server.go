// Package api serves survgraph's GraphQL API over HTTP, with GraphiQL and
// health endpoints. It is the only package that imports graphql-go. Its
// types are derived from the schema package, its data comes through the
// small [Graph] interface, and each request reaches the graph a bounded
// number of times whatever the size of its answer: resolvers of nested fields
// return thunks that graphql-go runs level by level, and each level's thunks
// share one batched query.
package api

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"

	"github.com/survgraph/survgraph/schema"
)

//go:embed assets/graphiql assets/explorer
var assets embed.FS

// Config tunes the server. The zero value is a development setup: GraphiQL
// and introspection on, same-origin only, no rate limit.
type Config struct {
	Timeout       time.Duration // per request; default 10s
	MaxQueryDepth int           // nesting of selection sets; default 12
	MaxBodyBytes  int64         // default 1 MiB
	// NoGraphiQL and NoIntrospection switch them off, for production.
	NoGraphiQL, NoIntrospection bool
	// CORSOrigins may call the API from browsers on other sites.
	CORSOrigins []string
	// PublicGET lets any site read GETs of public data (queries and
	// exports) from browsers; POSTs stay with CORSOrigins.
	PublicGET bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the
	// client, for the rate and connection limits.
	TrustedProxies []netip.Prefix
	// MaxConnsPerClient bounds each client's open connections (trusted
	// proxies aside); default 32. Listen applies it.
	MaxConnsPerClient int
	// NoMetrics leaves /metrics out of the API's routes, for an admin
	// listener to serve instead (Server.Metrics).
	NoMetrics bool
	// Generation returns the graph's generation, and Version names this
	// build of the program: with the request they make the ETag of a GET
	// answer (httpcache.go). Without a generation answers are not cacheable.
	Generation func() string
	Version    string
	// MaxAge is how long a cache may keep an answer before it asks again
	// with If-None-Match; default DefaultMaxAge.
	MaxAge time.Duration
	// ExportDir keeps the whole-graph exports, built once per generation,
	// at most ExportMaxBytes of them (default DefaultExportMaxBytes), with at
	// most ExportBuilds built at once (default DefaultExportBuilds).
	// Without it each download is built in memory (exports.go).
	ExportDir      string
	ExportMaxBytes int64
	ExportBuilds   int
	// RateLimit is the requests per second each client may make over time,
	// RateBurst how many at once; 0 means no limit.
	RateLimit float64
	RateBurst int
	// RoundTrips, when set, reports the graph's transactions for /metrics.
	RoundTrips func() int64
	// NoLookahead answers nested fields with batched queries, one per level
	// of the answer, instead of compiling them into the root field's
	// statement. It exists to compare the two, in tests and benchmarks.
	NoLookahead bool
	// Warming, when set and reporting true, makes /readyz answer 503
	// "warming up": the server answers queries, but the first users' would
	// be slow until it is done, so load balancers should wait.
	Warming func() bool
	// Planning, when set and reporting true, makes /readyz?full answer 503
	// "planning": the rarer statements are still being planned in the
	// background. Benchmarks wait for it; users need not.
	Planning func() bool
}

// Server is the HTTP API.
type Server struct {
	graph   Graph
	schema  graphql.Schema
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	limiter *rateLimiter
	metrics *metrics
	valid   documents
	exports *exportStore // nil without Config.ExportDir
}

// New builds the GraphQL schema and the HTTP routes.
func New(g Graph, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxQueryDepth <= 0 {
		cfg.MaxQueryDepth = 12
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxConnsPerClient <= 0 {
		cfg.MaxConnsPerClient = 32
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultMaxAge
	}
	if cfg.ExportMaxBytes <= 0 {
		cfg.ExportMaxBytes = DefaultExportMaxBytes
	}
	if cfg.ExportBuilds <= 0 {
		cfg.ExportBuilds = DefaultExportBuilds
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sch, err := NewSchema()
	if err != nil {
		return nil, err
	}
	roots := []string{"__schema", "__type", "__typename"}
	for name := range sch.QueryType().Fields() {
		roots = append(roots, name)
	}
	s := &Server{graph: g, schema: sch, cfg: cfg, log: log, mux: http.NewServeMux(),
		limiter: newRateLimiter(cfg.RateLimit, cfg.RateBurst), metrics: newMetrics(cfg.RoundTrips, roots)}
	if cfg.ExportDir != "" {
		if s.exports, err = newExportStore(cfg.ExportDir, cfg.ExportMaxBytes, cfg.ExportBuilds, log); err != nil {
			return nil, err
		}
	}
	s.routes()
	s.handler = withRequestLog(log, withSecurityHeaders(s.withCORS(s.withRateLimit(s.mux))))
	return s, nil
}

// NewSchema builds the GraphQL schema.
func NewSchema() (graphql.Schema, error) {
	extendIntrospection()
	t := newTypes()
	query := graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: t.rootFields()})
	var objects []graphql.Type
	for _, o := range t.objects {
		objects = append(objects, o)
	}
	sch, err := graphql.NewSchema(graphql.SchemaConfig{Query: query, Types: objects})
	if err != nil {
		return graphql.Schema{}, fmt.Errorf("building the GraphQL schema: %w", err)
	}
	return sch, nil
}

// rootArgs are the arguments several root fields share.
type rootArgs struct {
	id, types, asOf, knownAt *graphql.ArgumentConfig
}

// rootFields are the Query type's fields.
func (t *types) rootFields() graphql.Fields {
	a := rootArgs{
		id: &graphql.ArgumentConfig{Type: graphql.NewNonNull(graphql.ID)},
		types: &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(t.relType)),
			Description: "Follow only these relationship types; all when left out."},
		asOf: &graphql.ArgumentConfig{Type: t.date,
			Description: "Only claims whose period contains this date; an open end counts as open."},
		knownAt: &graphql.ArgumentConfig{Type: t.date,
			Description: "Only claims that a supporting source had published by this date."},
	}
	fields := graphql.Fields{
		"entity": {
			Type:        t.entity,
			Description: "The entity with this id, or null.",
			Args:        graphql.FieldConfigArgument{"id": a.id},
			Resolve:     resolveEntity,
		},
		"dataAsOf": {
			Type: t.date,
			Description: "The day (UTC) a load last changed the graph: the date of the data every answer reflects, " +
				"for a caption such as \"data as of\". Null until a load has changed the graph.",
			Resolve: resolveDataAsOf,
		},
	}
	maps.Copy(fields, t.searchFields())
	maps.Copy(fields, t.graphFields(a))
	maps.Copy(fields, t.listFields())
	return fields
}

// searchFields are the root fields that find entities by name.
func (t *types) searchFields() graphql.Fields {
	return graphql.Fields{
		"search": {
			Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.entity))),
			Description: "Entities whose name or aliases hold the words, ignoring case and accents, best first. " +
				"Each word matches whole or as a prefix; words that are a country's name (\"Egypt\", \"United Kingdom\") " +
				"also find every entity of that country. With fuzzy (the default), names spelled a letter or two apart " +
				"are found too (\"Hacking Tem\" finds Hacking Team), ranked after every name that holds the words as typed. " +
				"Within each of those two tiers, entities that carry claims come first, then entities with no " +
				"relationship, then sources; then the better match, weighted by the entity's number of relationships.",
			Args: graphql.FieldConfigArgument{
				"query":     {Type: graphql.NewNonNull(graphql.String), Description: fmt.Sprintf("Words of a name or alias; at most %d characters.", maxSearchLength)},
				"kinds":     {Type: graphql.NewList(graphql.NewNonNull(t.entityKind)), Description: "Only entities of these kinds."},
				"countries": searchCountriesArg(),
				"fuzzy":     searchFuzzyArg(),
				"first":     {Type: graphql.Int, DefaultValue: defaultFirst, Description: atMost(maxFirst)},
			},
			Resolve: resolveSearch,
		},
		"searchSummary": {
			Type: graphql.NewNonNull(t.searchSummary),
			Description: "What search finds for the same arguments, in figures: how many, by kind and by country, " +
				"and names to suggest (did you mean) when no name holds the words as typed.",
			Args: graphql.FieldConfigArgument{
				"query":     {Type: graphql.NewNonNull(graphql.String), Description: "As in search."},
				"kinds":     {Type: graphql.NewList(graphql.NewNonNull(t.entityKind)), Description: "As in search; byKind leaves it out."},
				"countries": searchCountriesArg(),
				"fuzzy":     searchFuzzyArg(),
			},
			Resolve: resolveSearchSummary,
		},
	}
}

// graphFields are the root fields that follow relationships.
func (t *types) graphFields(a rootArgs) graphql.Fields {
	return graphql.Fields{
		"neighborhood": {
			Type:        graphql.NewNonNull(t.subgraph),
			Description: "The entities within depth hops of an entity, and the relationships followed.",
			Args: withArgs(graphql.FieldConfigArgument{
				"id":      a.id,
				"depth":   {Type: graphql.Int, DefaultValue: 1, Description: between(1, maxDepth)},
				"types":   a.types,
				"asOf":    a.asOf,
				"knownAt": a.knownAt,
			}, t.claimArgs()),
			Resolve: resolveNeighborhood,
		},
		"timeline": {
			Type:        graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.event))),
			Description: "An entity's dated events, oldest first: claims starting and ending, legal actions filed, imposed and decided, sources published.",
			Args:        graphql.FieldConfigArgument{"id": a.id},
			Resolve:     resolveTimeline,
		},
		"paths": {
			Type:        graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.path))),
			Description: "Shortest paths between two entities, in either direction along each hop, shortest first.",
			Args: withArgs(graphql.FieldConfigArgument{
				"from":    a.id,
				"to":      a.id,
				"maxHops": {Type: graphql.Int, DefaultValue: 4, Description: between(1, maxHops)},
				"types":   a.types,
				"asOf":    a.asOf,
				"knownAt": a.knownAt,
				"first":   {Type: graphql.Int, DefaultValue: 5, Description: atMost(maxFirst)},
			}, t.claimArgs()),
			Resolve: resolvePaths,
		},
		"suppliers": chainField(t, true, a.id, withArgs(timeArgs(a.asOf, a.knownAt), t.claimArgs())),
		"clients":   chainField(t, false, a.id, withArgs(timeArgs(a.asOf, a.knownAt), t.claimArgs())),
	}
}

func searchCountriesArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(graphql.String)),
		Description: "Only entities of these countries (ISO 3166-1 alpha-2 codes, at most 50)."}
}

func searchFuzzyArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.Boolean, DefaultValue: true,
		Description: "Also find names spelled a letter or two apart from the words (one edit for words of 3 to 5 letters, two for longer ones)."}
}

// between and atMost describe an argument's range from the constants that
// enforce it.
func between(lo, hi int) string { return fmt.Sprintf("%d to %d.", lo, hi) }

func atMost(n int) string { return fmt.Sprintf("At most %d.", n) }

// withArgs adds more arguments to args.
func withArgs(args, more graphql.FieldConfigArgument) graphql.FieldConfigArgument {
	for k, v := range more {
		args[k] = v
	}
	return args
}

// timeArgs bundles the time arguments that chain fields share.
func timeArgs(asOf, knownAt *graphql.ArgumentConfig) graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"asOf":    asOf,
		"knownAt": knownAt,
		"from":    {Type: dateScalar, Description: "With until: only claims whose period may overlap this span."},
		"until":   {Type: dateScalar, Description: "With from: only claims whose period may overlap this span."},
	}
}

// chainField is suppliers (vendors that reach the client of) or clients
// (clients the vendor of reaches), directly or through subsidiaries,
// parents, partners, products and projects.
func chainField(t *types, suppliers bool, idArg *graphql.ArgumentConfig, times graphql.FieldConfigArgument) *graphql.Field {
	args := graphql.FieldConfigArgument{
		"of":                idArg,
		"maxHops":           {Type: graphql.Int, DefaultValue: 3, Description: between(1, maxChainHops)},
		"minStatus":         {Type: t.claimStatus, Description: "Only chains whose every hop is at least this sure."},
		"vendorCountries":   {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "ISO codes of the vendors' headquarters."},
		"productCategories": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "Only chains through a product of these categories."},
		"first":             {Type: graphql.Int, DefaultValue: defaultFirst, Description: atMost(maxFirst)},
	}
	for k, v := range times {
		args[k] = v
	}
	doc := "Vendors that supplied this government or body, directly or through subsidiaries, parents, partners, products and projects: one shortest chain per vendor, each hop with its citations, shortest first."
	if !suppliers {
		doc = "Governments and bodies this company supplied, directly or through subsidiaries, parents, partners, products and projects: one shortest chain per client, shortest first."
	}
	return &graphql.Field{Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t.path))), Description: doc, Args: args, Resolve: resolveChains(suppliers)}
}

func (s *Server) routes() {
	s.mux.HandleFunc("/graphql", s.serveGraphQL)
	s.mux.HandleFunc("GET /export", s.serveExport)
	if !s.cfg.NoMetrics {
		s.mux.Handle("GET /metrics", s.metrics)
	}
	if !s.cfg.NoGraphiQL {
		static, _ := fs.Sub(assets, "assets/graphiql")
		s.mux.Handle("GET /graphiql/", http.StripPrefix("/graphiql/", http.FileServerFS(static)))
		s.mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) {
			http.ServeFileFS(w, r, static, "index.html")
		})
	}
	// The visual explorer (built from explorer/ into assets/explorer): its page
	// at / and at /embed (the one other sites may frame), its files at /assets/.
	explorer, _ := fs.Sub(assets, "assets/explorer")
	explorerPage := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, explorer, "index.html")
	}
	s.mux.HandleFunc("GET /{$}", explorerPage)
	s.mux.HandleFunc("GET /embed", explorerPage)
	explorerFiles, _ := fs.Sub(explorer, "assets")
	explorerStatic := http.StripPrefix("/assets/", http.FileServerFS(explorerFiles))
	s.mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") { // no directory listings
			http.NotFound(w, r)
			return
		}
		// The names carry a content hash: a file never changes.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		explorerStatic.ServeHTTP(w, r)
	})
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.graph.Ping(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			http.Error(w, "graph database unavailable", http.StatusServiceUnavailable)
			return
		}
		if s.cfg.Warming != nil && s.cfg.Warming() {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		if r.URL.Query().Has("full") && s.cfg.Planning != nil && s.cfg.Planning() {
			http.Error(w, "planning", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	})
}

// Metrics serves /metrics, for an admin listener.
func (s *Server) Metrics() http.Handler { return s.metrics }

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// graphQLRequest is a request body, as the GraphQL-over-HTTP conventions give it.
type graphQLRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
	// Extensions is reserved by the specification for protocols built on
	// it; survgraph uses none, but checks that it is a map, as it must be.
	Extensions map[string]any `json:"extensions"`
}

type graphQLResponse struct {
	Data   any                        `json:"data,omitempty"`
	Errors []gqlerrors.FormattedError `json:"errors,omitempty"`
}

func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	// The deadline starts before the body is read, and bounds its reading:
	// a client that trickles its body cannot hold the connection longer.
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	http.NewResponseController(w).SetWriteDeadline(deadline.Add(writeGrace))
	media := negotiate(r.Header.Get("Accept"))
	if media == "" {
		w.Header().Set("Accept", contentType(mediaGraphQLResponse)+", "+contentType(mediaJSON))
		s.fail(w, r, http.StatusNotAcceptable, "BAD_REQUEST", "this endpoint answers in "+mediaGraphQLResponse+" or "+mediaJSON)
		return
	}
	req, ok := s.readRequest(w, r, deadline)
	if !ok {
		return
	}
	began := time.Now()
	get := r.Method == http.MethodGet
	tag := ""
	if get {
		tag = s.etag(r, media, req)
		if tag != "" && notModified(r, tag) {
			s.writeNotModified(w, tag)
			s.metrics.observe(s.knownOperation(req.Query), strconv.Itoa(http.StatusNotModified), time.Since(began), nil)
			return
		}
	}
	o := s.executeGuarded(ctx, req, get)
	status := httpStatus(media, o)
	var codes []string
	for _, e := range o.resp.Errors {
		if c, ok := e.Extensions["code"].(string); ok {
			codes = append(codes, c)
		}
	}
	s.setCaching(w, tag, status, codes)
	s.write(w, media, status, o.resp)
	s.metrics.observe(o.op, strconv.Itoa(status), time.Since(began), codes)
}

// readRequest reads a GraphQL request from a GET's query string or a
// POST's body, the body before deadline. When it cannot, it answers and
// reports false.
func (s *Server) readRequest(w http.ResponseWriter, r *http.Request, deadline time.Time) (graphQLRequest, bool) {
	var req graphQLRequest
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		req.Query, req.OperationName = q.Get("query"), q.Get("operationName")
		for name, into := range map[string]*map[string]any{"variables": &req.Variables, "extensions": &req.Extensions} {
			if v := q.Get(name); v != "" {
				if err := json.Unmarshal([]byte(v), into); err != nil {
					s.fail(w, r, http.StatusBadRequest, "BAD_REQUEST", name+" is not a JSON object")
					return req, false
				}
			}
		}
	case http.MethodPost:
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "application/json" {
			s.fail(w, r, http.StatusUnsupportedMediaType, "BAD_REQUEST", "send the request as application/json")
			return req, false
		}
		http.NewResponseController(w).SetReadDeadline(deadline)
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)).Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			switch {
			case errors.As(err, &tooBig):
				s.refuseOversize(w, r, r.Body)
			case timedOut(err):
				w.Header().Set("Connection", "close")
				s.fail(w, r, http.StatusRequestTimeout, "BAD_REQUEST", "the request body did not arrive within the request's deadline")
			default:
				s.fail(w, r, http.StatusBadRequest, "BAD_REQUEST", "the request body is not a JSON object with a query (a string), and optionally operationName (a string), variables and extensions (objects)")
			}
			return req, false
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		s.fail(w, r, http.StatusMethodNotAllowed, "BAD_REQUEST", "use GET or POST")
		return req, false
	}
	if strings.TrimSpace(req.Query) == "" {
		s.fail(w, r, http.StatusBadRequest, "BAD_REQUEST", "the request has no query")
		return req, false
	}
	return req, true
}

// refuse is the outcome of a request refused before execution with one
// error; requestError says whether the GraphQL specification counts it as a
// request error (see [outcome]).
func refuse(status int, op, code string, requestError bool, errs ...error) outcome {
	return outcome{status: status, resp: graphQLResponse{Errors: requestErrors(code, errs...)}, op: op, requestError: requestError}
}

// execute parses and validates a request (or finds it among the documents
// that did before), checks limits and runs it. It also names the operation,
// for metrics.
func (s *Server) execute(ctx context.Context, req graphQLRequest, readOnly bool) outcome {
	doc := s.valid.get(req.Query)
	if doc == nil {
		parsed, o := s.parseAndValidate(req.Query)
		if parsed == nil {
			return o
		}
		doc = parsed
		s.valid.put(req.Query, doc)
	}
	op := operationName(doc)
	limit := errorCodes[schema.ErrLimit]
	if usesIntrospection(doc) {
		if s.cfg.NoIntrospection {
			return refuse(http.StatusBadRequest, op, "INTROSPECTION_DISABLED", false,
				errors.New("introspection is switched off on this server"))
		}
		if n, err := introspectionSize(&s.schema, doc, req.Variables, MaxIntrospectionValues); err != nil {
			return refuse(limit.status, op, limit.code, false,
				fmt.Errorf("the introspection fields would answer with more than %d values (%d counted before stopping)", MaxIntrospectionValues, n))
		}
	}
	if d := queryDepth(doc); d > s.cfg.MaxQueryDepth {
		return refuse(limit.status, op, limit.code, false,
			fmt.Errorf("the query is nested %d levels deep; the limit is %d", d, s.cfg.MaxQueryDepth))
	}
	if n := rootFields(doc); n > MaxRootFields {
		return refuse(limit.status, op, limit.code, false,
			fmt.Errorf("the query asks %d root fields at once; the limit is %d", n, MaxRootFields))
	}
	if n := queryCost(doc, req.Variables); n > MaxNodes {
		return refuse(limit.status, op, limit.code, false,
			fmt.Errorf("the query may return up to %d objects; the limit is %d (lower the first arguments or the nesting)", n, MaxNodes))
	}
	if readOnly && hasMutation(doc) {
		return refuse(http.StatusMethodNotAllowed, op, "BAD_REQUEST", false, errors.New("mutations need POST"))
	}

	ctx = context.WithValue(ctx, ctxKey{}, newRequest(s.graph, !s.cfg.NoLookahead))
	res := graphql.Execute(graphql.ExecuteParams{
		Schema: s.schema, AST: doc, Args: req.Variables, OperationName: req.OperationName, Context: ctx,
	})
	o := outcome{status: http.StatusOK, resp: graphQLResponse{Data: res.Data}, op: op}
	if len(res.Errors) == 0 {
		return o
	}
	var worst schema.ErrorKind
	o.resp.Errors, worst = publicErrors(res.Errors, s.log)
	if ctx.Err() != nil {
		// graphql-go reports a passed deadline as a bare error with no
		// path; it is the server's time that ran out, not bad input.
		for i := range o.resp.Errors {
			if len(o.resp.Errors[i].Path) == 0 && o.resp.Errors[i].Extensions["code"] == errorCodes[schema.ErrInvalid].code {
				o.resp.Errors[i].Message = "the query ran out of time"
				o.resp.Errors[i].Extensions = map[string]any{"code": errorCodes[schema.ErrTimeout].code}
				worst = schema.ErrTimeout
			}
		}
		s.log.Warn("request ran out of time", "timeout", s.cfg.Timeout)
	} else if res.Data == nil && noPaths(o.resp.Errors) {
		// Errors with no path and no data, in time: graphql-go refused the
		// request before running a resolver, because the variables do not
		// fit their types or no operation matches operationName.
		o.requestError = true
	}
	// A request that failed as a whole gets its error's status; one with data
	// is answered with 200 whatever its errors (see httpStatus).
	if worst != "" && res.Data == nil {
		o.status = errorCodes[worst].status
	}
	return o
}

// noPaths reports whether no error names a path in the answer.
func noPaths(errs []gqlerrors.FormattedError) bool {
	for _, e := range errs {
		if len(e.Path) > 0 {
			return false
		}
	}
	return true
}

// parseAndValidate parses a query and validates it against the schema. On
// failure it returns no document, and the outcome to answer with.
func (s *Server) parseAndValidate(query string) (*ast.Document, outcome) {
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(query), Name: "GraphQL request"})})
	if err != nil {
		return nil, refuse(http.StatusBadRequest, invalidOp, codeParseFailed, true, err)
	}
	// graphql-go's parser takes "$v:" with no type, and its validator then
	// dereferences the missing type (found by FuzzGraphQL).
	if name, ok := untypedVariable(doc); ok {
		return nil, refuse(http.StatusBadRequest, invalidOp, codeParseFailed, true, fmt.Errorf("variable $%s has no type", name))
	}
	// graphql-go's validator recurses without end on a fragment cycle and
	// overflows the stack, which no recover can catch: refuse cycles first.
	if name, ok := fragmentCycle(doc); ok {
		return nil, refuse(http.StatusBadRequest, invalidOp, codeValidationFailed, true,
			fmt.Errorf("fragment %q spreads itself, directly or through other fragments", name))
	}
	if v := graphql.ValidateDocument(&s.schema, doc, nil); !v.IsValid {
		errs := make([]error, len(v.Errors))
		for i := range v.Errors {
			errs[i] = v.Errors[i]
		}
		return nil, refuse(http.StatusBadRequest, invalidOp, codeValidationFailed, true, errs...)
	}
	return doc, outcome{}
}

// fail answers a request that is refused before it is read as GraphQL.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	media := negotiate(r.Header.Get("Accept"))
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.write(w, media, status, graphQLResponse{Errors: requestErrors(code, errors.New(msg))})
}

func (s *Server) write(w http.ResponseWriter, media string, status int, resp graphQLResponse) {
	body, err := appendResponse(nil, resp)
	if err != nil {
		// An answer graphql-go built that does not encode is a bug; the
		// client gets the same error as for any other internal one.
		s.log.Error("encoding response", "err", err)
		status = http.StatusInternalServerError
		body, _ = json.Marshal(graphQLResponse{Errors: requestErrors(errorCodes[schema.ErrInternal].code, errors.New("internal error"))})
		body = append(body, '\n')
	}
	w.Header().Set("Content-Type", contentType(media))
	setRetryAfter(w, status)
	w.WriteHeader(status)
	if _, err := w.Write(body); err != nil {
		s.log.Warn("writing response", "err", err)
	}
}

// queryDepth measures how deeply the document's selection sets nest,
// following fragment spreads (validation has already rejected cycles; the
// visited set guards anyway), leaving out introspection.
func queryDepth(doc *ast.Document) int {
	frags := map[string]*ast.FragmentDefinition{}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok {
			frags[f.Name.Value] = f
		}
	}
	var depth func(set *ast.SelectionSet, seen map[string]bool) int
	depth = func(set *ast.SelectionSet, seen map[string]bool) int {
		if set == nil {
			return 0
		}
		deepest := 0
		for _, sel := range set.Selections {
			d := 0
			switch s := sel.(type) {
			case *ast.Field:
				// Introspection is bounded by introspectionSize instead: the
				// standard queries nest 14 levels and read only the schema.
				if s.SelectionSet != nil && !isIntrospectionRoot(s) {
					d = 1 + depth(s.SelectionSet, seen)
				}
			case *ast.InlineFragment:
				d = depth(s.SelectionSet, seen)
			case *ast.FragmentSpread:
				name := s.Name.Value
				if f := frags[name]; f != nil && !seen[name] {
					seen[name] = true
					d = depth(f.SelectionSet, seen)
					delete(seen, name)
				}
			}
			deepest = max(deepest, d)
		}
		return deepest
	}
	deepest := 0
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			deepest = max(deepest, depth(op.SelectionSet, map[string]bool{}))
		}
	}
	return deepest
}

// executeGuarded is execute, with a panic in graphql-go or a resolver turned
// into an INTERNAL error (and logged with its stack) instead of a dropped
// connection. A panic is a bug: the fuzz tests fail on the 500.
func (s *Server) executeGuarded(ctx context.Context, req graphQLRequest, readOnly bool) (o outcome) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic while answering a query", "panic", v, "stack", string(debug.Stack()))
			o = refuse(http.StatusInternalServerError, invalidOp, errorCodes[schema.ErrInternal].code, false, errors.New("internal error"))
		}
	}()
	return s.execute(ctx, req, readOnly)
}

// untypedVariable finds a variable definition without a type, at any depth
// of list and non-null wrappers, and names it.
func untypedVariable(doc *ast.Document) (string, bool) {
	var typed func(t ast.Type) bool
	typed = func(t ast.Type) bool {
		switch t := t.(type) {
		case *ast.Named:
			return t != nil && t.Name != nil
		case *ast.List:
			return t != nil && typed(t.Type)
		case *ast.NonNull:
			return t != nil && typed(t.Type)
		}
		return false
	}
	for _, d := range doc.Definitions {
		op, ok := d.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		for _, v := range op.VariableDefinitions {
			if v == nil || !typed(v.Type) {
				name := ""
				if v != nil && v.Variable != nil && v.Variable.Name != nil {
					name = v.Variable.Name.Value
				}
				return name, true
			}
		}
	}
	return "", false
}

// fragmentCycle finds a fragment that spreads itself, through any chain of
// other fragments, and names it.
func fragmentCycle(doc *ast.Document) (string, bool) {
	spreads := map[string][]string{}
	var collect func(set *ast.SelectionSet, into *[]string)
	collect = func(set *ast.SelectionSet, into *[]string) {
		if set == nil {
			return
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				collect(s.SelectionSet, into)
			case *ast.InlineFragment:
				collect(s.SelectionSet, into)
			case *ast.FragmentSpread:
				*into = append(*into, s.Name.Value)
			}
		}
	}
	var names []string
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok {
			var list []string
			collect(f.SelectionSet, &list)
			spreads[f.Name.Value] = list
			names = append(names, f.Name.Value)
		}
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var visit func(name string) (string, bool)
	visit = func(name string) (string, bool) {
		state[name] = visiting
		for _, next := range spreads[name] {
			switch state[next] {
			case visiting:
				return next, true
			case unvisited:
				if _, known := spreads[next]; known {
					if c, ok := visit(next); ok {
						return c, true
					}
				}
			}
		}
		state[name] = done
		return "", false
	}
	for _, n := range names {
		if state[n] == unvisited {
			if c, ok := visit(n); ok {
				return c, true
			}
		}
	}
	return "", false
}

// MaxRootFields bounds the root fields (aliases included) of one request:
// each costs at least one query, so a thousand aliases of a cheap field would
// otherwise be a thousand queries.
const MaxRootFields = 20

// rootFields counts the root fields of every operation in doc, fragments on
// the root type included.
func rootFields(doc *ast.Document) int {
	frags := map[string]*ast.FragmentDefinition{}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok {
			frags[f.Name.Value] = f
		}
	}
	var count func(set *ast.SelectionSet, seen map[string]bool) int
	count = func(set *ast.SelectionSet, seen map[string]bool) int {
		n := 0
		if set == nil {
			return 0
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if !strings.HasPrefix(s.Name.Value, "__") {
					n++
				}
			case *ast.InlineFragment:
				n += count(s.SelectionSet, seen)
			case *ast.FragmentSpread:
				if f := frags[s.Name.Value]; f != nil && !seen[s.Name.Value] {
					seen[s.Name.Value] = true
					n += count(f.SelectionSet, seen)
				}
			}
		}
		return n
	}
	total := 0
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok {
			total += count(op.SelectionSet, map[string]bool{})
		}
	}
	return total
}

// isIntrospectionRoot reports whether f is __schema or __type, which
// validation allows on the query type only.
func isIntrospectionRoot(f *ast.Field) bool {
	return f.Name.Value == "__schema" || f.Name.Value == "__type"
}

func hasMutation(doc *ast.Document) bool {
	for _, d := range doc.Definitions {
		if op, ok := d.(*ast.OperationDefinition); ok && op.Operation == ast.OperationTypeMutation {
			return true
		}
	}
	return false
}

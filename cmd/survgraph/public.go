package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"

	"github.com/survgraph/survgraph/api"
)

// publicFlags are serve's flags for running in public (docs/deploy.md).
type publicFlags struct {
	public                      bool
	noGraphiQL, noIntrospection bool
	cors, trusted               string
	rate                        float64
	burst, maxConns             int
	admin, pprof                string
	exportDir                   string
	exportMaxBytes              int64
	exportBuilds                int
}

// The production profile's defaults: per-client limits as the README has
// always advised, and the admin listener on loopback.
const (
	publicRate   = 10
	defaultAdmin = "127.0.0.1:9090"
)

func (p *publicFlags) register(fl *flag.FlagSet, getenv func(string) string) {
	fl.BoolVar(&p.public, "public", false, fmt.Sprintf("the production profile: -rate %d unless set, any site may read GETs of public data (CORS), /metrics and pprof only on the admin listener (-admin, default %s)", publicRate, defaultAdmin))
	fl.BoolVar(&p.noGraphiQL, "no-graphiql", false, "do not serve GraphiQL")
	fl.BoolVar(&p.noIntrospection, "no-introspection", false, "refuse introspection queries")
	fl.StringVar(&p.cors, "cors", getenv("SURVGRAPH_CORS_ORIGINS"), "comma-separated origins allowed to call the API from browsers, POSTs included (default: same origin only; with -public any origin may GET)")
	fl.Float64Var(&p.rate, "rate", 0, fmt.Sprintf("requests per second each client may make over time (0: no limit; %d with -public)", publicRate))
	fl.IntVar(&p.burst, "burst", 20, "requests each client may make at once, with -rate")
	fl.StringVar(&p.trusted, "trusted-proxies", getenv("SURVGRAPH_TRUSTED_PROXIES"), "comma-separated addresses or CIDR networks of reverse proxies whose X-Forwarded-For names the client, such as 127.0.0.1 for nginx on the same machine")
	fl.IntVar(&p.maxConns, "max-conns-per-client", 32, "connections one client (trusted proxies aside) may hold open at once")
	fl.StringVar(&p.admin, "admin", getenv("SURVGRAPH_ADMIN_ADDR"), "serve /metrics and Go's profiler (/debug/pprof/) on this address only, such as 127.0.0.1:9090; never a public one")
	fl.StringVar(&p.pprof, "pprof", "", "the same as -admin (older name)")
	fl.StringVar(&p.exportDir, "export-dir", getenv("SURVGRAPH_EXPORT_DIR"), "folder for the whole-graph exports, built once per generation (default: a temporary folder, removed on exit)")
	fl.Int64Var(&p.exportMaxBytes, "export-max-bytes", api.DefaultExportMaxBytes, "bytes of exports kept on disk at most")
	fl.IntVar(&p.exportBuilds, "export-builds", api.DefaultExportBuilds, "whole-graph exports built at once at most")
}

// config turns the flags into the API's configuration.
func (p *publicFlags) config(fl *flag.FlagSet) (api.Config, error) {
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg := api.Config{NoGraphiQL: p.noGraphiQL, NoIntrospection: p.noIntrospection, RateLimit: p.rate, RateBurst: p.burst,
		MaxConnsPerClient: p.maxConns, ExportDir: p.exportDir, ExportMaxBytes: p.exportMaxBytes, ExportBuilds: p.exportBuilds}
	if p.pprof != "" {
		if p.admin != "" && p.admin != p.pprof {
			return cfg, fmt.Errorf("serve: -pprof %s and -admin %s: give one", p.pprof, p.admin)
		}
		p.admin = p.pprof
	}
	if p.public {
		if !set["rate"] {
			cfg.RateLimit = publicRate
		}
		cfg.PublicGET = true
		if p.admin == "" {
			p.admin = defaultAdmin
		}
	}
	cfg.NoMetrics = p.admin != ""
	var err error
	if cfg.TrustedProxies, err = api.ParseProxies(p.trusted); err != nil {
		return cfg, fmt.Errorf("serve: -trusted-proxies: %w", err)
	}
	for _, o := range strings.Split(p.cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.CORSOrigins = append(cfg.CORSOrigins, o)
		}
	}
	return cfg, nil
}

// serveAdmin serves /metrics and the profiler on a listener of their own,
// never reachable through the API's address, until ctx ends, and returns
// its address.
func serveAdmin(ctx context.Context, addr string, metrics http.Handler, log *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("serve: admin listener: %w", err)
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		log.Warn("the admin listener is not on loopback: /metrics and the profiler are open to whoever reaches it", "addr", ln.Addr().String())
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("admin listener", "addr", ln.Addr().String())
	go func() {
		if err := hs.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Warn("admin listener stopped", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	return ln.Addr().String(), nil
}

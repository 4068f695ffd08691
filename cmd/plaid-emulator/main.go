// Command plaid-emulator serves an emulator of Plaid's User APIs and Sandbox
// Item endpoints, for tests and CI runs that cannot or should not reach Plaid.
//
//	plaid-emulator --listen 127.0.0.1:0 [--client-id ID --secret S] [--data FILE] [--legacy]
//	    [--latency 50ms] [--jitter 10ms] [--error-rate 0.1] [--throttle-rate 0.05]
//	    [--drop-rate 0.05] [--rps-limit 100] [--seed N] [--tls [--ca-out FILE] [--tls-host NAME]...]
//	    [--admin-token TOKEN] [--quiet]
//	plaid-emulator --version
//
// The first line of standard output is "plaid-emulator listening on URL", the address really
// listened on. Listening beyond loopback prints a warning on standard error. It serves until
// SIGINT or SIGTERM, then shuts down cleanly.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// version is set at build time, as the provider's is: -ldflags "-X main.version=1.2.3".
var version = "dev"

// config is what the command line asks for.
type config struct {
	opts    emulator.Options
	server  emulator.ServerOptions
	caOut   string
	quiet   bool
	version bool
}

// newFlagSet binds the command's flags to c.
func newFlagSet(c *config, output io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("plaid-emulator", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.Usage = func() { usage(fs) }
	fs.StringVar(&c.server.Listen, "listen", "127.0.0.1:0", "`host:port` to listen on; port 0 picks a free port")
	fs.StringVar(&c.opts.ClientID, "client-id", "", "the only client_id accepted (default: any non-empty one)")
	fs.StringVar(&c.opts.Secret, "secret", "", "the only secret accepted (default: any non-empty one)")
	fs.StringVar(&c.opts.DataFile, "data", "", "keep the state in this `file`, a database created if missing (an older emulator's JSON state\n"+
		"file is migrated); every change is on disk before it is answered; one emulator at a time uses the file")
	fs.BoolVar(&c.opts.Legacy, "legacy", false, "emulate the legacy user_token flow of /user/create")
	fs.DurationVar(&c.opts.Latency, "latency", 0, "latency added to every Plaid request, e.g. 50ms")
	fs.DurationVar(&c.opts.Jitter, "jitter", 0, "random extra latency of up to this `duration` per request")
	fs.Float64Var(&c.opts.ErrorRate, "error-rate", 0, "`fraction` of requests answered 500 INTERNAL_SERVER_ERROR")
	fs.Float64Var(&c.opts.ThrottleRate, "throttle-rate", 0, "`fraction` of requests answered 429 RATE_LIMIT")
	fs.Float64Var(&c.opts.DropRate, "drop-rate", 0, "`fraction` of requests processed, then answered by closing the connection")
	fs.Float64Var(&c.opts.RPSLimit, "rps-limit", 0, "answer 429 RATE_LIMIT above this many `requests` per second (0: no limit)")
	fs.Int64Var(&c.opts.Seed, "seed", 0, "seed of the latency and fault sequence (0: random)")
	fs.BoolVar(&c.server.TLS, "tls", false, "serve HTTPS with a fresh self-signed certificate")
	fs.StringVar(&c.caOut, "ca-out", "", "with --tls, write the certificate (PEM) to this `file` for clients to trust; it appears\n"+
		"whole, once the emulator listens")
	fs.Func("tls-host", "with --tls, name this `host` in the certificate too: a DNS name or an IP address by which\n"+
		"clients elsewhere reach the emulator, such as its container's service name; repeat for more", func(h string) error {
		if err := emulator.CheckTLSHost(h); err != nil {
			return err
		}
		c.server.TLSHosts = append(c.server.TLSHosts, h)
		return nil
	})
	fs.StringVar(&c.opts.AdminToken, "admin-token", "", "require this `token` (Authorization: Bearer TOKEN) from every client of the admin API "+
		"/__emulator/; without it, the admin API answers loopback clients only. Prefer $"+adminTokenEnv+": a flag shows in the process list")
	fs.BoolVar(&c.quiet, "quiet", false, "do not log requests on standard error")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	return fs
}

// adminTokenEnv names the environment variable that gives the admin token when --admin-token does not.
const adminTokenEnv = "PLAID_EMULATOR_ADMIN_TOKEN" //nolint:gosec // the variable's name, not a token

// applyEnvironment takes from the environment what the command line left unset. It runs after
// the flags are parsed, so that --help never shows the token as a default.
func applyEnvironment(c *config, getenv func(string) string) {
	if c.opts.AdminToken == "" {
		c.opts.AdminToken = getenv(adminTokenEnv)
	}
}

// usage documents every flag, spelt with two dashes as scripts use them.
func usage(fs *flag.FlagSet) {
	out := fs.Output()
	fmt.Fprint(out, "Usage: plaid-emulator [flags]\n\n"+
		"Serves an emulator of Plaid's User APIs and Sandbox Items. The first line on\n"+
		"standard output is \"plaid-emulator listening on URL\", the address really listened\n"+
		"on; beyond loopback a warning follows on standard error. SIGINT or SIGTERM stops it.\n\n")
	fmt.Fprintf(out, "A client must send a request's headers within %s and the whole request within\n"+
		"%s; a kept-alive connection idle for %s is closed.\n\nFlags:\n",
		emulator.DefaultReadHeaderTimeout, emulator.DefaultReadTimeout, emulator.DefaultIdleTimeout)
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if arg != "" {
			line += " " + arg
		}
		line += "\n    \t" + strings.ReplaceAll(text, "\n", "\n    \t")
		if !slices.Contains([]string{"", "0", "0s", "false"}, f.DefValue) {
			line += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintln(out, line)
	})
}

// parseFlags reads the command line. Asked for --help, it prints the usage on
// stdout; errors (with the usage for a bad flag) go to stderr.
func parseFlags(args []string, stdout, stderr io.Writer) (config, error) {
	var c config
	var msg bytes.Buffer
	fs := newFlagSet(&c, &msg)
	if err := fs.Parse(args); err != nil {
		out := stderr
		if errors.Is(err, flag.ErrHelp) {
			out = stdout
		}
		_, _ = msg.WriteTo(out)
		return c, err
	}
	var err error
	switch {
	case fs.NArg() > 0:
		err = fmt.Errorf("unexpected arguments: %q", fs.Args())
	case c.caOut != "" && !c.server.TLS:
		err = errors.New("--ca-out needs --tls")
	case len(c.server.TLSHosts) > 0 && !c.server.TLS:
		err = errors.New("--tls-host needs --tls")
	}
	if err != nil {
		fmt.Fprintln(stderr, "plaid-emulator:", err)
	}
	return c, err
}

// run serves until ctx ends and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // the usual exit code of a usage error, already reported
	}
	if c.version {
		fmt.Fprintln(stdout, "plaid-emulator", version)
		return 0
	}
	applyEnvironment(&c, os.Getenv)
	if !c.quiet {
		c.opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	srv, err := emulator.Start(c.opts, c.server)
	if err != nil {
		fmt.Fprintln(stderr, "plaid-emulator:", err)
		return 1
	}
	if c.caOut != "" {
		if err := writeWhole(c.caOut, srv.CAPEM); err != nil {
			fmt.Fprintln(stderr, "plaid-emulator: writing the certificate:", err)
			_ = srv.Close()
			return 1
		}
	}
	fmt.Fprintln(stdout, "plaid-emulator listening on", srv.URL)
	if !srv.Addr.IP.IsLoopback() {
		fmt.Fprintln(stderr, networkWarning(srv, c.opts))
	}
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "plaid-emulator: shutting down:", err)
		return 1
	}
	return 0
}

// writeWhole writes data to path through a temporary file renamed into place, so that a client
// waiting for the file to appear (Terraform in another container) never reads half of it. The
// file is world-readable: a certificate is public, and clients under other users read it.
func writeWhole(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a failure leaves nothing behind; after the rename, nothing to remove
	_, err = tmp.Write(data)
	err = errors.Join(err, tmp.Chmod(0o644), tmp.Close())
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// networkWarning says that the emulator listens beyond loopback: the address really listened on,
// and what the network can reach through it. It names no credential or token.
func networkWarning(srv *emulator.Server, opts emulator.Options) string {
	accepted := "any non-empty client_id and secret (set --client-id and --secret to require yours)"
	if opts.ClientID != "" && opts.Secret != "" {
		accepted = "the client_id and secret given"
	}
	admin := "the admin API (/__emulator/) stays loopback-only (set --admin-token to open it to the network)"
	if opts.AdminToken != "" {
		admin = "the admin API (/__emulator/: users, stats, reset) is open to the network to holders of the admin token"
	}
	msg := fmt.Sprintf("plaid-emulator: warning: listening on %s, which other machines can reach: "+
		"the identity data it holds (names, dates of birth, emails, phone numbers, addresses, ID numbers) "+
		"can be read and changed from the network with %s; %s.", srv.Addr, accepted, admin)
	if srv.Addr.IP.IsUnspecified() {
		scheme, _, _ := strings.Cut(srv.URL, "://")
		msg += fmt.Sprintf(" Clients on this machine can use %s://127.0.0.1:%d.", scheme, srv.Addr.Port)
	}
	return msg
}

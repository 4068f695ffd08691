package emulator

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// ServerOptions say where and how Start serves the emulator.
type ServerOptions struct {
	Listen string // host:port; default "127.0.0.1:0" (a free port)
	TLS    bool   // serve HTTPS with a fresh self-signed certificate
	// TLSHosts are more names for the certificate, DNS names or IP addresses (CheckTLSHost): the
	// names clients elsewhere dial, such as the service name of the emulator's container. TLS only.
	TLSHosts []string

	// The timeouts bound how long a client may hold a connection without doing its part, so that
	// one sending a byte now and then cannot keep it open forever. Zero takes the default.
	ReadHeaderTimeout time.Duration // the request line and headers (and a TLS handshake); DefaultReadHeaderTimeout
	ReadTimeout       time.Duration // the whole request, body included; DefaultReadTimeout
	IdleTimeout       time.Duration // a kept-alive connection waiting for its next request; DefaultIdleTimeout
}

// The default timeouts. A request is at most 1 MiB and every client of the emulator is a program:
// seconds suffice to send one, even from a loaded CI machine. IdleTimeout outlasts the 90 seconds
// for which Go's HTTP clients (the provider's among them) keep an idle connection, so that the
// client, not the server, closes it: a POST sent on a connection the server is closing would fail
// without an answer.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
)

// Server is an emulator served on a TCP listener.
type Server struct {
	*Emulator
	// URL is the address really listened on, e.g. http://127.0.0.1:41234, the base URL for
	// plaid-go; http://0.0.0.0:PORT or http://[::]:PORT when listening on every interface.
	URL   string
	Addr  *net.TCPAddr // the address listened on
	CAPEM []byte       // with TLS: the PEM certificate to trust

	srv *http.Server
	// unused holds the connections accepted but not yet carrying a request. http.Server's
	// Shutdown waits up to five seconds for those; Close ends them at once instead.
	unusedMu sync.Mutex
	unused   map[net.Conn]struct{}
}

// shutdownTimeout bounds how long Close waits for requests in flight.
const shutdownTimeout = 5 * time.Second

// Start creates an emulator and serves it until Close.
func Start(opts Options, so ServerOptions) (*Server, error) {
	if err := checkTLSHosts(so); err != nil {
		return nil, err // before New, which would hold the data file
	}
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	s, ln, err := listen(e, so)
	if err != nil {
		// Release the data file (and its lock) that New opened: the caller may try again.
		return nil, errors.Join(err, e.Close())
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Error("serving", "error", err)
		}
	}()
	return s, nil
}

// listen opens the listener and builds the server for e, with TLS if asked.
func listen(e *Emulator, so ServerOptions) (*Server, net.Listener, error) {
	if so.Listen == "" {
		so.Listen = "127.0.0.1:0"
	}
	ln, err := net.Listen(listenNetwork(so.Listen), so.Listen)
	if err != nil {
		return nil, nil, err
	}
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		ln.Close()
		return nil, nil, fmt.Errorf("listening on %s gave a non-TCP address %v", so.Listen, ln.Addr())
	}
	s := &Server{Emulator: e, URL: "http://" + addr.String(), Addr: addr, unused: map[net.Conn]struct{}{}}
	s.srv = &http.Server{
		Handler:           e,
		ReadHeaderTimeout: cmp.Or(so.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       cmp.Or(so.ReadTimeout, DefaultReadTimeout),
		IdleTimeout:       cmp.Or(so.IdleTimeout, DefaultIdleTimeout),
		ErrorLog:          log.New(slogWriter{e.log}, "", 0),
		ConnState:         s.trackConn,
	}
	if so.TLS {
		cert, certPEM, err := selfSignedCert(addr.IP, so.TLSHosts)
		if err != nil {
			ln.Close()
			return nil, nil, err
		}
		s.URL, s.CAPEM = "https://"+addr.String(), certPEM
		// HTTP/1.1 only: a dropped request hijacks its connection, which
		// HTTP/2 does not allow.
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}
		s.srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
		ln = tls.NewListener(ln, s.srv.TLSConfig)
	}
	return s, ln, nil
}

// trackConn counts accepted connections for the stats and remembers which ones carry no
// request yet.
func (s *Server) trackConn(c net.Conn, state http.ConnState) {
	s.unusedMu.Lock()
	defer s.unusedMu.Unlock()
	switch state {
	case http.StateNew:
		s.stats.connectionAccepted()
		s.unused[c] = struct{}{}
	case http.StateActive, http.StateHijacked, http.StateClosed:
		delete(s.unused, c)
	}
}

// Close stops the server, letting requests in flight finish for a while, then releases the
// state file. A connection that a client opened but never used (a pooled dial the client did
// not need) is closed at once.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- s.srv.Shutdown(ctx) }()
	s.closeUnused()
	if err := <-shutdown; err != nil {
		return errors.Join(err, s.srv.Close(), s.Emulator.Close())
	}
	return s.Emulator.Close()
}

func (s *Server) closeUnused() {
	s.unusedMu.Lock()
	defer s.unusedMu.Unlock()
	for c := range s.unused {
		_ = c.Close() // the server's read fails and the connection goes to StateClosed
	}
}

// listenNetwork keeps an IPv4 listen address to IPv4: Go would listen on 0.0.0.0 with a
// dual-stack socket, reachable over IPv6 too, and report it as [::].
func listenNetwork(listen string) string {
	host, _, err := net.SplitHostPort(listen)
	if ip := net.ParseIP(host); err == nil && ip != nil && ip.To4() != nil {
		return "tcp4"
	}
	return "tcp"
}

// certIPs are the addresses the certificate names: loopback, and the listen address; for a
// wildcard one, the wildcard itself (the URL printed names it) and every address of this
// machine (what clients on the network dial).
func certIPs(listenIP net.IP) []net.IP {
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	switch {
	case listenIP.IsUnspecified():
		ips = append(ips, listenIP)
		if addrs, err := net.InterfaceAddrs(); err == nil { // best effort: loopback still works
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() {
					ips = append(ips, n.IP)
				}
			}
		}
	case !listenIP.IsLoopback():
		ips = append(ips, listenIP)
	}
	return ips
}

// CheckTLSHost says whether name can join the certificate's names: an IP address, or a DNS
// name of at most 253 characters whose dot-separated labels are 1 to 63 letters, digits, hyphens
// (not first or last) and underscores (found in container service names, which Go's TLS clients
// accept). A last label of digits alone is refused: that is a mistyped IP address, not a name.
func CheckTLSHost(name string) error {
	if net.ParseIP(name) != nil {
		return nil
	}
	labels := strings.Split(name, ".")
	valid := len(name) <= 253 && !allDigits.MatchString(labels[len(labels)-1])
	for _, l := range labels {
		valid = valid && dnsLabel.MatchString(l)
	}
	if !valid {
		return fmt.Errorf("%q is neither an IP address nor a DNS name (labels of letters, digits, - and _, joined by dots)", name)
	}
	return nil
}

var (
	dnsLabel  = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`)
	allDigits = regexp.MustCompile(`^[0-9]+$`)
)

// checkTLSHosts refuses names the certificate cannot carry, and names without a certificate.
func checkTLSHosts(so ServerOptions) error {
	if len(so.TLSHosts) > 0 && !so.TLS {
		return errors.New("TLS hosts need TLS")
	}
	for _, h := range so.TLSHosts {
		if err := CheckTLSHost(h); err != nil {
			return fmt.Errorf("TLS host: %w", err)
		}
	}
	return nil
}

// certNames are the DNS names and addresses the certificate names: localhost, certIPs, and the
// hosts asked for, each in its kind of subject alternative name.
func certNames(listenIP net.IP, hosts []string) ([]string, []net.IP) {
	dns, ips := []string{"localhost"}, certIPs(listenIP)
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			ips = append(ips, ip)
		} else {
			dns = append(dns, h)
		}
	}
	return dns, ips
}

// selfSignedCert makes an ECDSA certificate for the loopback names, the listen address and
// hosts, valid as its own CA so that clients can trust its PEM.
func selfSignedCert(listenIP net.IP, hosts []string) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	dnsNames, ips := certNames(listenIP, hosts)
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "plaid-emulator", Organization: []string{"plaid-emulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              dnsNames,
		IPAddresses:           ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}

// slogWriter sends net/http's own log lines (TLS handshake errors from
// clients that do not trust the certificate, ...) to the emulator's logger.
type slogWriter struct{ log *slog.Logger }

func (w slogWriter) Write(p []byte) (int, error) {
	w.log.Warn("http server", "message", string(p))
	return len(p), nil
}

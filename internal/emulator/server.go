package emulator

import (
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
	"sync"
	"time"
)

// ServerOptions say where and how Start serves the emulator.
type ServerOptions struct {
	Listen string // host:port; default "127.0.0.1:0" (a free port)
	TLS    bool   // serve HTTPS with a fresh self-signed certificate
}

// Server is an emulator served on a TCP listener.
type Server struct {
	*Emulator
	URL   string // e.g. http://127.0.0.1:41234, the base URL for plaid-go
	CAPEM []byte // with TLS: the PEM certificate to trust

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
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	if so.Listen == "" {
		so.Listen = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", so.Listen)
	if err != nil {
		return nil, err
	}
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		ln.Close()
		return nil, fmt.Errorf("listening on %s gave a non-TCP address %v", so.Listen, ln.Addr())
	}
	s := &Server{Emulator: e, URL: "http://" + urlHost(addr), unused: map[net.Conn]struct{}{}}
	s.srv = &http.Server{
		Handler:           e,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(slogWriter{e.log}, "", 0),
		ConnState:         s.trackConn,
	}
	if so.TLS {
		cert, certPEM, err := selfSignedCert(addr.IP)
		if err != nil {
			ln.Close()
			return nil, err
		}
		s.URL, s.CAPEM = "https://"+urlHost(addr), certPEM
		// HTTP/1.1 only: a dropped request hijacks its connection, which
		// HTTP/2 does not allow.
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}
		s.srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
		ln = tls.NewListener(ln, s.srv.TLSConfig)
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Error("serving", "error", err)
		}
	}()
	return s, nil
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

// urlHost is the host:port clients should use: a wildcard listen address is
// reached through the loopback address.
func urlHost(addr *net.TCPAddr) string {
	ip := addr.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(addr.Port))
}

// selfSignedCert makes an ECDSA certificate for the loopback names (and the
// listen address), valid as its own CA so that clients can trust its PEM.
func selfSignedCert(listenIP net.IP) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	if !listenIP.IsUnspecified() && !listenIP.IsLoopback() {
		ips = append(ips, listenIP)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "plaid-emulator", Organization: []string{"plaid-emulator"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
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

package emulator

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Each test sets one timeout short and leaves the others long (net/http falls back on
// ReadTimeout for a missing ReadHeaderTimeout or IdleTimeout), so that it fails unless that very
// timeout is applied.
const (
	short = 400 * time.Millisecond
	long  = time.Minute
)

// cutOffWithin is how long the server may take to end a slow client's connection: the timeout,
// plus room for a loaded machine; the slow client would need ten times as long to finish.
const cutOffWithin = 3 * time.Second

// dribble writes s one byte every 50 milliseconds until it is written or a write fails.
func dribble(conn net.Conn, s string) {
	for i := range len(s) {
		if _, err := conn.Write([]byte{s[i]}); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSlowClientIsCutOff: a client sending its request a byte at a time (about 30 seconds for
// these requests) loses its connection once the read timeouts pass, whatever part it is sending.
func TestSlowClientIsCutOff(t *testing.T) {
	headers := "POST /user/create HTTP/1.1\r\nHost: emulator\r\nContent-Type: application/json\r\n" +
		"PLAID-CLIENT-ID: a\r\nPLAID-SECRET: b\r\nContent-Length: 600\r\n"
	tests := []struct {
		name, fast, slow string
		timeouts         ServerOptions
	}{
		{"headers a byte at a time", "", headers + strings.Repeat("X-Pad: 0\r\n", 60),
			ServerOptions{ReadHeaderTimeout: short, ReadTimeout: long, IdleTimeout: long}},
		{"body a byte at a time", headers + "\r\n", `{"client_user_id":"` + strings.Repeat("x", 580) + `"}`,
			ServerOptions{ReadTimeout: short, IdleTimeout: long}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, Options{}, tt.timeouts)
			conn := dial(t, s)
			if _, err := conn.Write([]byte(tt.fast)); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			go dribble(conn, tt.slow)
			waitForTheServer(t, conn, start)
			if n := len(s.Users()); n != 0 {
				t.Errorf("a cut-off request created %d users", n)
			}
		})
	}
}

// TestIdleConnectionIsClosed: a kept-alive connection that carries no next request is closed
// after IdleTimeout.
func TestIdleConnectionIsClosed(t *testing.T) {
	s := startServer(t, Options{}, ServerOptions{ReadHeaderTimeout: long, ReadTimeout: long, IdleTimeout: short})
	conn := dial(t, s)
	body := `{"client_user_id":"qa-idle"}`
	req := "POST /user/create HTTP/1.1\r\nHost: emulator\r\nContent-Type: application/json\r\n" +
		"PLAID-CLIENT-ID: a\r\nPLAID-SECRET: b\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Close {
		t.Fatalf("answered %d, close %v; want 201 on a kept-alive connection", resp.StatusCode, resp.Close)
	}
	waitForTheServer(t, conn, time.Now())
}

// TestLatencyOutlastingTheReadTimeoutIsAnswered: ReadTimeout bounds sending the request, not
// the emulator's answer: an added latency longer than it still gets its answer. The body is
// padded past net/http's read buffer, so that reading it takes the connection, and fails once
// the deadline has passed.
func TestLatencyOutlastingTheReadTimeoutIsAnswered(t *testing.T) {
	s := startServer(t, Options{Latency: 3 * short}, ServerOptions{ReadTimeout: short})
	c := clientFor(t, s.URL, s.Emulator, &http.Transport{})
	c.post("/user/create", `{"client_user_id":"qa-slow-answer"}`+strings.Repeat(" ", 256<<10)).expect(t, 201, "")
}

func dial(t *testing.T, s *Server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", s.Addr.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// waitForTheServer reads conn until the server closes it (an answer may come first) and fails
// unless that happened within cutOffWithin of start.
func waitForTheServer(t *testing.T, conn net.Conn, start time.Time) {
	t.Helper()
	_ = conn.SetReadDeadline(start.Add(2 * cutOffWithin))
	buf := make([]byte, 4096)
	for {
		if _, err := conn.Read(buf); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the connection is still open after %s", 2*cutOffWithin)
			}
			break
		}
	}
	if took := time.Since(start); took > cutOffWithin {
		t.Errorf("the server closed the connection after %s, want within %s", took, cutOffWithin)
	}
}

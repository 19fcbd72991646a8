package jobs_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// smtpd is a small SMTP server for tests: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT,
// DATA, RSET, NOOP and QUIT, on 127.0.0.1. It keeps what it receives.
type smtpd struct {
	Addr     string
	RootCAs  *x509.CertPool
	User     string
	Password string
	// RejectRcpt, when set, is the reply to every RCPT TO (such as "550 no such user").
	RejectRcpt string
	// Down, when set, makes the server greet with 421 and hang up, as a relay that is
	// shutting down or overloaded does.
	Down atomic.Bool

	ln      net.Listener
	tlsConf *tls.Config
	mu      sync.Mutex
	got     []received
}

// received is one message as the server saw it.
type received struct {
	From, To string
	Data     string
	TLS      bool
	AuthUser string
}

// startSMTPD starts a server; implicitTLS makes it speak TLS from the first byte
// (smtps://), otherwise it offers STARTTLS.
func startSMTPD(t *testing.T, implicitTLS bool) *smtpd {
	t.Helper()
	cert, pool := selfSigned(t)
	s := &smtpd{RootCAs: pool, User: "scrutineer", Password: "p@ss word", tlsConf: &tls.Config{Certificates: []tls.Certificate{cert}}}
	var err error
	if implicitTLS {
		s.ln, err = tls.Listen("tcp", "127.0.0.1:0", s.tlsConf)
	} else {
		s.ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = s.ln.Addr().String()
	var wg sync.WaitGroup
	t.Cleanup(func() { s.ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := s.ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); s.serve(c, implicitTLS) }()
		}
	}()
	return s
}

func (s *smtpd) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpd) serve(c net.Conn, isTLS bool) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	if s.Down.Load() {
		tp.PrintfLine("421 127.0.0.1 service not available, closing channel")
		return
	}
	tp.PrintfLine("220 127.0.0.1 test ESMTP")
	var cur received
	authed := ""
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			lines := []string{"127.0.0.1 hello", "8BITMIME", "PIPELINING"}
			if !isTLS {
				lines = append(lines, "STARTTLS")
			} else {
				lines = append(lines, "AUTH PLAIN")
			}
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				tp.PrintfLine("250%s%s", sep, l)
			}
		case "HELO":
			tp.PrintfLine("250 127.0.0.1")
		case "STARTTLS":
			if isTLS {
				tp.PrintfLine("503 already in TLS")
				continue
			}
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, s.tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, isTLS, tp = tc, true, textproto.NewConn(tc)
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !isTLS || !strings.EqualFold(mech, "PLAIN") {
				tp.PrintfLine("504 unsupported")
				continue
			}
			if initial == "" {
				tp.PrintfLine("334 ")
				if initial, err = tp.ReadLine(); err != nil {
					return
				}
			}
			b, _ := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(b), "\x00")
			if len(parts) != 3 || parts[1] != s.User || parts[2] != s.Password {
				tp.PrintfLine("535 5.7.8 authentication failed")
				continue
			}
			authed = parts[1]
			tp.PrintfLine("235 2.7.0 accepted")
		case "MAIL":
			if s.User != "" && authed == "" {
				tp.PrintfLine("530 5.7.0 authentication required")
				continue
			}
			cur = received{From: addrOf(arg), TLS: isTLS, AuthUser: authed}
			tp.PrintfLine("250 ok")
		case "RCPT":
			if s.RejectRcpt != "" {
				tp.PrintfLine("%s", s.RejectRcpt)
				continue
			}
			cur.To = addrOf(arg)
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go ahead")
			b, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			cur.Data = string(b)
			s.mu.Lock()
			s.got = append(s.got, cur)
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not implemented")
		}
	}
}

// addrOf takes the address out of "FROM:<a@b> SIZE=1" or "TO:<a@b>".
func addrOf(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "scrutineer test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

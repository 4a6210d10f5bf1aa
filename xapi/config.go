package xapi

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/xdg"
)

// Environment variables that configure delivery; they win over the file.
const (
	EnvConfig   = "ALLY_CONFIG"       // the config file to read instead of ally/config
	EnvEndpoint = "ALLY_LRS_ENDPOINT" // the LRS's xAPI base address
	EnvAuth     = "ALLY_LRS_AUTH"     // "user:password", "Basic …" or "Bearer …"
)

// Config says where statements go and who they are about. Without an
// endpoint nothing is ever sent.
type Config struct {
	Endpoint    string        // xAPI base, e.g. https://lrs.example.org/xAPI/; "" = not configured
	Auth        string        // the Authorization header value; "" = none
	HomePage    string        // the actor account's homePage; "" = DefaultHomePage
	AccountName string        // the actor account's name; "" = the learner's opaque id
	SendName    bool          // send the name the learner set as actor.name
	SyncOnQuit  bool          // the TUI syncs when the learner quits
	Batch       int           // statements per request (default 100)
	Timeout     time.Duration // per request (default 30s)

	Source string // where the settings came from, for messages
}

// Configured reports whether an LRS is configured.
func (c Config) Configured() bool { return c.Endpoint != "" }

// ConfigPath is the config file: $ALLY_CONFIG, else ally/config in the
// per-user config folder ($XDG_CONFIG_HOME or ~/.config on Linux,
// ~/Library/Application Support on macOS, %LOCALAPPDATA% on Windows).
func ConfigPath() string {
	if p := os.Getenv(EnvConfig); p != "" {
		return p
	}
	return filepath.Join(xdg.ConfigHome, "ally", "config")
}

// LoadConfig reads the config file (a missing one is fine) and applies the
// environment variables over it.
func LoadConfig() (Config, error) {
	path := ConfigPath()
	cfg := Config{Batch: 100, Timeout: 30 * time.Second}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := cfg.parse(path, string(data)); err != nil {
			return Config{}, err
		}
		cfg.Source = path
	case errors.Is(err, fs.ErrNotExist) && os.Getenv(EnvConfig) == "":
	default:
		return Config{}, fmt.Errorf("reading the Ally config: %w", err)
	}
	if v := os.Getenv(EnvEndpoint); v != "" {
		cfg.Endpoint = v
		cfg.Source = EnvEndpoint
	}
	if v := os.Getenv(EnvAuth); v != "" {
		cfg.Auth = v
	}
	if cfg.Endpoint != "" {
		ep, err := normalizeEndpoint(cfg.Endpoint)
		if err != nil {
			return Config{}, fmt.Errorf("LRS endpoint %q (from %s): %w", cfg.Endpoint, cfg.Source, err)
		}
		cfg.Endpoint = ep
	}
	cfg.Auth = authHeader(cfg.Auth)
	return cfg, nil
}

// parse reads "key = value" lines; # starts a comment line.
func (c *Config) parse(path, text string) error {
	var problems []string
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		l := strings.TrimSpace(raw)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		col := len(raw) - len(strings.TrimLeft(raw, " \t")) + 1
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			problems = append(problems, fmt.Sprintf("%s:%d:%d: expected `key = value`, e.g. `endpoint = https://lrs.example.org/xAPI/`", path, n, col))
			continue
		}
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"`)
		bad := func(msg string) {
			problems = append(problems, fmt.Sprintf("%s:%d:%d: %s", path, n, col, msg))
		}
		flag := func() bool {
			b, err := strconv.ParseBool(v)
			if err != nil {
				bad(fmt.Sprintf("`%s` must be true or false, not %q", k, v))
			}
			return b
		}
		switch k {
		case "endpoint":
			c.Endpoint = v
		case "auth":
			c.Auth = v
		case "homepage":
			if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad(fmt.Sprintf("`homepage` must be an http(s) address, not %q", v))
			}
			c.HomePage = v
		case "account":
			c.AccountName = v
		case "send_name":
			c.SendName = flag()
		case "sync_on_quit":
			c.SyncOnQuit = flag()
		case "batch":
			b, err := strconv.Atoi(v)
			if err != nil || b < 1 || b > 1000 {
				bad(fmt.Sprintf("`batch` must be a whole number from 1 to 1000, not %q", v))
			}
			c.Batch = b
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				bad(fmt.Sprintf("`timeout` must be a duration such as 30s, not %q", v))
			}
			c.Timeout = d
		default:
			bad(fmt.Sprintf("unknown setting %q: the settings are endpoint, auth, homepage, account, send_name, sync_on_quit, batch, timeout", k))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("the Ally config has %d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	return nil
}

// normalizeEndpoint checks an LRS address and makes it end in "/".
func normalizeEndpoint(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", errors.New("it must be an http:// or https:// address such as https://lrs.example.org/xAPI/")
	}
	u.Path = strings.TrimSuffix(u.Path, "/statements")
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// authHeader turns "user:password" into a Basic header; "Basic …" and
// "Bearer …" are used as given.
func authHeader(a string) string {
	a = strings.TrimSpace(a)
	if a == "" || strings.HasPrefix(a, "Basic ") || strings.HasPrefix(a, "Bearer ") {
		return a
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(a))
}

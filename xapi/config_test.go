package xapi

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/adrg/xdg"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func configEnv(t *testing.T, file string) string {
	path := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(path, []byte(file), 0o600))
	t.Setenv(EnvConfig, path)
	t.Setenv(EnvEndpoint, "")
	t.Setenv(EnvAuth, "")
	return path
}

func TestLoadConfig(t *testing.T) {
	path := configEnv(t, `# shipped by the incubator
endpoint = https://lrs.example.org/xAPI
auth = "key:secret"
homepage = https://incubator.example.org
send_name = true
sync_on_quit = true
batch = 20
timeout = 5s
`)
	cfg, err := LoadConfig()
	require.NoError(t, err)
	assert.Equal(t, Config{Endpoint: "https://lrs.example.org/xAPI/", Auth: "Basic a2V5OnNlY3JldA==",
		HomePage: "https://incubator.example.org", SendName: true, SyncOnQuit: true, Batch: 20,
		Timeout: 5 * time.Second, Source: path}, cfg)

	t.Setenv(EnvEndpoint, "http://127.0.0.1:9/other/statements")
	t.Setenv(EnvAuth, "Bearer tok")
	cfg, err = LoadConfig()
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9/other/", cfg.Endpoint, "the environment wins")
	assert.Equal(t, "Bearer tok", cfg.Auth)
}

func TestConfigProblems(t *testing.T) {
	path := configEnv(t, "endpoint = https://x.org/xAPI/\n  batch = lots\nsync_on_quit = maybe\nno equals sign\ncolour = red\n")
	_, err := LoadConfig()
	require.Error(t, err)
	for _, want := range []string{
		path + ":2:3: `batch` must be a whole number",
		path + ":3:1: `sync_on_quit` must be true or false",
		path + ":4:1: expected `key = value`",
		path + `:5:1: unknown setting "colour"`,
	} {
		assert.Contains(t, err.Error(), want)
	}

	configEnv(t, "endpoint = ftp://x.org/\n")
	_, err = LoadConfig()
	require.ErrorContains(t, err, "must be an http:// or https:// address")
}

func TestNoConfigNothingConfigured(t *testing.T) {
	t.Setenv(EnvConfig, "")
	t.Setenv(EnvEndpoint, "")
	t.Setenv(EnvAuth, "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	cfg, err := LoadConfig()
	require.NoError(t, err)
	assert.False(t, cfg.Configured())
}

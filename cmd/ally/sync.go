package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/allyworks/ally/progress"
	"github.com/allyworks/ally/xapi"
	"github.com/spf13/cobra"
)

func newSyncCmd(o *options) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "sync [--dry-run]",
		Short: "Send the learner's xAPI statements to the incubator's LRS",
		Long: `Sync sends the learner's xAPI statements to the learning record store (LRS)
named in the Ally config file (` + "`endpoint`" + ` in ally/config in the per-user config
folder, or the file $ALLY_CONFIG) or in $ALLY_LRS_ENDPOINT, with the credentials
in ` + "`auth`" + ` or $ALLY_LRS_AUTH. Without that configuration nothing is ever sent.

First it adds to the outbox (<progress file>.outbox) every statement the
progress records give that it does not hold yet; then it sends what the LRS
has not accepted yet, in batches, retrying with back-off when the LRS or the
network fails. A 409 (already stored with other content) counts as delivered
and is reported. Statement ids are fixed, so sending twice stores nothing
twice. README.md ("Reporting to an incubator") lists what is sent.

--dry-run prints the statements that would be sent, as a JSON array, and
sends nothing (it works without an LRS configured).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := xapi.LoadConfig()
			if err != nil {
				return err
			}
			_, s, err := o.openProgress()
			if err != nil {
				return err
			}
			ob := xapi.NewOutbox(progress.OutboxPath(s.Path()))
			if dryRun {
				c, _, err := xapi.Queue(s, ob, cfg, nil)
				if err != nil {
					return err
				}
				o.printProblems(c.Problems)
				pending := c.Pending()
				if err := xapi.WriteJSON(o.stdout, pending); err != nil {
					return err
				}
				where := "no LRS is configured"
				if cfg.Configured() {
					where = "would go to " + cfg.Endpoint
				}
				fmt.Fprintf(o.stderr, "ally: %s waiting (%s); nothing was sent\n", plural(len(pending), "statement"), where)
				return nil
			}
			if !cfg.Configured() {
				return fmt.Errorf("no LRS is configured, so nothing was sent: set `endpoint` (and `auth`) in %s, or %s (and %s); 'ally sync --dry-run' shows what would be sent", xapi.ConfigPath(), xapi.EnvEndpoint, xapi.EnvAuth)
			}
			r, err := xapi.Sync(cmd.Context(), s, ob, cfg, xapi.NewClient(cfg))
			o.printProblems(r.Problems)
			o.reportSync(r, cfg)
			if err != nil {
				return fmt.Errorf("sync stopped: %w; %s still waiting, nothing is lost: run 'ally sync' again", err, plural(r.Pending, "statement"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be sent, send nothing")
	return cmd
}

func (o *options) printProblems(problems []string) {
	for _, p := range problems {
		fmt.Fprintf(o.stderr, "ally: outbox: %s\n", p)
	}
}

func (o *options) reportSync(r xapi.SyncResult, cfg xapi.Config) {
	fmt.Fprintf(o.stdout, "Sent %s to %s", plural(r.Sent, "statement"), cfg.Endpoint)
	if r.Pending > 0 {
		fmt.Fprintf(o.stdout, "; %s still waiting", plural(r.Pending, "statement"))
	}
	fmt.Fprintln(o.stdout, ".")
	if len(r.Conflicts) > 0 {
		fmt.Fprintf(o.stdout, "The LRS already holds %s under the same id with other content (409), so it kept its own: %s\n",
			plural(len(r.Conflicts), "statement"), strings.Join(r.Conflicts, ", "))
	}
}

// xapiExport writes the statements of the progress file as a JSON array.
func (o *options) xapiExport() error {
	cfg, err := xapi.LoadConfig()
	if err != nil {
		return err
	}
	_, s, err := o.openProgress()
	if err != nil {
		return err
	}
	st := s.Snapshot()
	if st.Actor == "" && len(xapi.NewBuilder(s.Course(), xapi.Learner{}).FromProgress(st)) == 0 {
		return xapi.WriteJSON(o.stdout, nil) // nothing recorded: nothing to say, nothing written
	}
	if _, err := s.EnsureActor(); o.noticesOnly(err) != nil {
		return err
	}
	st = s.Snapshot()
	b := xapi.NewBuilder(s.Course(), xapi.LearnerFor(cfg, st))
	// The outbox's session statements come first, then the records'.
	var all []json.RawMessage
	seen := map[string]bool{}
	err = s.WithLock(func(*progress.State) error {
		c, err := xapi.NewOutbox(progress.OutboxPath(s.Path())).Read()
		if err != nil {
			return err
		}
		o.printProblems(c.Problems)
		for i, id := range c.IDs {
			seen[id] = true
			all = append(all, c.Statements[i])
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, st := range b.FromProgress(st) {
		if seen[st.ID] {
			continue
		}
		raw, err := json.Marshal(st)
		if err != nil {
			return err
		}
		all = append(all, raw)
	}
	return xapi.WriteJSON(o.stdout, all)
}

package xapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/allyworks/ally/internal/lrstest"
	"github.com/allyworks/ally/progress"
)

// BenchmarkSync10000ToLearningLocker sends 10,000 statements from the
// outbox to Learning Locker's statement service on loopback, in batches of
// 100 (the default), recording each batch in the outbox. Each run queues
// new statements (other session ids) outside the timer.
func BenchmarkSync10000ToLearningLocker(b *testing.B) {
	benchSync(b, lrstest.Start(b))
}

// BenchmarkSync10000ToFake is the same against an httptest LRS that stores
// statements in a map: Ally's own share of the time.
func BenchmarkSync10000ToFake(b *testing.B) {
	f := &fakeLRS{stored: map[string]json.RawMessage{}}
	srv := httptest.NewServer(f)
	b.Cleanup(srv.Close)
	benchSync(b, srv.URL+"/xAPI/")
}

func benchSync(b *testing.B, endpoint string) {
	cfg := Config{Endpoint: endpoint, Auth: "Basic YTpi", Batch: 100, Timeout: time.Minute}
	run := 0
	for b.Loop() {
		b.StopTimer()
		s := sampleStore(b)
		ob := NewOutbox(progress.OutboxPath(s.Path()))
		run++
		err := s.WithLock(func(st *progress.State) error {
			c, err := ob.Read()
			if err != nil {
				return err
			}
			bl := NewBuilder(s.Course(), Learner{Account: fmt.Sprintf("bench-%d", run)})
			ss := make([]Statement, 0, 10000)
			for i := range 2500 {
				id := fmt.Sprintf("%d-%d", run, i)
				t := t0.Add(time.Duration(i) * time.Minute)
				ss = append(ss, bl.Initialized(id, t), bl.Resumed(id, t), bl.Suspended(id, t.Add(time.Minute)),
					bl.Terminated(id, t, t.Add(time.Minute)))
			}
			_, err = ob.Append(c, ss)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		r, err := Sync(context.Background(), s, ob, cfg, NewClient(cfg))
		if err != nil {
			b.Fatal(err)
		}
		if r.Sent != 10011 || r.Pending != 0 { // 10,000 + the 11 of the sample records
			b.Fatalf("sent %d, %d pending", r.Sent, r.Pending)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10011, "ns/statement")
}

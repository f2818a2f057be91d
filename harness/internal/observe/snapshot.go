package observe

import (
	"io/fs"
	"path/filepath"
	"sort"
	"syscall"
	"time"
)

// snapshot maps every path under the roots to what a diff compares.
type snapshot map[string]fileState

type fileState struct {
	dir     bool
	size    int64
	modTime time.Time
	mode    fs.FileMode
}

func takeSnapshot(roots []string) snapshot {
	snap := snapshot{}
	for _, root := range roots {
		root, err := filepath.Abs(root)
		if err != nil {
			continue
		}
		// Unreadable entries are skipped: a snapshot is best effort, and
		// the plugin cannot have written where the harness cannot read.
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			snap[path] = fileState{dir: d.IsDir(), size: info.Size(), modTime: info.ModTime(), mode: info.Mode()}
			return nil
		})
	}
	return snap
}

// diff lists the file events that turn old into now, sorted by path.
func diff(old, now snapshot) []Event {
	var evs []Event
	for path, st := range now {
		was, ok := old[path]
		switch {
		case !ok && st.dir:
			evs = append(evs, Event{Kind: File, Op: "mkdir", Path: path})
		case !ok:
			evs = append(evs, Event{Kind: File, Op: "create", Path: path})
		case was.dir != st.dir:
			evs = append(evs, Event{Kind: File, Op: "create", Path: path})
		case !st.dir && (was.size != st.size || !was.modTime.Equal(st.modTime)):
			evs = append(evs, Event{Kind: File, Op: "write", Path: path})
		case was.mode != st.mode:
			evs = append(evs, Event{Kind: File, Op: "chmod", Path: path})
		}
	}
	for path, st := range old {
		if _, ok := now[path]; ok {
			continue
		}
		op := "remove"
		if st.dir {
			op = "rmdir"
		}
		evs = append(evs, Event{Kind: File, Op: op, Path: path})
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].Path < evs[j].Path })
	return evs
}

func startSnapshot(s *Session) error {
	s.snap = takeSnapshot(s.opts.SnapshotRoots)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	go func() {
		err := s.cmd.Wait()
		if ps := s.cmd.ProcessState; ps != nil {
			if ws, ok := ps.Sys().(syscall.WaitStatus); ok {
				s.status = ws
			}
		} else {
			s.waitErr = err
		}
		// What the process changed after the last checkpoint belongs to the
		// phase it was in when it exited.
		s.diffSnapshot(s.phase())
		close(s.done)
	}()
	return nil
}

// diffSnapshot records what changed under the roots since the last snapshot.
func (s *Session) diffSnapshot(phase Phase) {
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	now := takeSnapshot(s.opts.SnapshotRoots)
	old := s.snap
	s.snap = now
	pid := s.cmd.Process.Pid
	t := time.Now()
	for _, e := range diff(old, now) {
		e.stamp(phase, pid, t)
		s.record(e)
	}
}

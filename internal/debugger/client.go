package debugger

import (
	"context"
	"fmt"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
)

// Client is a minimal client of Delve's JSON-RPC API (api-version 2,
// service/rpc2): what setting breakpoints up front and a scripted session
// need, without importing Delve.
type Client struct{ c *rpc.Client }

// Dial connects to a Delve headless server.
func Dial(ctx context.Context, addr string) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("connect to Delve at %s: %w", addr, err)
	}
	return &Client{c: jsonrpc.NewClient(conn)}, nil
}

// Close closes the connection; with --accept-multiclient the process goes
// on as it was.
func (c *Client) Close() error { return c.c.Close() }

// Function is where a thread stands.
type Function struct {
	Name string `json:"name"`
}

// Breakpoint is a breakpoint as Delve reports it.
type Breakpoint struct {
	ID            int    `json:"id"`
	Name          string `json:"name"`
	File          string `json:"file"`
	Line          int    `json:"line"`
	FunctionName  string `json:"functionName,omitempty"`
	TotalHitCount uint64 `json:"totalHitCount"`
}

// Thread is a thread of the process.
type Thread struct {
	ID          int         `json:"id"`
	File        string      `json:"file"`
	Line        int         `json:"line"`
	Function    *Function   `json:"function,omitempty"`
	GoroutineID int64       `json:"goroutineID"`
	Breakpoint  *Breakpoint `json:"breakPoint,omitempty"`
}

// State is the debugger's state.
type State struct {
	Pid           int
	Running       bool
	CurrentThread *Thread `json:"currentThread,omitempty"`
	Exited        bool    `json:"exited"`
	ExitStatus    int     `json:"exitStatus"`
}

// Variable is an evaluated expression.
type Variable struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

type loadConfig struct {
	FollowPointers     bool
	MaxVariableRecurse int
	MaxStringLen       int
	MaxArrayValues     int
	MaxStructFields    int
}

// State returns the debugger's state; unless nonBlocking it waits until
// the process stops (at a breakpoint, or exited).
func (c *Client) State(nonBlocking bool) (*State, error) {
	var out struct{ State *State }
	if err := c.c.Call("RPCServer.State", struct{ NonBlocking bool }{nonBlocking}, &out); err != nil {
		return nil, fmt.Errorf("delve State: %w", err)
	}
	return out.State, nil
}

// Break sets a breakpoint at a location as Delve's `break` takes it:
// `pkg.(*Type).Method`, `file.go:42`, `/abs/file.go:42`.
func (c *Client) Break(location string) (*Breakpoint, error) {
	in := struct {
		Breakpoint Breakpoint
		LocExpr    string
	}{LocExpr: location}
	var out struct{ Breakpoint Breakpoint }
	if err := c.c.Call("RPCServer.CreateBreakpoint", in, &out); err != nil {
		return nil, fmt.Errorf("delve break %s: %w", location, err)
	}
	return &out.Breakpoint, nil
}

// Continue resumes the process and returns when it stops again.
func (c *Client) Continue() (*State, error) {
	var out struct{ State State }
	if err := c.c.Call("RPCServer.Command", struct {
		Name string `json:"name"`
	}{"continue"}, &out); err != nil {
		return nil, fmt.Errorf("delve continue: %w", err)
	}
	return &out.State, nil
}

// ContinueAsync resumes the process without waiting for it to stop: what
// a client that only sets breakpoints up front does before it leaves.
func (c *Client) ContinueAsync() {
	var out struct{ State State }
	c.c.Go("RPCServer.Command", struct {
		Name string `json:"name"`
	}{"continue"}, &out, make(chan *rpc.Call, 1))
}

// Eval evaluates expr in the frame of the current goroutine.
func (c *Client) Eval(expr string) (*Variable, error) {
	in := struct {
		Scope struct{ GoroutineID int64 }
		Expr  string
		Cfg   *loadConfig
	}{Expr: expr, Cfg: &loadConfig{FollowPointers: true, MaxVariableRecurse: 1, MaxStringLen: 256, MaxArrayValues: 64, MaxStructFields: -1}}
	in.Scope.GoroutineID = -1
	var out struct{ Variable *Variable }
	if err := c.c.Call("RPCServer.Eval", in, &out); err != nil {
		return nil, fmt.Errorf("delve eval %s: %w", expr, err)
	}
	return out.Variable, nil
}

// Detach ends the debug session; with kill the process too, and Delve
// exits.
func (c *Client) Detach(kill bool) error {
	var out struct{}
	if err := c.c.Call("RPCServer.Detach", struct{ Kill bool }{kill}, &out); err != nil {
		return fmt.Errorf("delve detach: %w", err)
	}
	return nil
}

// Preset connects to Delve at addr, sets every breakpoint and continues
// the process, without waiting for it to stop: the process runs at once
// (within Packer's start timeout) and stops at the first breakpoint it
// reaches, where an IDE that attaches later finds it.
func Preset(ctx context.Context, addr string, breakpoints []string) ([]*Breakpoint, error) {
	c, err := Dial(ctx, addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var set []*Breakpoint
	for _, loc := range breakpoints {
		bp, err := c.Break(loc)
		if err != nil {
			return set, err
		}
		set = append(set, bp)
	}
	// Continue is answered only when the process stops again; the call in
	// flight when the connection closes is dropped by Delve, which goes on.
	c.ContinueAsync()
	// A State call queued behind it would wait for the stop: ask for the
	// running state without waiting, so the continue has been received
	// when this returns.
	if _, err := c.State(true); err != nil {
		return set, err
	}
	return set, nil
}

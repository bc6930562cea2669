// Command psflow drives a deploy-request flow through PlanetScale's own Go client
// (github.com/planetscale/planetscale-go v0.178.0) against `bin/cutover serve`, and checks
// every answer. It exits 1 at the first mismatch, printing what was expected and what came back.
//
// Settings (environment): CUTOVER_API_URL (the server's base URL), CUTOVER_TOKEN_ID and
// CUTOVER_TOKEN (a service token the server accepts), CUTOVER_ORG and CUTOVER_DB (default
// acme/shop), CUTOVER_WAIT (how long to wait for a state, default 2m), CUTOVER_SCOPED_TOKEN
// (optional, ID:SECRET of a token limited to another organization: the database must not exist for it).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/planetscale/planetscale-go/planetscale"
)

type flow struct {
	ctx     context.Context
	client  *planetscale.Client
	baseURL string
	auth    string
	org, db string
	wait    time.Duration
	steps   int
}

func main() {
	f := &flow{
		ctx:     context.Background(),
		baseURL: strings.TrimSuffix(env("CUTOVER_API_URL", "http://127.0.0.1:8080"), "/") + "/",
		org:     env("CUTOVER_ORG", "acme"),
		db:      env("CUTOVER_DB", "shop"),
	}
	id, token := env("CUTOVER_TOKEN_ID", "ci"), env("CUTOVER_TOKEN", "")
	f.auth = id + ":" + token
	wait, err := time.ParseDuration(env("CUTOVER_WAIT", "2m"))
	if err != nil {
		fail("CUTOVER_WAIT: %v", err)
	}
	f.wait = wait
	f.client, err = planetscale.NewClient(planetscale.WithBaseURL(f.baseURL), planetscale.WithServiceToken(id, token))
	if err != nil {
		fail("planetscale.NewClient: %v", err)
	}
	if path := os.Getenv("CUTOVER_COMPARE"); path != "" {
		f.compare(path)
		fmt.Printf("psflow: after the restart, all %d checks passed against %s\n", f.steps, f.baseURL)
		return
	}
	f.run(id)
	if path := os.Getenv("CUTOVER_SNAPSHOT"); path != "" {
		f.snapshot(path)
	}
	fmt.Printf("psflow: all %d checks passed against %s\n", f.steps, f.baseURL)
}

// listed is what a restart must keep of a deploy request, as the client reads it: the API's
// catalog (number, branches, notes, actors) and the request's open or closed state.
type listed struct {
	Number     uint64    `json:"number"`
	Branch     string    `json:"branch"`
	IntoBranch string    `json:"into_branch"`
	Notes      string    `json:"notes"`
	Actor      string    `json:"actor"`
	ClosedBy   string    `json:"closed_by"`
	State      string    `json:"state"`
	Approved   bool      `json:"approved"`
	CreatedAt  time.Time `json:"created_at"`
}

func (f *flow) listed() []listed {
	drs, err := f.client.DeployRequests.List(f.ctx, &planetscale.ListDeployRequestsRequest{
		Organization: f.org, Database: f.db})
	f.must(err, "list deploy requests")
	var out []listed
	for _, dr := range drs {
		l := listed{Number: dr.Number, Branch: dr.Branch, IntoBranch: dr.IntoBranch, Notes: dr.Notes,
			Actor: dr.Actor.ID, State: dr.State, Approved: dr.Approved, CreatedAt: dr.CreatedAt.UTC()}
		if dr.ClosedBy != nil {
			l.ClosedBy = dr.ClosedBy.ID
		}
		out = append(out, l)
	}
	return out
}

// snapshot writes what the client lists, for compare to check after the server restarts.
func (f *flow) snapshot(path string) {
	data, err := json.Marshal(f.listed())
	f.must(err, "encode the snapshot")
	f.must(os.WriteFile(path, data, 0o600), "write the snapshot")
}

// compare checks that the server lists the requests of the snapshot as they were, that a list
// filtered by branch still finds them, and that a new request is numbered after the highest.
func (f *flow) compare(path string) {
	data, err := os.ReadFile(path)
	f.must(err, "read the snapshot")
	var want []listed
	f.must(json.Unmarshal(data, &want), "decode the snapshot")
	f.checkTrue("the snapshot lists requests", len(want) > 0)
	got := f.listed()
	f.check("requests after the restart", len(want), len(got))
	var highest uint64
	for i := range want {
		if i >= len(got) {
			break
		}
		f.check(fmt.Sprintf("request %d after the restart", want[i].Number), want[i], got[i])
		if want[i].Number > highest {
			highest = want[i].Number
		}
	}
	byBranch, err := f.client.DeployRequests.List(f.ctx, &planetscale.ListDeployRequestsRequest{
		Organization: f.org, Database: f.db, Branch: want[0].Branch})
	f.must(err, "list by branch after the restart")
	found := false
	for _, dr := range byBranch {
		found = found || dr.Number == want[0].Number
	}
	f.checkTrue("the list by branch finds the first request after the restart", found)
	dr, err := f.client.DeployRequests.Create(f.ctx, &planetscale.CreateDeployRequestRequest{
		Organization: f.org, Database: f.db, Branch: want[0].Branch, Notes: "after the restart"})
	f.must(err, "create after the restart")
	f.check("number after the restart", highest+1, dr.Number)
}

func (f *flow) run(tokenID string) {
	suffix := fmt.Sprintf("%d", time.Now().Unix()%1000000)
	branch := "add-email-" + suffix
	second := "add-name-index-" + suffix

	// A branch, with two changes set through the server's admin endpoint.
	b, err := f.client.DatabaseBranches.Create(f.ctx, &planetscale.CreateDatabaseBranchRequest{
		Organization: f.org, Database: f.db, Name: branch, ParentBranch: "main"})
	f.must(err, "create branch")
	f.check("branch name", branch, b.Name)
	f.check("branch parent", "main", b.ParentBranch)
	f.admin(branch, []change{
		{"commerce", "ALTER TABLE customer ADD COLUMN email_" + suffix + " VARCHAR(255)"},
		{"commerce", "ALTER TABLE corder ADD INDEX idx_sku_" + suffix + " (sku)"},
	})

	// Create: auto_cutover omitted (as pscale --disable-auto-apply sends it) means a gated deploy.
	dr, err := f.client.DeployRequests.Create(f.ctx, &planetscale.CreateDeployRequestRequest{
		Organization: f.org, Database: f.db, Branch: branch, Notes: "two changes, gated"})
	f.must(err, "create deploy request")
	n := dr.Number
	f.check("created state", "open", dr.State)
	f.check("created deployment_state", "pending", dr.DeploymentState)
	f.check("created branch", branch, dr.Branch)
	f.check("created into_branch", "main", dr.IntoBranch)
	f.check("created notes", "two changes, gated", dr.Notes)
	f.check("created actor", tokenID, dr.Actor.ID)
	f.checkTrue("created deployment present", dr.Deployment != nil)
	f.checkTrue("created_at set", !dr.CreatedAt.IsZero())

	dr = f.waitFor(n, "ready")
	f.checkTrue("ready deployment deployable", dr.Deployment.Deployable)

	diffs, err := f.client.DeployRequests.Diff(f.ctx, &planetscale.DiffRequest{Organization: f.org, Database: f.db, Number: n})
	f.must(err, "diff")
	f.check("diff entries", 2, len(diffs))
	f.check("diff[0] table", "customer", diffs[0].Name)
	f.check("diff[1] table", "corder", diffs[1].Name)

	// Deploy, then wait as `pscale deploy-request deploy --wait` does: deployment.state.
	dr, err = f.client.DeployRequests.Deploy(f.ctx, &planetscale.PerformDeployRequest{
		Organization: f.org, Database: f.db, Number: n, InstantDDL: false})
	f.must(err, "deploy")
	f.check("deployed deployment_state", "queued", dr.DeploymentState)
	f.checkTrue("queued_at set", dr.Deployment.QueuedAt != nil)

	queue := f.queue()
	f.checkTrue("deploy queue holds the request", len(queue) >= 1 && queue[0].DeployRequestNumber == n)

	dr = f.waitFor(n, "pending_cutover")
	f.checkTrue("started_at set", dr.Deployment.StartedAt != nil)
	ops, err := f.client.DeployRequests.GetDeployOperations(f.ctx, &planetscale.GetDeployOperationsRequest{
		Organization: f.org, Database: f.db, Number: n})
	f.must(err, "operations")
	f.check("operations", 2, len(ops))
	f.check("operation[0] table", "customer", ops[0].Table)
	f.check("operation[1] table", "corder", ops[1].Table)
	f.check("operation[0] keyspace", "commerce", ops[0].Keyspace)
	f.check("operation[0] name", "ALTER", ops[0].Operation)
	for i, op := range ops {
		f.check(fmt.Sprintf("operation[%d] state", i), "pending_cutover", op.State)
	}

	// Endpoints newer clients call: the deployment, the throttler (PlanetScale's 0-95 scale).
	var deployment planetscale.Deployment
	f.raw(http.MethodGet, f.drPath(n, "deployment"), nil, &deployment)
	f.check("deployment endpoint state", "pending_cutover", deployment.State)
	var throttler struct {
		Ratio          int `json:"ratio"`
		Configurations []struct {
			Keyspace string `json:"keyspace_name"`
			Ratio    int    `json:"ratio"`
		} `json:"configurations"`
	}
	f.raw(http.MethodPatch, f.drPath(n, "throttler"), []byte(`{"ratio": 30}`), &throttler)
	f.check("throttler ratio", 30, throttler.Ratio)
	f.check("throttler commerce ratio", "commerce=30", fmt.Sprintf("%s=%d", throttler.Configurations[0].Keyspace,
		throttler.Configurations[0].Ratio))

	// An unknown number is a 404 the client maps to ErrNotFound.
	_, err = f.client.DeployRequests.ApplyDeploy(f.ctx, &planetscale.ApplyDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: n + 1000})
	f.checkErr("apply of an unknown number", err, planetscale.ErrNotFound, "does not exist")

	dr, err = f.client.DeployRequests.ApplyDeploy(f.ctx, &planetscale.ApplyDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: n})
	f.must(err, "apply")
	f.check("applied cutover actor", tokenID, actorID(dr.Deployment.CutoverActor))

	dr = f.waitFor(n, "complete_pending_revert")
	f.checkTrue("deployed_at set", dr.DeployedAt != nil)
	ops, err = f.client.DeployRequests.GetDeployOperations(f.ctx, &planetscale.GetDeployOperationsRequest{
		Organization: f.org, Database: f.db, Number: n})
	f.must(err, "operations after cutover")
	for i, op := range ops {
		f.check(fmt.Sprintf("operation[%d] progress after cutover", i), uint64(100), op.ProgressPercentage)
	}

	// Revert in the window.
	dr, err = f.client.DeployRequests.RevertDeploy(f.ctx, &planetscale.RevertDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: n})
	f.must(err, "revert")
	f.check("reverting", "in_progress_revert", dr.DeploymentState)
	dr = f.waitFor(n, "complete_revert")
	f.checkTrue("finished_at set", dr.Deployment.FinishedAt != nil)

	// Close it.
	dr, err = f.client.DeployRequests.CloseDeploy(f.ctx, &planetscale.CloseDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: n})
	f.must(err, "close")
	f.check("closed state", "closed", dr.State)
	f.check("closed deployment_state unchanged", "complete_revert", dr.DeploymentState)
	f.checkTrue("closed_at set", dr.ClosedAt != nil)
	f.check("closed_by", tokenID, actorID(dr.ClosedBy))

	// A second request, auto-applied and approved by a review; its revert is skipped.
	f.admin(second, []change{{"commerce", "ALTER TABLE customer ADD INDEX idx_name_" + suffix + " (name)"}})
	dr, err = f.client.DeployRequests.Create(f.ctx, &planetscale.CreateDeployRequestRequest{
		Organization: f.org, Database: f.db, Branch: second, AutoCutover: true})
	f.must(err, "create second")
	m := dr.Number
	f.check("second number follows", n+1, m)
	f.waitFor(m, "ready")
	review, err := f.client.DeployRequests.CreateReview(f.ctx, &planetscale.ReviewDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: m, ReviewAction: planetscale.ReviewApprove})
	f.must(err, "approve")
	f.check("review state", "approved", review.State)
	dr = f.get(m)
	f.checkTrue("approved", dr.Approved)
	var reviews struct {
		Data []planetscale.DeployRequestReview `json:"data"`
	}
	f.raw(http.MethodGet, f.drPath(m, "reviews"), nil, &reviews)
	f.check("reviews listed", 1, len(reviews.Data))
	_, err = f.client.DeployRequests.Deploy(f.ctx, &planetscale.PerformDeployRequest{Organization: f.org, Database: f.db, Number: m})
	f.must(err, "deploy second")
	f.waitFor(m, "complete_pending_revert")
	dr, err = f.client.DeployRequests.SkipRevertDeploy(f.ctx, &planetscale.SkipRevertDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: m})
	f.must(err, "skip revert")
	f.check("skipped", "complete", dr.DeploymentState)

	// A rejected action: the core's reason comes back as the message.
	_, err = f.client.DeployRequests.ApplyDeploy(f.ctx, &planetscale.ApplyDeployRequestRequest{
		Organization: f.org, Database: f.db, Number: m})
	f.checkErr("apply of a complete request", err, "", "apply is not allowed in state complete")

	// List with filters (newest first).
	f.checkList("list branch="+branch, &planetscale.ListDeployRequestsRequest{Branch: branch}, n)
	f.checkList("list branch="+second+"&state=open", &planetscale.ListDeployRequestsRequest{Branch: second, State: "open"}, m)
	f.checkList("list branch="+branch+"&state=open", &planetscale.ListDeployRequestsRequest{Branch: branch, State: "open"})
	f.checkList("list branch="+branch+"&state=closed", &planetscale.ListDeployRequestsRequest{Branch: branch, State: "closed"}, n)
	f.checkList("list branch="+second+"&into_branch=main", &planetscale.ListDeployRequestsRequest{Branch: second, IntoBranch: "main"}, m)
	f.checkList("list into_branch=elsewhere", &planetscale.ListDeployRequestsRequest{IntoBranch: "elsewhere"})

	// The queue is empty again.
	f.check("deploy queue at the end", 0, len(f.queue()))

	// Errors: an unknown number, and a wrong token.
	_, err = f.client.DeployRequests.Get(f.ctx, &planetscale.GetDeployRequestRequest{Organization: f.org, Database: f.db, Number: 999999})
	f.checkErr("get of an unknown number", err, planetscale.ErrNotFound, "does not exist")
	bad, err := planetscale.NewClient(planetscale.WithBaseURL(f.baseURL), planetscale.WithServiceToken(tokenID, "wrong"))
	f.must(err, "client with a wrong token")
	_, err = bad.DeployRequests.List(f.ctx, &planetscale.ListDeployRequestsRequest{Organization: f.org, Database: f.db})
	f.checkErr("a wrong token", err, planetscale.ErrPermission, "")
	if scoped := os.Getenv("CUTOVER_SCOPED_TOKEN"); scoped != "" {
		// A token limited to another organization: as on PlanetScale, the database does not exist for it.
		id, secret, _ := strings.Cut(scoped, ":")
		other, err := planetscale.NewClient(planetscale.WithBaseURL(f.baseURL), planetscale.WithServiceToken(id, secret))
		f.must(err, "client with a token of another organization")
		_, err = other.DeployRequests.List(f.ctx, &planetscale.ListDeployRequestsRequest{Organization: f.org, Database: f.db})
		f.checkErr("a token of another organization", err, planetscale.ErrNotFound, "does not reach it")
	}
}

type change struct {
	Keyspace string `json:"keyspace"`
	SQL      string `json:"sql"`
}

// admin sets a branch's changes through the server's admin endpoint (PlanetScale computes them).
func (f *flow) admin(branch string, changes []change) {
	body, _ := json.Marshal(map[string]any{"changes": changes})
	path := fmt.Sprintf("admin/v1/organizations/%s/databases/%s/branches/%s/schema-changes", f.org, f.db, branch)
	var answer struct {
		Branch  string   `json:"branch"`
		Changes []change `json:"changes"`
	}
	f.raw(http.MethodPost, path, body, &answer)
	f.check("schema-changes of "+branch, len(changes), len(answer.Changes))
}

// queue reads the deploy queue (not in planetscale-go v0.178.0), with the same token.
func (f *flow) queue() []planetscale.QueuedDeployment {
	var answer struct {
		Data []planetscale.QueuedDeployment `json:"data"`
	}
	f.raw(http.MethodGet, fmt.Sprintf("v1/organizations/%s/databases/%s/deploy-queue", f.org, f.db), nil, &answer)
	return answer.Data
}

func (f *flow) drPath(n uint64, action string) string {
	return fmt.Sprintf("v1/organizations/%s/databases/%s/deploy-requests/%d/%s", f.org, f.db, n, action)
}

func (f *flow) raw(method, path string, body []byte, into any) {
	req, err := http.NewRequestWithContext(f.ctx, method, f.baseURL+path, bytes.NewReader(body))
	f.must(err, method+" "+path)
	req.Header.Set("Authorization", f.auth)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	f.must(err, method+" "+path)
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		fail("%s %s: status %d: %s", method, path, res.StatusCode, out)
	}
	f.must(json.Unmarshal(out, into), method+" "+path+": decoding "+string(out))
	f.steps++
}

func (f *flow) get(n uint64) *planetscale.DeployRequest {
	dr, err := f.client.DeployRequests.Get(f.ctx, &planetscale.GetDeployRequestRequest{Organization: f.org, Database: f.db, Number: n})
	f.must(err, fmt.Sprintf("get %d", n))
	return dr
}

// waitFor polls the request every 200 ms until deployment.state is want; any terminal state
// other than want is a mismatch at once.
func (f *flow) waitFor(n uint64, want string) *planetscale.DeployRequest {
	deadline := time.Now().Add(f.wait)
	terminal := map[string]bool{"no_changes": true, "error": true, "complete": true, "complete_error": true,
		"complete_cancel": true, "complete_revert": true, "complete_revert_error": true}
	for {
		dr := f.get(n)
		if dr.Deployment == nil {
			fail("request %d: deployment is null", n)
		}
		if dr.Deployment.State == want && dr.DeploymentState == want {
			f.steps++
			fmt.Printf("ok   request %d reached %s\n", n, want)
			return dr
		}
		if terminal[dr.DeploymentState] || time.Now().After(deadline) {
			fail("request %d: waited for %s, it is %s (deployment.state %s)", n, want, dr.DeploymentState, dr.Deployment.State)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (f *flow) checkList(what string, req *planetscale.ListDeployRequestsRequest, want ...uint64) {
	req.Organization, req.Database = f.org, f.db
	list, err := f.client.DeployRequests.List(f.ctx, req)
	f.must(err, what)
	got := []uint64{}
	for _, dr := range list {
		got = append(got, dr.Number)
	}
	if want == nil {
		want = []uint64{}
	}
	f.check(what, fmt.Sprint(want), fmt.Sprint(got))
}

func (f *flow) checkErr(what string, err error, code planetscale.ErrorCode, contains string) {
	var perr *planetscale.Error
	if err == nil || !errors.As(err, &perr) {
		fail("%s: expected a PlanetScale error, got %v", what, err)
	}
	if perr.Code != code || !strings.Contains(perr.Error(), contains) {
		fail("%s: expected code %q and a message containing %q, got code %q message %q", what, code, contains, perr.Code, perr.Error())
	}
	f.steps++
	fmt.Printf("ok   %s: %s\n", what, perr.Error())
}

func (f *flow) check(what string, want, got any) {
	if fmt.Sprint(want) != fmt.Sprint(got) {
		fail("%s: expected %v, got %v", what, want, got)
	}
	f.steps++
	fmt.Printf("ok   %s = %v\n", what, got)
}

func (f *flow) checkTrue(what string, ok bool) {
	if !ok {
		fail("%s: does not hold", what)
	}
	f.steps++
	fmt.Printf("ok   %s\n", what)
}

func (f *flow) must(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}

func actorID(a *planetscale.Actor) string {
	if a == nil {
		return "<null>"
	}
	return a.ID
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "psflow: MISMATCH: "+format+"\n", args...)
	os.Exit(1)
}

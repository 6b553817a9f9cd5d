package main

// DocumentStatusService through the gateway: the client (admin) configures its workflow and
// syncs a document its supplier issued; the supplier's company (supplier) reads it as ISSUED
// and may not decide on it; another company (foreign) cannot see it.

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func documentBody(issuer, receiver map[string]interface{}) map[string]interface{} {
	return map[string]interface{}{
		"country": "COUNTRY_CO", "type": "DOCUMENT_TYPE_INVOICE", "series": "FE", "number": "77",
		"issuer_tax_id": issuer, "issuer_name": "Papelería Peña Ltda",
		"receiver_tax_id": receiver, "receiver_name": "Acme S.A.S.",
		"issue_date": "2026-11-02", "currency_code": "COP",
		"net_amount": "100.00", "tax_amount": "19.00", "total_amount": "119.00",
	}
}

func testDocumentREST(t *testing.T, c *client, admin, supplier, foreign string) {
	c.t = t
	r := c.call("GET", "/v1/documents?filter.direction=DOCUMENT_DIRECTION_RECEIVED", admin, nil)
	failIfNotServed(t, r, "ListDocuments")
	c.want(r, 200, "list received")

	issuer := map[string]interface{}{"country": "COUNTRY_CO", "value": "900123456"}
	receiver := map[string]interface{}{"country": "COUNTRY_CO", "value": "890321567"}
	var documentID string
	t.Run("documents: workflow, sync, list, get", func(t *testing.T) {
		c.t = t
		c.want(c.call("PATCH", "/v1/workflow?update_mask=allowed_transitions", admin, map[string]interface{}{
			"allowed_transitions": []interface{}{
				map[string]interface{}{"from_status": "DOCUMENT_STATUS_SENT", "to_status": "DOCUMENT_STATUS_REJECTED"},
			},
		}), 200, "update workflow")
		r := c.want(c.stream("/v1/documents:sync", admin, map[string]interface{}{"document": documentBody(issuer, receiver)}),
			200, "sync")
		documentID = str(r.json, "results", 0, "document_id")
		if documentID == "" || str(r.json, "results", 0, "outcome") != "SYNC_DOCUMENT_OUTCOME_CREATED" {
			t.Fatalf("sync: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/documents?filter.direction=DOCUMENT_DIRECTION_RECEIVED&filter.number=77", admin, nil),
			200, "list received by number")
		if str(r.json, "documents", 0, "document_id") != documentID ||
			str(r.json, "documents", 0, "color") != "TRAFFIC_LIGHT_COLOR_YELLOW" {
			t.Fatalf("list received: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/documents/"+documentID, supplier, nil), 200, "issuer gets it")
		if str(r.json, "document", "status") != "DOCUMENT_STATUS_SENT" {
			t.Fatalf("get as issuer: %s", r.body)
		}
	})

	t.Run("documents: a missing direction and a rejection without reason are field violations", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("GET", "/v1/documents", admin, nil), 400, "no direction")
		wantCode(t, r, 3, "no direction")
		if !hasViolationUnder(violationFields(r), "filter.direction") {
			t.Fatalf("no violation for filter.direction: %s", r.body)
		}
		r = c.want(c.call("POST", "/v1/documents/"+documentID+":changeStatus", admin,
			map[string]interface{}{"status": "DOCUMENT_STATUS_REJECTED"}), 400, "reject without reason")
		wantCode(t, r, 3, "reject without reason")
		if !hasViolationUnder(violationFields(r), "reason") {
			t.Fatalf("no violation for reason: %s", r.body)
		}
	})

	t.Run("documents: reject with a reason, the history shows it", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("POST", "/v1/documents/"+documentID+":changeStatus", admin, map[string]interface{}{
			"status": "DOCUMENT_STATUS_REJECTED",
			"reason": map[string]interface{}{"code": "STATUS_REASON_CODE_GOODS_NOT_DELIVERED", "text": "no llegó"},
		}), 200, "reject")
		if str(r.json, "document", "color") != "TRAFFIC_LIGHT_COLOR_RED" {
			t.Fatalf("reject: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/documents/"+documentID+"/statusHistory", supplier, nil), 200, "history (issuer)")
		changes, _ := r.json["status_changes"].([]interface{})
		last := len(changes) - 1
		if last < 1 || str(changes[last], "to_status") != "DOCUMENT_STATUS_REJECTED" ||
			str(changes[last], "reason", "text") != "no llegó" {
			t.Fatalf("history: %s", r.body)
		}
	})

	t.Run("documents: the CSV report streams as newline-delimited JSON", func(t *testing.T) {
		req, err := http.NewRequest("GET",
			c.base+"/v1/documents:exportReport?filter.direction=DOCUMENT_DIRECTION_RECEIVED", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("report: HTTP %d", resp.StatusCode)
		}
		var csv []byte
		lines := bufio.NewScanner(resp.Body)
		lines.Buffer(make([]byte, 1<<20), 1<<22)
		for lines.Scan() {
			var message struct {
				Result struct {
					Chunk []byte `json:"chunk"` // bytes arrive base64-encoded
				} `json:"result"`
			}
			if err := json.Unmarshal(lines.Bytes(), &message); err != nil {
				t.Fatalf("report line is not one JSON object: %v\n%s", err, lines.Bytes())
			}
			csv = append(csv, message.Result.Chunk...)
		}
		rows := strings.Split(strings.TrimSpace(string(csv)), "\n")
		if len(rows) < 2 || !strings.Contains(string(csv), "77") {
			t.Fatalf("report: want a header and the synced document, got %q", csv)
		}
	})

	t.Run("documents: 401, 403 for the issuer deciding, 404 for another company", func(t *testing.T) {
		c.t = t
		wantCode(t, c.want(c.call("GET", "/v1/documents?filter.direction=DOCUMENT_DIRECTION_RECEIVED", "", nil),
			401, "no token"), 16, "no token")
		wantCode(t, c.want(c.call("POST", "/v1/documents/"+documentID+":changeStatus", supplier,
			map[string]interface{}{"status": "DOCUMENT_STATUS_ACCEPTED"}), 403, "issuer decides"), 7, "issuer decides")
		wantCode(t, c.want(c.call("GET", "/v1/documents/"+documentID, foreign, nil), 404, "foreign document"),
			5, "foreign document")
	})
}

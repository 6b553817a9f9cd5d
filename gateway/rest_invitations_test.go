package main

// InvitationService through the gateway, called from TestRESTThroughGateway with the tokens of
// an administrator, a member of the same company and another company's administrator.

import (
	"strings"
	"testing"
)

// failIfNotServed fails the test when the server does not serve the RPC (every one is served).
func failIfNotServed(t *testing.T, r reply, what string) {
	t.Helper()
	if r.status == 501 {
		t.Fatalf("%s: not served (501)", what)
	}
}

// hasViolationUnder reports whether a violation's field is `prefix` or lies under it
// ("emails" matches "emails" and "emails[1]").
func hasViolationUnder(fields map[string]string, prefix string) bool {
	for f, d := range fields {
		if d != "" && (f == prefix || strings.HasPrefix(f, prefix+".") || strings.HasPrefix(f, prefix+"[")) {
			return true
		}
	}
	return false
}

func testInvitationREST(t *testing.T, c *client, admin, member, foreign string) {
	c.t = t
	r := c.call("GET", "/v1/invitations", admin, nil)
	failIfNotServed(t, r, "ListInvitations")
	c.want(r, 200, "list invitations")

	r = c.want(c.call("POST", "/v1/suppliers", admin, supplierBody("800197268", "Tornillos del Valle S.A.", "ventas@tornillos.co")),
		200, "add supplier to invite")
	supplierID := str(r.json, "supplier", "supplier_id")
	r = c.want(c.call("POST", "/v1/suppliers", admin, supplierBody("860002964", "Lácteos Andinos S.A.", "pedidos@lacteos.co")),
		200, "add second supplier")
	secondID := str(r.json, "supplier", "supplier_id")

	var invitation map[string]interface{}
	t.Run("invitations: invite one supplier to several emails", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("POST", "/v1/suppliers/"+supplierID+":invite", admin,
			map[string]interface{}{"emails": []string{"ventas@tornillos.co", "compras@tornillos.co"}}), 200, "invite")
		invitation, _ = r.json["invitation"].(map[string]interface{})
		emails, _ := invitation["emails"].([]interface{})
		if str(invitation, "status") != "INVITATION_STATUS_PENDING" || len(emails) != 2 || str(invitation, "invitation_id") == "" {
			t.Fatalf("invite: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/invitations/"+str(invitation, "invitation_id"), member, nil), 200, "get invitation (member)")
		if str(r.json, "invitation", "supplier_id") != supplierID || str(r.json, "invitation", "delivery_status") == "" {
			t.Fatalf("get invitation: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/suppliers/"+supplierID, admin, nil), 200, "invited supplier")
		if str(r.json, "supplier", "registration_status") != "REGISTRATION_STATUS_INVITED" {
			t.Fatalf("supplier after invite: %s", r.body)
		}
	})

	t.Run("invitations: bad emails are field violations", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("POST", "/v1/suppliers/"+secondID+":invite", admin,
			map[string]interface{}{"emails": []string{"not-an-email"}}), 400, "bad email")
		wantCode(t, r, 3, "bad email")
		if !hasViolationUnder(violationFields(r), "emails") {
			t.Fatalf("no field violation under emails: %s", r.body)
		}
	})

	t.Run("invitations: invite many, a result per supplier", func(t *testing.T) {
		c.t = t
		unknown := "00000000-0000-4000-8000-000000000000"
		r := c.want(c.call("POST", "/v1/suppliers:batchInvite", admin,
			map[string]interface{}{"supplier_ids": []string{secondID, unknown}}), 200, "batch invite")
		results, _ := r.json["results"].([]interface{})
		if len(results) != 2 || str(results[0], "invitation", "status") != "INVITATION_STATUS_PENDING" {
			t.Fatalf("batch invite: %s", r.body)
		}
		if code, _ := get(results[1], "status", "code").(float64); code != 5 {
			t.Fatalf("batch invite of an unknown supplier: want NOT_FOUND, got %s", r.body)
		}
	})

	t.Run("invitations: list, then revoke", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("GET", "/v1/invitations?status=INVITATION_STATUS_PENDING&supplier_id="+supplierID, admin, nil),
			200, "list by supplier")
		if list, _ := r.json["invitations"].([]interface{}); len(list) != 1 {
			t.Fatalf("list by supplier and status: %s", r.body)
		}
		r = c.want(c.call("POST", "/v1/invitations/"+str(invitation, "invitation_id")+":revoke", admin,
			map[string]interface{}{}), 200, "revoke")
		if str(r.json, "invitation", "status") != "INVITATION_STATUS_REVOKED" {
			t.Fatalf("revoke: %s", r.body)
		}
	})

	t.Run("invitations: 401, 403 for a member, 404 for another company", func(t *testing.T) {
		c.t = t
		wantCode(t, c.want(c.call("GET", "/v1/invitations", "", nil), 401, "no token"), 16, "no token")
		wantCode(t, c.want(c.call("POST", "/v1/suppliers/"+supplierID+":invite", member,
			map[string]interface{}{}), 403, "member invites"), 7, "member invites")
		wantCode(t, c.want(c.call("GET", "/v1/invitations/"+str(invitation, "invitation_id"), foreign, nil),
			404, "foreign invitation"), 5, "foreign invitation")
		wantCode(t, c.want(c.call("POST", "/v1/suppliers/"+supplierID+":invite", foreign,
			map[string]interface{}{}), 404, "foreign supplier"), 5, "foreign supplier")
	})

	t.Run("invitations: activation without its fields is a field violation each", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("POST", "/v1/invitations:activate", foreign, map[string]interface{}{}), 400, "empty activation")
		wantCode(t, r, 3, "empty activation")
		fields := violationFields(r)
		for _, f := range []string{"supplier_tax_id", "client_tax_id", "code"} {
			if !hasViolationUnder(fields, f) {
				t.Errorf("no field violation under %s: %s", f, r.body)
			}
		}
	})
}

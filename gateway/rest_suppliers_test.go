package main

// SupplierNetworkService through the gateway: called from TestRESTThroughGateway with the
// tokens of an administrator (ana), a member (bob) of the same company, and the administrator
// of another company (pedro).

import (
	"net/url"
	"testing"
)

func supplierBody(taxID, name, email string) map[string]interface{} {
	return map[string]interface{}{
		"tax_id": map[string]interface{}{"country": "COUNTRY_CO", "value": taxID},
		"name":   name,
		"email":  email,
		"groups": []string{"papel"},
	}
}

// violationFields returns field -> description of the BadRequest detail of an error reply.
func violationFields(r reply) map[string]string {
	fields := map[string]string{}
	details, _ := get(r.json, "details").([]interface{})
	for _, d := range details {
		if str(d, "@type") != "type.googleapis.com/google.rpc.BadRequest" {
			continue
		}
		violations, _ := get(d, "field_violations").([]interface{})
		for _, v := range violations {
			fields[str(v, "field")] = str(v, "description")
		}
	}
	return fields
}

func testSupplierNetworkREST(t *testing.T, c *client, admin, member, foreign string) {
	var supplier map[string]interface{}
	t.Run("suppliers: add, get, find by tax ID and by name", func(t *testing.T) {
		c.t = t
		// body "supplier": the Supplier is the body, request_id a query parameter.
		r := c.want(c.call("POST", "/v1/suppliers?request_id=6f1c2a8e-4d3b-4c7a-9e52-0d8f1b2a3c4d", admin,
			supplierBody("900123456", "Papelería Peña Ltda", "ventas@pena.co")), 200, "add supplier")
		supplier, _ = r.json["supplier"].(map[string]interface{})
		if str(supplier, "supplier_id") == "" || str(supplier, "registration_status") != "REGISTRATION_STATUS_NOT_INVITED" ||
			str(supplier, "origin") != "SUPPLIER_ORIGIN_MANUAL" {
			t.Fatalf("add supplier: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/suppliers/"+str(supplier, "supplier_id"), member, nil), 200, "get supplier (member reads)")
		if str(r.json, "supplier", "email") != "ventas@pena.co" {
			t.Fatalf("get supplier: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/suppliers?tax_id.country=COUNTRY_CO&tax_id.value=900123456", admin, nil),
			200, "list by tax ID")
		if list, _ := r.json["suppliers"].([]interface{}); len(list) != 1 {
			t.Fatalf("list by tax ID: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/suppliers?name_contains="+url.QueryEscape("PENA"), admin, nil), 200, "list by name")
		if str(r.json, "suppliers", 0, "name") != "Papelería Peña Ltda" {
			t.Fatalf("list by accent-free name: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/supplierGroups", admin, nil), 200, "list groups")
		if str(r.json, "groups", 0, "name") != "papel" {
			t.Fatalf("list groups: %s", r.body)
		}
	})

	t.Run("suppliers: validation error names every bad field", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("POST", "/v1/suppliers", admin, supplierBody("12", "", "not-an-email")), 400, "bad supplier")
		wantCode(t, r, 3, "bad supplier")
		fields := violationFields(r)
		for _, f := range []string{"supplier.tax_id", "supplier.name", "supplier.email"} {
			if fields[f] == "" {
				t.Errorf("no field violation for %s; body: %s", f, r.body)
			}
		}
	})

	t.Run("suppliers: update with mask, stale etag is 409", func(t *testing.T) {
		c.t = t
		path := "/v1/suppliers/" + str(supplier, "supplier_id")
		r := c.want(c.call("PATCH", path+"?update_mask=city", admin,
			map[string]interface{}{"city": "Cali", "name": "ignored", "etag": str(supplier, "etag")}), 200, "update city")
		if str(r.json, "supplier", "city") != "Cali" || str(r.json, "supplier", "name") != "Papelería Peña Ltda" {
			t.Fatalf("update city: %s", r.body)
		}
		r = c.want(c.call("PATCH", path+"?update_mask=city", admin,
			map[string]interface{}{"city": "Bogotá", "etag": str(supplier, "etag")}), 409, "stale etag")
		wantCode(t, r, 10, "stale etag")
	})

	t.Run("suppliers: import template", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("GET", "/v1/suppliers:importTemplate", member, nil), 200, "template")
		if str(r.json, "header_line") != "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*" {
			t.Fatalf("template: %s", r.body)
		}
	})

	t.Run("suppliers: 401 without a token, 403 for a member, 404 for another network", func(t *testing.T) {
		c.t = t
		wantCode(t, c.want(c.call("GET", "/v1/suppliers", "", nil), 401, "no token"), 16, "no token")
		wantCode(t, c.want(c.call("POST", "/v1/suppliers", member,
			supplierBody("800197268", "Tornillos S.A.", "t@t.co")), 403, "member adds"), 7, "member adds")
		id := str(supplier, "supplier_id")
		wantCode(t, c.want(c.call("GET", "/v1/suppliers/"+id, foreign, nil), 404, "foreign get"), 5, "foreign get")
		wantCode(t, c.want(c.call("DELETE", "/v1/suppliers/"+id, foreign, nil), 404, "foreign remove"), 5, "foreign remove")
	})

	t.Run("suppliers: remove", func(t *testing.T) {
		c.t = t
		path := "/v1/suppliers/" + str(supplier, "supplier_id")
		r := c.want(c.call("DELETE", path, admin, nil), 200, "remove")
		if get(r.json, "removed") != true {
			t.Fatalf("remove: %s", r.body)
		}
		c.want(c.call("GET", path, admin, nil), 404, "get removed")
	})
}

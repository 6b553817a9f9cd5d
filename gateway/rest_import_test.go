package main

// ImportSuppliers through the gateway (client streaming: newline-delimited JSON body).

import "testing"

const importHeader = "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*\r\n"

func testImportREST(t *testing.T, c *client, admin, member string) {
	c.t = t
	csv := importHeader +
		"830020154,Aceros del Norte S.A.S.,,,Medellín,Antioquia,,,ventas@aceros.co,metal,0\r\n" +
		"830020155,Sin Correo Ltda,,,,,,,,,0\r\n"
	r := c.stream("/v1/suppliers:import", admin, importMessages("COUNTRY_CO", csv)...)
	failIfNotServed(t, r, "ImportSuppliers")

	t.Run("import: good rows kept, the bad row reported with its line", func(t *testing.T) {
		c.t = t
		c.want(r, 200, "import")
		if get(r.json, "rows_read") == nil {
			t.Fatalf("import report: %s", r.body)
		}
		if str(r.json, "rows_read") != "2" || str(r.json, "created") != "1" || str(r.json, "rejected") != "1" {
			t.Fatalf("import counts (int64 are JSON strings): %s", r.body)
		}
		if str(r.json, "errors", 0, "line") != "3" || str(r.json, "errors", 0, "message") == "" {
			t.Fatalf("import error of line 3: %s", r.body)
		}
		again := c.want(c.stream("/v1/suppliers:import", admin, importMessages("COUNTRY_CO", csv)...), 200, "import again")
		if str(again.json, "created") != "0" || str(again.json, "unchanged") != "1" {
			t.Fatalf("a second import changes nothing: %s", again.body)
		}
	})

	t.Run("import: options without a country is a field violation", func(t *testing.T) {
		c.t = t
		r := c.want(c.stream("/v1/suppliers:import", admin, importMessages("", importHeader)...), 400, "no country")
		wantCode(t, r, 3, "no country")
		if !hasViolationUnder(violationFields(r), "options.default_country") {
			t.Fatalf("no violation for options.default_country: %s", r.body)
		}
	})

	t.Run("import: 401 without a token, 403 for a member", func(t *testing.T) {
		c.t = t
		wantCode(t, c.want(c.stream("/v1/suppliers:import", "", importMessages("COUNTRY_CO", csv)...), 401, "no token"),
			16, "no token")
		wantCode(t, c.want(c.stream("/v1/suppliers:import", member, importMessages("COUNTRY_CO", csv)...), 403, "member"),
			7, "member")
	})
}

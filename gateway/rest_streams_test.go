package main

// Client-streaming RPCs over REST: the body is newline-delimited JSON request messages
// (ImportSuppliers with a base64 CSV chunk, SyncDocuments one document per line).

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

func ndjsonBody(messages ...interface{}) string {
	var b strings.Builder
	for _, m := range messages {
		line, err := json.Marshal(m)
		if err != nil {
			panic(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func (c *client) stream(path, token string, messages ...interface{}) reply {
	c.t.Helper()
	body := ndjsonBody(messages...)
	return c.do("POST", path, token, strings.NewReader(body), int64(len(body)))
}

// importMessages: the options (default_country unless empty), then the file in one chunk.
func importMessages(country string, csv string) []interface{} {
	options := map[string]interface{}{}
	if country != "" {
		options["default_country"] = country
	}
	return []interface{}{
		map[string]interface{}{"options": options},
		map[string]interface{}{"chunk": base64.StdEncoding.EncodeToString([]byte(csv))},
	}
}

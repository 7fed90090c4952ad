package httpapi

import "net/http"

type reidentifyResponse struct {
	Text          string `json:"text"`
	Restored      int    `json:"restored"`
	Unrestored    int    `json:"unrestored"`
	Policy        string `json:"policy"`
	PolicyVersion string `json:"policy_version"`
}

// handleReidentify restores the values of encrypt tokens made with the
// caller's policy key: POST /v1/reidentify with {"text","policy"} or a
// text/plain body. It answers only to an API key, only with that key's
// own policy, and its audit line lists each restored token's type,
// offsets and the keyed fingerprint of its value, never the value (the
// fingerprint equals the one logged when the value was redacted, under
// the same hash_key).
func (s *Server) handleReidentify(w http.ResponseWriter, r *http.Request, rq *request) {
	if rq.ps.keys == nil {
		// Without keys there is no tenant to hold to its own policy.
		s.reject(w, r, rq, http.StatusForbidden, "reidentify_without_keys", "reidentify needs API keys: start sluice serve with --api-keys")
		return
	}
	text, ok := s.textInput(w, r, rq)
	if !ok {
		return
	}
	sc := rq.bind.scanner
	if !sc.HasEncrypt() {
		s.reject(w, r, rq, http.StatusNotFound, "no_encrypt_action", "policy "+rq.bind.id+" has no encrypt action: nothing to reidentify")
		return
	}
	out, toks := sc.Reidentify(nil, text, nil)
	resp := reidentifyResponse{Policy: rq.bind.id, PolicyVersion: rq.bind.version}
	for _, t := range toks {
		if !t.Restored() {
			resp.Unrestored++
			continue
		}
		resp.Restored++
		rq.nfindings++
		if len(rq.audit) < maxAuditFindings {
			rq.audit = append(rq.audit, auditFinding{Type: t.Type, Start: t.Start, End: t.End, Fingerprint: sc.Fingerprint(out[t.ValueStart:t.ValueEnd])})
		}
	}
	resp.Text = string(out)
	s.writeJSON(w, r, rq, http.StatusOK, resp)
}
